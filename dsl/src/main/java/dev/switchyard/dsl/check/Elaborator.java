package dev.switchyard.dsl.check;

import dev.switchyard.dsl.graph.LimitExceeded;
import dev.switchyard.dsl.Diagnostic;
import dev.switchyard.dsl.Diagnostics;
import dev.switchyard.dsl.SourceSpan;
import dev.switchyard.dsl.ast.Expr;
import dev.switchyard.dsl.ast.Item;
import dev.switchyard.dsl.ast.Stmt;
import dev.switchyard.dsl.ast.TypeAnn;
import dev.switchyard.dsl.check.Val.*;
import dev.switchyard.dsl.graph.GraphBuilder;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.Initializer;
import dev.switchyard.dsl.graph.Mesh;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.TensorType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checker: walks the program from {@code forward} with concrete compile-time values, computes
 * the named-dim type of every expression and records each tensor operation in the
 * {@link GraphBuilder}. Errors are diagnostics; an error abandons the statement (its targets become
 * {@link Val.Poison}, whose uses stay silent) and elaboration continues with the next one.
 */
final class Elaborator {
    static final int MAX_DEPTH = 64;
    static final long MAX_LOOP = 1_000_000;
    static final long MAX_DIM = Integer.MAX_VALUE;
    /** Statements and loop iterations one check may run in all (CheckOptions.maxWork): nested loops multiply. */
    long maxWork = dev.switchyard.dsl.CheckOptions.DEFAULT_MAX_WORK;

    final Diagnostics diags;
    final Map<String, Item.BlockDef> blocks;
    final Scope globals;
    final GraphBuilder graph;
    Mesh mesh;
    final StringBuilder types = new StringBuilder();
    private final Map<String, Integer> paramByPath = new HashMap<>();
    private final Map<String, SourceSpan> paramSpan = new HashMap<>();
    private final Map<String, Integer> sharedByKey = new HashMap<>();
    private final Builtins builtins = new Builtins(this);
    private long work;
    /** The header of the outermost loop running, where a runaway product of loop bounds is reported. */
    private SourceSpan outermostLoop;

    Elaborator(Diagnostics diags, Map<String, Item.BlockDef> blocks, Scope globals, GraphBuilder graph, Mesh mesh) {
        this.diags = diags;
        this.blocks = blocks;
        this.globals = globals;
        this.graph = graph;
        this.mesh = mesh;
    }

    // ------------------------------------------------------------------ errors

    CheckFailure fail(String code, SourceSpan span, String message, Diagnostic.Note... notes) {
        diags.error(code, span, message, notes);
        return CheckFailure.reported();
    }

    static Diagnostic.Note note(String message, SourceSpan span) { return new Diagnostic.Note(message, span); }

    // ------------------------------------------------------------------ entry point

    void forward(Item.BlockDef fwd, ElemType precision) {
        Frame frame = new Frame(List.of(), List.of(), precision, 0);
        Scope scope = new Scope(globals);
        if (!fwd.dimVars().isEmpty()) {
            throw fail("E051", fwd.dimVars().get(0).span(), "forward cannot have dim variables: its inputs need concrete types");
        }
        for (Item.Param p : fwd.params()) {
            try {
                if (p.type().isPresent() && p.type().get() instanceof TypeAnn.Tensor t) {
                    TensorType type = concreteType(t, scope, frame, "input '" + p.name() + "'");
                    int id = graph.input(p.name(), type, p.span());
                    scope.define(p.name(), Scope.Kind.ARGUMENT, p.span(), new TensorV(id, type));
                    recordType(frame, "input " + p.name(), type.toString());
                } else if (p.defaultValue().isPresent()) {
                    Val v = eval(p.defaultValue().get(), scope, frame);
                    if (p.type().isPresent()) v = checkKind((TypeAnn.Kind) p.type().get(), v, p.span(), "forward", p.name());
                    scope.define(p.name(), Scope.Kind.ARGUMENT, p.span(), v);
                } else {
                    throw fail("E050", p.span(), "input '" + p.name() + "' of forward needs a tensor type, e.g. "
                            + p.name() + ": i32[batch, seq]");
                }
            } catch (CheckFailure f) {
                scope.define(p.name(), Scope.Kind.ARGUMENT, p.span(), Val.POISON);
            }
        }
        Optional<Val> result = runBody(fwd.body(), scope, frame);
        if (result.isEmpty()) {
            if (!diags.hasErrors()) fail("E052", fwd.nameSpan(), "forward returns nothing; end it with 'return (name = value, …)'");
            return;
        }
        outputs(result.get(), fwd);
    }

