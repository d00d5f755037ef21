package dev.switchyard.hlo.verify;

import static dev.switchyard.hlo.verify.ElementwiseOps.sameElement;
import static dev.switchyard.hlo.verify.ElementwiseOps.sameShape;
import static dev.switchyard.hlo.verify.ElementwiseOps.sameType;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.ir.Type.TensorType;
import dev.switchyard.hlo.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Ops that move or select elements without computing on them: broadcast_in_dim, reshape, transpose,
 * slice, dynamic_slice, dynamic_update_slice, concatenate, pad, iota, reverse, constant, tuples and
 * the dynamic-shape variants.
 */
final class ShapeOps {
    private ShapeOps() {}

    static final long DYN = TensorType.DYNAMIC;

    static void register(OpRegistry r) {
        r.addStablehlo(ShapeOps::broadcastInDim, "broadcast_in_dim");
        r.addStablehlo(ShapeOps::dynamicBroadcastInDim, "dynamic_broadcast_in_dim");
        r.addStablehlo(ShapeOps::reshape, "reshape");
        r.addStablehlo(ShapeOps::dynamicReshape, "dynamic_reshape");
        r.addStablehlo(ShapeOps::transpose, "transpose");
        r.addStablehlo(ShapeOps::slice, "slice");
        r.addStablehlo(ShapeOps::dynamicSlice, "dynamic_slice");
        r.addStablehlo(ShapeOps::dynamicUpdateSlice, "dynamic_update_slice");
        r.addStablehlo(ShapeOps::concatenate, "concatenate");
        r.addStablehlo(ShapeOps::pad, "pad");
        r.addStablehlo(ShapeOps::dynamicPad, "dynamic_pad");
        r.addStablehlo(ShapeOps::iota, "iota");
        r.addStablehlo(ShapeOps::dynamicIota, "dynamic_iota");
        r.addStablehlo(ShapeOps::reverse, "reverse");
        r.addStablehlo(ShapeOps::getDimensionSize, "get_dimension_size");
        r.addStablehlo(ShapeOps::constant, "constant");
        r.addStablehlo(ShapeOps::tuple, "tuple");
        r.addStablehlo(ShapeOps::getTupleElement, "get_tuple_element");
        r.addStablehlo(ShapeOps::optimizationBarrier, "optimization_barrier");
    }

    private static void broadcastInDim(OpCheck op) {
        op.operandCount(1);
        op.resultCount(1);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType result = op.resultTensor(0, "result");
        long[] dims = op.longs("broadcast_dimensions", "(I2)");
        broadcastDims(op, operand, result, dims);
    }

    /** broadcast_in_dim's (C1)–(C5), shared with dynamic_broadcast_in_dim. */
    private static void broadcastDims(OpCheck op, TensorType operand, TensorType result, long[] dims) {
        sameElement(op, "(C1)", operand, "operand", result, "result");
        if (dims.length != operand.rank()) {
            throw op.abort("(C2)", "broadcast_dimensions " + Types.list(dims) + " must have one entry per operand dimension ("
                    + operand.rank() + "), found " + dims.length);
        }
        if (!DimensionLists.inRange(dims, result.rank())) {
            throw op.abort("(C3)", "broadcast_dimensions " + Types.list(dims) + " must lie in [0, " + result.rank() + ") for result " + result.text());
        }
        if (!DimensionLists.isUnique(dims)) op.fail("(C4)", "broadcast_dimensions " + Types.list(dims) + " must be unique");
        for (int d = 0; d < dims.length; d++) {
            long in = operand.dim(d), out = result.dim((int) dims[d]);
            if (in != 1 && !Types.dimsMatch(in, out)) {
                op.fail("(C5)", "operand dimension " + d + " has size " + in + ", which is neither 1 nor result dimension "
                        + dims[d] + " (size " + out + ")");
            }
        }
    }

