package dev.switchyard.dsl.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the invariants every {@link ModelGraph} keeps, after elaboration and after every pass:
 * dense ids in order (parameters, inputs, nodes), operands defined before use, each node's
 * primitive rule ({@link TypeRules}: arity, attributes, result type), shardings that fit the type
 * and the mesh, unique parameter paths and output names, outputs that exist. The message of a
 * failure names the node ({@code %12 = einsum @encoder.layer_0.mlp (file.sy:4:9)}).
 */
public final class GraphVerifier {
    private GraphVerifier() {}

    /** A graph that breaks an invariant. */
    public static final class InvalidGraph extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvalidGraph(String message) { super(message, null, false, false); }
    }

    /** Throws {@link InvalidGraph} naming the first value that breaks an invariant. */
    public static ModelGraph verify(ModelGraph g) {
        List<String> problems = problems(g, 1);
        if (!problems.isEmpty()) throw new InvalidGraph("invalid graph " + g.name() + ": " + problems.get(0));
        return g;
    }

    /** Up to {@code max} problems, each naming its value. */
    public static List<String> problems(ModelGraph g, int max) {
        List<String> out = new ArrayList<>();
        int id = 0;
        Set<String> paths = new HashSet<>();
        for (Param p : g.params()) {
            if (p.id() != id++) add(out, "param " + p.path() + " has id %" + p.id() + ", expected %" + (id - 1));
            if (!paths.add(p.path())) add(out, "param %" + p.id() + ": path " + p.path() + " is used twice");
            sharding(out, "param %" + p.id() + " " + p.path(), p.type(), p.sharding(), g.mesh());
        }
        Set<String> inputNames = new HashSet<>();
        for (Input in : g.inputs()) {
            if (in.id() != id++) add(out, "input " + in.name() + " has id %" + in.id() + ", expected %" + (id - 1));
            if (!inputNames.add(in.name())) add(out, "input %" + in.id() + ": name " + in.name() + " is used twice");
            sharding(out, "input %" + in.id() + " " + in.name(), in.type(), in.sharding(), g.mesh());
        }
        for (Node n : g.nodes()) {
            if (out.size() >= max) return out;
            String where = describe(n);
            if (n.id() != id++) {
                add(out, where + ": id out of order, expected %" + (id - 1));
                continue;
            }
            List<TensorType> operandTypes = new ArrayList<>(n.operands().size());
            boolean defined = true;
            for (int o : n.operands()) {
                if (o < 0 || o >= n.id()) {
                    add(out, where + ": operand %" + o + " is not defined before it");
                    defined = false;
                } else {
                    operandTypes.add(g.value(o).type());
                }
            }
            if (!defined) continue;
            try {
                TypeRules.check(n.op(), operandTypes, n.attrs(), n.type());
            } catch (TypeRules.Mismatch e) {
                add(out, where + ": " + e.getMessage());
            }
            sharding(out, where, n.type(), n.sharding(), g.mesh());
        }
        Set<String> outputNames = new HashSet<>();
        for (Output o : g.outputs()) {
            if (o.value() < 0 || o.value() >= g.valueCount()) add(out, "output " + o.name() + " refers to %" + o.value() + ", which does not exist");
            if (!outputNames.add(o.name())) add(out, "output " + o.name() + " is declared twice");
        }
        return out.size() > max ? out.subList(0, max) : out;
    }

    /** {@code %12 = einsum @encoder.layer_0.mlp (file.sy:4:9)}. */
    public static String describe(Node n) {
        StringBuilder b = new StringBuilder("%").append(n.id()).append(" = ").append(n.op().mnemonic());
        if (!n.blockPath().isEmpty()) b.append(" @").append(n.blockPath());
        if (!n.span().isNone()) b.append(" (").append(n.span().location()).append(')');
        return b.toString();
    }

    private static void sharding(List<String> out, String where, TensorType t, Sharding s, Mesh mesh) {
        if (s.axesPerDim().size() != t.rank()) {
            add(out, where + ": sharding " + s + " has " + s.axesPerDim().size() + " dims, the type " + t + " has " + t.rank());
            return;
        }
        Set<String> used = new HashSet<>();
        for (int i = 0; i < t.rank(); i++) {
            long product = 1;
            for (String axis : s.axesPerDim().get(i)) {
                if (mesh.axes().stream().noneMatch(a -> a.name().equals(axis))) {
                    add(out, where + ": sharding " + s + " names mesh axis " + axis + ", which mesh " + mesh + " lacks");
                    return;
                }
                if (!used.add(axis)) add(out, where + ": mesh axis " + axis + " splits two dims of " + t);
                product *= mesh.size(axis);
            }
            if (t.dims().get(i).size() % product != 0) {
                add(out, where + ": dim " + t.dims().get(i) + " is not divisible by its mesh axes " + s.axesPerDim().get(i));
            }
        }
    }

    private static void add(List<String> out, String problem) { out.add(problem); }
}
