package dev.switchyard.dsl.check;

import dev.switchyard.dsl.Diagnostic;
import dev.switchyard.dsl.Diagnostics;
import dev.switchyard.dsl.SourceSpan;
import dev.switchyard.dsl.ast.Expr;
import dev.switchyard.dsl.ast.Item;
import dev.switchyard.dsl.ast.Stmt;
import dev.switchyard.dsl.ast.TypeAnn;
import dev.switchyard.dsl.graph.ElemType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Static name resolution over every block (also the ones forward never calls): undefined names,
 * unknown functions, duplicate definitions, and unused parameters and arguments (warnings, only
 * for the user's own files, not the prelude).
 */
final class Resolver {

    private static final class Binding {
        final SourceSpan span;
        final String what;
        boolean used;

        Binding(SourceSpan span, String what) {
            this.span = span;
            this.what = what;
        }
    }

    private static final class Env {
        final Env parent;
        final Map<String, Binding> names = new HashMap<>();

        Env(Env parent) { this.parent = parent; }

        Binding lookup(String n) {
            for (Env e = this; e != null; e = e.parent) {
                Binding b = e.names.get(n);
                if (b != null) return b;
            }
            return null;
        }
    }

    private final Diagnostics diags;
    private final Set<String> globals;
    private final Map<String, Item.BlockDef> blocks;
    private final List<Binding> warnArgs = new ArrayList<>();

    Resolver(Diagnostics diags, Set<String> globals, Map<String, Item.BlockDef> blocks) {
        this.diags = diags;
        this.globals = globals;
        this.blocks = blocks;
    }

    void block(Item.BlockDef b, boolean warn) {
        Env env = new Env(null);
        List<Binding> unused = new ArrayList<>();
        for (Item.DimVar d : b.dimVars()) {
            Binding prev = env.names.get(d.name());
            if (prev != null) duplicate(d.name(), d.span(), prev.span);
            Binding bind = new Binding(d.span(), "dim variable");
            bind.used = true;
            env.names.put(d.name(), bind);
        }
        for (Item.Param p : b.params()) {
            Binding prev = env.names.get(p.name());
            if (prev != null) duplicate(p.name(), p.span(), prev.span);
            p.defaultValue().ifPresent(e -> expr(e, env));
            Binding bind = new Binding(p.span(), "argument");
            env.names.put(p.name(), bind);
            if (!b.name().equals("forward")) unused.add(bind);
        }
        for (Item.Param p : b.params()) p.type().ifPresent(t -> type(t, env));
        List<Binding> params = new ArrayList<>();
        body(b.body(), env, params);
        if (warn) {
            for (Binding u : unused) {
                if (!u.used) diags.warning("W002", u.span, "argument '" + nameAt(b, u) + "' of block " + b.name() + " is never used");
            }
            for (Binding p : params) {
                if (!p.used) diags.warning("W001", p.span, "parameter " + p.what + " is never used");
            }
        }
    }

    private static String nameAt(Item.BlockDef b, Binding u) {
        for (Item.Param p : b.params()) if (p.span().equals(u.span)) return p.name();
        return "?";
    }

    private void duplicate(String name, SourceSpan span, SourceSpan first) {
        diags.error("E012", span, "'" + name + "' is defined twice", new Diagnostic.Note("first definition", first));
    }

    private void body(List<Stmt> stmts, Env env, List<Binding> params) {
        for (Stmt s : stmts) stmt(s, env, params);
    }

    private void stmt(Stmt s, Env env, List<Binding> params) {
        switch (s) {
            case Stmt.Let l -> {
                expr(l.value(), env);
                l.type().ifPresent(t -> type(t, env));
                define(env, l.name(), l.nameSpan(), "variable");
            }
            case Stmt.LetTuple l -> {
                expr(l.value(), env);
                for (int i = 0; i < l.names().size(); i++) define(env, l.names().get(i), l.nameSpans().get(i), "variable");
            }
            case Stmt.Assign a -> {
                expr(a.value(), env);
                Binding b = env.lookup(a.name());
                if (b == null && !globals.contains(a.name())) {
                    diags.error("E015", a.nameSpan(), "cannot assign to '" + a.name() + "': not defined; declare it with 'let "
                            + a.name() + " = …'");
                } else if (b != null && !a.op().equals("=")) {
                    b.used = true;
                }
            }
            case Stmt.ParamDecl p -> {
                type(p.type(), env);
                if (!(p.init() instanceof Expr.Name n && (n.name().equals("zeros") || n.name().equals("ones")))) {
                    expr(p.init(), env, true);
                }
                Binding b = define(env, p.name(), p.nameSpan(), "'" + p.name() + "'");
                params.add(b);
            }
            case Stmt.DimDecl d -> {
                expr(d.size(), env);
                define(env, d.name(), d.nameSpan(), "dim").used = true;
            }
            case Stmt.For f -> {
                expr(f.from(), env);
                expr(f.to(), env);
                Env inner = new Env(env);
                Binding v = new Binding(f.varSpan(), "loop variable");
                v.used = true;
                inner.names.put(f.var(), v);
                body(f.body(), inner, params);
            }
            case Stmt.If i -> {
                expr(i.condition(), env);
                body(i.then(), new Env(env), params);
                i.otherwise().ifPresent(o -> body(o, new Env(env), params));
            }
            case Stmt.Return r -> expr(r.value(), env);
            case Stmt.Precision p -> {
                if (ElemType.fromSpelling(p.elem()).isEmpty()) {
                    diags.error("E017", p.span(), "unknown element type '" + p.elem() + "'");
                }
            }
            case Stmt.Assert a -> expr(a.condition(), env);
        }
    }

    private Binding define(Env env, String name, SourceSpan span, String what) {
        Binding prev = env.names.get(name);
        if (prev != null && !prev.what.equals("argument")) {
            diags.error("E014", span, "'" + name + "' is already defined in this scope; use '" + name + " = …' to reassign",
                    new Diagnostic.Note("first definition", prev.span));
        }
        Binding b = new Binding(span, what);
        env.names.put(name, b);
        return b;
    }

    static final java.util.Set<String> KINDS = java.util.Set.of("int", "float", "bool", "dim", "dims", "type", "str", "tensor", "any");

    private void type(TypeAnn t, Env env) {
        if (t instanceof TypeAnn.Kind k && !KINDS.contains(k.kind())) {
            diags.error("E017", k.span(), "unknown type '" + k.kind() + "'; expected int, float, bool, dim, dims, type, str, tensor, any or a tensor type like f32[d]");
        }
        if (t instanceof TypeAnn.Tensor tt) {
            tt.elem().ifPresent(e -> {
                if (ElemType.fromSpelling(e).isEmpty()) diags.error("E017", tt.span(), "unknown element type '" + e + "'");
            });
            for (TypeAnn.PatDim d : tt.dims()) {
                if (d.isEllipsis()) continue;
                String n = d.name().get();
                Binding b = env.lookup(n);
                if (b != null) b.used = true;
                else if (!globals.contains(n)) diags.error("E010", d.span(), "undefined dim '" + n + "'");
            }
        }
    }

    private void expr(Expr e, Env env) { expr(e, env, false); }

    private void expr(Expr e, Env env, boolean initializer) {
        switch (e) {
            case Expr.Name n -> {
                Binding b = env.lookup(n.name());
                if (b != null) {
                    b.used = true;
                } else if (!globals.contains(n.name()) && ElemType.fromSpelling(n.name()).isEmpty() && !n.name().equals("none")) {
                    if (blocks.containsKey(n.name())) {
                        diags.error("E018", n.span(), "block '" + n.name() + "' used as a value; call it: " + n.name() + "(…)");
                    } else {
                        diags.error("E010", n.span(), "undefined name '" + n.name() + "'");
                    }
                }
            }
            case Expr.Unary u -> expr(u.operand(), env);
            case Expr.Binary b -> {
                expr(b.left(), env);
                expr(b.right(), env);
            }
            case Expr.Cond c -> {
                expr(c.condition(), env);
                expr(c.then(), env);
                expr(c.otherwise(), env);
            }
            case Expr.Call c -> {
                String f = c.callee();
                boolean known = blocks.containsKey(f) || Builtins.NAMES.contains(f) || ElemType.fromSpelling(f).isPresent()
                        || initializer;
                if (!known) diags.error("E013", c.calleeSpan(), "unknown function '" + f + "'" + suggestion(f));
                if (blocks.containsKey(f)) arguments(blocks.get(f), c);
                for (Expr.Arg a : c.args()) expr(a.value(), env);
                c.instance().flatMap(Expr.InstanceName::index).ifPresent(i -> expr(i, env));
            }
            case Expr.Tuple t -> t.items().forEach(a -> expr(a.value(), env));
            case Expr.ListLit l -> l.items().forEach(x -> expr(x, env));
            case Expr.MapLit m -> {
                for (Expr.MapEntry me : m.entries()) {
                    Binding b = env.lookup(me.key());
                    if (b != null) b.used = true;
                    for (String v : me.values()) {
                        Binding vb = env.lookup(v);
                        if (vb != null) vb.used = true;
                    }
                }
            }
            case Expr.IntLit i -> { }
            case Expr.FloatLit x -> { }
            case Expr.BoolLit x -> { }
            case Expr.StringLit x -> { }
        }
    }

    /** Block calls are bound statically too, so a wrong call is found even where forward never goes. */
    private void arguments(Item.BlockDef block, Expr.Call c) {
        List<String> names = block.params().stream().map(Item.Param::name).toList();
        java.util.Set<String> bound = new java.util.HashSet<>();
        int positional = 0;
        for (Expr.Arg a : c.args()) {
            if (a.name().isEmpty()) {
                if (positional >= names.size()) {
                    diags.error("E023", a.value().span(), block.name() + " takes " + names.size() + " argument"
                            + (names.size() == 1 ? "" : "s") + " but more were given", new Diagnostic.Note("block declared here", block.nameSpan()));
                    return;
                }
                bound.add(names.get(positional++));
                continue;
            }
            String n = a.name().get();
            boolean dimVar = block.dimVars().stream().anyMatch(d -> d.name().equals(n));
            if (!names.contains(n) && !dimVar) {
                diags.error("E020", a.span(), block.name() + " has no parameter '" + n + "'; its parameters are ("
                        + String.join(", ", names) + ")", new Diagnostic.Note("block declared here", block.nameSpan()));
                return;
            }
            if (!bound.add(n)) {
                diags.error("E021", a.span(), "argument '" + n + "' given twice");
                return;
            }
        }
        for (Item.Param p : block.params()) {
            if (!bound.contains(p.name()) && p.defaultValue().isEmpty()) {
                diags.error("E022", c.span(), "missing argument '" + p.name() + "' of " + block.name(),
                        new Diagnostic.Note("parameter declared here", p.span()));
                return;
            }
        }
    }

    private String suggestion(String name) {
        String best = null;
        int bestDistance = 3;
        List<String> candidates = new ArrayList<>(Builtins.NAMES);
        candidates.addAll(blocks.keySet());
        candidates.sort(null);
        for (String n : candidates) {
            int d = Levenshtein.distance(name, n);
            if (d < bestDistance) {
                bestDistance = d;
                best = n;
            }
        }
        return best == null ? "" : "; did you mean '" + best + "'?";
    }
}