    private static void dynamicBroadcastInDim(OpCheck op) {
        op.operandCount(2);
        op.resultCount(1);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType outputDimensions = op.operandTensor(1, "(I2)", "output_dimensions");
        TensorType result = op.resultTensor(0, "result");
        broadcastDims(op, operand, result, op.longs("broadcast_dimensions", "(I3)"));
        if (lengthDiffers(outputDimensions, result.rank())) {
            op.fail("(C7)", "output_dimensions has " + outputDimensions.dim(0) + " entries, but the result has rank " + result.rank());
        }
    }

    private static void reshape(OpCheck op) {
        op.operandCount(1);
        op.resultCount(1);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType result = op.resultTensor(0, "result");
        sameElement(op, "(C1)", operand, "operand", result, "result");
        if (operand.hasStaticShape() && result.hasStaticShape()) {
            long in = count(operand), out = count(result);
            if (in >= 0 && out >= 0 && in != out) {
                op.fail("(C2)", "operand " + operand.text() + " has " + in + " elements but result " + result.text() + " has " + out);
            }
        }
    }

    private static void dynamicReshape(OpCheck op) {
        op.operandCount(2);
        op.resultCount(1);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType outputShape = op.operandTensor(1, "(I2)", "output_shape");
        TensorType result = op.resultTensor(0, "result");
        sameElement(op, "(C1)", operand, "operand", result, "result");
        if (lengthDiffers(outputShape, result.rank())) {
            op.fail("(C4)", "output_shape has " + outputShape.dim(0) + " entries, but the result has rank " + result.rank());
        }
    }

    /** A 1-D shape operand whose static length is not {@code expected}; an unknown length passes. */
    private static boolean lengthDiffers(TensorType shapeOperand, long expected) {
        return shapeOperand.rank() == 1 && shapeOperand.dim(0) != DYN && shapeOperand.dim(0) != expected;
    }

