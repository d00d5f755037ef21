package dev.switchyard.compiler.lower;

import dev.switchyard.compiler.autodiff.Vjp;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.TensorType;
import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.StablehloEnum.ComparisonDirection;
import dev.switchyard.hlo.ir.Value;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.ArrayList;
import java.util.List;

/** ONE_HOT (iota compared with the indices), TAKE ({@code stablehlo.gather}) and TOP_K (a stable sort). */
final class IndexLowering {
    private IndexLowering() {}

    static Value oneHot(Node n, LoweringContext cx) {
        StablehloOps o = cx.ops();
        String dim = ((Attrs.OneHot) n.attrs()).dim();
        TensorType in = cx.operandType(n, 0);
        List<Dim> withNew = new ArrayList<>(in.dims());
        withNew.add(n.type().dim(dim).orElseThrow());
        Value idx = cx.operand(n, 0);
        long[] s = LoweringContext.shape(withNew);
        Value wide = o.broadcastInDim(idx, ReductionLowering.keptPositions(s.length, new long[] {s.length - 1}), s);
        Value hit = o.compare(ComparisonDirection.EQ, wide, o.iota(s.length - 1, StablehloOps.elem(idx), s));
        Value r = hitTo(o, hit, LoweringContext.element(n.type().elem()));
        return cx.conform(r, withNew, n.type().dims());
    }

    /** A boolean mask as 0/1 of the element type {@code e}. */
    static Value hitTo(StablehloOps o, Value hit, ElementType e) {
        return e == ElementType.I1 ? hit : o.convert(hit, e);
    }

    static Value take(Node n, LoweringContext cx) {
        String dim = ((Attrs.Take) n.attrs()).dim();
        TensorType table = cx.operandType(n, 0);
        TensorType indices = cx.operandType(n, 1);
        int p = table.indexOf(dim);
        int ir = indices.rank();
        List<Dim> resultDims = new ArrayList<>(indices.dims());
        long[] offsetDims = new long[table.rank() - 1];
        long[] sliceSizes = LoweringContext.shape(table);
        sliceSizes[p] = 1;
        int k = 0;
        for (int i = 0; i < table.rank(); i++) {
            if (i == p) continue;
            resultDims.add(table.dims().get(i));
            offsetDims[k] = ir + k;
            k++;
        }
        var dn = new Attribute.GatherDimensionNumbers(offsetDims, new long[] {p}, new long[0], new long[0], new long[] {p}, ir);
        Value g = cx.ops().gather(cx.operand(n, 0), cx.operand(n, 1), dn, sliceSizes, LoweringContext.shape(resultDims));
        return cx.conform(g, resultDims, n.type().dims());
    }

    /**
     * SCATTER_ADD: {@code stablehlo.scatter} with addition. StableHLO skips out-of-range scatter
     * indices where gather clamps them, so the indices are clamped first: the result is then exactly
     * the transpose of TAKE.
     */
    static Value scatterAdd(Node n, LoweringContext cx) {
        String dim = ((Attrs.Take) n.attrs()).dim();
        TensorType table = cx.operandType(n, 0);
        TensorType indices = cx.operandType(n, 1);
        int p = table.indexOf(dim);
        int ir = indices.rank();
        List<Dim> updateDims = new ArrayList<>(indices.dims());
        long[] windowDims = new long[table.rank() - 1];
        int k = 0;
        for (int i = 0; i < table.rank(); i++) {
            if (i == p) continue;
            updateDims.add(table.dims().get(i));
            windowDims[k] = ir + k;
            k++;
        }
        StablehloOps o = cx.ops();
        Value idx = cx.operand(n, 1);
        ElementType ie = StablehloOps.elem(idx);
        long[] is = StablehloOps.shape(idx);
        Value clamped = o.builder().op("stablehlo.clamp")
                .operands(o.constant(0, ie, is), idx, o.constant(table.dims().get(p).size() - 1, ie, is)).result(idx.type()).value();
        Value updates = cx.conform(cx.operand(n, 2), cx.operandType(n, 2).dims(), updateDims);
        var dn = new Attribute.ScatterDimensionNumbers(windowDims, new long[] {p}, new long[0], new long[0], new long[] {p}, ir);
        Value r = o.scatterAdd(cx.operandAsResult(n, 0), clamped, updates, dn);
        return r;
    }