    private void outputs(Val result, Item.BlockDef fwd) {
        SourceSpan at = fwd.body().isEmpty() ? fwd.span() : fwd.body().get(fwd.body().size() - 1).span();
        List<Val> items;
        List<String> names = new ArrayList<>();
        if (result instanceof TupleV t) {
            items = t.items();
            for (int i = 0; i < items.size(); i++) names.add(t.names().get(i).orElse("output_" + i));
        } else {
            items = List.of(result);
            names.add("output");
        }
        for (int i = 0; i < items.size(); i++) {
            Val v = items.get(i);
            if (v instanceof Poison) continue;
            if (v instanceof IntV || v instanceof FloatV) {
                TensorV c = constant(toDouble(v), TensorType.scalar(ElemType.F32), at, "");
                graph.output(names.get(i), c.id());
            } else if (v instanceof TensorV tv) {
                graph.output(names.get(i), tv.id());
            } else {
                fail("E053", at, "output '" + names.get(i) + "' of forward must be a tensor, got " + v.kind());
            }
        }
    }

    // ------------------------------------------------------------------ statements

    /** Runs statements; returns the value of a {@code return} if one ran. */
    Optional<Val> runBody(List<Stmt> body, Scope scope, Frame frame) {
        for (Stmt s : body) {
            if (diags.full()) return Optional.of(Val.POISON);
            Optional<Val> r = run(s, scope, frame);
            if (r.isPresent()) return r;
        }
        return Optional.empty();
    }

    /** Counts one statement or loop iteration against {@link #maxWork}. */
    private void spend(SourceSpan at) {
        if (++work > maxWork) {
            throw new LimitExceeded("E042", outermostLoop != null ? outermostLoop : at, "compile-time evaluation ran more than "
                    + maxWork + " statements and loop iterations" + (outermostLoop != null ? " in this loop and the loops and blocks it runs" : "")
                    + "; is a loop bound or a layer count too large?");
        }
    }

    private Optional<Val> run(Stmt s, Scope scope, Frame frame) {
        spend(s.span());
        try {
            return runChecked(s, scope, frame);
        } catch (CheckFailure f) {
            poisonTargets(s, scope);
            return s instanceof Stmt.Return ? Optional.of(Val.POISON) : Optional.empty();
        } catch (ArithmeticException e) {
            // an exact size product (TensorType.elementCount) past 64 bits: the statement that made it is the place
            diags.error("E082", s.span(), "a tensor size here is more than 2^63 - 1 elements; no device holds that");
            poisonTargets(s, scope);
            return s instanceof Stmt.Return ? Optional.of(Val.POISON) : Optional.empty();
        }
    }

    private void poisonTargets(Stmt s, Scope scope) {
        switch (s) {
            case Stmt.Let l -> scope.define(l.name(), Scope.Kind.LET, l.nameSpan(), Val.POISON);
            case Stmt.LetTuple l -> {
                for (int i = 0; i < l.names().size(); i++) scope.define(l.names().get(i), Scope.Kind.LET, l.nameSpans().get(i), Val.POISON);
            }
            case Stmt.Assign a -> scope.lookup(a.name()).ifPresent(b -> b.value = Val.POISON);
            case Stmt.ParamDecl p -> scope.define(p.name(), Scope.Kind.PARAM, p.nameSpan(), Val.POISON);
            case Stmt.DimDecl d -> scope.define(d.name(), Scope.Kind.LOCAL_DIM, d.nameSpan(), Val.POISON);
            default -> { }
        }
    }

