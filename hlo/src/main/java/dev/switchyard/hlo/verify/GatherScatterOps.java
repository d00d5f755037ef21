package dev.switchyard.hlo.verify;

import static dev.switchyard.hlo.verify.ElementwiseOps.sameElement;

import dev.switchyard.hlo.ir.Attribute.GatherDimensionNumbers;
import dev.switchyard.hlo.ir.Attribute.ScatterDimensionNumbers;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.ir.Type.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** gather and scatter: their dimension numbers, slice sizes and the shapes those imply. */
final class GatherScatterOps {
    private GatherScatterOps() {}

    private static final long DYN = TensorType.DYNAMIC;

    static void register(OpRegistry r) {
        r.addStablehlo(GatherScatterOps::gather, "gather");
        r.addStablehlo(GatherScatterOps::scatter, "scatter");
    }

    private static void gather(OpCheck op) {
        op.operandCount(2);
        op.resultCount(1);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType indices = op.operandTensor(1, "(I2)", "start_indices");
        TensorType result = op.resultTensor(0, "result");
        GatherDimensionNumbers dn = op.structured("dimension_numbers", GatherDimensionNumbers.class, "(I3)");
        long[] sliceSizes = op.longs("slice_sizes", "(I9)");
        long[] offsetDims = dn.offsetDims(), collapsed = dn.collapsedSliceDims(), operandBatching = dn.operandBatchingDims();
        long[] indicesBatching = dn.startIndicesBatchingDims(), startIndexMap = dn.startIndexMap();
        long ivd = dn.indexVectorDim();
        int rank = operand.rank();

        if (rank != offsetDims.length + collapsed.length + operandBatching.length) {
            throw op.abort("(C1)", "operand rank " + rank + " must equal size(offset_dims) + size(collapsed_slice_dims) + size(operand_batching_dims) = "
                    + (offsetDims.length + collapsed.length + operandBatching.length));
        }
        if (ivd < 0 || ivd > indices.rank()) throw op.abort("(C2)", "index_vector_dim " + ivd + " must lie in [0, " + indices.rank() + "]");
        long indexCount = ivd < indices.rank() ? indices.dim((int) ivd) : 1;
        if (indexCount != DYN && startIndexMap.length != indexCount) {
            op.fail("(C3)", "start_index_map " + Types.list(startIndexMap) + " must have " + indexCount + " entries (the index vector size)");
        }
        if (!DimensionLists.isUnique(offsetDims) || !DimensionLists.isSorted(offsetDims)) {
            op.fail("(C4)", "offset_dims " + Types.list(offsetDims) + " must be sorted and unique");
        }
        boolean offsetsInRange = DimensionLists.inRange(offsetDims, result.rank());
        if (!offsetsInRange) op.fail("(C5)", "offset_dims " + Types.list(offsetDims) + " must lie in [0, " + result.rank() + ")");
        if (!DimensionLists.isUnique(collapsed, operandBatching)) {
            op.fail("(C6)", "collapsed_slice_dims and operand_batching_dims " + Types.list(DimensionLists.concat(collapsed, operandBatching)) + " must be unique");
        }
        if (!DimensionLists.isSorted(collapsed)) op.fail("(C7)", "collapsed_slice_dims " + Types.list(collapsed) + " must be sorted");
        if (!DimensionLists.inRange(collapsed, rank)) throw op.abort("(C8)", "collapsed_slice_dims " + Types.list(collapsed) + " must lie in [0, " + rank + ")");
        if (!DimensionLists.isSorted(operandBatching)) op.fail("(C10)", "operand_batching_dims " + Types.list(operandBatching) + " must be sorted");
        if (!DimensionLists.inRange(operandBatching, rank)) throw op.abort("(C11)", "operand_batching_dims " + Types.list(operandBatching) + " must lie in [0, " + rank + ")");
        if (!DimensionLists.isUnique(indicesBatching)) op.fail("(C13)", "start_indices_batching_dims " + Types.list(indicesBatching) + " must be unique");
        if (!DimensionLists.inRange(indicesBatching, indices.rank())) {
            throw op.abort("(C14)", "start_indices_batching_dims " + Types.list(indicesBatching) + " must lie in [0, " + indices.rank() + ")");
        }
        if (DimensionLists.contains(indicesBatching, ivd)) op.fail("(C15)", "index_vector_dim " + ivd + " must not be a start_indices_batching_dim");
        if (operandBatching.length != indicesBatching.length) {
            throw op.abort("(C16)", "operand_batching_dims " + Types.list(operandBatching) + " and start_indices_batching_dims "
                    + Types.list(indicesBatching) + " must have the same size");
        }
        for (int i = 0; i < operandBatching.length; i++) {
            long a = operand.dim((int) operandBatching[i]), b = indices.dim((int) indicesBatching[i]);
            if (!Types.dimsMatch(a, b)) op.fail("(C17)", "operand batching dimension " + operandBatching[i] + " (size " + a
                    + ") and start_indices batching dimension " + indicesBatching[i] + " (size " + b + ") differ");
        }
        if (!DimensionLists.isUnique(startIndexMap, operandBatching)) {
            op.fail("(C18)", "start_index_map and operand_batching_dims " + Types.list(DimensionLists.concat(startIndexMap, operandBatching)) + " must be unique");
        }
        if (!DimensionLists.inRange(startIndexMap, rank)) op.fail("(C19)", "start_index_map " + Types.list(startIndexMap) + " must lie in [0, " + rank + ")");
        if (sliceSizes.length != rank) throw op.abort("(C20)", "slice_sizes " + Types.list(sliceSizes) + " must have " + rank + " entries (the operand rank)");
        for (long d : collapsed) if (sliceSizes[(int) d] > 1) op.fail("(C9)", "slice_sizes[" + d + "] = " + sliceSizes[(int) d] + " must be at most 1 for a collapsed dimension");
        for (long d : operandBatching) if (sliceSizes[(int) d] > 1) op.fail("(C12)", "slice_sizes[" + d + "] = " + sliceSizes[(int) d] + " must be at most 1 for a batching dimension");
        for (int d = 0; d < rank; d++) {
            long s = operand.dim(d);
            if (sliceSizes[d] < 0 || (s != DYN && sliceSizes[d] > s)) {
                throw op.abort("(C21)", "slice_sizes " + Types.list(sliceSizes) + " must lie within operand shape " + Types.dims(operand.shape()));
            }
        }
        List<Long> batchSizes = new ArrayList<>();
        for (int d = 0; d < indices.rank(); d++) if (d != ivd) batchSizes.add(indices.dim(d));
        List<Long> offsetSizes = new ArrayList<>();
        for (int d = 0; d < rank; d++) if (!DimensionLists.contains(collapsed, d) && !DimensionLists.contains(operandBatching, d)) offsetSizes.add(sliceSizes[d]);
        if (offsetsInRange) {
            long[] expected = combine(batchSizes, offsetSizes, offsetDims);
            if (!Types.shapesMatch(expected, result.shape())) op.fail("(C22)", "expected result shape " + Types.dims(expected) + ", found " + result.text());
        }
        sameElement(op, "(C23)", operand, "operand", result, "result");
    }

