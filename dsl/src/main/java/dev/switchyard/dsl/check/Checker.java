package dev.switchyard.dsl.check;

import dev.switchyard.dsl.graph.LimitExceeded;
import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.CheckResult;
import dev.switchyard.dsl.Diagnostic;
import dev.switchyard.dsl.Diagnostics;
import dev.switchyard.dsl.SourceParser;
import dev.switchyard.dsl.SourceSet;
import dev.switchyard.dsl.SourceSpan;
import dev.switchyard.dsl.ast.Item;
import dev.switchyard.dsl.ast.Program;
import dev.switchyard.dsl.ast.Stmt;
import dev.switchyard.dsl.check.Val.*;
import dev.switchyard.dsl.graph.GraphBuilder;
import dev.switchyard.dsl.graph.GraphVerifier;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.LayoutRule;
import dev.switchyard.dsl.graph.Mesh;
import dev.switchyard.dsl.graph.ModelGraph;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The front-end pipeline: parse (main file, imports, prelude) → collect declarations → resolve
 * names → evaluate top-level dims, consts, the mesh and layout → elaborate {@code forward} into the
 * model graph → check shardings. Each stage reports diagnostics; a stage with errors stops the
 * pipeline after it, so later stages never see a broken input.
 */
public final class Checker {
    public static final String PRELUDE = "prelude.sy";
    private static volatile Program preludeProgram;
    private static volatile String preludeText;

    private Checker() {}

    /** A source file that the run reads: from disk, or given as text (tests, the formatter's check). */
    public record Source(String name, String text, Optional<Path> path) {}

    public static CheckResult check(Path file, CheckOptions options) {
        SourceSet sources = new SourceSet();
        Diagnostics diags = new Diagnostics(options.maxErrors());
        String name = file.toString();
        String text;
        try {
            text = dev.switchyard.dsl.SourceText.read(file);
        } catch (dev.switchyard.dsl.SourceText.Unreadable e) {
            diags.error("E003", new SourceSpan(name, e.line, e.column, e.line, e.column + 1, 0, 0), e.line > 0 ? "the file " + e.getMessage() : "cannot read " + name + ": " + e.getMessage());
            return new CheckResult(diags.all(), Optional.empty(), sources, "");
        }
        return run(new Source(name, text, Optional.of(file.toAbsolutePath().normalize())), options, sources, diags);
    }

    public static CheckResult checkText(String name, String text, CheckOptions options) {
        return run(new Source(name, text, Optional.empty()), options, new SourceSet(), new Diagnostics(options.maxErrors()));
    }


    private static CheckResult run(Source main, CheckOptions options, SourceSet sources, Diagnostics diags) {
        try {
            return stages(main, options, sources, diags);
        } catch (StackOverflowError e) {
            // a pathological input (thousands of nested parentheses): a diagnostic, not a crash
            // nesting the token scan of SourceParser does not count (e.g. a chain of thousands of 'else if')
            diags.error("E099", new SourceSpan(main.name(), 1, 1, 1, 2, 0, 1),
                    "the program is nested too deeply to check (run with a larger thread stack, -Xss)");
            return failed(diags, sources);
        }
    }

    private static CheckResult stages(Source main, CheckOptions options, SourceSet sources, Diagnostics diags) {
        sources.add(main.name(), main.text());
        Program prelude = prelude(sources, diags);
        List<Program> user = new ArrayList<>();
        Optional<Program> mainProgram = SourceParser.parse(main.name(), main.text(), diags);
        if (mainProgram.isEmpty()) return failed(diags, sources);
        user.add(mainProgram.get());
        Imports.load(mainProgram.get(), main, options, sources, diags, user);
        if (diags.hasErrors()) return failed(diags, sources);
        try {
            return checkPrograms(prelude, user, options, sources, diags);
        } catch (LimitExceeded e) {
            diags.error(e.code(), e.span(), e.getMessage());
            return failed(diags, sources);
        } catch (CheckFailure e) {
            return failed(diags, sources);
        }
    }

    private static CheckResult failed(Diagnostics diags, SourceSet sources) {
        return new CheckResult(diags.all(), Optional.empty(), sources, "");
    }