    /** The element count, or -1 when it overflows a long (such a module is wrong anyway elsewhere). */
    private static long count(TensorType t) {
        try {
            return t.elementCount();
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    private static void transpose(OpCheck op) {
        op.operandCount(1);
        op.resultCount(1);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType result = op.resultTensor(0, "result");
        long[] perm = op.longs("permutation", "(I2)");
        sameElement(op, "(C1)", operand, "operand", result, "result");
        if (perm.length != operand.rank() || !DimensionLists.inRange(perm, operand.rank()) || !DimensionLists.isUnique(perm)) {
            throw op.abort("(C2)", "permutation " + Types.list(perm) + " is not a permutation of " + DimensionLists.range(operand.rank()));
        }
        long[] expected = new long[perm.length];
        for (int i = 0; i < perm.length; i++) expected[i] = operand.dim((int) perm[i]);
        expectShape(op, "(C3)", expected, " (operand dimensions permuted)", result);
    }

    private static void slice(OpCheck op) {
        op.operandCount(1);
        op.resultCount(1);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType result = op.resultTensor(0, "result");
        long[] start = op.longs("start_indices", "(I2)");
        long[] limit = op.longs("limit_indices", "(I3)");
        long[] strides = op.longs("strides", "(I4)");
        sameElement(op, "(C1)", operand, "operand", result, "result");
        int rank = operand.rank();
        perDimension(op, "(C2)", rank, "start_indices, limit_indices and strides", start, limit, strides);
        boolean boundsOk = true;
        for (int d = 0; d < rank; d++) {
            long size = operand.dim(d);
            if (start[d] < 0 || start[d] > limit[d] || (size != DYN && limit[d] > size)) {
                op.fail("(C3)", "dimension " + d + ": need 0 <= start " + start[d] + " <= limit " + limit[d] + " <= size "
                        + (size == DYN ? "?" : Long.toString(size)));
                boundsOk = false;
            }
        }
        boolean stridesOk = true;
        for (int d = 0; d < rank; d++) {
            if (strides[d] <= 0) {
                op.fail("(C4)", "strides must be positive, found " + Types.list(strides));
                stridesOk = false;
                break;
            }
        }
        if (!boundsOk || !stridesOk) return;
        long[] expected = new long[rank];
        for (int d = 0; d < rank; d++) expected[d] = Math.ceilDiv(limit[d] - start[d], strides[d]);
        expectShape(op, "(C5)", expected, "", result);
    }

    private static void dynamicSlice(OpCheck op) {
        op.operandCountAtLeast(1);
        op.resultCount(1);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType result = op.resultTensor(0, "result");
        long[] sizes = op.longs("slice_sizes", "(I3)");
        sameElement(op, "(C1)", operand, "operand", result, "result");
        int starts = op.op().numOperands() - 1;
        if (starts != sizes.length || sizes.length != operand.rank()) {
            throw op.abort("(C2)", "expected " + operand.rank() + " start indices and slice sizes (the operand rank), found "
                    + starts + " start indices and slice_sizes " + Types.list(sizes));
        }
        sameStartIndexTypes(op, "(C3)", 1);
        for (int d = 0; d < sizes.length; d++) {
            long size = operand.dim(d);
            if (sizes[d] < 0 || (size != DYN && sizes[d] > size)) {
                op.fail("(C4)", "slice_sizes " + Types.list(sizes) + " must lie within operand shape " + Types.dims(operand.shape()));
                return;
            }
        }
        if (!Types.shapesMatch(sizes, result.shape())) {
            op.fail("(C5)", "expected result shape " + Types.list(sizes) + " (slice_sizes), found " + result.text());
        }
    }

    /** Fails unless {@code result} has the shape {@code expected}; {@code why} says where it comes from. */
    private static void expectShape(OpCheck op, String constraint, long[] expected, String why, TensorType result) {
        if (!Types.shapesMatch(expected, result.shape())) {
            op.fail(constraint, "expected result shape " + Types.dims(expected) + why + ", found " + result.text());
        }
    }

    /** Start indices from operand {@code first} on must all have one type (a rank-0 integer tensor). */
    private static void sameStartIndexTypes(OpCheck op, String constraint, int first) {
        List<Value> operands = op.op().operands();
        for (int i = first + 1; i < operands.size(); i++) {
            if (!Types.typesMatch(operands.get(first).type(), operands.get(i).type())) {
                op.fail(constraint, "start indices must all have one type, found " + operands.get(first).type().text()
                        + " and " + operands.get(i).type().text());
                return;
            }
        }
    }

    private static void dynamicUpdateSlice(OpCheck op) {
        op.operandCountAtLeast(2);
        op.resultCount(1);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType update = op.operandTensor(1, "(I2)", "update");
        TensorType result = op.resultTensor(0, "result");
        sameType(op, "(C1)", operand, "operand", result, "result");
        sameElement(op, "(C2)", operand, "operand", update, "update");
        if (update.rank() != operand.rank()) {
            throw op.abort("(C3)", "update rank " + update.rank() + " must equal operand rank " + operand.rank());
        }
        int starts = op.op().numOperands() - 2;
        if (starts != operand.rank()) {
            throw op.abort("(C4)", "expected " + operand.rank() + " start indices (the operand rank), found " + starts);
        }
        sameStartIndexTypes(op, "(C5)", 2);
        for (int d = 0; d < operand.rank(); d++) {
            long u = update.dim(d), o = operand.dim(d);
            if (u != DYN && o != DYN && u > o) {
                op.fail("(C6)", "update shape " + Types.dims(update.shape()) + " must fit in operand shape " + Types.dims(operand.shape()));
                return;
            }
        }
    }

    private static void concatenate(OpCheck op) {
        op.resultCount(1);
        if (op.op().numOperands() == 0) throw op.abort("(C3)", "expected at least one input");
        TensorType result = op.resultTensor(0, "result");
        List<TensorType> inputs = new ArrayList<>();
        for (int i = 0; i < op.op().numOperands(); i++) inputs.add(op.operandTensor(i, "(I1)", "inputs[" + i + "]"));
        long dimension = op.integer("dimension", "(I2)");
        TensorType first = inputs.getFirst();
        if (dimension < 0 || dimension >= first.rank()) {
            throw op.abort("(C4)", "dimension " + dimension + " must lie in [0, " + first.rank() + ") for inputs[0] " + first.text());
        }
        int dim = (int) dimension;
        long sum = 0;
        for (int i = 0; i < inputs.size(); i++) {
            TensorType in = inputs.get(i);
            if (i > 0) sameElement(op, "(C1)", first, "inputs[0]", in, "inputs[" + i + "]");
            if (!sameExcept(first.shape(), in.shape(), dim)) {
                op.fail("(C2)", "inputs[" + i + "] " + in.text() + " must have the shape of inputs[0] " + first.text()
                        + " except in dimension " + dim);
                return;
            }
            long d = in.dim(dim);
            sum = (sum == DYN || d == DYN) ? DYN : sum + d;
        }
        sameElement(op, "(C5)", first, "inputs[0]", result, "result");
        long[] expected = first.shape();
        expected[dim] = sum;
        expectShape(op, "(C6)", expected, "", result);
    }

    /** Three attribute lists (named together in {@code names}) that need one entry per operand dimension. */
    private static void perDimension(OpCheck op, String constraint, int rank, String names, long[] a, long[] b, long[] c) {
        if (a.length != rank || b.length != rank || c.length != rank) {
            throw op.abort(constraint, names + " must each have " + rank + " entries (the operand rank), found "
                    + a.length + ", " + b.length + " and " + c.length);
        }
    }

    private static boolean sameExcept(long[] a, long[] b, int except) {
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (i != except && !Types.dimsMatch(a[i], b[i])) return false;
        return true;
    }

    private static void pad(OpCheck op) {
        op.operandCount(2);
        op.resultCount(1);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType paddingValue = op.operandTensor(1, "(I2)", "padding_value");
        TensorType result = op.resultTensor(0, "result");
        long[] low = op.longs("edge_padding_low", "(I3)");
        long[] high = op.longs("edge_padding_high", "(I4)");
        long[] interior = op.longs("interior_padding", "(I5)");
        if (sameElement(op, "(C1)", operand, "operand", paddingValue, "padding_value")) {
            sameElement(op, "(C1)", operand, "operand", result, "result");
        }
        int rank = operand.rank();
        perDimension(op, "(C2)", rank, "edge_padding_low, edge_padding_high and interior_padding", low, high, interior);
        for (long p : interior) {
            if (p < 0) throw op.abort("(C3)", "interior_padding must be non-negative, found " + Types.list(interior));
        }
        long[] expected = new long[rank];
        for (int d = 0; d < rank; d++) {
            long s = operand.dim(d);
            expected[d] = s == DYN ? DYN : s + low[d] + Math.max(s - 1, 0) * interior[d] + high[d];
        }
        expectShape(op, "(C4)", expected, "", result);
    }

    private static void dynamicPad(OpCheck op) {
        op.operandCount(5);
        op.resultCount(1);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType paddingValue = op.operandTensor(1, "(I2)", "padding_value");
        TensorType result = op.resultTensor(0, "result");
        if (sameElement(op, "(C1)", operand, "operand", paddingValue, "padding_value")) {
            sameElement(op, "(C1)", operand, "operand", result, "result");
        }
        String[] names = {"edge_padding_low", "edge_padding_high", "interior_padding"};
        for (int i = 0; i < 3; i++) {
            TensorType t = op.operandTensor(2 + i, "(I" + (3 + i) + ")", names[i]);
            if (lengthDiffers(t, operand.rank())) {
                op.fail("(C2)", names[i] + " must have " + operand.rank() + " entries (the operand rank), found " + t.text());
            }
        }
    }

    private static void iota(OpCheck op) {
        op.operandCount(0);
        op.resultCount(1);
        TensorType output = op.resultTensor(0, "output");
        long d = op.integer("iota_dimension", "(I1)");
        if (d < 0 || d >= output.rank()) {
            op.fail("(C1)", "iota_dimension " + d + " must lie in [0, " + output.rank() + ") for output " + output.text());
        }
    }

    private static void dynamicIota(OpCheck op) {
        op.operandCount(1);
        op.resultCount(1);
        TensorType outputShape = op.operandTensor(0, "(I1)", "output_shape");
        TensorType result = op.resultTensor(0, "result");
        long d = op.integer("iota_dimension", "(I2)");
        if (outputShape.rank() != 1 || outputShape.dim(0) == DYN) return;
        long n = outputShape.dim(0);
        if (d < 0 || d >= n) op.fail("(C1)", "iota_dimension " + d + " must lie in [0, " + n + ")");
        if (result.rank() != n) op.fail("(C2)", "result rank " + result.rank() + " must equal size(output_shape) " + n);
    }

    private static void reverse(OpCheck op) {
        op.operandCount(1);
        op.resultCount(1);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType result = op.resultTensor(0, "result");
        long[] dims = op.longs("dimensions", "(I2)");
        sameType(op, "(C1)", operand, "operand", result, "result");
        if (!DimensionLists.isUnique(dims)) op.fail("(C2)", "dimensions " + Types.list(dims) + " must be unique");
        if (!DimensionLists.inRange(dims, result.rank())) {
            op.fail("(C3)", "dimensions " + Types.list(dims) + " must lie in [0, " + result.rank() + ")");
        }
    }

    private static void getDimensionSize(OpCheck op) {
        op.operandCount(1);
        op.resultCount(1);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        long d = op.integer("dimension", "(I2)");
        if (d < 0 || d >= operand.rank()) {
            op.fail("(C1)", "dimension " + d + " must lie in [0, " + operand.rank() + ") for operand " + operand.text());
        }
    }

    private static void constant(OpCheck op) {
        op.operandCount(0);
        op.resultCount(1);
        Attribute value = op.attribute("value").orElseThrow(() -> op.abort("(I1)", "missing attribute 'value'"));
        Type valueType = switch (value) {
            case Attribute.DenseElementsAttr d -> d.type();
            case Attribute.DenseTextAttr d -> d.type();
            default -> throw op.skip();
        };
        Type output = op.op().result().type();
        if (!Types.typesMatch(valueType, output)) {
            op.fail("(C1)", "value has type " + valueType.text() + " but output has type " + output.text());
        }
    }

    private static void tuple(OpCheck op) {
        op.resultCount(1);
        List<Type> operandTypes = op.operandTypes();
        Type expected = new Type.TupleType(operandTypes);
        Type result = op.op().result().type();
        if (!Types.typesMatch(expected, result)) op.fail("(C1)", "expected result type " + expected.text() + ", found " + result.text());
    }

    private static void getTupleElement(OpCheck op) {
        op.operandCount(1);
        op.resultCount(1);
        Type operand = op.op().operand(0).type();
        if (!(operand instanceof Type.TupleType tuple)) throw op.abort("(I1)", "operand must be a tuple, found " + operand.text());
        OptionalLong index = op.optInteger("index", "(I2)");
        if (index.isEmpty()) throw op.abort("(I2)", "missing attribute 'index'");
        long i = index.getAsLong();
        if (i < 0 || i >= tuple.elements().size()) {
            throw op.abort("(C1)", "index " + i + " must lie in [0, " + tuple.elements().size() + ") for " + operand.text());
        }
        Type element = tuple.elements().get((int) i);
        Type result = op.op().result().type();
        if (!Types.typesMatch(element, result)) op.fail("(C2)", "expected result type " + element.text() + " (element " + i + "), found " + result.text());
    }

    private static void optimizationBarrier(OpCheck op) {
        List<Type> in = op.operandTypes();
        List<Type> out = op.resultTypes();
        if (!Types.typeListsMatch(in, out)) op.fail("(C1)", "result types " + Types.types(out) + " must equal operand types " + Types.types(in));
    }
}