    private Optional<Val> runChecked(Stmt s, Scope scope, Frame frame) {
        switch (s) {
            case Stmt.Let l -> {
                Val v = eval(l.value(), scope, frame);
                if (l.type().isPresent()) checkAnnotation(l.type().get(), v, scope, frame, "'" + l.name() + "'");
                defineLocal(scope, l.name(), l.nameSpan(), Scope.Kind.LET, v);
                recordType(frame, l.name(), describe(v));
            }
            case Stmt.LetTuple l -> {
                Val v = eval(l.value(), scope, frame);
                if (v instanceof Poison) throw CheckFailure.SILENT;
                if (!(v instanceof TupleV t)) {
                    throw fail("E054", l.value().span(), "cannot unpack " + v.kind() + " into " + l.names().size() + " names; expected a tuple");
                }
                if (t.items().size() != l.names().size()) {
                    throw fail("E055", l.span(), "cannot unpack a tuple of " + t.items().size() + " values into "
                            + l.names().size() + " names");
                }
                for (int i = 0; i < l.names().size(); i++) {
                    defineLocal(scope, l.names().get(i), l.nameSpans().get(i), Scope.Kind.LET, t.items().get(i));
                    recordType(frame, l.names().get(i), describe(t.items().get(i)));
                }
            }
            case Stmt.Assign a -> {
                Scope.Binding b = scope.lookup(a.name()).orElseThrow(() ->
                        fail("E015", a.nameSpan(), "cannot assign to '" + a.name() + "': not defined; declare it with 'let " + a.name() + " = …'"));
                if (b.kind != Scope.Kind.LET && b.kind != Scope.Kind.ARGUMENT) {
                    throw fail("E016", a.nameSpan(), "cannot assign to " + kindWord(b.kind) + " '" + a.name() + "'",
                            note("'" + a.name() + "' is defined here", b.span));
                }
                Val v = eval(a.value(), scope, frame);
                if (!a.op().equals("=")) {
                    if (b.value instanceof Poison) throw CheckFailure.SILENT;
                    v = binary(a.op().substring(0, 1), b.value, v, a.span(), a.span(), frame);
                }
                b.value = v;
                recordType(frame, a.name(), describe(v));
            }
            case Stmt.ParamDecl p -> {
                Val v = param(p, scope, frame);
                defineLocal(scope, p.name(), p.nameSpan(), Scope.Kind.PARAM, v);
            }
            case Stmt.DimDecl d -> {
                Dim dim = new Dim(d.name(), dimSize(eval(d.size(), scope, frame), d.size().span()));
                defineLocal(scope, d.name(), d.nameSpan(), Scope.Kind.LOCAL_DIM, new DimV(dim));
                recordType(frame, d.name(), "dim " + dim);
            }
            case Stmt.For f -> {
                long from = toInt(eval(f.from(), scope, frame), f.from().span(), "loop bound");
                long to = toInt(eval(f.to(), scope, frame), f.to().span(), "loop bound");
                if (to - from > MAX_LOOP) {
                    throw fail("E043", f.to().span(), "loop of " + (to - from) + " iterations exceeds the limit of " + MAX_LOOP);
                }
                SourceSpan enclosing = outermostLoop;
                if (enclosing == null) outermostLoop = f.span().file().equals(f.to().span().file()) ? f.span().to(f.to().span()) : f.span();
                try {
                    for (long i = from; i < to; i++) {
                        spend(f.span());
                        Scope inner = new Scope(scope);
                        inner.define(f.var(), Scope.Kind.LOOP, f.varSpan(), new IntV(i));
                        Optional<Val> r = runBody(f.body(), inner, frame);
                        if (r.isPresent()) return r;
                        if (diags.full()) break;
                    }
                } finally {
                    outermostLoop = enclosing;
                }
            }
            case Stmt.If i -> {
                boolean c = condition(eval(i.condition(), scope, frame), i.condition().span());
                if (c) return runBody(i.then(), new Scope(scope), frame);
                if (i.otherwise().isPresent()) return runBody(i.otherwise().get(), new Scope(scope), frame);
            }
            case Stmt.Return r -> {
                return Optional.of(eval(r.value(), scope, frame));
            }
            case Stmt.Precision p -> frame.precision = elemType(p.elem(), p.span());
            case Stmt.Assert a -> {
                boolean ok = condition(eval(a.condition(), scope, frame), a.condition().span());
                if (!ok) throw fail("E047", a.span(), "assertion failed" + a.message().map(m -> ": " + m).orElse(""));
            }
        }
        return Optional.empty();
    }

    private void defineLocal(Scope scope, String name, SourceSpan span, Scope.Kind kind, Val v) {
        Optional<Scope.Binding> existing = scope.local(name);
        // a let may shadow an argument (as the resolver allows), not another let
        if (existing.isPresent() && !(existing.get().value instanceof Poison) && existing.get().kind != Scope.Kind.ARGUMENT) {
            throw fail("E014", span, "'" + name + "' is already defined in this scope; use '" + name + " = …' to reassign",
                    note("first definition", existing.get().span));
        }
        scope.define(name, kind, span, v);
    }