    static Program prelude(SourceSet sources, Diagnostics diags) {
        if (preludeProgram == null) {
            synchronized (Checker.class) {
                if (preludeProgram == null) {
                    try (InputStream in = Checker.class.getResourceAsStream("/dev/switchyard/dsl/prelude.sy")) {
                        if (in == null) throw new IllegalStateException("prelude.sy is missing from the jar");
                        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        Diagnostics own = new Diagnostics(20);
                        Optional<Program> p = SourceParser.parse(PRELUDE, text, own);
                        if (p.isEmpty()) {
                            throw new IllegalStateException("prelude.sy does not parse: " + own.all().get(0).headline());
                        }
                        preludeText = text;
                        preludeProgram = p.get();
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot read prelude.sy", e);
                    }
                }
            }
        }
        sources.add(PRELUDE, preludeText);
        return preludeProgram;
    }

    /** The prelude's text as shipped in the jar. */
    public static String preludeText() {
        prelude(new SourceSet(), new Diagnostics(1));
        return preludeText;
    }

    private static CheckResult checkPrograms(Program prelude, List<Program> user, CheckOptions options, SourceSet sources,
                                             Diagnostics diags) {
        // ---- declarations: user definitions shadow the prelude's; duplicates among user files are errors
        Map<String, Item.BlockDef> blocks = new LinkedHashMap<>();
        Map<String, Item> globalsDecl = new LinkedHashMap<>();
        List<Item> ordered = new ArrayList<>();
        for (Item i : prelude.items()) {
            switch (i) {
                case Item.BlockDef b -> blocks.put(b.name(), b);
                case Item.DimDef d -> globalsDecl.put(d.name(), d);
                case Item.ConstDef c -> globalsDecl.put(c.name(), c);
                default -> { }
            }
        }
        Set<String> preludeNames = new HashSet<>(blocks.keySet());
        preludeNames.addAll(globalsDecl.keySet());
        Map<String, SourceSpan> userDefined = new HashMap<>();
        List<Item.MeshDef> meshes = new ArrayList<>();
        List<Item.LayoutDef> layouts = new ArrayList<>();
        Optional<String> modelName = Optional.empty();
        Optional<Item.PrecisionDef> precision = Optional.empty();
        for (Program p : user) {
            for (Item i : p.items()) {
                switch (i) {
                    case Item.BlockDef b -> {
                        if (userDuplicate(b.name(), b.nameSpan(), userDefined, diags)) continue;
                        if (Builtins.NAMES.contains(b.name()) || ElemType.fromSpelling(b.name()).isPresent()) {
                            diags.error("E097", b.nameSpan(), "block '" + b.name() + "' has the name of a built-in function; rename it");
                            continue;
                        }
                        globalsDecl.remove(b.name());
                        blocks.put(b.name(), b);
                    }
                    case Item.DimDef d -> {
                        if (userDuplicate(d.name(), d.nameSpan(), userDefined, diags)) continue;
                        blocks.remove(d.name());
                        globalsDecl.put(d.name(), d);
                    }
                    case Item.ConstDef c -> {
                        if (userDuplicate(c.name(), c.nameSpan(), userDefined, diags)) continue;
                        blocks.remove(c.name());
                        globalsDecl.put(c.name(), c);
                    }
                    case Item.MeshDef m -> {
                        Optional<Item.MeshDef> prev = meshes.stream().filter(x -> x.name().equals(m.name())).findFirst();
                        if (prev.isPresent()) {
                            diags.error("E011", m.nameSpan(), "mesh '" + m.name() + "' is defined twice",
                                    new Diagnostic.Note("first definition", prev.get().nameSpan()));
                        } else {
                            meshes.add(m);
                        }
                    }
                    case Item.LayoutDef l -> layouts.add(l);
                    case Item.Model m -> {
                        if (p == user.get(0)) modelName = Optional.of(m.name());
                    }
                    case Item.PrecisionDef pd -> {
                        if (p == user.get(0)) precision = Optional.of(pd);
                    }
                    case Item.Import im -> { }
                }
            }
        }
        for (Item i : globalsDecl.values()) ordered.add(i);

        // ---- static resolution
        Resolver resolver = new Resolver(diags, globalsDecl.keySet(), blocks);
        for (Item.BlockDef b : blocks.values()) {
            boolean own = !b.span().file().equals(PRELUDE);
            resolver.block(b, own);
        }
        if (diags.hasErrors()) return failed(diags, sources);

        // ---- top-level values
        Scope globals = new Scope(null);
        GraphBuilder graph = new GraphBuilder(options.maxNodes());
        Elaborator el = new Elaborator(diags, blocks, globals, graph, new Mesh("none", List.of()));
        el.maxWork = options.maxWork();
        ElemType defaultPrecision = ElemType.F32;
        if (precision.isPresent()) {
            try {
                defaultPrecision = el.elemType(precision.get().elem(), precision.get().span());
            } catch (CheckFailure f) {
                return failed(diags, sources);
            }
        }
        Frame top = new Frame(List.of(), List.of(), defaultPrecision, 0);
        Set<String> overridden = new HashSet<>();
        for (Item i : ordered) {
            try {
                switch (i) {
                    case Item.DimDef d -> {
                        Val v = options.dimOverrides().containsKey(d.name())
                                ? number(options.dimOverrides().get(d.name()))
                                : el.eval(d.size(), globals, top);
                        if (options.dimOverrides().containsKey(d.name())) overridden.add(d.name());
                        globals.define(d.name(), Scope.Kind.GLOBAL_DIM, d.nameSpan(), new DimV(new Dim(d.name(), el.dimSize(v, d.size().span()))));
                    }
                    case Item.ConstDef c -> {
                        Val v = options.dimOverrides().containsKey(c.name())
                                ? number(options.dimOverrides().get(c.name()))
                                : el.eval(c.value(), globals, top);
                        if (options.dimOverrides().containsKey(c.name())) overridden.add(c.name());
                        globals.define(c.name(), Scope.Kind.GLOBAL_CONST, c.nameSpan(), v);
                    }
                    default -> { }
                }
            } catch (CheckFailure f) {
                String n = i instanceof Item.DimDef d ? d.name() : ((Item.ConstDef) i).name();
                globals.define(n, Scope.Kind.GLOBAL_CONST, i.span(), Val.POISON);
            }
        }
        for (String k : options.dimOverrides().keySet()) {
            if (!overridden.contains(k)) diags.error("E067", SourceSpan.NONE, "cannot override '" + k + "': no top-level dim or const of that name");
        }
        Mesh mesh = MeshSetup.mesh(el, meshes, globals, top, options);
        el.mesh = mesh;
        List<LayoutRule> rules = MeshSetup.layout(el, layouts, mesh, globals, dimNames(blocks.values(), globalsDecl.keySet()));
        if (diags.hasErrors()) return failed(diags, sources);

        // ---- elaborate forward
        Item.BlockDef fwd = blocks.get("forward");
        if (fwd == null || fwd.span().file().equals(PRELUDE)) {
            diags.error("E098", new SourceSpan(user.get(0).file(), 1, 1, 1, 2, 0, 1),
                    "no block 'forward': a model needs one as its entry point, e.g. block forward(tokens: i32[batch, seq]) { … }");
            return failed(diags, sources);
        }
        el.forward(fwd, defaultPrecision);
        if (diags.hasErrors()) return failed(diags, sources);
        String name = modelName.orElseGet(() -> baseName(user.get(0).file()));
        ModelGraph g = graph.finish(name, mesh, rules, diags);
        if (diags.hasErrors()) return failed(diags, sources);
        GraphVerifier.verify(g);
        return new CheckResult(diags.all(), Optional.of(g), sources, el.types.toString());
    }

