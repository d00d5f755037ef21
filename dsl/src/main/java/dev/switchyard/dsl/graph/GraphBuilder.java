package dev.switchyard.dsl.graph;

import dev.switchyard.dsl.Diagnostics;
import dev.switchyard.dsl.SourceSpan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds and rewrites model graphs; the elaborator and every graph pass use it. Values get
 * provisional ids in creation order (parameters, inputs and nodes may be added in any order);
 * {@link #finish} renumbers them as {@link ModelGraph} requires (parameters, then inputs, then
 * nodes, each in creation order), derives every sharding not given from the layout rules and
 * checks the mesh constraints on every tensor type. Node result types are inferred from the
 * primitive's rule ({@link TypeRules}) or, where given, checked against it.
 *
 * <p>A pass starts from {@link #from(ModelGraph)}: the graph's values keep their ids and
 * shardings, and new nodes are appended after them.
 */
public final class GraphBuilder {

    private sealed interface Pending permits PParam, PInput, PNode {}
    private record PParam(String path, TensorType type, Initializer init, boolean shared, SourceSpan span,
                          Optional<Sharding> sharding) implements Pending {}
    private record PInput(String name, TensorType type, SourceSpan span, Optional<Sharding> sharding) implements Pending {}
    private record PNode(Primitive op, List<Integer> operands, Attrs attrs, TensorType type, SourceSpan span,
                         String blockPath, Map<String, List<String>> override, Optional<Sharding> sharding) implements Pending {}

    private final List<Pending> values = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();
    private final List<LayoutRule> rules = new ArrayList<>();
    private final long maxNodes;
    private String name = "graph";
    private Mesh mesh = new Mesh("none", List.of());
    private long nextStream;
    private long parameterBytes;
    private String blockPath = "";
    private SourceSpan span = SourceSpan.NONE;

    public GraphBuilder(long maxNodes) { this.maxNodes = maxNodes; }

    public GraphBuilder() { this(Long.MAX_VALUE); }

    /** A builder for a graph made in code (tests, tools): {@link #build} finishes it with this name and mesh. */
    public GraphBuilder(String name, Mesh mesh) {
        this(Long.MAX_VALUE);
        this.name = name;
        this.mesh = mesh;
    }

    /** Adds a layout rule for {@link #build}: dim {@code dim} split over {@code axes}. */
    public GraphBuilder rule(String dim, String... axes) {
        rules.add(new LayoutRule(dim, List.of(axes)));
        return this;
    }

    /** Finishes with the name, mesh and rules given to this builder; a mesh problem is an {@link IllegalArgumentException}. */
    public ModelGraph build() {
        Diagnostics d = new Diagnostics(5);
        ModelGraph g = finish(name, mesh, rules, d);
        if (d.hasErrors()) throw new IllegalArgumentException(d.all().get(0).message());
        return GraphVerifier.verify(g);
    }

    /** A builder holding {@code g}'s values with their ids, types and shardings, and its outputs. */
    public static GraphBuilder from(ModelGraph g) {
        GraphBuilder b = new GraphBuilder();
        for (Param p : g.params()) b.values.add(new PParam(p.path(), p.type(), p.init(), p.shared(), p.span(), Optional.of(p.sharding())));
        for (Input in : g.inputs()) b.values.add(new PInput(in.name(), in.type(), in.span(), Optional.of(in.sharding())));
        for (Node n : g.nodes()) {
            b.values.add(new PNode(n.op(), n.operands(), n.attrs(), n.type(), n.span(), n.blockPath(), Map.of(), Optional.of(n.sharding())));
            long stream = switch (n.attrs()) {
                case Attrs.RandomUniform r -> r.stream();
                case Attrs.RandomBernoulli r -> r.stream();
                case Attrs.Dropout d -> d.stream();
                default -> -1;
            };
            b.nextStream = Math.max(b.nextStream, stream + 1);
        }
        b.outputs.addAll(g.outputs());
        return b;
    }

    public int size() { return values.size(); }

    public TensorType type(int id) {
        return switch (values.get(id)) {
            case PParam p -> p.type();
            case PInput p -> p.type();
            case PNode p -> p.type();
        };
    }

    /** The node at provisional id {@code id}, if it is one: its primitive, operands and attributes. */
    public Optional<Node> node(int id) {
        if (values.get(id) instanceof PNode p) {
            return Optional.of(new Node(id, p.op(), p.operands(), p.attrs(), p.type(), Sharding.replicated(p.type().rank()), p.span(), p.blockPath()));
        }
        return Optional.empty();
    }

    /** Block path and source span given to the nodes added from now on (passes attribute their nodes to the node they differentiate). */
    public GraphBuilder at(String blockPath, SourceSpan span) {
        this.blockPath = blockPath;
        this.span = span;
        return this;
    }

    /** Block path for the nodes added from now on, without a source span. */
    public GraphBuilder at(String blockPath) { return at(blockPath, SourceSpan.NONE); }

    public int param(String path, TensorType type, Initializer init, boolean shared, SourceSpan span) {
        long bytes = checkSize(type, span);
        try {
            parameterBytes = Math.addExact(parameterBytes, bytes);
        } catch (ArithmeticException e) {
            throw new LimitExceeded("E081", span, "the parameters up to this one hold more than 2^63 - 1 bytes in all; no device holds that");
        }
        values.add(new PParam(path, type, init, shared, span, Optional.empty()));
        return values.size() - 1;
    }

    public int param(String path, TensorType type, Initializer init) { return param(path, type, init, false, SourceSpan.NONE); }

    /** A parameter with the Switch initialiser, truncated normal of scale 0.1 with the first dim as fan-in. */
    public int param(String path, TensorType type) {
        return param(path, type, new Initializer.TruncatedNormal(0.1, type.isScalar() ? 1 : type.dims().get(0).size()));
    }

    public void markShared(int id) {
        if (values.get(id) instanceof PParam p && !p.shared()) {
            values.set(id, new PParam(p.path(), p.type(), p.init(), true, p.span(), p.sharding()));
        }
    }

    public int input(String name, TensorType type, SourceSpan span) {
        checkSize(type, span);
        values.add(new PInput(name, type, span, Optional.empty()));
        return values.size() - 1;
    }

    public int input(String name, TensorType type) { return input(name, type, SourceSpan.NONE); }

    /** Adds a node whose type the caller worked out; it must satisfy the primitive's rule. */
    public int node(Primitive op, List<Integer> operands, Attrs attrs, TensorType type, SourceSpan span, String blockPath) {
        return node(op, operands, attrs, type, span, blockPath, Map.of());
    }

    /** As above, with the user's sharding override (dim → mesh axes) for this node. */
    public int node(Primitive op, List<Integer> operands, Attrs attrs, TensorType type, SourceSpan span, String blockPath,
                    Map<String, List<String>> override) {
        if (values.size() >= maxNodes) {
            throw new LimitExceeded("E045", span, "the model has more than " + maxNodes
                    + " operations; is a loop bound or a layer count too large?");
        }
        checkSize(type, span);
        for (int o : operands) {
            if (o < 0 || o >= values.size()) throw new IllegalArgumentException(op.mnemonic() + ": operand %" + o + " is not defined yet");
        }
        TypeRules.check(op, operandTypes(operands), attrs, type);
        values.add(new PNode(op, operands, attrs, type, span, blockPath, override, Optional.empty()));
        return values.size() - 1;
    }

    /** A node at the current {@link #at} position, its type given. */
    public int node(Primitive op, Attrs attrs, TensorType type, int... operands) {
        return node(op, ids(operands), attrs, type, span, blockPath);
    }

    /** A node at the current {@link #at} position, its type inferred from the primitive's rule. */
    public int node(Primitive op, Attrs attrs, int... operands) {
        List<Integer> ops = ids(operands);
        return node(op, ops, attrs, TypeRules.infer(op, operandTypes(ops), attrs), span, blockPath);
    }

    public int node(Primitive op, int... operands) { return node(op, Attrs.NONE, operands); }

    /** A node without attributes, its type given. */
    public int node(Primitive op, TensorType type, int... operands) { return node(op, Attrs.NONE, type, operands); }

    /** A node with its sharding given instead of derived (see {@link #nodeWithSharding}). */
    public int node(Primitive op, Attrs attrs, TensorType type, Sharding sharding, int... operands) {
        return nodeWithSharding(op, attrs, type, sharding, operands);
    }

    /** A splat constant of {@code type}. */
    public int constant(double value, TensorType type) {
        return node(Primitive.CONSTANT, new Attrs.Constant(value), type);
    }

    /** A node carrying a given sharding (a pass pinning a value to another value's layout). */
    public int nodeWithSharding(Primitive op, Attrs attrs, TensorType type, Sharding sharding, int... operands) {
        List<Integer> ops = ids(operands);
        TypeRules.check(op, operandTypes(ops), attrs, type);
        values.add(new PNode(op, ops, attrs, type, span, blockPath, Map.of(), Optional.of(sharding)));
        return values.size() - 1;
    }

    public long nextStream() { return nextStream++; }

    public GraphBuilder output(String name, int id) {
        outputs.add(new Output(name, id));
        return this;
    }

    private List<TensorType> operandTypes(List<Integer> operands) {
        List<TensorType> ts = new ArrayList<>(operands.size());
        for (int o : operands) ts.add(type(o));
        return ts;
    }

    private static List<Integer> ids(int[] operands) {
        List<Integer> ops = new ArrayList<>(operands.length);
        for (int o : operands) ops.add(o);
        return ops;
    }

    /** Renumbers and derives shardings; mesh problems are reported to {@code diagnostics}. */
    public ModelGraph finish(String name, Mesh mesh, List<LayoutRule> rules, Diagnostics diagnostics) {
        Map<String, List<String>> ruleMap = new HashMap<>();
        for (LayoutRule r : rules) ruleMap.put(r.dim(), r.axes());
        int[] newId = new int[values.size()];
        int next = 0;
        for (int pass = 0; pass < 3; pass++) {
            for (int i = 0; i < values.size(); i++) {
                Pending p = values.get(i);
                int kind = p instanceof PParam ? 0 : p instanceof PInput ? 1 : 2;
                if (kind == pass) newId[i] = next++;
            }
        }
        // most values share a handful of types: derive each type's sharding (and its errors) once
        Map<TensorType, Sharding> byType = new HashMap<>();
        java.util.function.BiFunction<TensorType, SourceSpan, Sharding> ruled = (type, span) -> {
            Sharding s = byType.get(type);
            if (s == null) {
                s = sharding(type, ruleMap, Map.of(), mesh, span, diagnostics);
                byType.put(type, s);
            }
            return s;
        };
        List<Param> params = new ArrayList<>();
        List<Input> inputs = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            switch (values.get(i)) {
                case PParam p -> params.add(new Param(newId[i], p.path(), p.type(), p.init(),
                        p.sharding().orElseGet(() -> ruled.apply(p.type(), p.span())), p.shared(), p.span()));
                case PInput p -> inputs.add(new Input(newId[i], p.name(), p.type(),
                        p.sharding().orElseGet(() -> ruled.apply(p.type(), p.span())), p.span()));
                case PNode p -> {
                    List<Integer> ops = new ArrayList<>(p.operands().size());
                    for (int o : p.operands()) ops.add(newId[o]);
                    Sharding s = p.sharding().isPresent() ? p.sharding().get()
                            : p.override().isEmpty() ? ruled.apply(p.type(), p.span())
                            : sharding(p.type(), ruleMap, p.override(), mesh, p.span(), diagnostics);
                    nodes.add(new Node(newId[i], p.op(), ops, p.attrs(), p.type(), s, p.span(), p.blockPath()));
                }
            }
        }
        List<Output> outs = outputs.stream().map(o -> new Output(o.name(), newId[o.value()])).toList();
        return new ModelGraph(name, mesh, rules, params, inputs, nodes, outs);
    }

    /**
     * For passes: finishes with {@code like}'s name, mesh and layout rules, and fails on a mesh
     * problem (a pass that breaks the layout rules is a compiler bug).
     */
    public ModelGraph finish(ModelGraph like) {
        Diagnostics d = new Diagnostics(5);
        ModelGraph g = finish(like.name(), like.mesh(), like.layout(), d);
        if (d.hasErrors()) throw new IllegalStateException("graph pass broke the layout rules: " + d.all().get(0).message());
        return g;
    }

    /** The sharding the layout rules give {@code type} (replicated where no rule names a dim). */
    public static Sharding ruled(TensorType type, List<LayoutRule> rules, Mesh mesh) {
        Map<String, List<String>> ruleMap = new HashMap<>();
        for (LayoutRule r : rules) ruleMap.put(r.dim(), r.axes());
        return sharding(type, ruleMap, Map.of(), mesh, SourceSpan.NONE, new Diagnostics(5));
    }

    private static Sharding sharding(TensorType type, Map<String, List<String>> rules, Map<String, List<String>> override,
                                     Mesh mesh, SourceSpan span, Diagnostics diagnostics) {
        List<List<String>> axes = new ArrayList<>(type.rank());
        Map<String, String> usedBy = new HashMap<>();
        for (Dim d : type.dims()) {
            List<String> a = override.containsKey(d.name()) ? override.get(d.name()) : rules.getOrDefault(d.name(), List.of());
            List<String> kept = new ArrayList<>();
            long product = 1;
            for (String axis : a) {
                String previous = usedBy.putIfAbsent(axis, d.name());
                if (previous != null) {
                    diagnostics.error("E071", span, "mesh axis '" + axis + "' splits two dims of " + type + ": "
                            + previous + " and " + d.name() + " (a mesh axis may split at most one dim of a tensor)");
                    continue;
                }
                kept.add(axis);
                product *= mesh.size(axis);
            }
            if (product > 1 && d.size() % product != 0) {
                diagnostics.error("E072", span, "dim " + d.name() + " (" + d.size() + ") is not divisible by mesh axes "
                        + String.join(" × ", kept) + " (" + product + ") in " + type);
            }
            axes.add(kept);
        }
        return new Sharding(axes, !override.isEmpty());
    }

    /** Every value's byte size is exact: a type past 2^63 - 1 bytes is refused where it is made, so no later sum overflows. */
    private static long checkSize(TensorType type, SourceSpan span) {
        try {
            return type.byteSize();
        } catch (ArithmeticException e) {
            throw new LimitExceeded("E080", span, "tensor " + type + " holds more than 2^63 - 1 bytes; no device holds that");
        }
    }
}
