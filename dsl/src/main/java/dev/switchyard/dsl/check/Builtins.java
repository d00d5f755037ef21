package dev.switchyard.dsl.check;

import dev.switchyard.dsl.SourceSpan;
import dev.switchyard.dsl.ast.Expr;
import dev.switchyard.dsl.check.Val.*;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.TensorType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in functions: one case per language primitive, each checking its arguments by dim name
 * and emitting graph nodes. {@link #NAMES} lists them for the resolver and the docs.
 */
final class Builtins {

    /** Functions with their own case below. */
    private static final Set<String> SPECIAL = Set.of(
            "square", "dtype", "max", "min", "pow", "floor", "ceil", "round", "int", "float", "size", "dims", "where",
            "cast", "softmax", "argmax", "top_k",
            "one_hot", "cumsum", "take", "concat", "split", "slice", "rename", "reshape", "transpose", "broadcast",
            "iota", "zeros", "ones", "full", "random_uniform", "bernoulli", "dropout", "stop_gradient", "layout",
            "einsum", "moe_dispatch", "moe_combine");

    /** Every built-in name: the special ones, and each primitive's {@link Primitive#call()} (exp, sum, …). */
    static final Set<String> NAMES = union(SPECIAL, Primitive.callNames());

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private final Elaborator el;

    Builtins(Elaborator el) { this.el = el; }

    Val call(Expr.Call c, List<Args.ArgVal> args, Scope scope, Frame f) {
        currentScope = scope;
        String name = c.callee();
        SourceSpan sp = c.span();
        Optional<ElemType> castTo = ElemType.fromSpelling(name);
        if (castTo.isPresent()) {
            Args a = Args.bind(el, c, args, "x");
            return cast(a.val("x"), castTo.get(), a.span("x"), sp, f);
        }
        Optional<Primitive> direct = Primitive.forCall(name);
        if (direct.isPresent() && direct.get().group() == Primitive.Group.ELEMENTWISE_UNARY) {
            return unary(name, direct.get(), Args.bind(el, c, args, "x"), sp, f);
        }
        if (direct.isPresent() && direct.get().group() == Primitive.Group.REDUCTION) {
            return reduce(name, direct.get(), Args.bind(el, c, args, "x", "dims?"), sp, f);
        }
        switch (name) {
            case "square" -> {
                Args a = Args.bind(el, c, args, "x");
                return el.binary("*", a.val("x"), a.val("x"), sp, sp, f);
            }
            case "max", "min", "pow" -> {
                Args a = Args.bind(el, c, args, "a", "b");
                Val x = a.val("a"), y = a.val("b");
                if (x instanceof TensorV || y instanceof TensorV) {
                    Primitive p = name.equals("max") ? Primitive.MAX : name.equals("min") ? Primitive.MIN : Primitive.POW;
                    return elementwise2(p, x, y, sp, f);
                }
                double p = a.num("a"), q = a.num("b");
                if (name.equals("pow")) return new FloatV(Math.pow(p, q));
                boolean ints = ConstEval.isInt(x) && ConstEval.isInt(y);
                double r = name.equals("max") ? Math.max(p, q) : Math.min(p, q);
                return ints ? new IntV((long) r) : new FloatV(r);
            }
            case "floor", "ceil", "round" -> {
                Args a = Args.bind(el, c, args, "x");
                double x = a.num("x");
                double r = name.equals("floor") ? Math.floor(x) : name.equals("ceil") ? Math.ceil(x) : Math.floor(x + 0.5);
                if (Math.abs(r) > 9e15 || Double.isNaN(r)) throw el.fail("E044", sp, name + "(" + x + ") is out of the integer range");
                return new IntV((long) r);
            }
            case "int" -> {
                Args a = Args.bind(el, c, args, "x");
                double x = a.num("x");
                if (Math.abs(x) > 9e15 || Double.isNaN(x)) throw el.fail("E044", sp, "int(" + x + ") is out of the integer range");
                return new IntV((long) x);
            }
            case "float" -> {
                Args a = Args.bind(el, c, args, "x");
                return new FloatV(a.num("x"));
            }
            case "size" -> {
                Args a = Args.bind(el, c, args, "x", "dim?");
                if (a.val("x") instanceof DimV d) return new IntV(d.dim().size());
                TensorV t = a.tensor("x");
                if (!a.has("dim")) return new IntV(t.type().elementCount());
                return new IntV(requireDim(t, a.dim("dim"), a.span("dim")).size());
            }
            case "dims" -> {
                Args a = Args.bind(el, c, args, "x");
                return new ListV(a.tensor("x").type().dims().stream().map(d -> (Val) new DimV(d)).toList());
            }
            case "dtype" -> {
                Args a = Args.bind(el, c, args, "x");
                return new TypeV(a.tensor("x").type().elem());
            }
            case "cast" -> {
                Args a = Args.bind(el, c, args, "x", "type");
                return cast(a.val("x"), a.type("type", ElemType.F32), a.span("x"), sp, f);
            }
            case "where" -> {
                Args a = Args.bind(el, c, args, "cond", "a", "b");
                return where(a, sp, f);
            }
            case "softmax" -> {
                Args a = Args.bind(el, c, args, "x", "dim");
                TensorV x = a.tensor("x");
                requireFloat(x, a.span("x"), name);
                Dim d = requireDim(x, a.dim("dim"), a.span("dim"));
                return el.node(Primitive.SOFTMAX, List.of(x), new Attrs.Axis(d.name()), x.type(), sp, f);
            }
            case "argmax" -> {
                Args a = Args.bind(el, c, args, "x", "dim");
                TensorV x = a.tensor("x");
                Dim d = requireDim(x, a.dim("dim"), a.span("dim"));
                return el.node(Primitive.ARGMAX, List.of(x), new Attrs.Axis(d.name()), without(x.type(), List.of(d.name())).withElem(ElemType.I32), sp, f);
            }
            case "top_k" -> {
                Args a = Args.bind(el, c, args, "x", "dim", "k");
                TensorV x = a.tensor("x");
                Dim d = requireDim(x, a.dim("dim"), a.span("dim"));
                Dim k = a.dim("k");
                if (k.size() > d.size()) throw el.fail("E090", a.span("k"), "top_k: k = " + k + " is larger than " + d);
                if (x.type().has(k.name())) throw el.fail("E032", a.span("k"), "top_k: " + x.type() + " already has dim " + k.name());
                List<Dim> dims = new ArrayList<>(x.type().dims());
                dims.set(x.type().indexOf(d.name()), k);
                TensorType vt = new TensorType(x.type().elem(), dims);
                Attrs.TopK attrs = new Attrs.TopK(d.name(), k.name());
                TensorV values = el.node(Primitive.TOP_K_VALUES, List.of(x), attrs, vt, sp, f);
                TensorV indices = el.node(Primitive.TOP_K_INDICES, List.of(x), attrs, vt.withElem(ElemType.I32), sp, f);
                return new TupleV(List.of(values, indices), List.of(Optional.of("values"), Optional.of("indices")));
            }
            case "one_hot" -> {
                Args a = Args.bind(el, c, args, "indices", "dim", "dtype?");
                TensorV x = a.tensor("indices");
                requireInteger(x, a.span("indices"), name);
                Dim d = a.dim("dim");
                if (x.type().has(d.name())) throw el.fail("E032", a.span("dim"), "one_hot: " + x.type() + " already has dim " + d.name());
                List<Dim> dims = new ArrayList<>(x.type().dims());
                dims.add(d);
                return el.node(Primitive.ONE_HOT, List.of(x), new Attrs.OneHot(d.name()),
                        new TensorType(a.type("dtype", f.precision), dims), sp, f);
            }
            case "cumsum" -> {
                Args a = Args.bind(el, c, args, "x", "dim", "exclusive?");
                TensorV x = a.tensor("x");
                if (x.type().elem().isBool()) throw el.fail("E091", a.span("x"), "cumsum of a bool tensor; cast it first, e.g. i32(x)");
                Dim d = requireDim(x, a.dim("dim"), a.span("dim"));
                return el.node(Primitive.CUMSUM, List.of(x), new Attrs.Cumsum(d.name(), a.bool("exclusive", false)), x.type(), sp, f);
            }
            case "take" -> {
                Args a = Args.bind(el, c, args, "table", "indices", "dim");
                TensorV table = a.tensor("table");
                TensorV idx = a.tensor("indices");
                requireInteger(idx, a.span("indices"), name);
                Dim d = requireDim(table, a.dim("dim"), a.span("dim"));
                List<Dim> dims = new ArrayList<>(idx.type().dims());
                for (Dim t : table.type().dims()) {
                    if (t.name().equals(d.name())) continue;
                    if (idx.type().has(t.name())) {
                        throw el.fail("E032", sp, "take: dim " + t.name() + " is in both the table " + table.type()
                                + " and the indices " + idx.type());
                    }
                    dims.add(t);
                }
                return el.node(Primitive.TAKE, List.of(table, idx), new Attrs.Take(d.name()), new TensorType(table.type().elem(), dims), sp, f);
            }
            case "concat" -> {
                Args a = Args.bind(el, c, args, "tensors", "dims", "into");
                return concat(a, sp, f);
            }
            case "split" -> {
                Args a = Args.bind(el, c, args, "x", "dim", "into");
                TensorV x = a.tensor("x");
                Dim d = requireDim(x, a.dim("dim"), a.span("dim"));
                List<Dim> parts = a.dims("into");
                long total = parts.stream().mapToLong(Dim::size).sum();
                if (total != d.size()) {
                    throw el.fail("E092", a.span("into"), "split: parts add up to " + total + " but " + d + " has " + d.size());
                }
                List<Val> out = new ArrayList<>();
                long start = 0;
                for (Dim p : parts) {
                    out.add(slice(x, d, start, p, a.span("into"), sp, f));
                    start += p.size();
                }
                return new TupleV(out, parts.stream().map(p -> Optional.<String>empty()).toList());
            }
            case "slice" -> {
                Args a = Args.bind(el, c, args, "x", "dim", "start", "into");
                TensorV x = a.tensor("x");
                Dim d = requireDim(x, a.dim("dim"), a.span("dim"));
                long start = a.integer("start");
                Dim into = a.dim("into");
                if (start < 0 || start + into.size() > d.size()) {
                    throw el.fail("E092", sp, "slice [" + start + ", " + (start + into.size()) + ") is outside " + d);
                }
                return slice(x, d, start, into, a.span("into"), sp, f);
            }
            case "rename" -> {
                Args a = Args.bind(el, c, args, "x", "map");
                return rename(a, sp, f);
            }
            case "reshape", "transpose", "broadcast" -> {
                Args a = Args.bind(el, c, args, "x", "dims");
                return reshape(name, a, sp, f);
            }
            case "iota" -> {
                Args a = Args.bind(el, c, args, "dim", "dtype?");
                Dim d = a.dim("dim");
                return el.node(Primitive.IOTA, List.of(), new Attrs.Axis(d.name()),
                        new TensorType(a.type("dtype", ElemType.I32), List.of(d)), sp, f);
            }
            case "zeros", "ones" -> {
                Args a = Args.bind(el, c, args, "dims", "dtype?");
                TensorType t = el.checkedType(a.type("dtype", f.precision), a.dims("dims"), sp);
                return el.constant(name.equals("zeros") ? 0 : 1, t, sp, f.pathString);
            }
            case "full" -> {
                Args a = Args.bind(el, c, args, "dims", "value", "dtype?");
                TensorType t = el.checkedType(a.type("dtype", f.precision), a.dims("dims"), sp);
                return el.constant(TensorOps.literal(el, a.val("value"), t.elem(), a.span("value")), t, sp, f.pathString);
            }
            case "random_uniform" -> {
                Args a = Args.bind(el, c, args, "key", "dims", "low?", "high?", "dtype?");
                TensorV key = key(a);
                double lo = a.num("low", 0), hi = a.num("high", 1);
                if (!(lo < hi)) throw el.fail("E093", sp, "random_uniform needs low < high, got " + lo + " and " + hi);
                TensorType t = el.checkedType(a.type("dtype", ElemType.F32), a.dims("dims"), sp);
                if (!t.elem().isFloat()) throw el.fail("E093", a.span("dtype"), "random_uniform makes floats, not " + t.elem());
                return el.node(Primitive.RANDOM_UNIFORM, List.of(key), new Attrs.RandomUniform(el.graph.nextStream(), lo, hi), t, sp, f);
            }
            case "bernoulli" -> {
                Args a = Args.bind(el, c, args, "key", "dims", "p");
                TensorV key = key(a);
                double p = a.num("p");
                if (!(p >= 0 && p <= 1)) throw el.fail("E093", a.span("p"), "bernoulli probability must be in [0, 1], got " + p);
                TensorType t = el.checkedType(ElemType.I1, a.dims("dims"), sp);
                return el.node(Primitive.RANDOM_BERNOULLI, List.of(key), new Attrs.RandomBernoulli(el.graph.nextStream(), p), t, sp, f);
            }
            case "dropout" -> {
                Args a = Args.bind(el, c, args, "x", "key", "training", "rate");
                return dropout(a, sp, f);
            }
            case "stop_gradient" -> {
                Args a = Args.bind(el, c, args, "x");
                TensorV x = a.tensor("x");
                return el.node(Primitive.STOP_GRADIENT, List.of(x), Attrs.NONE, x.type(), sp, f);
            }
            case "layout" -> {
                Args a = Args.bind(el, c, args, "x", "map");
                return layout(a, sp, f);
            }
            case "einsum" -> {
                Args a = Args.bind(el, c, args, "a", "b", "contract?", "out?");
                return einsum(a, sp, f);
            }
            case "moe_dispatch" -> {
                Args a = Args.bind(el, c, args, "x", "expert", "slot", "tokens", "experts", "capacity", "choice?");
                return moeDispatch(a, sp, f);
            }
            case "moe_combine" -> {
                Args a = Args.bind(el, c, args, "y", "expert", "slot", "gate", "tokens", "experts", "capacity", "choice?");
                return moeCombine(a, sp, f);
            }
            default -> throw el.fail("E013", c.calleeSpan(), "unknown function '" + name + "'" + suggestion(name));
        }
    }

    private String suggestion(String name) {
        String best = null;
        int bestDistance = 3;
        List<String> candidates = new ArrayList<>(NAMES);
        candidates.addAll(el.blocks.keySet());
        for (String n : candidates) {
            int d = Levenshtein.distance(name, n);
            if (d < bestDistance) {
                bestDistance = d;
                best = n;
            }
        }
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    // ----------------------------------------------------------------- helpers

    private Dim requireDim(TensorV x, Dim d, SourceSpan span) {
        Optional<Dim> got = x.type().dim(d.name());
        if (got.isEmpty()) throw el.fail("E039", span, "dim " + d.name() + " is not in " + x.type());
        if (got.get().size() != d.size()) {
            throw el.fail("E030", span, "dim sizes differ: " + d.name() + " (" + d.size() + ") vs " + d.name() + " (" + got.get().size() + ") in " + x.type());
        }
        return d;
    }

    private void requireFloat(TensorV x, SourceSpan span, String fn) {
        if (!x.type().elem().isFloat()) throw el.fail("E091", span, fn + " needs a float tensor, got " + x.type());
    }

    private void requireInteger(TensorV x, SourceSpan span, String fn) {
        if (!x.type().elem().isInteger()) throw el.fail("E091", span, fn + " needs integer indices, got " + x.type());
    }

    private static TensorType without(TensorType t, List<String> names) {
        return new TensorType(t.elem(), t.dims().stream().filter(d -> !names.contains(d.name())).toList());
    }

    private Val cast(Val v, ElemType to, SourceSpan argSpan, SourceSpan sp, Frame f) {
        if (v instanceof TensorV t) {
            if (t.type().elem() == to) return t;
            return el.node(Primitive.CONVERT, List.of(t), Attrs.NONE, t.type().withElem(to), sp, f);
        }
        TensorType scalar = TensorType.scalar(to);
        if (v instanceof BoolV b) return el.constant(b.value() ? 1 : 0, scalar, sp, f.pathString);
        if (ConstEval.isNumber(v)) {
            double x = ConstEval.num(v);
            if (to.isBool()) x = x != 0 ? 1 : 0;
            else if (!to.isFloat()) x = x < 0 ? Math.ceil(x) : Math.floor(x);
            return el.constant(x, scalar, sp, f.pathString);
        }
        throw el.fail("E024", argSpan, "cannot cast " + v.kind() + " to " + to);
    }

    private Val unary(String name, Primitive p, Args a, SourceSpan sp, Frame f) {
        Val v = a.val("x");
        if (!(v instanceof TensorV x)) {
            double d = a.num("x");
            double r = switch (name) {
                case "exp" -> Math.exp(d);
                case "log" -> Math.log(d);
                case "sqrt" -> Math.sqrt(d);
                case "rsqrt" -> 1 / Math.sqrt(d);
                case "tanh" -> Math.tanh(d);
                case "abs" -> Math.abs(d);
                case "relu" -> Math.max(d, 0);
                case "sigmoid" -> 1 / (1 + Math.exp(-d));
                default -> throw el.fail("E024", a.span("x"), name + " of a compile-time number is not supported; it needs a tensor");
            };
            if (Double.isNaN(r) || Double.isInfinite(r)) throw el.fail("E040", sp, name + "(" + GraphPrinterNumber.of(d) + ") is not a finite number");
            if (name.equals("abs") && v instanceof IntV i) return new IntV(Math.abs(i.value()));
            return new FloatV(r);
        }
        // which element types the primitive takes is part of its spec
        switch (p.operand()) {
            case FLOAT -> requireFloat(x, a.span("x"), name);
            case NUMERIC -> {
                if (x.type().elem().isBool()) throw el.fail("E091", a.span("x"), name + " of a bool tensor");
            }
            case BOOL, ANY -> { }
        }
        return el.node(p, List.of(x), Attrs.NONE, x.type(), sp, f);
    }

    private Val elementwise2(Primitive p, Val x, Val y, SourceSpan sp, Frame f) {
        ElemType elem = x instanceof TensorV t ? t.type().elem() : ((TensorV) y).type().elem();
        TensorType tx = x instanceof TensorV t ? t.type() : TensorType.scalar(elem);
        TensorType ty = y instanceof TensorV t ? t.type() : TensorType.scalar(elem);
        if (tx.elem() != ty.elem()) throw el.fail("E031", sp, "element types differ: " + tx + " and " + ty + "; cast one side");
        if (elem.isBool()) throw el.fail("E034", sp, p.mnemonic() + " of bool tensors");
        TensorType common = new TensorType(elem, TensorOps.union(el, tx, ty, sp));
        TensorV a = TensorOps.asTensor(el, x, common, sp, f, sp);
        TensorV b = TensorOps.asTensor(el, y, common, sp, f, sp);
        return el.node(p, List.of(a, b), Attrs.NONE, common, sp, f);
    }

    private Val where(Args a, SourceSpan sp, Frame f) {
        Val c = a.val("cond"), x = a.val("a"), y = a.val("b");
        if (c instanceof BoolV b) return b.value() ? x : y;
        TensorV cond = a.tensor("cond");
        if (!cond.type().elem().isBool()) throw el.fail("E091", a.span("cond"), "where: the condition must be a bool tensor, got " + cond.type());
        ElemType elem;
        if (x instanceof TensorV t) elem = t.type().elem();
        else if (y instanceof TensorV t) elem = t.type().elem();
        else elem = x instanceof FloatV || y instanceof FloatV ? f.precision : x instanceof BoolV ? ElemType.I1 : ElemType.I32;
        TensorType tx = x instanceof TensorV t ? t.type() : TensorType.scalar(elem);
        TensorType ty = y instanceof TensorV t ? t.type() : TensorType.scalar(elem);
        if (tx.elem() != ty.elem()) throw el.fail("E031", sp, "where: branches differ in element type: " + tx + " and " + ty);
        List<Dim> dims = TensorOps.union(el, tx, ty, sp);
        dims = TensorOps.union(el, new TensorType(elem, dims), cond.type().withElem(elem), sp);
        TensorType common = new TensorType(elem, dims);
        TensorV cc = TensorOps.broadcastTo(el, cond, common, sp, f);
        TensorV ax = TensorOps.asTensor(el, x, common, sp, f, a.span("a"));
        TensorV by = TensorOps.asTensor(el, y, common, sp, f, a.span("b"));
        return el.node(Primitive.SELECT, List.of(cc, ax, by), Attrs.NONE, common, sp, f);
    }

    private Val reduce(String name, Primitive p, Args a, SourceSpan sp, Frame f) {
        TensorV x = a.tensor("x");
        List<Dim> dims = a.has("dims") ? a.dims("dims") : x.type().dims();
        List<String> names = new ArrayList<>();
        for (Dim d : dims) {
            requireDim(x, d, a.span("dims"));
            if (names.contains(d.name())) throw el.fail("E032", a.span("dims"), name + ": dim " + d.name() + " listed twice");
            names.add(d.name());
        }
        if (x.type().elem().isBool()) throw el.fail("E091", a.span("x"), name + " of a bool tensor; cast it first, e.g. f32(x)");
        if (p.operand() == Primitive.Operand.FLOAT && !x.type().elem().isFloat()) {
            throw el.fail("E091", a.span("x"), name + " needs a float tensor, got " + x.type());
        }
        if (names.isEmpty()) return x;
        return el.node(p, List.of(x), new Attrs.Reduce(names), without(x.type(), names), sp, f);
    }

    private Val concat(Args a, SourceSpan sp, Frame f) {
        List<TensorV> xs = a.tensors("tensors");
        List<Dim> along = a.dims("dims");
        Dim into = a.dim("into");
        if (xs.isEmpty()) throw el.fail("E092", a.span("tensors"), "concat of no tensors");
        if (xs.size() != along.size()) {
            throw el.fail("E092", a.span("dims"), "concat: " + xs.size() + " tensors but " + along.size() + " dims");
        }
        long total = 0;
        List<Dim> rest = null;
        ElemType elem = xs.get(0).type().elem();
        for (int i = 0; i < xs.size(); i++) {
            TensorV x = xs.get(i);
            Dim d = requireDim(x, along.get(i), a.span("dims"));
            total += d.size();
            List<Dim> others = x.type().dims().stream().filter(o -> !o.name().equals(d.name())).toList();
            if (rest == null) rest = others;
            else if (!rest.equals(others) || x.type().elem() != elem) {
                throw el.fail("E092", a.span("tensors"), "concat: tensors differ beyond the concatenated dim: " + xs.get(0).type() + " and " + x.type());
            }
        }
        if (total != into.size()) throw el.fail("E092", a.span("into"), "concat gives " + total + " elements along the new dim but " + into + " has " + into.size());
        List<Dim> dims = new ArrayList<>(xs.get(0).type().dims());
        dims.set(xs.get(0).type().indexOf(along.get(0).name()), into);
        TensorType t = el.checkedType(elem, dims, a.span("into"));
        return el.node(Primitive.CONCAT, xs, new Attrs.Concat(along.stream().map(Dim::name).toList(), into.name()), t, sp, f);
    }

    private TensorV slice(TensorV x, Dim d, long start, Dim into, SourceSpan intoSpan, SourceSpan sp, Frame f) {
        List<Dim> dims = new ArrayList<>(x.type().dims());
        dims.set(x.type().indexOf(d.name()), into);
        TensorType t = el.checkedType(x.type().elem(), dims, intoSpan);
        return el.node(Primitive.SLICE, List.of(x), new Attrs.Slice(d.name(), start, into.name()), t, sp, f);
    }

    private Val rename(Args a, SourceSpan sp, Frame f) {
        TensorV x = a.tensor("x");
        Val.MapV m = a.mapping("map");
        Map<String, String> renames = new LinkedHashMap<>();
        List<Dim> dims = new ArrayList<>(x.type().dims());
        for (Expr.MapEntry e : m.entries()) {
            int i = x.type().indexOf(dimName(e.key()));
            if (i < 0) throw el.fail("E039", e.keySpan(), "rename: dim " + e.key() + " is not in " + x.type());
            if (e.values().size() != 1) throw el.fail("E092", e.span(), "rename maps one dim to one dim");
            Dim to = el.dimNamed(e.values().get(0), e.span(), scopeOf());
            Dim from = x.type().dims().get(i);
            if (to.size() != from.size()) {
                throw el.fail("E030", e.span(), "rename: " + from.name() + " (" + from.size() + ") and " + to.name() + " (" + to.size() + ") differ in size");
            }
            dims.set(i, to);
            renames.put(from.name(), to.name());
        }
        TensorType t = el.checkedType(x.type().elem(), dims, a.span("map"));
        return el.node(Primitive.RENAME, List.of(x), new Attrs.Rename(renames), t, sp, f);
    }

    /** Names in mappings resolve among dims visible where the call is elaborated. */
    private Scope currentScope;

    /** A name in a mapping: a dim variable or dim in scope stands for its dim's real name. */
    private String dimName(String name) {
        return scopeOf().lookup(name).map(b -> b.value instanceof DimV d ? d.dim().name() : name).orElse(name);
    }

    private Scope scopeOf() { return currentScope == null ? el.globals : currentScope; }

    private Val reshape(String name, Args a, SourceSpan sp, Frame f) {
        TensorV x = a.tensor("x");
        List<Dim> dims = a.dims("dims");
        TensorType t = el.checkedType(x.type().elem(), dims, a.span("dims"));
        switch (name) {
            case "reshape" -> {
                if (t.elementCount() != x.type().elementCount()) {
                    throw el.fail("E092", a.span("dims"), "reshape from " + x.type() + " (" + x.type().elementCount() + " elements) to "
                            + t + " (" + t.elementCount() + " elements)");
                }
                return el.node(Primitive.RESHAPE, List.of(x), Attrs.NONE, t, sp, f);
            }
            case "transpose" -> {
                if (t.rank() != x.type().rank() || !x.type().dims().containsAll(t.dims())) {
                    throw el.fail("E092", a.span("dims"), "transpose must list the same dims as " + x.type() + ", got " + t);
                }
                return TensorOps.broadcastTo(el, x, t, sp, f);
            }
            case "broadcast" -> {
                for (Dim d : x.type().dims()) {
                    if (!t.dims().contains(d)) throw el.fail("E092", a.span("dims"), "broadcast target " + t + " lacks dim " + d + " of " + x.type());
                }
                return TensorOps.broadcastTo(el, x, t, sp, f);
            }
            default -> throw new IllegalStateException("not a reshape builtin: " + name);
        }
    }

    private TensorV key(Args a) {
        TensorV key = a.tensor("key");
        if (key.type().elem() != ElemType.U32 || key.type().elementCount() != 2) {
            throw el.fail("E094", a.span("key"), "a random key must be u32 with 2 elements (u32[rng_key]), got " + key.type());
        }
        return key;
    }

    private Val dropout(Args a, SourceSpan sp, Frame f) {
        TensorV x = a.tensor("x");
        double rate = a.num("rate");
        if (!(rate >= 0 && rate < 1)) throw el.fail("E093", a.span("rate"), "dropout rate must be in [0, 1), got " + rate);
        Val training = a.val("training");
        if (rate == 0 || training instanceof BoolV b && !b.value()) return x;
        if (!x.type().elem().isFloat()) throw el.fail("E091", a.span("x"), "dropout needs a float tensor, got " + x.type());
        if (a.val("key") instanceof NoneV) throw el.fail("E094", a.span("key"), "dropout with rate " + rate + " needs a random key, got none");
        TensorV key = key(a);
        TensorV flag;
        if (training instanceof BoolV) {
            flag = el.constant(1, TensorType.scalar(ElemType.I1), sp, f.pathString);
        } else if (training instanceof TensorV t && t.type().elem().isBool() && t.type().isScalar()) {
            flag = t;
        } else {
            throw el.fail("E024", a.span("training"), "argument 'training' of dropout must be a bool or a bool[] tensor, got " + training.kind());
        }
        return el.node(Primitive.DROPOUT, List.of(x, key, flag), new Attrs.Dropout(el.graph.nextStream(), rate), x.type(), sp, f);
    }

    private Val layout(Args a, SourceSpan sp, Frame f) {
        TensorV x = a.tensor("x");
        Map<String, List<String>> override = new HashMap<>();
        for (Expr.MapEntry e : a.mapping("map").entries()) {
            String key = dimName(e.key());
            if (!x.type().has(key)) throw el.fail("E039", e.keySpan(), "layout: dim " + key + " is not in " + x.type());
            List<String> axes = new ArrayList<>();
            for (String axis : e.values()) {
                if (axis.equals("none")) continue;
                if (el.mesh.axes().stream().noneMatch(m -> m.name().equals(axis))) {
                    throw el.fail("E064", e.span(), "layout: unknown mesh axis '" + axis + "' (mesh " + el.mesh + ")");
                }
                axes.add(axis);
            }
            override.put(key, axes);
        }
        return new TensorV(el.graph.node(Primitive.LAYOUT, List.of(x.id()), Attrs.NONE, x.type(), sp, f.pathString, override), x.type());
    }

    private Val einsum(Args a, SourceSpan sp, Frame f) {
        TensorV x = a.tensor("a");
        TensorV y = a.tensor("b");
        if (a.has("contract") == a.has("out")) {
            throw el.fail("E095", sp, "einsum needs exactly one of contract = [dims] or out = [dims]");
        }
        if (a.has("contract")) {
            List<String> contract = new ArrayList<>();
            for (Dim d : a.dims("contract")) {
                requireDim(x, d, a.span("contract"));
                requireDim(y, d, a.span("contract"));
                contract.add(d.name());
            }
            return TensorOps.einsum(el, x, y, contract, sp, sp, f);
        }
        List<Dim> out = a.dims("out");
        TensorType t = el.checkedType(x.type().elem(), out, a.span("out"));
        TensorOps.union(el, x.type(), y.type(), sp);
        List<String> contract = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        for (Dim d : x.type().dims()) {
            boolean inB = y.type().has(d.name());
            boolean inOut = t.has(d.name());
            if (inB && !inOut) contract.add(d.name());
            else if (inB) batch.add(d.name());
            else if (!inOut) throw el.fail("E095", a.span("out"), "einsum: dim " + d.name() + " of the first operand is neither contracted nor in the output");
        }
        for (Dim d : y.type().dims()) {
            if (!x.type().has(d.name()) && !t.has(d.name())) {
                throw el.fail("E095", a.span("out"), "einsum: dim " + d.name() + " of the second operand is neither contracted nor in the output");
            }
        }
        for (Dim d : t.dims()) {
            Optional<Dim> src = x.type().dim(d.name()).or(() -> y.type().dim(d.name()));
            if (src.isEmpty()) throw el.fail("E095", a.span("out"), "einsum: output dim " + d.name() + " is in neither operand");
            if (src.get().size() != d.size()) throw el.fail("E030", a.span("out"), "dim sizes differ: " + d + " vs " + src.get());
        }
        if (x.type().elem() != y.type().elem()) throw el.fail("E031", sp, "element types differ: " + x.type() + " and " + y.type());
        return el.node(Primitive.EINSUM, List.of(x, y), new Attrs.Einsum(contract, batch), t, sp, f);
    }

    /** The routing tensors (expert, slot, gate) have the token dims of x (its dims but the features) plus the choice dim. */
    private List<Dim> routingDims(Args a, TensorType x, Dim tokens, Optional<Dim> choice, TensorV routing, String what) {
        if (!routing.type().has(tokens.name())) {
            throw el.fail("E096", a.span(what), what + " " + routing.type() + " must have the tokens dim " + tokens.name());
        }
        for (Dim d : routing.type().dims()) {
            if (choice.isPresent() && d.equals(choice.get())) continue;
            if (!x.dims().contains(d)) {
                throw el.fail("E096", a.span(what), what + ": dim " + d + " of " + routing.type() + " is not in " + x
                        + (choice.isEmpty() ? " (for top-k routing pass choice = k_dim)" : ""));
            }
        }
        if (choice.isPresent() && !routing.type().has(choice.get().name())) {
            throw el.fail("E096", a.span(what), what + " " + routing.type() + " lacks the choice dim " + choice.get().name());
        }
        return routing.type().dims();
    }

    private Val moeDispatch(Args a, SourceSpan sp, Frame f) {
        TensorV x = a.tensor("x");
        TensorV expert = a.tensor("expert");
        TensorV slot = a.tensor("slot");
        Dim tokens = requireDim(x, a.dim("tokens"), a.span("tokens"));
        Dim experts = a.dim("experts");
        Dim capacity = a.dim("capacity");
        Optional<Dim> choice = a.has("choice") ? Optional.of(a.dim("choice")) : Optional.empty();
        requireInteger(expert, a.span("expert"), "moe_dispatch");
        requireInteger(slot, a.span("slot"), "moe_dispatch");
        routingDims(a, x.type(), tokens, choice, expert, "expert");
        if (!slot.type().dims().equals(expert.type().dims())) {
            throw el.fail("E096", a.span("slot"), "slot " + slot.type() + " must have the dims of expert " + expert.type());
        }
        for (Dim d : List.of(experts, capacity)) {
            if (x.type().has(d.name())) throw el.fail("E032", sp, "moe_dispatch: x " + x.type() + " already has dim " + d.name());
        }
        List<Dim> dims = new ArrayList<>();
        dims.add(experts);
        for (Dim d : x.type().dims()) dims.add(d.equals(tokens) ? capacity : d);
        TensorType t = el.checkedType(x.type().elem(), dims, sp);
        Attrs.Moe attrs = new Attrs.Moe(tokens.name(), experts.name(), capacity.name(), choice.map(Dim::name));
        return el.node(Primitive.MOE_DISPATCH, List.of(x, expert, slot), attrs, t, sp, f);
    }

    private Val moeCombine(Args a, SourceSpan sp, Frame f) {
        TensorV y = a.tensor("y");
        TensorV expert = a.tensor("expert");
        TensorV slot = a.tensor("slot");
        TensorV gate = a.tensor("gate");
        Dim tokens = a.dim("tokens");
        Dim experts = requireDim(y, a.dim("experts"), a.span("experts"));
        Dim capacity = requireDim(y, a.dim("capacity"), a.span("capacity"));
        Optional<Dim> choice = a.has("choice") ? Optional.of(a.dim("choice")) : Optional.empty();
        if (y.type().indexOf(experts.name()) != 0) {
            throw el.fail("E096", a.span("y"), "moe_combine: y " + y.type() + " must start with the experts dim " + experts.name()
                    + " (as moe_dispatch makes it)");
        }
        requireInteger(expert, a.span("expert"), "moe_combine");
        requireInteger(slot, a.span("slot"), "moe_combine");
        List<Dim> dims = new ArrayList<>();
        for (Dim d : y.type().dims()) {
            if (d.equals(experts)) continue;
            dims.add(d.equals(capacity) ? tokens : d);
        }
        TensorType out = el.checkedType(y.type().elem(), dims, sp);
        routingDims(a, out, tokens, choice, expert, "expert");
        if (!slot.type().dims().equals(expert.type().dims())) {
            throw el.fail("E096", a.span("slot"), "slot " + slot.type() + " must have the dims of expert " + expert.type());
        }
        if (!gate.type().dims().equals(expert.type().dims())) {
            throw el.fail("E096", a.span("gate"), "gate " + gate.type() + " must have the dims of expert " + expert.type());
        }
        if (gate.type().elem() != y.type().elem()) {
            throw el.fail("E031", a.span("gate"), "gate " + gate.type() + " and y " + y.type() + " differ in element type; cast the gate, e.g. "
                    + y.type().elem() + "(gate)");
        }
        Attrs.Moe attrs = new Attrs.Moe(tokens.name(), experts.name(), capacity.name(), choice.map(Dim::name));
        return el.node(Primitive.MOE_COMBINE, List.of(y, expert, slot, gate), attrs, out, sp, f);
    }
}