    private static Val number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 9e15 ? new IntV((long) v) : new FloatV(v);
    }

    private static boolean userDuplicate(String name, SourceSpan span, Map<String, SourceSpan> seen, Diagnostics diags) {
        SourceSpan prev = seen.putIfAbsent(name, span);
        if (prev == null) return false;
        diags.error("E011", span, "'" + name + "' is defined twice", new Diagnostic.Note("first definition", prev));
        return true;
    }

    private static Set<String> dimNames(Iterable<Item.BlockDef> blocks, Set<String> globals) {
        Set<String> names = new HashSet<>(globals);
        for (Item.BlockDef b : blocks) collectDims(b.body(), names);
        return names;
    }

    private static void collectDims(List<Stmt> body, Set<String> names) {
        for (Stmt s : body) {
            switch (s) {
                case Stmt.DimDecl d -> names.add(d.name());
                case Stmt.For f -> collectDims(f.body(), names);
                case Stmt.If i -> {
                    collectDims(i.then(), names);
                    i.otherwise().ifPresent(o -> collectDims(o, names));
                }
                default -> { }
            }
        }
    }

    private static String baseName(String file) {
        String f = Path.of(file).getFileName().toString();
        return f.endsWith(".sy") ? f.substring(0, f.length() - 3) : f;
    }
}
