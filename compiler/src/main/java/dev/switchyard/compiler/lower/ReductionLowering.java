package dev.switchyard.compiler.lower;

import dev.switchyard.compiler.autodiff.Vjp;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.TensorType;
import dev.switchyard.hlo.ir.OpBuilder;
import dev.switchyard.hlo.ir.StablehloEnum.ComparisonDirection;
import dev.switchyard.hlo.ir.Value;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.ArrayList;
import java.util.List;

/**
 * Reductions over named dims (sum, mean, max, min, logsumexp), SOFTMAX, ARGMAX and CUMSUM. Sums and
 * means of 16-bit floats accumulate in f32 (a bf16 accumulator has 8 bits of mantissa) and round
 * once at the end.
 */
final class ReductionLowering {
    private ReductionLowering() {}

    static Value reduce(Node n, LoweringContext cx) {
        StablehloOps o = cx.ops();
        TensorType in = cx.operandType(n, 0);
        List<String> reduced = ((Attrs.Reduce) n.attrs()).dims();
        long[] dims = LoweringContext.positions(in.dims(), reduced);
        Value x = cx.operand(n, 0);
        ElementType e = StablehloOps.elem(x);
        Value r = switch (n.op()) {
            case REDUCE_SUM -> o.convert(o.reduce(widen(o, x), dims, StablehloOps.Combiner.SUM), e);
            case REDUCE_MEAN -> {
                long count = 1;
                for (String d : reduced) count *= in.dim(d).orElseThrow().size();
                Value s = o.reduce(widen(o, x), dims, StablehloOps.Combiner.SUM);
                yield o.convert(o.withScalar("divide", s, count), e);
            }
            case REDUCE_MAX -> o.reduce(x, dims, StablehloOps.Combiner.MAX);
            case REDUCE_MIN -> o.reduce(x, dims, StablehloOps.Combiner.MIN);
            case REDUCE_LOGSUMEXP -> o.convert(logSumExp(o, widen(o, x), dims), e);
            default -> throw new IllegalStateException("not a reduction: " + n.op());
        };
        return cx.conform(r, remaining(in, reduced), n.type().dims());
    }

    /** log Σ exp(x) = m + log Σ exp(x − m) with m the max (0 where the max is not finite, so −∞ rows stay −∞). */
    static Value logSumExp(StablehloOps o, Value x, long[] dims) {
        long[] full = StablehloOps.shape(x);
        Value m = o.reduce(x, dims, StablehloOps.Combiner.MAX);
        long[] ms = StablehloOps.shape(m);
        Value finite = o.builder().op("stablehlo.is_finite").operands(m)
                .result(StablehloOps.type(ElementType.I1, ms)).value();
        Value shift = o.select(finite, m, o.constant(0, StablehloOps.elem(m), ms));
        Value shifted = o.sub(x, o.broadcastInDim(shift, keptPositions(full.length, dims), full));
        Value sum = o.reduce(o.unary("exponential", shifted), dims, StablehloOps.Combiner.SUM);
        return o.add(o.unary("log", sum), shift);
    }

    static Value softmax(Node n, LoweringContext cx) {
        StablehloOps o = cx.ops();
        TensorType in = cx.operandType(n, 0);
        long[] dims = LoweringContext.positions(in.dims(), List.of(((Attrs.Axis) n.attrs()).dim()));
        Value x = cx.operand(n, 0);
        ElementType e = StablehloOps.elem(x);
        Value xf = widen(o, x);
        long[] full = StablehloOps.shape(xf);
        long[] kept = keptPositions(full.length, dims);
        Value m = o.reduce(xf, dims, StablehloOps.Combiner.MAX);
        Value ex = o.unary("exponential", o.sub(xf, o.broadcastInDim(m, kept, full)));
        Value s = o.reduce(ex, dims, StablehloOps.Combiner.SUM);
        Value p = o.convert(o.div(ex, o.broadcastInDim(s, kept, full)), e);
        return cx.conform(p, in.dims(), n.type().dims());
    }

    /** Index of the maximum, the first on ties: a two-operand reduce over (value, index). */
    static Value argmax(Node n, LoweringContext cx) {
        StablehloOps o = cx.ops();
        TensorType in = cx.operandType(n, 0);
        String dim = ((Attrs.Axis) n.attrs()).dim();
        long[] dims = LoweringContext.positions(in.dims(), List.of(dim));
        Value x = cx.operand(n, 0);
        ElementType e = StablehloOps.elem(x);
        ElementType ie = LoweringContext.element(n.type().elem());
        long[] s = StablehloOps.shape(x);
        Value idx = o.iota((int) dims[0], ie, s);
        List<Value> r = o.reduce(List.of(x, idx), List.of(o.constant(StablehloOps.lowest(e), e), o.constant(0, ie)), dims,
                ReductionLowering::firstMaximum);
        return cx.conform(r.get(1), remaining(in, List.of(dim)), n.type().dims());
    }

    /** Body of the argmax reduce: keep the left pair iff its value is larger, or equal with a smaller index. */
    private static List<Value> firstMaximum(OpBuilder b, List<Value> args) {
        StablehloOps o = new StablehloOps(b);
        Value lv = args.get(0), li = args.get(1), rv = args.get(2), ri = args.get(3);
        Value gt = o.compare(ComparisonDirection.GT, lv, rv);
        Value eq = o.compare(ComparisonDirection.EQ, lv, rv);
        Value lower = o.compare(ComparisonDirection.LT, li, ri);
        Value left = o.binary("or", gt, o.binary("and", eq, lower));
        return List.of(o.select(left, lv, rv), o.select(left, li, ri));
    }

