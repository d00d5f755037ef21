package dev.switchyard.hlo.verify;

import static dev.switchyard.hlo.verify.ElementwiseOps.sameElement;
import static dev.switchyard.hlo.verify.ElementwiseOps.sameShape;
import static dev.switchyard.hlo.verify.ElementwiseOps.sameType;

import dev.switchyard.hlo.ir.Type.TensorType;
import java.util.List;

/** batch_norm_inference, batch_norm_training and batch_norm_grad: one feature dimension, per-feature 1-D tensors. */
final class BatchNormOps {
    private BatchNormOps() {}

    static void register(OpRegistry r) {
        r.addStablehlo(BatchNormOps::inference, "batch_norm_inference");
        r.addStablehlo(BatchNormOps::training, "batch_norm_training");
        r.addStablehlo(BatchNormOps::grad, "batch_norm_grad");
    }

    private static int featureIndex(OpCheck op, TensorType operand) {
        long fi = op.integer("feature_index", "(I6)");
        if (fi < 0 || fi >= operand.rank()) throw op.abort("(C1)", "feature_index " + fi + " must lie in [0, " + operand.rank() + ")");
        return (int) fi;
    }

    /** Each of {@code perFeature} must be 1-D with one entry per feature, i.e. {@code size(t) = dim(operand, feature_index)}. */
    private static void featureSized(OpCheck op, String[] constraints, List<TensorType> perFeature, String[] roles, TensorType operand, int fi) {
        long features = operand.dim(fi);
        for (int i = 0; i < perFeature.size(); i++) {
            TensorType t = perFeature.get(i);
            if (t.rank() != 1 || !Types.dimsMatch(t.dim(0), features)) {
                op.fail(constraints[i], roles[i] + " must be a 1-D tensor of " + features + " (dimension " + fi + " of operand), found " + t.text());
            }
        }
    }

    private static void sameElements(OpCheck op, String constraint, TensorType operand, List<TensorType> others, String[] roles) {
        for (int i = 0; i < others.size(); i++) {
            if (!sameElement(op, constraint, operand, "operand", others.get(i), roles[i])) return;
        }
    }

    private static void inference(OpCheck op) {
        op.operandCount(5);
        op.resultCount(1);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        List<TensorType> stats = List.of(op.operandTensor(1, "(I2)", "scale"), op.operandTensor(2, "(I3)", "offset"),
                op.operandTensor(3, "(I4)", "mean"), op.operandTensor(4, "(I5)", "variance"));
        TensorType result = op.resultTensor(0, "result");
        statistics(op, operand, stats, new String[] {"scale", "offset", "mean", "variance"}, result, "result");
    }

    /**
     * (C1)–(C7) of inference and training alike: four per-feature tensors of the operand's element
     * type and one entry per feature, and an output of the operand's type.
     */
    private static void statistics(OpCheck op, TensorType operand, List<TensorType> stats, String[] roles, TensorType output, String outputRole) {
        int fi = featureIndex(op, operand);
        sameElements(op, "(C2)", operand, stats, roles);
        featureSized(op, new String[] {"(C3)", "(C4)", "(C5)", "(C6)"}, stats, roles, operand, fi);
        sameType(op, "(C7)", operand, "operand", output, outputRole);
    }

    private static void training(OpCheck op) {
        op.operandCount(3);
        op.resultCount(3);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType scale = op.operandTensor(1, "(I2)", "scale");
        TensorType offset = op.operandTensor(2, "(I3)", "offset");
        TensorType output = op.resultTensor(0, "output");
        TensorType mean = op.resultTensor(1, "batch_mean");
        TensorType var = op.resultTensor(2, "batch_var");
        statistics(op, operand, List.of(scale, offset, mean, var), new String[] {"scale", "offset", "batch_mean", "batch_var"}, output, "output");
    }

    private static void grad(OpCheck op) {
        op.operandCount(5);
        op.resultCount(3);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType scale = op.operandTensor(1, "(I2)", "scale");
        TensorType mean = op.operandTensor(2, "(I3)", "mean");
        TensorType variance = op.operandTensor(3, "(I4)", "variance");
        TensorType gradOutput = op.operandTensor(4, "(I5)", "grad_output");
        TensorType gradOperand = op.resultTensor(0, "grad_operand");
        TensorType gradScale = op.resultTensor(1, "grad_scale");
        TensorType gradOffset = op.resultTensor(2, "grad_offset");
        int fi = featureIndex(op, operand);
        sameElements(op, "(C2)", operand, List.of(scale, mean, variance, gradOutput, gradOperand, gradScale, gradOffset),
                new String[] {"scale", "mean", "variance", "grad_output", "grad_operand", "grad_scale", "grad_offset"});
        if (sameShape(op, "(C3)", operand, "operand", gradOutput, "grad_output")) sameShape(op, "(C3)", operand, "operand", gradOperand, "grad_operand");
        List<TensorType> perFeature = List.of(mean, variance, gradScale, gradOffset);
        String[] roles = {"mean", "variance", "grad_scale", "grad_offset"};
        for (int i = 0; i < perFeature.size(); i++) {
            if (!sameShape(op, "(C4)", scale, "scale", perFeature.get(i), roles[i])) break;
        }
        featureSized(op, new String[] {"(C5)"}, List.of(scale), new String[] {"scale"}, operand, fi);
    }
}