    /** The spec's {@code combine}: {@code atDims} positions take {@code at} in order, the others take {@code rest}. */
    private static long[] combine(List<Long> rest, List<Long> at, long[] atDims) {
        long[] out = new long[rest.size() + at.size()];
        int r = 0, a = 0;
        for (int d = 0; d < out.length; d++) {
            if (DimensionLists.contains(atDims, d) && a < at.size()) out[d] = at.get(a++);
            else if (r < rest.size()) out[d] = rest.get(r++);
            else out[d] = at.get(a++);
        }
        return out;
    }

    private static void scatter(OpCheck op) {
        int total = op.op().numOperands();
        if (total < 3 || total % 2 == 0) throw op.abort("(C5)", "expected N inputs, scatter_indices and N updates with N > 0, found " + total + " operands");
        int n = (total - 1) / 2;
        op.regionCount(1);
        List<TensorType> inputs = new ArrayList<>(), updates = new ArrayList<>();
        for (int i = 0; i < n; i++) inputs.add(op.operandTensor(i, "(I1)", "inputs[" + i + "]"));
        TensorType indices = op.operandTensor(n, "(I2)", "scatter_indices");
        for (int i = 0; i < n; i++) updates.add(op.operandTensor(n + 1 + i, "(I3)", "updates[" + i + "]"));
        if (op.op().numResults() != n) throw op.abort("", "expected " + n + " results (one per input), found " + op.op().numResults());
        ScatterDimensionNumbers dn = op.structured("scatter_dimension_numbers", ScatterDimensionNumbers.class, "(I4)");
        long[] updateWindow = dn.updateWindowDims(), inserted = dn.insertedWindowDims(), inputBatching = dn.inputBatchingDims();
        long[] indicesBatching = dn.scatterIndicesBatchingDims(), toOperand = dn.scatterDimsToOperandDims();
        long ivd = dn.indexVectorDim();
        TensorType input0 = inputs.getFirst(), update0 = updates.getFirst();
        int rank = input0.rank();

        for (int i = 1; i < n; i++) {
            if (!Types.shapesMatch(input0, inputs.get(i))) op.fail("(C1)", "inputs[" + i + "] " + inputs.get(i).text() + " must have the shape of inputs[0] " + input0.text());
        }
        if (rank != updateWindow.length + inserted.length + inputBatching.length) {
            throw op.abort("(C2)", "inputs[0] rank " + rank + " must equal size(update_window_dims) + size(inserted_window_dims) + size(input_batching_dims) = "
                    + (updateWindow.length + inserted.length + inputBatching.length));
        }
        for (int i = 1; i < n; i++) {
            if (!Types.shapesMatch(update0, updates.get(i))) op.fail("(C3)", "updates[" + i + "] " + updates.get(i).text() + " must have the shape of updates[0] " + update0.text());
        }
        for (int i = 0; i < n; i++) sameElement(op, "(C6)", inputs.get(i), "inputs[" + i + "]", updates.get(i), "updates[" + i + "]");
        if (!DimensionLists.isUnique(updateWindow) || !DimensionLists.isSorted(updateWindow)) {
            op.fail("(C7)", "update_window_dims " + Types.list(updateWindow) + " must be sorted and unique");
        }
        if (!DimensionLists.inRange(updateWindow, update0.rank())) throw op.abort("(C8)", "update_window_dims " + Types.list(updateWindow) + " must lie in [0, " + update0.rank() + ")");
        if (!DimensionLists.isUnique(inserted, inputBatching)) {
            op.fail("(C9)", "inserted_window_dims and input_batching_dims " + Types.list(DimensionLists.concat(inserted, inputBatching)) + " must be unique");
        }
        if (!DimensionLists.isSorted(inserted)) op.fail("(C10)", "inserted_window_dims " + Types.list(inserted) + " must be sorted");
        if (!DimensionLists.inRange(inserted, rank)) throw op.abort("(C11)", "inserted_window_dims " + Types.list(inserted) + " must lie in [0, " + rank + ")");
        if (!DimensionLists.isSorted(inputBatching)) op.fail("(C12)", "input_batching_dims " + Types.list(inputBatching) + " must be sorted");
        if (!DimensionLists.inRange(inputBatching, rank)) throw op.abort("(C13)", "input_batching_dims " + Types.list(inputBatching) + " must lie in [0, " + rank + ")");
        if (!DimensionLists.isUnique(indicesBatching)) op.fail("(C14)", "scatter_indices_batching_dims " + Types.list(indicesBatching) + " must be unique");
        if (!DimensionLists.inRange(indicesBatching, indices.rank())) {
            throw op.abort("(C15)", "scatter_indices_batching_dims " + Types.list(indicesBatching) + " must lie in [0, " + indices.rank() + ")");
        }
        if (DimensionLists.contains(indicesBatching, ivd)) op.fail("(C16)", "index_vector_dim " + ivd + " must not be a scatter_indices_batching_dim");
        if (inputBatching.length != indicesBatching.length) {
            throw op.abort("(C17)", "input_batching_dims " + Types.list(inputBatching) + " and scatter_indices_batching_dims " + Types.list(indicesBatching) + " must have the same size");
        }
        for (int i = 0; i < inputBatching.length; i++) {
            long a = input0.dim((int) inputBatching[i]), b = indices.dim((int) indicesBatching[i]);
            if (!Types.dimsMatch(a, b)) op.fail("(C18)", "input batching dimension " + inputBatching[i] + " (size " + a
                    + ") and scatter_indices batching dimension " + indicesBatching[i] + " (size " + b + ") differ");
        }
        if (ivd < 0 || ivd > indices.rank()) throw op.abort("(C22)", "index_vector_dim " + ivd + " must lie in [0, " + indices.rank() + "]");
        long indexCount = ivd < indices.rank() ? indices.dim((int) ivd) : 1;
        if (indexCount != DYN && toOperand.length != indexCount) {
            op.fail("(C19)", "scatter_dims_to_operand_dims " + Types.list(toOperand) + " must have " + indexCount + " entries (the index vector size)");
        }
        if (!DimensionLists.isUnique(toOperand, inputBatching)) {
            op.fail("(C20)", "scatter_dims_to_operand_dims and input_batching_dims " + Types.list(DimensionLists.concat(toOperand, inputBatching)) + " must be unique");
        }
        if (!DimensionLists.inRange(toOperand, rank)) op.fail("(C21)", "scatter_dims_to_operand_dims " + Types.list(toOperand) + " must lie in [0, " + rank + ")");
        updateShape(op, input0, indices, update0, updateWindow, inserted, inputBatching, ivd);

        List<Type> inputElements = inputs.stream().map(TensorType::elementType).toList();
        Optional<List<Type>> es = RegionSignatures.reducer(op, "(C23)", op.op().region(0), "update_computation", inputElements);
        for (int i = 0; i < n; i++) {
            TensorType result = op.resultTensor(i, "results[" + i + "]");
            if (!Types.shapesMatch(inputs.get(i), result)) {
                op.fail("(C24)", "results[" + i + "] " + result.text() + " must have the shape of inputs[" + i + "] " + inputs.get(i).text());
            }
            if (es.isPresent() && !Types.elementsMatch(es.get().get(i), result.elementType())) {
                op.fail("(C25)", "results[" + i + "] element type must be " + es.get().get(i).text() + " (from update_computation), found " + result.text());
            }
        }
    }

