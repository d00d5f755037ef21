package dev.switchyard.hlo.verify;

import static dev.switchyard.hlo.verify.ElementwiseOps.sameElement;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.Attribute.ConvDimensionNumbers;
import dev.switchyard.hlo.ir.Attribute.DotDimensionNumbers;
import dev.switchyard.hlo.ir.Type.TensorType;
import java.util.Arrays;
import java.util.Optional;

/** dot_general and convolution: dimension numbers, group counts, windows and the result shape they imply. */
final class ContractionOps {
    private ContractionOps() {}

    private static final long DYN = TensorType.DYNAMIC;

    static void register(OpRegistry r) {
        r.addStablehlo(ContractionOps::dotGeneral, "dot_general");
        r.addStablehlo(ContractionOps::convolution, "convolution");
    }

    private static void dotGeneral(OpCheck op) {
        op.operandCount(2);
        op.resultCount(1);
        TensorType lhs = op.operandTensor(0, "(I1)", "lhs");
        TensorType rhs = op.operandTensor(1, "(I2)", "rhs");
        TensorType result = op.resultTensor(0, "result");
        DotDimensionNumbers dn = op.structured("dot_dimension_numbers", DotDimensionNumbers.class, "(I3)");
        long[] lb = dn.lhsBatchingDimensions(), rb = dn.rhsBatchingDimensions();
        long[] lc = dn.lhsContractingDimensions(), rc = dn.rhsContractingDimensions();
        boolean ok = true;
        if (lb.length != rb.length) {
            op.fail("(C1)", "lhs_batching_dimensions " + Types.list(lb) + " and rhs_batching_dimensions " + Types.list(rb) + " differ in size");
            ok = false;
        }
        if (lc.length != rc.length) {
            op.fail("(C2)", "lhs_contracting_dimensions " + Types.list(lc) + " and rhs_contracting_dimensions " + Types.list(rc) + " differ in size");
            ok = false;
        }
        if (!DimensionLists.isUnique(lb, lc)) {
            op.fail("(C3)", "lhs batching and contracting dimensions " + Types.list(DimensionLists.concat(lb, lc)) + " must be unique");
            ok = false;
        }
        if (!DimensionLists.isUnique(rb, rc)) {
            op.fail("(C4)", "rhs batching and contracting dimensions " + Types.list(DimensionLists.concat(rb, rc)) + " must be unique");
            ok = false;
        }
        ok &= inRange(op, "(C5)", "lhs_batching_dimensions", lb, lhs);
        ok &= inRange(op, "(C6)", "lhs_contracting_dimensions", lc, lhs);
        ok &= inRange(op, "(C7)", "rhs_batching_dimensions", rb, rhs);
        ok &= inRange(op, "(C8)", "rhs_contracting_dimensions", rc, rhs);
        if (!ok) return;
        for (int i = 0; i < lb.length; i++) {
            long a = lhs.dim((int) lb[i]), b = rhs.dim((int) rb[i]);
            if (!Types.dimsMatch(a, b)) {
                op.fail("(C9)", "batching dimension sizes differ: lhs dimension " + lb[i] + " is " + a + ", rhs dimension " + rb[i] + " is " + b);
                ok = false;
            }
        }
        for (int i = 0; i < lc.length; i++) {
            long a = lhs.dim((int) lc[i]), b = rhs.dim((int) rc[i]);
            if (!Types.dimsMatch(a, b)) {
                op.fail("(C10)", "contracting dimension sizes differ: lhs dimension " + lc[i] + " is " + a + ", rhs dimension " + rc[i] + " is " + b);
                ok = false;
            }
        }
        precisionConfig(op, "(C11)");
        if (ok) {
            long[] expected = new long[lb.length + (lhs.rank() - lb.length - lc.length) + (rhs.rank() - rb.length - rc.length)];
            int k = 0;
            for (long d : lb) expected[k++] = lhs.dim((int) d);
            for (int d = 0; d < lhs.rank(); d++) if (!DimensionLists.contains(lb, d) && !DimensionLists.contains(lc, d)) expected[k++] = lhs.dim(d);
            for (int d = 0; d < rhs.rank(); d++) if (!DimensionLists.contains(rb, d) && !DimensionLists.contains(rc, d)) expected[k++] = rhs.dim(d);
            if (!Types.shapesMatch(expected, result.shape())) {
                op.fail("(C12)", "expected result shape " + Types.dims(expected) + " (batch, lhs free, rhs free dimensions), found " + result.text());
            }
        }
        sameElement(op, "(C13)", lhs, "lhs", rhs, "rhs");
    }

