package dev.switchyard.compiler.lower;

import dev.switchyard.dsl.graph.Node;
import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.StablehloEnum.ComparisonDirection;
import dev.switchyard.hlo.ir.Value;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.List;

/**
 * Dispatch by {@code stablehlo.scatter} and combine by {@code stablehlo.gather}, indexed by
 * (expert, group, slot) per (group, token, choice): each token row moves once, and no
 * [tokens, experts, capacity] tensor exists. A dropped token (slot outside [0, C)) is sent to slot 0
 * with a zero update (scatter adds, so it changes nothing) and gets weight 0 on the way back, so the
 * result never depends on how a backend treats out-of-range indices.
 */
public final class GatherDispatch implements DispatchLowering {

    @Override public Value dispatch(Node n, LoweringContext cx) {
        MoeShape m = MoeShape.ofDispatch(n, cx);
        StablehloOps o = cx.ops();
        Value x = m.flatTokens(cx, n, 0);
        ElementType e = StablehloOps.elem(x);
        Route r = route(o, m, m.flatRoute(cx, n, 1), m.flatRoute(cx, n, 2));
        long[] us = {m.nb(), m.t(), m.k(), m.f()};
        Value updates = o.broadcastInDim(x, new long[] {0, 1, 3}, us);
        Value keep = o.broadcastInDim(r.valid, new long[] {0, 1, 2}, us);
        updates = o.select(keep, updates, o.constant(0, e, us));
        Value zeros = o.constant(0, e, m.e(), m.nb(), m.c(), m.f());
        var dn = new Attribute.ScatterDimensionNumbers(new long[] {3}, new long[] {0, 1, 2}, new long[0], new long[0],
                new long[] {0, 1, 2}, 3);
        Value xe = o.scatterAdd(zeros, r.indices, updates, dn);
        return m.unflattenExperts(cx, xe, n.type().dims());
    }

    @Override public Value combine(Node n, LoweringContext cx) {
        MoeShape m = MoeShape.ofCombine(n, cx);
        StablehloOps o = cx.ops();
        Value y = m.flatExperts(cx, n, 0);
        ElementType e = StablehloOps.elem(y);
        Route r = route(o, m, m.flatRoute(cx, n, 1), m.flatRoute(cx, n, 2));
        var dn = new Attribute.GatherDimensionNumbers(new long[] {3}, new long[] {0, 1, 2}, new long[0], new long[0],
                new long[] {0, 1, 2}, 3);
        long[] gs = {m.nb(), m.t(), m.k(), m.f()};
        Value rows = o.gather(y, r.indices, dn, new long[] {1, 1, 1, m.f()}, gs);
        Value gate = o.convert(m.flatRoute(cx, n, 3), e);
        Value w = o.select(r.valid, gate, o.constant(0, e, StablehloOps.shape(gate)));
        Value weighted = o.mul(rows, o.broadcastInDim(w, new long[] {0, 1, 2}, gs));
        Value out = o.reduce(weighted, new long[] {2}, StablehloOps.Combiner.SUM);
        return m.unflattenTokens(cx, out, n.type().dims());
    }

    /** The [nb, T, K, 3] (expert, group, slot) indices with dropped slots redirected to 0, and the kept mask. */
    private record Route(Value indices, Value valid) {}

    private static Route route(StablehloOps o, MoeShape m, Value expert, Value slot) {
        long[] s = {m.nb(), m.t(), m.k()};
        expert = o.convert(expert, ElementType.I32);
        slot = o.convert(slot, ElementType.I32);
        Value valid = o.binary("and",
                o.compare(ComparisonDirection.GE, slot, o.constant(0, ElementType.I32, s)),
                o.compare(ComparisonDirection.LT, slot, o.constant(m.c(), ElementType.I32, s)));
        Value safeSlot = o.select(valid, slot, o.constant(0, ElementType.I32, s));
        Value group = o.iota(0, ElementType.I32, s);
        long[] one = {m.nb(), m.t(), m.k(), 1};
        Value idx = o.concatenate(List.of(o.reshape(expert, one), o.reshape(group, one), o.reshape(safeSlot, one)), 3);
        return new Route(idx, valid);
    }
}
