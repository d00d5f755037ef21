package dev.switchyard.compiler.lower;

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
}
