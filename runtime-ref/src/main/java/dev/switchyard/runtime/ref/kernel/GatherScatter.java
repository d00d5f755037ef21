package dev.switchyard.runtime.ref.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code gather} and {@code scatter}, written as the spec's index formulas. */
public final class GatherScatter {
    private GatherScatter() {}

    public record GatherDims(int[] offsetDims, int[] collapsedSliceDims, int[] operandBatchingDims,
                             int[] startIndicesBatchingDims, int[] startIndexMap, int indexVectorDim) {}

    public record ScatterDims(int[] updateWindowDims, int[] insertedWindowDims, int[] inputBatchingDims,
                              int[] scatterIndicesBatchingDims, int[] scatterDimsToOperandDims, int indexVectorDim) {}

    /** The result shape the spec's type inference gives (offset dims get the kept slice sizes). */
    public static int[] gatherShape(int[] indicesShape, GatherDims dims, int[] sliceSizes) {
        int[] batchShape = removeAt(indicesShape, dims.indexVectorDim);
        int[] dropped = Shapes.concat(dims.collapsedSliceDims, dims.operandBatchingDims);
        int[] offsetSizes = Shapes.pick(sliceSizes, Shapes.complement(sliceSizes.length, dropped));
        int rank = batchShape.length + offsetSizes.length;
        int[] out = new int[rank];
        int b = 0, o = 0;
        boolean[] isOffset = mark(rank, dims.offsetDims);
        for (int d = 0; d < rank; d++) out[d] = isOffset[d] ? offsetSizes[o++] : batchShape[b++];
        return out;
    }

    public static Tensor gather(Tensor operand, Tensor startIndices, GatherDims dims, int[] sliceSizes, int[] resultShape) {
        int rank = resultShape.length;
        int[] batchDims = Shapes.complement(rank, dims.offsetDims);
        int[] opShape = operand.shape();
        int[] opStrides = Shapes.strides(opShape);
        long[] indices = Conversions.convert(startIndices, dev.switchyard.hlo.tensor.ElementType.I64).longs();
        int[] idxShape = startIndices.shape();
        int[] idxStrides = Shapes.strides(idxShape);
        boolean[] zeroOffset = mark(operand.rank(), Shapes.concat(dims.collapsedSliceDims, dims.operandBatchingDims));
        int[] batchIndex = new int[batchDims.length];
        int[] operandIndex = new int[operand.rank()];
        return operand.select(resultShape, Layout.sourceMap(resultShape, resultIndex -> {
            for (int i = 0; i < batchDims.length; i++) batchIndex[i] = resultIndex[batchDims[i]];
            Arrays.fill(operandIndex, 0);
            // full_start_index: clamped so the whole slice stays inside the operand
            for (int dStart = 0; dStart < dims.startIndexMap.length; dStart++) {
                int dOperand = dims.startIndexMap[dStart];
                long start = indices[startIndexOffset(batchIndex, dStart, dims.indexVectorDim, idxShape, idxStrides)];
                operandIndex[dOperand] = (int) Math.min(Math.max(start, 0), opShape[dOperand] - sliceSizes[dOperand]);
            }
            // full_batching_index
            for (int i = 0; i < dims.operandBatchingDims.length; i++) {
                int dStart = dims.startIndicesBatchingDims[i];
                operandIndex[dims.operandBatchingDims[i]] += batchIndex[dStart < dims.indexVectorDim ? dStart : dStart - 1];
            }
            // full_offset_index: offset dims in order fill the operand dims that are not dropped
            int o = 0;
            for (int d = 0; d < operandIndex.length; d++) {
                if (!zeroOffset[d]) operandIndex[d] += resultIndex[dims.offsetDims[o++]];
            }
            int s = 0;
            for (int d = 0; d < operandIndex.length; d++) s += operandIndex[d] * opStrides[d];
            return s;
        }));
    }

    /**
     * Scatter: every update element whose target index is in bounds is combined into a copy of the
     * inputs with {@code update} (called as (current..., update...) on scalars), in update order.
     */
    public static List<Tensor> scatter(List<Tensor> inputs, Tensor scatterIndices, List<Tensor> updates,
                                       ScatterDims dims, ScalarFunction update) {
        return scatter(inputs, scatterIndices, updates, dims, update, java.util.Optional.empty());
    }