    private static String kindWord(Scope.Kind k) {
        return switch (k) {
            case GLOBAL_DIM, LOCAL_DIM -> "dim";
            case GLOBAL_CONST -> "const";
            case ARGUMENT -> "argument";
            case DIM_VAR -> "dim variable";
            case LET -> "variable";
            case PARAM -> "parameter";
            case LOOP -> "loop variable";
        };
    }

    boolean condition(Val v, SourceSpan span) {
        if (v instanceof BoolV b) return b.value();
        if (v instanceof Poison) throw CheckFailure.SILENT;
        if (v instanceof TensorV) {
            throw fail("E048", span, "condition must be known at compile time, but it is a tensor; use where(cond, a, b) for a choice at run time");
        }
        throw fail("E049", span, "condition must be a bool, got " + v.kind());
    }

    void recordType(Frame frame, String name, String type) {
        if (!frame.pathString.isEmpty()) types.append(frame.pathString).append(": ");
        types.append(name).append(" : ").append(type).append('\n');
    }

    static String describe(Val v) {
        return switch (v) {
            case TensorV t -> t.type().toString();
            case TupleV t -> "(" + String.join(", ", t.items().stream().map(Elaborator::describe).toList()) + ")";
            case IntV i -> "int " + i;
            case FloatV f -> "float " + f;
            case BoolV b -> "bool " + b;
            default -> v.kind() + " " + v;
        };
    }

    // ------------------------------------------------------------------ parameters

    private Val param(Stmt.ParamDecl p, Scope scope, Frame frame) {
        if (!(p.type() instanceof TypeAnn.Tensor t)) {
            throw fail("E056", p.type().span(), "parameter '" + p.name() + "' needs a tensor type such as [d_model, d_ff]");
        }
        TensorType type = concreteType(t, scope, frame, "parameter '" + p.name() + "'");
        Initializer init = initializer(p.init(), scope, frame);
        String path = frame.paramPath(p.name());
        if (p.shared()) {
            String key = frame.sharedKey(p.name());
            Integer existing = sharedByKey.get(key);
            if (existing != null) {
                TensorType prev = graph.type(existing);
                if (!prev.equals(type)) {
                    throw fail("E057", p.span(), "shared parameter '" + path + "' has type " + type + " here but "
                            + prev + " where it was first created", note("first created here", paramSpan.get(key)));
                }
                graph.markShared(existing);
                recordType(frame, "param " + p.name(), type + " (shared)");
                return new TensorV(existing, type);
            }
        }
        Integer clash = paramByPath.get(path);
        if (clash != null) {
            throw fail("E058", p.nameSpan(), "parameter path '" + path + "' is created twice; give each block call its own name with 'as name'",
                    note("first created here", paramSpan.get(path)));
        }
        int id = graph.param(path, type, init, false, p.span());
        paramByPath.put(path, id);
        paramSpan.put(path, p.span());
        if (p.shared()) {
            String key = frame.sharedKey(p.name());
            sharedByKey.put(key, id);
            paramSpan.put(key, p.span());
        }
        recordType(frame, "param " + p.name(), type.toString());
        return new TensorV(id, type);
    }