    private static boolean inRange(OpCheck op, String constraint, String what, long[] dims, TensorType t) {
        if (DimensionLists.inRange(dims, t.rank())) return true;
        op.fail(constraint, what + " " + Types.list(dims) + " must lie in [0, " + t.rank() + ")");
        return false;
    }

    /** The spec asks for two precisions; MLIR also accepts none, meaning DEFAULT for both. */
    private static void precisionConfig(OpCheck op, String constraint) {
        Optional<Attribute> pc = op.attribute("precision_config");
        if (pc.isPresent() && pc.get() instanceof Attribute.ArrayAttr arr && arr.elements().size() != 0 && arr.elements().size() != 2) {
            op.fail(constraint, "precision_config must have 2 entries, found " + arr.elements().size());
        }
    }

    private static void convolution(OpCheck op) {
        op.operandCount(2);
        op.resultCount(1);
        TensorType lhs = op.operandTensor(0, "(I1)", "lhs");
        TensorType rhs = op.operandTensor(1, "(I2)", "rhs");
        TensorType result = op.resultTensor(0, "result");
        int n = lhs.rank();
        if (rhs.rank() != n) throw op.abort("(C1)", "lhs rank " + n + " and rhs rank " + rhs.rank() + " must be equal");
        int spatial = n - 2;
        if (spatial < 0) throw op.abort("(C1)", "lhs must have rank at least 2, found " + lhs.text());
        long[] strides = sized(op, "window_strides", "(I3)", "(C2)", spatial, 1);
        positive(op, "(C3)", "window_strides", strides);
        long[][] padding = op.optPairs("padding", "(I4)", "(C4)", spatial).orElseGet(() -> new long[spatial][2]);
        long[] lhsDilation = sized(op, "lhs_dilation", "(I5)", "(C5)", spatial, 1);
        positive(op, "(C6)", "lhs_dilation", lhsDilation);
        long[] rhsDilation = sized(op, "rhs_dilation", "(I6)", "(C7)", spatial, 1);
        positive(op, "(C8)", "rhs_dilation", rhsDilation);
        sized(op, "window_reversal", "(I7)", "(C9)", spatial, 0);
        ConvDimensionNumbers dn = op.structured("dimension_numbers", ConvDimensionNumbers.class, "(I8)");
        long fgc = op.optInteger("feature_group_count", "(I17)").orElse(1);
        long bgc = op.optInteger("batch_group_count", "(I18)").orElse(1);
        if (fgc <= 0) throw op.abort("(C21)", "feature_group_count must be positive, found " + fgc);
        if (bgc <= 0) throw op.abort("(C22)", "batch_group_count must be positive, found " + bgc);
        if (fgc != 1 && bgc != 1) op.fail("(C23)", "feature_group_count " + fgc + " or batch_group_count " + bgc + " must be 1");
        precisionConfig(op, "(C24)");

        long[] inSpatial = dn.inputSpatialDimensions(), kSpatial = dn.kernelSpatialDimensions(), outSpatial = dn.outputSpatialDimensions();
        if (inSpatial.length != spatial) throw op.abort("(C12)", "expected " + spatial + " input spatial dimensions, found " + Types.list(inSpatial));
        long[] inputDims = DimensionLists.concat(DimensionLists.concat(new long[] {dn.inputBatchDimension()}, inSpatial), new long[] {dn.inputFeatureDimension()});
        if (!DimensionLists.isUnique(inputDims) || !DimensionLists.inRange(inputDims, n)) {
            throw op.abort("(C13)", "input dimensions [batch, spatial..., feature] = " + Types.list(inputDims) + " must be unique and lie in [0, " + n + ")");
        }
        if (kSpatial.length != spatial) throw op.abort("(C17)", "expected " + spatial + " kernel spatial dimensions, found " + Types.list(kSpatial));
        long[] kernelDims = DimensionLists.concat(kSpatial, new long[] {dn.kernelInputFeatureDimension(), dn.kernelOutputFeatureDimension()});
        if (!DimensionLists.isUnique(kernelDims) || !DimensionLists.inRange(kernelDims, n)) {
            throw op.abort("(C18)", "kernel dimensions [spatial..., input feature, output feature] = " + Types.list(kernelDims) + " must be unique and lie in [0, " + n + ")");
        }
        if (outSpatial.length != spatial) throw op.abort("(C19)", "expected " + spatial + " output spatial dimensions, found " + Types.list(outSpatial));
        long[] outputDims = DimensionLists.concat(DimensionLists.concat(new long[] {dn.outputBatchDimension()}, outSpatial), new long[] {dn.outputFeatureDimension()});
        if (!DimensionLists.isUnique(outputDims) || !DimensionLists.inRange(outputDims, n)) {
            throw op.abort("(C20)", "output dimensions [batch, spatial..., feature] = " + Types.list(outputDims) + " must be unique and lie in [0, " + n + ")");
        }

        long batch = lhs.dim((int) dn.inputBatchDimension());
        long feature = lhs.dim((int) dn.inputFeatureDimension());
        long kernelIn = rhs.dim((int) dn.kernelInputFeatureDimension());
        long kernelOut = rhs.dim((int) dn.kernelOutputFeatureDimension());
        if (batch != DYN && batch % bgc != 0) op.fail("(C10)", "input batch size " + batch + " is not a multiple of batch_group_count " + bgc);
        if (feature != DYN && feature % fgc != 0) op.fail("(C11)", "input feature size " + feature + " is not a multiple of feature_group_count " + fgc);
        if (feature != DYN && kernelIn != DYN && kernelIn != feature / fgc) {
            op.fail("(C14)", "kernel input feature size " + kernelIn + " must be input feature size " + feature + " / feature_group_count " + fgc);
        }
        if (kernelOut != DYN && kernelOut % bgc != 0) op.fail("(C15)", "kernel output feature size " + kernelOut + " is not a multiple of batch_group_count " + bgc);
        if (kernelOut != DYN && kernelOut % fgc != 0) op.fail("(C16)", "kernel output feature size " + kernelOut + " is not a multiple of feature_group_count " + fgc);

        if (result.rank() != n) throw op.abort("(C26)", "result rank must be " + n + ", found " + result.text());
        long[] expected = new long[n];
        expected[(int) dn.outputBatchDimension()] = batch == DYN ? DYN : batch / bgc;
        expected[(int) dn.outputFeatureDimension()] = kernelOut;
        for (int s = 0; s < spatial; s++) {
            long in = lhs.dim((int) inSpatial[s]), win = rhs.dim((int) kSpatial[s]);
            expected[(int) outSpatial[s]] = (in == DYN || win == DYN) ? DYN
                    : WindowShapes.numWindows(in, lhsDilation[s], padding[s][0], padding[s][1], win, rhsDilation[s], strides[s]);
        }
        if (!Types.shapesMatch(expected, result.shape())) {
            op.fail("(C25)", "expected result shape " + Types.dims(expected) + ", found " + result.text());
        }
        sameElement(op, "(C27)", lhs, "lhs", rhs, "rhs");
    }

    /** An optional per-spatial-dimension list, defaulting to {@code fill}; a wrong length aborts against {@code constraint}. */
    static long[] sized(OpCheck op, String attr, String label, String constraint, int size, long fill) {
        Optional<long[]> v = op.optLongs(attr, label);
        if (v.isEmpty()) {
            long[] d = new long[size];
            Arrays.fill(d, fill);
            return d;
        }
        if (v.get().length != size) throw op.abort(constraint, attr + " " + Types.list(v.get()) + " must have " + size + " entries, found " + v.get().length);
        return v.get();
    }

    static boolean positive(OpCheck op, String constraint, String attr, long[] values) {
        for (long v : values) {
            if (v <= 0) throw op.abort(constraint, attr + " must be positive, found " + Types.list(values));
        }
        return true;
    }
}