    /**
     * As above; when the update region is a known commutative binary op ({@code knownBody}: the
     * scatter-add of a take/gather gradient, say) and there is one input, elements are combined on
     * the arrays, in the same update order, instead of calling the region once per element.
     */
    public static List<Tensor> scatter(List<Tensor> inputs, Tensor scatterIndices, List<Tensor> updates,
                                       ScatterDims dims, ScalarFunction update, java.util.Optional<Elementwise.Binary> knownBody) {
        Tensor only = inputs.getFirst();
        boolean direct = knownBody.isPresent() && inputs.size() == 1 && only.storage() != Storage.COMPLEX
                && updates.getFirst().type() == only.type();
        Elementwise.Binary op = knownBody.orElse(null);
        List<Tensor> results = new ArrayList<>();
        for (Tensor t : inputs) results.add(t.copy());
        int[] inShape = inputs.getFirst().shape();
        int[] inStrides = Shapes.strides(inShape);
        int[] upShape = updates.getFirst().shape();
        int[] updateScatterDims = Shapes.complement(upShape.length, dims.updateWindowDims);
        long[] indices = Conversions.convert(scatterIndices, dev.switchyard.hlo.tensor.ElementType.I64).longs();
        int[] idxShape = scatterIndices.shape();
        int[] idxStrides = Shapes.strides(idxShape);
        boolean[] zeroWindow = mark(inShape.length, Shapes.concat(dims.insertedWindowDims, dims.inputBatchingDims));
        int n = updates.getFirst().size();
        if (n == 0) return results;
        int[] updateIndex = new int[upShape.length];
        int[] scatterIndex = new int[updateScatterDims.length];
        int[] resultIndex = new int[inShape.length];
        int flat = 0;
        do {
            for (int i = 0; i < updateScatterDims.length; i++) scatterIndex[i] = updateIndex[updateScatterDims[i]];
            Arrays.fill(resultIndex, 0);
            for (int dStart = 0; dStart < dims.scatterDimsToOperandDims.length; dStart++) {
                long start = indices[startIndexOffset(scatterIndex, dStart, dims.indexVectorDim, idxShape, idxStrides)];
                // out-of-range starts make the update be skipped below, so saturate instead of wrapping
                resultIndex[dims.scatterDimsToOperandDims[dStart]] = (int) Math.max(Math.min(start, Integer.MAX_VALUE / 2), Integer.MIN_VALUE / 2);
            }
            for (int i = 0; i < dims.inputBatchingDims.length; i++) {
                int dStart = dims.scatterIndicesBatchingDims[i];
                resultIndex[dims.inputBatchingDims[i]] += scatterIndex[dStart < dims.indexVectorDim ? dStart : dStart - 1];
            }
            int w = 0;
            for (int d = 0; d < resultIndex.length; d++) {
                if (!zeroWindow[d]) resultIndex[d] += updateIndex[dims.updateWindowDims[w++]];
            }
            boolean inBounds = true;
            int target = 0;
            for (int d = 0; d < resultIndex.length; d++) {
                if (resultIndex[d] < 0 || resultIndex[d] >= inShape[d]) { inBounds = false; break; }
                target += resultIndex[d] * inStrides[d];
            }
            if (inBounds && direct) {
                combine(op, results.getFirst(), target, updates.getFirst(), flat);
            } else if (inBounds) {
                List<Tensor> args = new ArrayList<>(2 * results.size());
                for (Tensor r : results) args.add(r.element(target));
                for (Tensor u : updates) args.add(u.element(flat));
                List<Tensor> combined = update.apply(args);
                for (int k = 0; k < results.size(); k++) results.get(k).copyElement(combined.get(k), 0, target);
            }
            flat++;
        } while (Shapes.next(updateIndex, upShape));
        return results;
    }

    /** {@code into[target] = op(into[target], from[source])}, rounded or wrapped to the type like the region would. */
    private static void combine(Elementwise.Binary op, Tensor into, int target, Tensor from, int source) {
        dev.switchyard.hlo.tensor.ElementType t = into.type();
        switch (into.storage()) {
            case FLOAT -> {
                float[] r = into.floats();
                float a = r[target], b = from.floats()[source];
                float v = switch (op) {
                    case ADD -> a + b;
                    case MULTIPLY -> a * b;
                    case MAXIMUM -> Math.max(a, b);
                    case MINIMUM -> Math.min(a, b);
                    default -> (float) Elementwise.realBinary(op, a, b, t);
                };
                r[target] = t == dev.switchyard.hlo.tensor.ElementType.F32 ? v : Tensor.roundFloat(t, v);
            }
            case DOUBLE -> into.doubles()[target] = Elementwise.realBinary(op, into.doubles()[target], from.doubles()[source], t);
            case INTEGER -> into.longs()[target] = Tensor.wrap(t, Elementwise.integerBinary(op, into.longs()[target], from.longs()[source], t));
            case COMPLEX -> throw new AssertionError("complex scatters call the region");
        }
    }

    /**
     * The flat position in the indices tensor of component {@code component} of the index vector
     * for {@code batchIndex}: the vector runs along {@code indexVectorDim}, or is the scalar itself
     * when that dim equals the rank.
     */
    private static int startIndexOffset(int[] batchIndex, int component, int indexVectorDim, int[] idxShape, int[] idxStrides) {
        int s = 0;
        int b = 0;
        for (int d = 0; d < idxShape.length; d++) {
            s += (d == indexVectorDim ? component : batchIndex[b++]) * idxStrides[d];
        }
        return s;
    }

    private static int[] removeAt(int[] a, int pos) {
        if (pos >= a.length) return a.clone();
        int[] out = new int[a.length - 1];
        for (int i = 0, k = 0; i < a.length; i++) if (i != pos) out[k++] = a[i];
        return out;
    }

    private static boolean[] mark(int n, int[] dims) {
        boolean[] m = new boolean[n];
        for (int d : dims) m[d] = true;
        return m;
    }
}
