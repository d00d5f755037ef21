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
        if (isRowTake(operand, startIndices, dims, sliceSizes)
                && Shapes.size(resultShape) == (long) startIndices.size() * (operand.size() / operand.dim(0))) return takeRows(operand, startIndices, resultShape);
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
     * Whether the gather takes whole rows of dim 0 by scalar indices (an embedding lookup):
     * {@code result[b..., :] = operand[clamp(idx[b...]), :]}, the slices' dims trailing in the result.
     */
    private static boolean isRowTake(Tensor operand, Tensor startIndices, GatherDims dims, int[] sliceSizes) {
        int r = operand.rank(), batchRank = startIndices.rank();
        if (dims.indexVectorDim != batchRank || r == 0 || operand.dim(0) == 0 || dims.offsetDims.length != r - 1) return false;
        if (!Arrays.equals(dims.startIndexMap, new int[] {0}) || !Arrays.equals(dims.collapsedSliceDims, new int[] {0})
                || dims.operandBatchingDims.length != 0 || sliceSizes.length != r || sliceSizes[0] != 1) return false;
        for (int d = 1; d < r; d++) if (sliceSizes[d] != operand.dim(d) || dims.offsetDims[d - 1] != batchRank + d - 1) return false;
        return true;
    }

    /** {@link #isRowTake}'s gather: one array copy per row. */
    private static Tensor takeRows(Tensor operand, Tensor startIndices, int[] resultShape) {
        long[] indices = Conversions.convert(startIndices, dev.switchyard.hlo.tensor.ElementType.I64).longs();
        int rows = operand.dim(0), row = operand.size() / rows;
        Tensor out = Tensor.zeros(operand.type(), resultShape);
        int width = operand.storage() == Storage.COMPLEX ? 2 * row : row;
        Object from = switch (operand.storage()) {
            case FLOAT -> operand.floats();
            case DOUBLE, COMPLEX -> operand.doubles();
            case INTEGER -> operand.longs();
        };
        Object to = switch (out.storage()) {
            case FLOAT -> out.floats();
            case DOUBLE, COMPLEX -> out.doubles();
            case INTEGER -> out.longs();
        };
        for (int b = 0; b < indices.length; b++) {
            // the spec clamps the start so the slice stays inside the operand
            int at = (int) Math.min(Math.max(indices[b], 0), rows - 1);
            System.arraycopy(from, at * width, to, b * width, width);
        }
        return out;
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
        if (direct && isRowUpdate(only, scatterIndices, updates.getFirst(), dims)) {
            // whole rows of dim 0 by scalar indices (a take's gradient): a row in bounds or not at all
            int rows = inShape[0], row = only.size() / rows;
            for (int b = 0; b < indices.length; b++) {
                if (indices[b] < 0 || indices[b] >= rows) continue;
                int target = (int) indices[b] * row;
                for (int k = 0; k < row; k++) combine(op, results.getFirst(), target + k, updates.getFirst(), b * row + k);
            }
            return results;
        }
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

    /** The scatter form of {@link #isRowTake}: updates [b..., rest of the input's dims], one scalar index per row. */
    private static boolean isRowUpdate(Tensor input, Tensor scatterIndices, Tensor update, ScatterDims dims) {
        int r = input.rank(), batchRank = scatterIndices.rank();
        if (dims.indexVectorDim != batchRank || r == 0 || input.dim(0) == 0 || dims.updateWindowDims.length != r - 1) return false;
        if (!Arrays.equals(dims.scatterDimsToOperandDims, new int[] {0}) || !Arrays.equals(dims.insertedWindowDims, new int[] {0})
                || dims.inputBatchingDims.length != 0 || update.rank() != batchRank + r - 1) return false;
        for (int d = 0; d < batchRank; d++) if (update.dim(d) != scatterIndices.dim(d)) return false;
        for (int d = 1; d < r; d++) if (update.dim(batchRank + d - 1) != input.dim(d) || dims.updateWindowDims[d - 1] != batchRank + d - 1) return false;
        return true;
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
