package dev.switchyard.dsl.check;

import dev.switchyard.dsl.SourceSpan;
import dev.switchyard.dsl.ast.Expr;
import dev.switchyard.dsl.check.Val.*;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.ElemType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments of one built-in call bound to its signature. A signature is a list of names;
 * a trailing {@code ?} marks an optional one. Accessors check the kind of value and report
 * {@code E024} with the argument's position when it is wrong.
 */
final class Args {
    /** {@code span} covers the value, {@code whole} also the {@code name =} before it. */
    record ArgVal(Optional<String> name, Val value, SourceSpan span, SourceSpan whole) {}

    private final Elaborator el;
    private final String fn;
    private final Expr.Call call;
    private final Map<String, ArgVal> map = new HashMap<>();

    private Args(Elaborator el, String fn, Expr.Call call) {
        this.el = el;
        this.fn = fn;
        this.call = call;
    }

    static Args bind(Elaborator el, Expr.Call call, List<ArgVal> args, String... spec) {
        Args a = new Args(el, call.callee(), call);
        List<String> names = new ArrayList<>();
        List<Boolean> optional = new ArrayList<>();
        for (String s : spec) {
            names.add(s.endsWith("?") ? s.substring(0, s.length() - 1) : s);
            optional.add(s.endsWith("?"));
        }
        String signature = call.callee() + "(" + String.join(", ", List.of(spec)) + ")";
        int positional = 0;
        for (ArgVal v : args) {
            if (v.value() instanceof Poison) throw CheckFailure.SILENT;
            if (v.name().isEmpty()) {
                if (positional >= names.size()) {
                    throw el.fail("E023", v.span(), "too many arguments: " + signature + " takes " + names.size());
                }
                a.map.put(names.get(positional++), v);
            } else {
                String n = v.name().get();
                if (!names.contains(n)) throw el.fail("E020", v.whole(), call.callee() + " has no argument '" + n + "'; it is " + signature);
                if (a.map.containsKey(n)) throw el.fail("E021", v.whole(), "argument '" + n + "' given twice");
                a.map.put(n, v);
            }
        }
        for (int i = 0; i < names.size(); i++) {
            if (!optional.get(i) && !a.map.containsKey(names.get(i))) {
                throw el.fail("E022", call.span(), "missing argument '" + names.get(i) + "' of " + signature);
            }
        }
        return a;
    }

    boolean has(String n) { return map.containsKey(n); }

    Val val(String n) { return map.get(n).value(); }

    SourceSpan span(String n) { return map.containsKey(n) ? map.get(n).span() : call.span(); }

    private CheckFailure wrong(String n, String expected) {
        return el.fail("E024", span(n), "argument '" + n + "' of " + fn + " must be " + expected + ", got " + val(n).kind());
    }

    TensorV tensor(String n) {
        if (val(n) instanceof TensorV t) return t;
        throw wrong(n, "a tensor");
    }

    Dim dim(String n) {
        if (val(n) instanceof DimV d) return d.dim();
        throw wrong(n, "a dim");
    }

    /** A dim or a list of dims. */
    List<Dim> dims(String n) {
        Val v = val(n);
        if (v instanceof DimV d) return List.of(d.dim());
        if (v instanceof ListV l) {
            List<Dim> out = new ArrayList<>();
            for (Val x : l.items()) {
                if (!(x instanceof DimV d)) throw wrong(n, "a list of dims");
                out.add(d.dim());
            }
            return out;
        }
        throw wrong(n, "a dim or a list of dims");
    }

    List<TensorV> tensors(String n) {
        if (val(n) instanceof ListV l) {
            List<TensorV> out = new ArrayList<>();
            for (Val x : l.items()) {
                if (!(x instanceof TensorV t)) throw wrong(n, "a list of tensors");
                out.add(t);
            }
            return out;
        }
        throw wrong(n, "a list of tensors");
    }

    double num(String n) {
        Val v = val(n);
        if (ConstEval.isNumber(v)) return ConstEval.num(v);
        throw wrong(n, "a number known at compile time");
    }

    double num(String n, double otherwise) { return has(n) ? num(n) : otherwise; }

    long integer(String n) { return el.toInt(val(n), span(n), "argument '" + n + "' of " + fn); }

    boolean bool(String n, boolean otherwise) {
        if (!has(n)) return otherwise;
        if (val(n) instanceof BoolV b) return b.value();
        throw wrong(n, "a bool");
    }

    ElemType type(String n, ElemType otherwise) {
        if (!has(n)) return otherwise;
        if (val(n) instanceof TypeV t) return t.elem();
        throw wrong(n, "an element type such as f32");
    }

    MapV mapping(String n) {
        if (val(n) instanceof MapV m) return m;
        throw wrong(n, "a mapping such as {a -> b}");
    }
}
