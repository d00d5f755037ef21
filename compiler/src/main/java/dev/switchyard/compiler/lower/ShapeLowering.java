package dev.switchyard.compiler.lower;

import dev.switchyard.compiler.autodiff.Vjp;
import java.util.Map;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.TensorType;
import dev.switchyard.hlo.ir.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * BROADCAST/transpose, RESHAPE, RENAME, CONCAT and SLICE. Renames and layout changes cost nothing:
 * names exist only in the graph, so a rename reuses the operand's StableHLO value.
 */
final class ShapeLowering {
    private ShapeLowering() {}

    static Value broadcast(Node n, LoweringContext cx) { return cx.operandAsResult(n, 0); }

    static Value reshape(Node n, LoweringContext cx) {
        return cx.ops().reshape(cx.operand(n, 0), LoweringContext.shape(n.type()));
    }

    /** Positions do not change; only the names do (RENAME), or only the sharding (LAYOUT). */
    static Value identity(Node n, LoweringContext cx) { return cx.operand(n, 0); }

    static Value concat(Node n, LoweringContext cx) {
        Attrs.Concat a = (Attrs.Concat) n.attrs();
        int axis = LoweringContext.indexOf(n.type().dims(), a.resultDim());
        List<Value> parts = new ArrayList<>();
        for (int i = 0; i < n.operands().size(); i++) {
            // Each operand, with its concatenated dim renamed to the result's, in the result's dim order.
            TensorType t = cx.operandType(n, i);
            String own = a.operandDims().get(i);
            List<Dim> renamed = new ArrayList<>();
            for (Dim d : t.dims()) renamed.add(d.name().equals(own) ? new Dim(a.resultDim(), d.size()) : d);
            List<Dim> target = new ArrayList<>(n.type().dims());
            target.set(axis, new Dim(a.resultDim(), t.dims().get(t.indexOf(own)).size()));
            parts.add(cx.conform(cx.operand(n, i), renamed, target));
        }
        return cx.ops().concatenate(parts, axis);
    }

    static Value slice(Node n, LoweringContext cx) {
        Attrs.Slice a = (Attrs.Slice) n.attrs();
        TensorType in = cx.operandType(n, 0);
        int axis = in.indexOf(a.dim());
        long size = n.type().dim(a.resultDim()).orElseThrow().size();
        Value s = cx.ops().sliceDim(cx.operand(n, 0), axis, a.start(), size);
        List<Dim> sliced = new ArrayList<>(in.dims());
        sliced.set(axis, new Dim(a.resultDim(), size));
        return cx.conform(s, sliced, n.type().dims());
    }

    // ---- vector-Jacobian products -------------------------------------------------------------

    /** broadcast ↔ reduce-sum: the cotangent summed over the dims the broadcast added. */
    static void broadcastVjp(Node n, Vjp cx) {
        if (cx.needs(n, 0)) cx.add(n, 0, cx.sumTo(cx.cot(n), cx.type(Vjp.operand(n, 0))));
    }

    static void reshapeVjp(Node n, Vjp cx) {
        if (cx.needs(n, 0)) cx.add(n, 0, cx.node(Primitive.RESHAPE, Attrs.NONE, cx.type(Vjp.operand(n, 0)), cx.cot(n)));
    }

    /** The inverse rename (positions are unchanged). */
    static void renameVjp(Node n, Vjp cx) {
        if (!cx.needs(n, 0)) return;
        Map<String, String> inverse = new java.util.HashMap<>();
        ((Attrs.Rename) n.attrs()).renames().forEach((from, to) -> inverse.put(to, from));
        cx.add(n, 0, inverse.isEmpty() ? cx.cot(n) : cx.rename(cx.cot(n), inverse));
    }

    static void identityVjp(Node n, Vjp cx) { cx.add(n, 0, cx.cot(n)); }

    /** Each operand gets its slice of the cotangent. */
    static void concatVjp(Node n, Vjp cx) {
        Attrs.Concat c = (Attrs.Concat) n.attrs();
        long offset = 0;
        for (int i = 0; i < n.operands().size(); i++) {
            TensorType t = cx.type(Vjp.operand(n, i));
            Dim d = t.dim(c.operandDims().get(i)).orElseThrow();
            if (cx.needs(n, i)) {
                TensorType piece = Vjp.replaceDim(n.type(), c.resultDim(), d);
                cx.add(n, i, cx.node(Primitive.SLICE, new Attrs.Slice(c.resultDim(), offset, d.name()), piece, cx.cot(n)));
            }
            offset += d.size();
        }
    }

    /** The cotangent padded with zeros back to the full dim (a concat with zero blocks). */
    static void sliceVjp(Node n, Vjp cx) {
        if (!cx.needs(n, 0)) return;
        Attrs.Slice s = (Attrs.Slice) n.attrs();
        TensorType x = cx.type(Vjp.operand(n, 0));
        long full = x.dim(s.dim()).orElseThrow().size();
        long size = n.type().dim(s.resultDim()).orElseThrow().size();
        List<Integer> pieces = new ArrayList<>();
        List<String> dims = new ArrayList<>();
        long[][] blocks = {{s.start(), 0}, {-1, 0}, {full - s.start() - size, 1}};
        for (long[] blk : blocks) {
            if (blk[0] < 0) {
                pieces.add(cx.cot(n));
                dims.add(s.resultDim());
            } else if (blk[0] > 0) {
                String name = s.dim() + (blk[1] == 0 ? "_before_" : "_after_") + n.id();
                pieces.add(cx.constant(0, Vjp.replaceDim(n.type(), s.resultDim(), new Dim(name, blk[0]))));
                dims.add(name);
            }
        }
        int padded = cx.node(Primitive.CONCAT, new Attrs.Concat(dims, s.dim()), Vjp.replaceDim(n.type(), s.resultDim(), x.dim(s.dim()).orElseThrow()),
                pieces.stream().mapToInt(Integer::intValue).toArray());
        cx.add(n, 0, padded);
    }

    /** The family's entry points (reached from {@link GraphLowering} by the primitive's group). */
    static Value lower(Node n, LoweringContext cx) {
        return switch (n.op()) {
            case BROADCAST -> broadcast(n, cx);
            case RESHAPE -> reshape(n, cx);
            case RENAME, LAYOUT -> identity(n, cx);
            case CONCAT -> concat(n, cx);
            case SLICE -> slice(n, cx);
            default -> throw new IllegalStateException("not a shape primitive: " + n.op());
        };
    }

    static void vjp(Node n, Vjp cx) {
        switch (n.op()) {
            case BROADCAST -> broadcastVjp(n, cx);
            case RESHAPE -> reshapeVjp(n, cx);
            case RENAME -> renameVjp(n, cx);
            case LAYOUT -> identityVjp(n, cx);
            case CONCAT -> concatVjp(n, cx);
            case SLICE -> sliceVjp(n, cx);
            default -> throw new IllegalStateException("not a shape primitive: " + n.op());
        }
    }
}
