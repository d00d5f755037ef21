package dev.switchyard.compiler.lower;

import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.TensorType;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.ir.Value;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.ArrayList;
import java.util.List;

/**
 * What a primitive lowering sees: the graph, the StableHLO value of every graph value lowered so far
 * (indexed by graph id), the op emitter, and the named-dim bookkeeping that turns names into
 * positions.
 */
public final class LoweringContext {
    private final ModelGraph graph;
    private final Value[] values;
    private final StablehloOps ops;
    private final DispatchLowering dispatch;

    public LoweringContext(ModelGraph graph, StablehloOps ops, DispatchLowering dispatch) {
        this.graph = graph;
        this.values = new Value[graph.valueCount()];
        this.ops = ops;
        this.dispatch = dispatch;
    }

    public ModelGraph graph() { return graph; }

    public StablehloOps ops() { return ops; }

    public DispatchLowering dispatch() { return dispatch; }

    private final java.util.Map<String, List<Value>> shared = new java.util.HashMap<>();

    public void bind(int id, Value v) { values[id] = v; }

    /** Ops two nodes can share (TOP_K_VALUES and TOP_K_INDICES of one operand come from one sort). */
    public List<Value> sharedOps(String key, java.util.function.Supplier<List<Value>> make) {
        return shared.computeIfAbsent(key, k -> make.get());
    }

    public Value value(int id) {
        Value v = values[id];
        if (v == null) throw new IllegalStateException("graph value %" + id + " used before it is defined");
        return v;
    }

    public TensorType typeOf(int id) { return graph.value(id).type(); }

    /** Operand {@code i} of {@code n}. */
    public Value operand(Node n, int i) { return value(n.operands().get(i)); }

    public TensorType operandType(Node n, int i) { return typeOf(n.operands().get(i)); }

    /** Operand {@code i} brought to the node's dims (transposed/broadcast by name as needed). */
    public Value operandAsResult(Node n, int i) {
        return conform(operand(n, i), operandType(n, i), n.type().dims());
    }

    // ---- types -----------------------------------------------------------------------------

    public static ElementType element(ElemType e) {
        return ElementType.fromMlirName(e.mlir()).orElseThrow(() -> new IllegalStateException("no StableHLO type for " + e));
    }

    public static long[] shape(TensorType t) { return shape(t.dims()); }

    public static long[] shape(List<Dim> dims) {
        long[] s = new long[dims.size()];
        for (int i = 0; i < s.length; i++) s[i] = dims.get(i).size();
        return s;
    }

    public static Type.TensorType hloType(TensorType t) { return new Type.TensorType(element(t.elem()), shape(t)); }

    /** Positions of {@code names} in {@code dims}, failing loudly for a malformed graph. */
    public static long[] positions(List<Dim> dims, List<String> names) {
        long[] out = new long[names.size()];
        for (int i = 0; i < out.length; i++) {
            int p = indexOf(dims, names.get(i));
            if (p < 0) throw new IllegalStateException("dim " + names.get(i) + " not in " + dims);
            out[i] = p;
        }
        return out;
    }

    public static int indexOf(List<Dim> dims, String name) {
        for (int i = 0; i < dims.size(); i++) if (dims.get(i).name().equals(name)) return i;
        return -1;
    }

    public static List<String> names(List<Dim> dims) {
        List<String> out = new ArrayList<>(dims.size());
        for (Dim d : dims) out.add(d.name());
        return out;
    }

    /**
     * Brings {@code v} (whose dims are {@code from}) to the dims {@code to}: a transpose when the
     * names are the same set in another order, a broadcast when {@code from} is a subset. Dims match
     * by name, never by position.
     */
    public Value conform(Value v, TensorType from, List<Dim> to) {
        return conform(v, from.dims(), to);
    }

    public Value conform(Value v, List<Dim> from, List<Dim> to) {
        if (from.equals(to)) return v;
        for (Dim d : from) {
            if (indexOf(to, d.name()) < 0) throw new IllegalStateException("cannot bring " + from + " to " + to + ": " + d.name() + " is not a target dim");
        }
        // Order the operand's own dims as they appear in the target, then broadcast in order.
        List<Dim> ordered = new ArrayList<>(from);
        ordered.sort((a, c) -> Integer.compare(indexOf(to, a.name()), indexOf(to, c.name())));
        long[] perm = positions(from, names(ordered));
        Value t = ops.transpose(v, perm);
        if (ordered.size() == to.size()) return t;
        return ops.broadcastInDim(t, positions(to, names(ordered)), shape(to));
    }
}
