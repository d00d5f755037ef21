package dev.switchyard.dsl.check;

import dev.switchyard.dsl.Diagnostics;
import dev.switchyard.dsl.SourceSpan;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.Initializer;
import dev.switchyard.dsl.graph.Input;
import dev.switchyard.dsl.graph.LayoutRule;
import dev.switchyard.dsl.graph.Mesh;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.Output;
import dev.switchyard.dsl.graph.Param;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.Sharding;
import dev.switchyard.dsl.graph.TensorType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates the graph while the elaborator runs. Values get provisional ids in creation order;
 * {@link #finish} renumbers them (parameters, then inputs, then nodes), derives every sharding from
 * the layout rules and checks the mesh constraints on every tensor type.
 */
final class GraphBuilder {

    private sealed interface Pending permits PParam, PInput, PNode {}
    private record PParam(String path, TensorType type, Initializer init, boolean shared, SourceSpan span) implements Pending {}
    private record PInput(String name, TensorType type, SourceSpan span) implements Pending {}
    private record PNode(Primitive op, List<Integer> operands, Attrs attrs, TensorType type, SourceSpan span,
                         String blockPath, Map<String, List<String>> override) implements Pending {}

    private final List<Pending> values = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();
    private final long maxNodes;
    private long nextStream;
    private long parameterBytes;

    GraphBuilder(long maxNodes) { this.maxNodes = maxNodes; }

    int size() { return values.size(); }

    TensorType type(int id) {
        return switch (values.get(id)) {
            case PParam p -> p.type();
            case PInput p -> p.type();
            case PNode p -> p.type();
        };
    }

    int param(String path, TensorType type, Initializer init, boolean shared, SourceSpan span) {
        long bytes = checkSize(type, span);
        try {
            parameterBytes = Math.addExact(parameterBytes, bytes);
        } catch (ArithmeticException e) {
            throw new LimitExceeded("E081", span, "the parameters up to this one hold more than 2^63 - 1 bytes in all; no device holds that");
        }
        values.add(new PParam(path, type, init, shared, span));
        return values.size() - 1;
    }

    void markShared(int id) {
        if (values.get(id) instanceof PParam p && !p.shared()) {
            values.set(id, new PParam(p.path(), p.type(), p.init(), true, p.span()));
        }
    }

    int input(String name, TensorType type, SourceSpan span) {
        checkSize(type, span);
        values.add(new PInput(name, type, span));
        return values.size() - 1;
    }

    /** Adds a node; false-free: the caller has already checked the types. */
    int node(Primitive op, List<Integer> operands, Attrs attrs, TensorType type, SourceSpan span, String blockPath) {
        return node(op, operands, attrs, type, span, blockPath, Map.of());
    }

    int node(Primitive op, List<Integer> operands, Attrs attrs, TensorType type, SourceSpan span, String blockPath,
             Map<String, List<String>> override) {
        if (values.size() >= maxNodes) {
            throw new LimitExceeded("E045", span, "the model has more than " + maxNodes
                    + " operations; is a loop bound or a layer count too large?");
        }
        checkSize(type, span);
        values.add(new PNode(op, operands, attrs, type, span, blockPath, override));
        return values.size() - 1;
    }

    long nextStream() { return nextStream++; }

    void output(String name, int id) { outputs.add(new Output(name, id)); }

    /** Every value's byte size is exact: a type past 2^63 - 1 bytes is refused where it is made, so no later sum overflows. */
    private static long checkSize(TensorType type, SourceSpan span) {
        try {
            return type.byteSize();
        } catch (ArithmeticException e) {
            throw new LimitExceeded("E080", span, "tensor " + type + " holds more than 2^63 - 1 bytes; no device holds that");
        }
    }

    ModelGraph finish(String name, Mesh mesh, List<LayoutRule> rules, Diagnostics diagnostics) {
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
                        ruled.apply(p.type(), p.span()), p.shared(), p.span()));
                case PInput p -> inputs.add(new Input(newId[i], p.name(), p.type(), ruled.apply(p.type(), p.span()), p.span()));
                case PNode p -> {
                    List<Integer> ops = new ArrayList<>(p.operands().size());
                    for (int o : p.operands()) ops.add(newId[o]);
                    Sharding s = p.override().isEmpty() ? ruled.apply(p.type(), p.span())
                            : sharding(p.type(), ruleMap, p.override(), mesh, p.span(), diagnostics);
                    nodes.add(new Node(newId[i], p.op(), ops, p.attrs(), p.type(), s, p.span(), p.blockPath()));
                }
            }
        }
        List<Output> outs = outputs.stream().map(o -> new Output(o.name(), newId[o.value()])).toList();
        return new ModelGraph(name, mesh, rules, params, inputs, nodes, outs);
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
}
