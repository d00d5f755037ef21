package dev.switchyard.compiler.cost;

import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.Input;
import dev.switchyard.dsl.graph.Mesh;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.Param;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.Sharding;
import dev.switchyard.dsl.graph.TensorType;
import dev.switchyard.dsl.graph.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Static cost of a model graph under its mesh. The rules:
 * <ul>
 *   <li><b>FLOPs</b>: EINSUM nodes only (matmuls, the router, attention scores and the weighted sum
 *       of values), 2 × the product of all dims involved (result ∪ contracted), multiply-add = 2.
 *       Elementwise ops, softmax and reductions are not counted (the paper's convention). An einsum
 *       on the expert side of a MoE layer (between dispatch and combine, with its experts and
 *       capacity dims) is counted for the tokens actually routed: E·C is replaced by T·k, so a
 *       sparse FFN costs per token exactly k dense FFNs however the capacity is padded. Dispatch
 *       and combine are data movement and count 0 whichever lowering is used.</li>
 *   <li><b>Tokens per step</b>: the element count of the largest integer input (the token ids of
 *       the longest input sequence batch; for T5 with equal source and target lengths that is
 *       batch × seq), so an encoder-decoder's FLOPs per token are encoder + decoder per position.
 *       A model fed activations instead of token ids (no integer input) counts the positions of its
 *       largest float input: its element count without the last (feature) dim.</li>
 *   <li><b>Active parameters</b>: expert weights (parameters with the experts dim used on the expert
 *       side) count k/E of their size per token; all others fully.</li>
 *   <li><b>Bytes per device</b>: each tensor's bytes divided by the product of the mesh axes its
 *       dims are split over (rounded up per dim, as a partitioner pads).</li>
 *   <li><b>All-to-all</b>: the dispatched tensor moves from the batch split to the expert split and
 *       back: per layer a device sends its shard of [E, …, C, …] times (n−1)/n where n is the number
 *       of devices along the expert axes, twice (dispatch and combine).</li>
 * </ul>
 */
public final class CostModel {
    private CostModel() {}

    public static CostReport of(ModelGraph g) {
        Mesh mesh = g.mesh();
        int first = g.params().size() + g.inputs().size();
        boolean[] expertSide = new boolean[g.valueCount()];
        long[] choices = new long[g.valueCount()];
        Attrs.Moe[] moeOf = new Attrs.Moe[g.valueCount()];
        long[] tokensOf = new long[g.valueCount()];
        List<Node> dispatches = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n.op() == Primitive.MOE_DISPATCH) {
                Attrs.Moe a = (Attrs.Moe) n.attrs();
                expertSide[n.id()] = true;
                moeOf[n.id()] = a;
                TensorType route = g.value(n.operands().get(1)).type();
                choices[n.id()] = a.choice().flatMap(route::dim).map(Dim::size).orElse(1L);
                tokensOf[n.id()] = g.value(n.operands().get(0)).type().dim(a.tokens()).orElseThrow().size();
                dispatches.add(n);
                continue;
            }
            if (n.op() == Primitive.MOE_COMBINE) continue;
            for (int o : n.operands()) {
                if (o >= first && expertSide[o] && n.type().has(moeOf[o].experts()) && n.type().has(moeOf[o].capacity())) {
                    expertSide[n.id()] = true;
                    moeOf[n.id()] = moeOf[o];
                    choices[n.id()] = choices[o];
                    tokensOf[n.id()] = tokensOf[o];
                }
            }
        }

        // Expert weights: parameters with the experts dim consumed on the expert side.
        boolean[] expertWeight = new boolean[g.params().size()];
        long[] weightChoices = new long[g.params().size()];
        long[] weightExperts = new long[g.params().size()];
        long flops = 0;
        for (Node n : g.nodes()) {
            if (!expertSide[n.id()]) {
                if (n.op() == Primitive.EINSUM) flops = exactSum(flops, () -> einsumFlops(g, n, null, 0, 0), n, "FLOPs");
                continue;
            }
            Attrs.Moe a = moeOf[n.id()];
            for (int o : n.operands()) {
                if (o < g.params().size() && g.params().get(o).type().has(a.experts())) {
                    expertWeight[o] = true;
                    weightChoices[o] = choices[n.id()];
                    weightExperts[o] = g.params().get(o).type().dim(a.experts()).orElseThrow().size();
                }
            }
            if (n.op() == Primitive.EINSUM) flops = exactSum(flops, () -> einsumFlops(g, n, a, tokensOf[n.id()], choices[n.id()]), n, "FLOPs");
        }

        long total = 0;
        double active = 0;
        long paramBytes = 0;
        for (Param p : g.params()) {
            long count = p.type().elementCount();
            total += count;
            active += expertWeight[p.id()] ? (double) count * weightChoices[p.id()] / weightExperts[p.id()] : count;
            paramBytes += bytesPerDevice(mesh, p.type(), p.sharding());
        }
        long activations = 0;
        for (Node n : g.nodes()) {
            if (n.op() == Primitive.RENAME || n.op() == Primitive.LAYOUT || n.op() == Primitive.STOP_GRADIENT) continue;
            activations = exactSum(activations, () -> bytesPerDevice(mesh, n.type(), n.sharding()), n, "activation bytes");
        }

        List<CostReport.SparseLayer> layers = new ArrayList<>();
        long allToAll = 0;
        for (Node d : dispatches) {
            Attrs.Moe a = (Attrs.Moe) d.attrs();
            long experts = d.type().dim(a.experts()).orElseThrow().size();
            long params = 0, expertParams = 0;
            String prefix = d.blockPath().isEmpty() ? "" : d.blockPath() + ".";
            for (Param p : g.params()) {
                if (!p.path().startsWith(prefix)) continue;
                params += p.type().elementCount();
                if (expertWeight[p.id()]) expertParams += p.type().elementCount();
            }
            long bytes = allToAllBytes(mesh, d, a);
            allToAll += bytes;
            layers.add(new CostReport.SparseLayer(d.blockPath(), experts, choices[d.id()], params, expertParams, bytes));
        }
        long tokens = tokensPerStep(g);
        return new CostReport(g.name(), mesh.devices(), total, Math.round(active), layers, tokens, flops,
                (double) flops / tokens, paramBytes, activations, allToAll);
    }

    /** A count of the cost model past 2^63 - 1, at the node that pushed it there. */
    public static final class TooLarge extends RuntimeException {
        private final transient dev.switchyard.dsl.SourceSpan span;

        TooLarge(dev.switchyard.dsl.SourceSpan span, String message) {
            super(message, null, false, false);
            this.span = span;
        }

        public dev.switchyard.dsl.SourceSpan span() { return span; }
    }

    private static long exactSum(long sum, java.util.function.LongSupplier term, Node n, String what) {
        try {
            return Math.addExact(sum, term.getAsLong());
        } catch (ArithmeticException e) {
            throw new TooLarge(n.span(), "the model's " + what + " pass 2^63 - 1 at this operation; it is too large to cost");
        }
    }

    /** 2 × product of the sizes of all dims of the einsum; on the expert side E·C counts as T·k. */
    static long einsumFlops(ModelGraph g, Node n, Attrs.Moe moe, long tokens, long k) {
        List<Dim> all = new ArrayList<>(n.type().dims());
        for (int o : n.operands()) {
            for (Dim d : g.value(o).type().dims()) {
                if (all.stream().noneMatch(x -> x.name().equals(d.name()))) all.add(d);
            }
        }
        long product = 2;
        for (Dim d : all) {
            if (moe != null && d.name().equals(moe.experts())) product = Math.multiplyExact(product, tokens * k);
            else if (moe != null && d.name().equals(moe.capacity())) continue;
            else product = Math.multiplyExact(product, d.size());
        }
        return product;
    }

    static long tokensPerStep(ModelGraph g) {
        long ids = 0;
        long positions = 0;
        for (Input in : g.inputs()) {
            ElemType e = in.type().elem();
            if (in.type().rank() < 1 || in.type().dims().getFirst().name().equals("rng_key")) continue;
            if (e.isInteger()) {
                ids = Math.max(ids, in.type().elementCount());
            } else if (in.type().rank() >= 2) {
                positions = Math.max(positions, in.type().elementCount() / in.type().dims().getLast().size());
            }
        }
        return Math.max(ids > 0 ? ids : positions, 1);
    }

    /** Bytes of one device's shard of a tensor: each dim's size divided (rounded up) by its axes' product. */
    public static long bytesPerDevice(Mesh mesh, TensorType t, Sharding s) {
        long n = t.elem().bytes();
        for (int i = 0; i < t.rank(); i++) {
            long split = 1;
            if (i < s.axesPerDim().size()) for (String a : s.axesPerDim().get(i)) split *= mesh.size(a);
            n = Math.multiplyExact(n, ceilDiv(t.dims().get(i).size(), split));
        }
        return n;
    }

    static long allToAllBytes(Mesh mesh, Node dispatch, Attrs.Moe a) {
        int e = dispatch.type().indexOf(a.experts());
        long n = 1;
        if (e < dispatch.sharding().axesPerDim().size()) for (String ax : dispatch.sharding().axesPerDim().get(e)) n *= mesh.size(ax);
        if (n <= 1) return 0;
        long shard = bytesPerDevice(mesh, dispatch.type(), dispatch.sharding());
        return 2 * (shard * (n - 1) / n);
    }

    private static long ceilDiv(long a, long b) { return (a + b - 1) / b; }
}