    /** TOP_K_VALUES and TOP_K_INDICES: a stable descending sort of (values, iota) sliced to k; shared by both nodes. */
    static Value topK(Node n, LoweringContext cx) {
        Attrs.TopK a = (Attrs.TopK) n.attrs();
        TensorType in = cx.operandType(n, 0);
        int axis = in.indexOf(a.dim());
        long k = n.type().dim(a.kDim()).orElseThrow().size();
        StablehloOps o = cx.ops();
        List<Value> sorted = cx.sharedOps("top_k %" + n.operands().get(0) + " " + a.dim() + " " + k, () -> {
            Value x = cx.operand(n, 0);
            Value idx = o.iota(axis, ElementType.I32, StablehloOps.shape(x));
            List<Value> s = o.sortDescending(List.of(x, idx), axis);
            return List.of(o.sliceDim(s.get(0), axis, 0, k), o.sliceDim(s.get(1), axis, 0, k));
        });
        List<Dim> dims = new ArrayList<>(in.dims());
        dims.set(axis, new Dim(a.kDim(), k));
        Value r = switch (n.op()) {
            case TOP_K_VALUES -> sorted.get(0);
            case TOP_K_INDICES -> o.convert(sorted.get(1), LoweringContext.element(n.type().elem()));
            default -> throw new IllegalStateException("not top_k: " + n.op());
        };
        return cx.conform(r, dims, n.type().dims());
    }

    // ---- vector-Jacobian products -------------------------------------------------------------

    /** The values' cotangent goes back to where they came from: a one-hot of the indices contracted with it. */
    static void topKVjp(Node n, Vjp cx) {
        if (n.op() == Primitive.TOP_K_INDICES || !cx.needs(n, 0)) return;
        Attrs.TopK a = (Attrs.TopK) n.attrs();
        TensorType x = cx.type(Vjp.operand(n, 0));
        int idx = cx.node(Primitive.TOP_K_INDICES, a, n.type().withElem(ElemType.I32), Vjp.operand(n, 0));
        List<Dim> ohDims = new ArrayList<>(n.type().dims());
        ohDims.add(x.dim(a.dim()).orElseThrow());
        int oh = cx.node(Primitive.ONE_HOT, new Attrs.OneHot(a.dim()), new TensorType(x.elem(), ohDims), idx);
        List<String> batch = new ArrayList<>(n.type().dimNames());
        batch.remove(a.kDim());
        cx.add(n, 0, cx.node(Primitive.EINSUM, new Attrs.Einsum(List.of(a.kDim()), batch), oh, cx.cot(n)));
    }

    static void oneHotVjp(Node n, Vjp cx) { }

    /** take → scatter-add of the cotangent into a zero table; the indices get none. */
    static void takeVjp(Node n, Vjp cx) {
        if (!cx.needs(n, 0)) return;
        int table = Vjp.operand(n, 0);
        cx.add(n, 0, cx.node(Primitive.SCATTER_ADD, n.attrs(), cx.zerosLike(table), Vjp.operand(n, 1), cx.cot(n)));
    }

    /** scatter_add: the table's cotangent passes through, the updates' is take of it. */
    static void scatterAddVjp(Node n, Vjp cx) {
        cx.add(n, 0, cx.cot(n));
        if (cx.needs(n, 2)) cx.add(n, 2, cx.node(Primitive.TAKE, n.attrs(), cx.cot(n), Vjp.operand(n, 1)));
    }

    /** The family's entry points (reached from {@link GraphLowering} by the primitive's group). */
    static Value lower(Node n, LoweringContext cx) {
        return switch (n.op()) {
            case TOP_K_VALUES, TOP_K_INDICES -> topK(n, cx);
            case ONE_HOT -> oneHot(n, cx);
            case TAKE -> take(n, cx);
            case SCATTER_ADD -> scatterAdd(n, cx);
            default -> throw new IllegalStateException("not an index primitive: " + n.op());
        };
    }

    static void vjp(Node n, Vjp cx) {
        switch (n.op()) {
            case TOP_K_VALUES, TOP_K_INDICES -> topKVjp(n, cx);
            case ONE_HOT -> oneHotVjp(n, cx);
            case TAKE -> takeVjp(n, cx);
            case SCATTER_ADD -> scatterAddVjp(n, cx);
            default -> throw new IllegalStateException("not an index primitive: " + n.op());
        }
    }
}