    /** (C4): the update shape is the index batch shape with window sizes (at most the input's) at update_window_dims. */
    private static void updateShape(OpCheck op, TensorType input, TensorType indices, TensorType update, long[] updateWindow,
                                    long[] inserted, long[] inputBatching, long ivd) {
        List<Long> scatterSizes = new ArrayList<>();
        for (int d = 0; d < indices.rank(); d++) if (d != ivd) scatterSizes.add(indices.dim(d));
        List<Long> windowBounds = new ArrayList<>();
        for (int d = 0; d < input.rank(); d++) if (!DimensionLists.contains(inserted, d) && !DimensionLists.contains(inputBatching, d)) windowBounds.add(input.dim(d));
        if (update.rank() != scatterSizes.size() + updateWindow.length) {
            op.fail("(C4)", "updates[0] must have rank " + (scatterSizes.size() + updateWindow.length) + " (scatter dimensions plus update_window_dims), found " + update.text());
            return;
        }
        int s = 0, w = 0;
        for (int d = 0; d < update.rank(); d++) {
            long size = update.dim(d);
            if (DimensionLists.contains(updateWindow, d)) {
                long bound = w < windowBounds.size() ? windowBounds.get(w) : DYN;
                w++;
                if (size != DYN && bound != DYN && size > bound) {
                    op.fail("(C4)", "updates[0] window dimension " + d + " has size " + size + ", larger than the input's " + bound);
                    return;
                }
            } else {
                long expected = scatterSizes.get(s++);
                if (!Types.dimsMatch(expected, size)) {
                    op.fail("(C4)", "updates[0] scatter dimension " + d + " must have size " + expected + " (from scatter_indices), found " + size);
                    return;
                }
            }
        }
    }
}