    private Initializer initializer(Expr e, Scope scope, Frame frame) {
        if (e instanceof Expr.Name n && (n.name().equals("zeros") || n.name().equals("ones"))) {
            return n.name().equals("zeros") ? new Initializer.Zeros() : new Initializer.Ones();
        }
        if (!(e instanceof Expr.Call c)) {
            throw fail("E059", e.span(), "initializer must be one of zeros, ones, constant(v), normal(std), "
                    + "truncated_normal(scale, fan_in), uniform(a, b)");
        }
        List<Val> args = new ArrayList<>();
        for (Expr.Arg a : c.args()) {
            if (a.name().isPresent()) throw fail("E059", a.span(), "initializer arguments are positional");
            args.add(eval(a.value(), scope, frame));
        }
        String name = c.callee();
        int want = switch (name) {
            case "zeros", "ones" -> 0;
            case "constant", "normal" -> 1;
            case "truncated_normal", "uniform" -> 2;
            default -> throw fail("E059", c.calleeSpan(), "unknown initializer '" + name + "'; expected zeros, ones, constant(v), "
                    + "normal(std), truncated_normal(scale, fan_in) or uniform(a, b)");
        };
        if (args.size() != want) {
            throw fail("E059", c.span(), name + " takes " + want + " argument" + (want == 1 ? "" : "s") + ", got " + args.size());
        }
        return switch (name) {
            case "zeros" -> new Initializer.Zeros();
            case "ones" -> new Initializer.Ones();
            case "constant" -> new Initializer.Constant(toDouble(args.get(0), c.args().get(0).span()));
            case "normal" -> {
                double std = toDouble(args.get(0), c.args().get(0).span());
                if (!(std > 0)) throw fail("E059", c.args().get(0).span(), "normal: std must be positive, got " + std);
                yield new Initializer.Normal(std);
            }
            case "truncated_normal" -> {
                double scale = toDouble(args.get(0), c.args().get(0).span());
                long fanIn = toInt(args.get(1), c.args().get(1).span(), "fan_in");
                if (!(scale > 0)) throw fail("E059", c.args().get(0).span(), "truncated_normal: scale must be positive, got " + scale);
                if (fanIn <= 0) throw fail("E059", c.args().get(1).span(), "truncated_normal: fan_in must be positive, got " + fanIn);
                yield new Initializer.TruncatedNormal(scale, fanIn);
            }
            default -> {
                double a = toDouble(args.get(0), c.args().get(0).span());
                double b = toDouble(args.get(1), c.args().get(1).span());
                if (!(a < b)) throw fail("E059", c.span(), "uniform(a, b) needs a < b, got " + a + " and " + b);
                yield new Initializer.Uniform(a, b);
            }
        };
    }

    // ------------------------------------------------------------------ types

    ElemType elemType(String name, SourceSpan span) {
        return ElemType.fromSpelling(name).orElseThrow(() -> fail("E017", span, "unknown element type '" + name
                + "'; expected one of bf16, f16, f32, f64, bool, i1, i8, i16, i32, i64, u8, u32"));
    }

    /** A tensor annotation with every dim known (parameters, inputs, lets). */
    TensorType concreteType(TypeAnn.Tensor t, Scope scope, Frame frame, String what) {
        ElemType elem = t.elem().isPresent() ? elemType(t.elem().get(), t.span()) : frame.precision;
        List<Dim> dims = new ArrayList<>();
        for (TypeAnn.PatDim pd : t.dims()) {
            if (pd.isEllipsis()) throw fail("E051", pd.span(), what + " needs concrete dims; '...' is only allowed in block arguments");
            dims.add(dimNamed(pd.name().get(), pd.span(), scope));
        }
        return checkedType(elem, dims, t.span());
    }

    Dim dimNamed(String name, SourceSpan span, Scope scope) {
        Val v = scope.lookup(name).map(b -> b.value).orElseThrow(() -> fail("E010", span, "undefined dim '" + name + "'"));
        if (v instanceof DimV d) return d.dim();
        if (v instanceof Poison) throw CheckFailure.SILENT;
        throw fail("E024", span, "'" + name + "' is " + v.kind() + ", not a dim");
    }