    static Value cumsum(Node n, LoweringContext cx) {
        StablehloOps o = cx.ops();
        Attrs.Cumsum a = (Attrs.Cumsum) n.attrs();
        TensorType in = cx.operandType(n, 0);
        int axis = in.indexOf(a.dim());
        Value x = cx.operand(n, 0);
        ElementType e = StablehloOps.elem(x);
        Value xw = widen(o, x);
        Value inclusive = o.cumulativeSum(xw, axis);
        Value r = a.exclusive() ? o.sub(inclusive, xw) : inclusive;
        return cx.conform(o.convert(r, e), in.dims(), n.type().dims());
    }

    /** 16-bit floats widened to f32 for accumulation; everything else as is. */
    static Value widen(StablehloOps o, Value x) {
        ElementType e = StablehloOps.elem(x);
        return e == ElementType.BF16 || e == ElementType.F16 ? o.convert(x, ElementType.F32) : x;
    }

    static List<Dim> remaining(TensorType in, List<String> reduced) {
        List<Dim> out = new ArrayList<>();
        for (Dim d : in.dims()) if (!reduced.contains(d.name())) out.add(d);
        return out;
    }

    /** Positions 0..rank-1 except {@code dims}: where a reduced tensor's dims sit in the full one. */
    static long[] keptPositions(int rank, long[] dims) {
        long[] out = new long[rank - dims.length];
        int k = 0;
        for (int i = 0; i < rank; i++) if (!StablehloOps.contains(dims, i)) out[k++] = i;
        return out;
    }

    // ---- vector-Jacobian products -------------------------------------------------------------

    static void reduceVjp(Node n, Vjp cx) {
        if (!cx.needs(n, 0)) return;
        int x = Vjp.operand(n, 0), y = n.id(), g = cx.cot(n);
        TensorType xt = cx.type(x);
        List<String> reduced = ((Attrs.Reduce) n.attrs()).dims();
        switch (n.op()) {
            case REDUCE_SUM -> cx.add(n, 0, cx.broadcast(g, xt));
            case REDUCE_MEAN -> {
                long count = 1;
                for (String d : reduced) count *= xt.dim(d).orElseThrow().size();
                cx.add(n, 0, cx.broadcast(cx.scale(g, 1.0 / count), xt));
            }
            // the maxima share the cotangent equally (as JAX does on ties)
            case REDUCE_MAX, REDUCE_MIN -> {
                int hit = cx.mask(cx.compare(Primitive.EQ, x, cx.broadcast(y, xt)), xt.elem());
                int count = cx.reduceSum(hit, reduced);
                cx.add(n, 0, cx.mul(cx.broadcast(cx.div(g, count), xt), hit));
            }
            // ∂ logsumexp = softmax
            case REDUCE_LOGSUMEXP -> cx.add(n, 0, cx.mul(cx.broadcast(g, xt), cx.unary(Primitive.EXP, cx.sub(x, cx.broadcast(y, xt)))));
            default -> throw new IllegalStateException("not a reduction: " + n.op());
        }
    }

    /** y · (g − Σ_dim g·y). */
    static void softmaxVjp(Node n, Vjp cx) {
        if (!cx.needs(n, 0)) return;
        int y = n.id(), g = cx.cot(n);
        int gy = cx.mul(g, y);
        int s = cx.reduceSum(gy, List.of(((Attrs.Axis) n.attrs()).dim()));
        cx.add(n, 0, cx.mul(y, cx.sub(g, cx.broadcast(s, n.type()))));
    }

    /** Indices are integers: no cotangent. */
    static void argmaxVjp(Node n, Vjp cx) { }

    /** cumsum → reverse cumsum, written as the total minus the forward running sum of the other kind. */
    static void cumsumVjp(Node n, Vjp cx) {
        if (!cx.needs(n, 0)) return;
        Attrs.Cumsum a = (Attrs.Cumsum) n.attrs();
        int g = cx.cot(n);
        int total = cx.broadcast(cx.reduceSum(g, List.of(a.dim())), n.type());
        int running = cx.node(Primitive.CUMSUM, new Attrs.Cumsum(a.dim(), !a.exclusive()), g);
        cx.add(n, 0, cx.sub(total, running));
    }

    /** SOFTMAX, ARGMAX, CUMSUM: the ops along one dim (reached from {@link GraphLowering} by the group). */
    static Value alongDim(Node n, LoweringContext cx) {
        return switch (n.op()) {
            case SOFTMAX -> softmax(n, cx);
            case ARGMAX -> argmax(n, cx);
            case CUMSUM -> cumsum(n, cx);
            default -> throw new IllegalStateException("not an along-dim primitive: " + n.op());
        };
    }

    static void alongDimVjp(Node n, Vjp cx) {
        switch (n.op()) {
            case SOFTMAX -> softmaxVjp(n, cx);
            case ARGMAX -> argmaxVjp(n, cx);
            case CUMSUM -> cumsumVjp(n, cx);
            default -> throw new IllegalStateException("not an along-dim primitive: " + n.op());
        }
    }
}
