package dev.switchyard.compiler.lower;

import dev.switchyard.dsl.graph.Node;
import dev.switchyard.hlo.ir.StablehloEnum.ComparisonDirection;
import dev.switchyard.hlo.ir.Value;
import dev.switchyard.hlo.tensor.ElementType;

/**
 * Dispatch and combine through one-hot tensors, as Mesh TensorFlow does:
 * {@code D[g,t,e,c] = Σ_k onehot(expert)[g,t,k,e]·onehot(slot)[g,t,k,c]}, {@code X_e = Σ_t D·x},
 * {@code y = Σ_{e,c} (gate·D)·Y_e}. A dropped token's slot is outside [0, C), so its one-hot row is
 * zero and it neither takes a slot nor receives output.
 */
public final class EinsumDispatch implements DispatchLowering {

    @Override public Value dispatch(Node n, LoweringContext cx) {
        MoeShape m = MoeShape.ofDispatch(n, cx);
        StablehloOps o = cx.ops();
        Value x = m.flatTokens(cx, n, 0);
        ElementType e = StablehloOps.elem(x);
        Value ohE = oneHot(o, m.flatRoute(cx, n, 1), m.e(), e);
        Value ohC = oneHot(o, m.flatRoute(cx, n, 2), m.c(), e);
        Value d = o.dotGeneral(ohE, ohC, new long[] {0, 1}, new long[] {0, 1}, new long[] {2}, new long[] {2});
        Value xe = o.dotGeneral(d, x, new long[] {0}, new long[] {0}, new long[] {1}, new long[] {1});
        return m.unflattenExperts(cx, o.transpose(xe, new long[] {1, 0, 2, 3}), n.type().dims());
    }

    @Override public Value combine(Node n, LoweringContext cx) {
        MoeShape m = MoeShape.ofCombine(n, cx);
        StablehloOps o = cx.ops();
        Value y = m.flatExperts(cx, n, 0);
        ElementType e = StablehloOps.elem(y);
        Value gate = o.convert(m.flatRoute(cx, n, 3), e);
        Value ohE = oneHot(o, m.flatRoute(cx, n, 1), m.e(), e);
        Value ohC = oneHot(o, m.flatRoute(cx, n, 2), m.c(), e);
        Value gated = o.mul(ohE, o.broadcastInDim(gate, new long[] {0, 1, 2}, StablehloOps.shape(ohE)));
        Value w = o.dotGeneral(gated, ohC, new long[] {0, 1}, new long[] {0, 1}, new long[] {2}, new long[] {2});
        Value out = o.dotGeneral(w, y, new long[] {0}, new long[] {1}, new long[] {2, 3}, new long[] {0, 2});
        return m.unflattenTokens(cx, out, n.type().dims());
    }

    /** [nb, T, K] indices → [nb, T, K, n] 0/1 of element type {@code e}. */
    private static Value oneHot(StablehloOps o, Value idx, long n, ElementType e) {
        long[] s = StablehloOps.shape(idx);
        long[] out = {s[0], s[1], s[2], n};
        Value wide = o.broadcastInDim(idx, new long[] {0, 1, 2}, out);
        Value hit = o.compare(ComparisonDirection.EQ, wide, o.iota(3, StablehloOps.elem(idx), out));
        return IndexLowering.hitTo(o, hit, e);
    }
}