    TensorType checkedType(ElemType elem, List<Dim> dims, SourceSpan span) {
        for (int i = 0; i < dims.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (dims.get(i).name().equals(dims.get(j).name())) {
                    throw fail("E032", span, "dim '" + dims.get(i).name() + "' appears twice in one tensor type; rename one of them");
                }
            }
        }
        return new TensorType(elem, dims);
    }

    /** Checks a value against an annotation (block arguments use {@link #matchArgument}). */
    private void checkAnnotation(TypeAnn ann, Val v, Scope scope, Frame frame, String what) {
        switch (ann) {
            case TypeAnn.Kind k -> checkKind(k, v, ann.span(), "let", what);
            case TypeAnn.Tensor t -> {
                if (v instanceof Poison) throw CheckFailure.SILENT;
                if (!(v instanceof TensorV tv)) throw fail("E025", ann.span(), what + " is annotated as a tensor but is " + v.kind());
                Optional<String> err = Patterns.match(t, tv.type(), new HashMap<>(), List.of(), scope, this);
                if (err.isPresent()) throw fail("E026", ann.span(), what + ": expected " + Patterns.show(t) + " but got " + tv.type() + ": " + err.get());
            }
        }
    }

    Val checkKind(TypeAnn.Kind k, Val v, SourceSpan span, String block, String param) {
        if (v instanceof Poison) throw CheckFailure.SILENT;
        boolean ok = switch (k.kind()) {
            case "int" -> v instanceof IntV;
            case "float" -> v instanceof FloatV || v instanceof IntV;
            case "bool" -> v instanceof BoolV;
            case "dim" -> v instanceof DimV;
            case "dims" -> v instanceof ListV l && l.items().stream().allMatch(x -> x instanceof DimV);
            case "type" -> v instanceof TypeV;
            case "str" -> v instanceof StrV;
            case "tensor" -> v instanceof TensorV;
            case "any" -> true;
            default -> throw fail("E017", k.span(), "unknown type '" + k.kind() + "'; expected int, float, bool, dim, dims, type, str, tensor, any or a tensor type like f32[d]");
        };
        if (!ok) throw fail("E027", span, "argument '" + param + "' of " + block + " must be " + k.kind() + ", got " + v.kind());
        if (k.kind().equals("float") && v instanceof IntV i) return new FloatV(i.value());
        return v;
    }

    // ------------------------------------------------------------------ expressions

    Val eval(Expr e, Scope scope, Frame frame) {
        return switch (e) {
            case Expr.Name n -> name(n, scope);
            case Expr.IntLit i -> new IntV(i.value());
            case Expr.FloatLit f -> new FloatV(f.value());
            case Expr.BoolLit b -> new BoolV(b.value());
            case Expr.StringLit s -> new StrV(s.value());
            case Expr.Unary u -> unary(u, eval(u.operand(), scope, frame), frame);
            case Expr.Binary b -> {
                Val l = eval(b.left(), scope, frame);
                if ((b.op().equals("&&") || b.op().equals("||")) && l instanceof BoolV lb) {
                    if (b.op().equals("&&") && !lb.value()) yield lb;
                    if (b.op().equals("||") && lb.value()) yield lb;
                }
                yield binary(b.op(), l, eval(b.right(), scope, frame), b.opSpan(), b.span(), frame);
            }
            case Expr.Cond c -> condition(eval(c.condition(), scope, frame), c.condition().span())
                    ? eval(c.then(), scope, frame) : eval(c.otherwise(), scope, frame);
            case Expr.Call c -> call(c, scope, frame);
            case Expr.Tuple t -> {
                List<Val> items = new ArrayList<>();
                List<Optional<String>> names = new ArrayList<>();
                for (Expr.Arg a : t.items()) {
                    items.add(eval(a.value(), scope, frame));
                    names.add(a.name());
                }
                yield new TupleV(items, names);
            }
            case Expr.ListLit l -> {
                List<Val> items = new ArrayList<>();
                for (Expr x : l.items()) items.add(eval(x, scope, frame));
                yield new ListV(items);
            }
            case Expr.MapLit m -> new MapV(m.entries());
        };
    }

    private Val name(Expr.Name n, Scope scope) {
        Optional<Scope.Binding> b = scope.lookup(n.name());
        if (b.isPresent()) {
            if (b.get().value instanceof Poison) throw CheckFailure.SILENT;
            return b.get().value;
        }
        Optional<ElemType> t = ElemType.fromSpelling(n.name());
        if (t.isPresent()) return new TypeV(t.get());
        if (n.name().equals("none")) return Val.NONE;
        if (blocks.containsKey(n.name())) throw fail("E018", n.span(), "block '" + n.name() + "' used as a value; call it: " + n.name() + "(…)");
        throw fail("E010", n.span(), "undefined name '" + n.name() + "'");
    }

    private Val unary(Expr.Unary u, Val v, Frame frame) {
        if (v instanceof Poison) throw CheckFailure.SILENT;
        if (u.op().equals("-")) {
            return switch (v) {
                case IntV i -> {
                    if (i.value() == Long.MIN_VALUE) throw fail("E044", u.span(), "integer overflow");
                    yield new IntV(-i.value());
                }
                case FloatV f -> new FloatV(-f.value());
                case DimV d -> new IntV(-d.dim().size());
                case TensorV t -> {
                    if (t.type().elem().isBool()) throw fail("E034", u.span(), "cannot negate a bool tensor; use !x");
                    yield node(Primitive.NEG, List.of(t), Attrs.NONE, t.type(), u.span(), frame);
                }
                default -> throw fail("E035", u.span(), "cannot negate " + v.kind());
            };
        }
        return switch (v) {
            case BoolV b -> new BoolV(!b.value());
            case TensorV t when t.type().elem().isBool() -> node(Primitive.NOT, List.of(t), Attrs.NONE, t.type(), u.span(), frame);
            default -> throw fail("E035", u.span(), "'!' needs a bool or a bool tensor, got " + v.kind());
        };
    }

    Val binary(String op, Val l, Val r, SourceSpan opSpan, SourceSpan span, Frame frame) {
        if (l instanceof Poison || r instanceof Poison) throw CheckFailure.SILENT;
        if (l instanceof TensorV || r instanceof TensorV) return TensorOps.binary(this, op, l, r, opSpan, span, frame);
        return ConstEval.binary(this, op, l, r, opSpan, span);
    }

    // ------------------------------------------------------------------ calls

    private Val call(Expr.Call c, Scope scope, Frame frame) {
        Item.BlockDef block = blocks.get(c.callee());
        List<Args.ArgVal> args = new ArrayList<>();
        for (Expr.Arg a : c.args()) args.add(new Args.ArgVal(a.name(), eval(a.value(), scope, frame), a.value().span(), a.span()));
        if (block != null) return callBlock(block, c, args, scope, frame);
        if (c.instance().isPresent()) {
            throw fail("E019", c.instance().get().span(), "'as' names a block instance, but '" + c.callee() + "' is a built-in function");
        }
        return builtins.call(c, args, scope, frame);
    }

    private Val callBlock(Item.BlockDef block, Expr.Call c, List<Args.ArgVal> args, Scope callerScope, Frame frame) {
        if (frame.depth >= MAX_DEPTH) {
            throw fail("E046", c.span(), "block calls nested deeper than " + MAX_DEPTH + " (does '" + block.name() + "' call itself?)");
        }
        String segment = block.name();
        String keySegment = block.name();
        if (c.instance().isPresent()) {
            Expr.InstanceName in = c.instance().get();
            segment = in.name();
            keySegment = in.name();
            if (in.index().isPresent()) {
                long idx = toInt(eval(in.index().get(), callerScope, frame), in.index().get().span(), "instance index");
                segment = in.name() + "_" + idx;
            }
        }
        Frame inner = frame.child(segment, keySegment, frame.precision);
        Scope scope = new Scope(globals);
        Map<String, Args.ArgVal> bound = bindBlockArgs(block, c, args);
        // dim variables: passed explicitly or inferred from tensor arguments
        Map<String, Dim> dimVars = new LinkedHashMap<>();
        List<String> dimVarNames = block.dimVars().stream().map(Item.DimVar::name).toList();
        for (Item.DimVar dv : block.dimVars()) {
            Args.ArgVal a = bound.get(dv.name());
            if (a != null) {
                if (!(a.value() instanceof DimV d)) throw fail("E027", a.span(), "dim variable '" + dv.name() + "' of " + block.name() + " must be a dim, got " + a.value().kind());
                dimVars.put(dv.name(), d.dim());
            }
        }
        for (Item.Param p : block.params()) {
            Args.ArgVal a = bound.get(p.name());
            Val v;
            SourceSpan at;
            if (a != null) {
                v = a.value();
                at = a.span();
            } else {
                v = eval(p.defaultValue().get(), scope, inner);
                at = c.span();
            }
            if (v instanceof Poison) throw CheckFailure.SILENT;
            if (p.type().isPresent()) {
                switch (p.type().get()) {
                    case TypeAnn.Kind k -> v = checkKind(k, v, at, block.name(), p.name());
                    case TypeAnn.Tensor t -> {
                        if (!(v instanceof TensorV tv)) {
                            throw fail("E025", at, "argument '" + p.name() + "' of " + block.name() + " must be a tensor "
                                    + Patterns.show(t) + ", got " + v.kind(), note("parameter declared here", p.span()));
                        }
                        Optional<String> err = Patterns.match(t, tv.type(), dimVars, dimVarNames, scope, this);
                        if (err.isPresent()) {
                            throw fail("E026", at, "argument '" + p.name() + "' of " + block.name() + ": expected "
                                    + Patterns.show(t) + " but got " + tv.type() + ": " + err.get(),
                                    note("parameter declared here", p.span()));
                        }
                    }
                }
            }
            scope.define(p.name(), Scope.Kind.ARGUMENT, p.span(), v);
        }
        for (Item.DimVar dv : block.dimVars()) {
            Dim d = dimVars.get(dv.name());
            if (d == null) {
                throw fail("E028", c.span(), "cannot infer dim variable '" + dv.name() + "' of " + block.name()
                        + "; no tensor argument mentions it, pass it as " + dv.name() + " = some_dim", note("declared here", dv.span()));
            }
            scope.define(dv.name(), Scope.Kind.DIM_VAR, dv.span(), new DimV(d));
        }
        Optional<Val> result = runBody(block.body(), scope, inner);
        return result.orElse(Val.UNIT);
    }

    private Map<String, Args.ArgVal> bindBlockArgs(Item.BlockDef block, Expr.Call c, List<Args.ArgVal> args) {
        List<String> names = new ArrayList<>();
        for (Item.Param p : block.params()) names.add(p.name());
        Map<String, Args.ArgVal> bound = new HashMap<>();
        int positional = 0;
        for (Args.ArgVal a : args) {
            if (a.name().isEmpty()) {
                if (positional >= names.size()) {
                    throw fail("E023", a.span(), block.name() + " takes " + names.size() + " argument" + (names.size() == 1 ? "" : "s")
                            + " but more were given", note("block declared here", block.nameSpan()));
                }
                bound.put(names.get(positional++), a);
            } else {
                String n = a.name().get();
                boolean isDimVar = block.dimVars().stream().anyMatch(d -> d.name().equals(n));
                if (!names.contains(n) && !isDimVar) {
                    throw fail("E020", a.whole(), block.name() + " has no parameter '" + n + "'; its parameters are ("
                            + String.join(", ", names) + ")", note("block declared here", block.nameSpan()));
                }
                if (bound.containsKey(n)) throw fail("E021", a.whole(), "argument '" + n + "' given twice");
                bound.put(n, a);
            }
        }
        for (Item.Param p : block.params()) {
            if (!bound.containsKey(p.name()) && p.defaultValue().isEmpty()) {
                throw fail("E022", c.span(), "missing argument '" + p.name() + "' of " + block.name(),
                        note("parameter declared here", p.span()));
            }
        }
        return bound;
    }

    // ------------------------------------------------------------------ helpers for tensor ops

    TensorV node(Primitive op, List<TensorV> operands, Attrs attrs, TensorType type, SourceSpan span, Frame frame) {
        List<Integer> ids = new ArrayList<>(operands.size());
        for (TensorV t : operands) ids.add(t.id());
        return new TensorV(graph.node(op, ids, attrs, type, span, frame.pathString), type);
    }

    TensorV constant(double value, TensorType type, SourceSpan span, String blockPath) {
        return new TensorV(graph.node(Primitive.CONSTANT, List.of(), new Attrs.Constant(value), type, span, blockPath), type);
    }

    long dimSize(Val v, SourceSpan span) {
        if (v instanceof Poison) throw CheckFailure.SILENT;
        double d;
        if (v instanceof IntV i) d = i.value();
        else if (v instanceof DimV dv) d = dv.dim().size();
        else if (v instanceof FloatV f) {
            if (f.value() != Math.rint(f.value())) throw fail("E041", span, "dim size must be a whole number, got " + f);
            d = f.value();
        } else throw fail("E041", span, "dim size must be a number, got " + v.kind());
        if (d < 1) throw fail("E041", span, "dim size must be positive, got " + GraphPrinterNumber.of(d));
        if (d > MAX_DIM) throw fail("E044", span, "dim size " + GraphPrinterNumber.of(d) + " exceeds 2^31 - 1");
        return (long) d;
    }

    long toInt(Val v, SourceSpan span, String what) {
        if (v instanceof Poison) throw CheckFailure.SILENT;
        if (v instanceof IntV i) return i.value();
        if (v instanceof DimV d) return d.dim().size();
        if (v instanceof FloatV f && f.value() == Math.rint(f.value()) && Math.abs(f.value()) < 9e15) return (long) f.value();
        throw fail("E029", span, what + " must be an integer known at compile time, got " + v.kind() + (v instanceof TensorV ? "" : " " + v));
    }

    double toDouble(Val v, SourceSpan span) {
        if (v instanceof Poison) throw CheckFailure.SILENT;
        if (v instanceof IntV i) return i.value();
        if (v instanceof FloatV f) return f.value();
        if (v instanceof DimV d) return d.dim().size();
        throw fail("E029", span, "expected a number known at compile time, got " + v.kind());
    }

    static double toDouble(Val v) {
        return v instanceof IntV i ? i.value() : ((FloatV) v).value();
    }
}
