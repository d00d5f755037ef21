package dev.switchyard.hlo.verify;

import static dev.switchyard.hlo.verify.ElementwiseOps.sameElement;
import static dev.switchyard.hlo.verify.ElementwiseOps.sameType;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.StablehloEnum.RngAlgorithm;
import dev.switchyard.hlo.ir.StablehloEnum.RngDistribution;
import dev.switchyard.hlo.ir.Type.TensorType;

/** rng and rng_bit_generator. */
final class RandomOps {
    private RandomOps() {}

    static void register(OpRegistry r) {
        r.addStablehlo(RandomOps::rng, "rng");
        r.addStablehlo(RandomOps::rngBitGenerator, "rng_bit_generator");
    }

    private static void rng(OpCheck op) {
        op.operandCount(3);
        op.resultCount(1);
        TensorType a = op.operandTensor(0, "(I1)", "a");
        TensorType b = op.operandTensor(1, "(I2)", "b");
        TensorType result = op.resultTensor(0, "result");
        if (sameElement(op, "(C1)", a, "a", b, "b")) sameElement(op, "(C1)", a, "a", result, "result");
        if (op.attribute("rng_distribution").orElse(null) instanceof Attribute.EnumAttr e && e.value() == RngDistribution.NORMAL) {
            op.elementKind(a, "(C2)", "a", "floating-point type (NORMAL distribution)", Types::isFloat);
        }
    }

    private static void rngBitGenerator(OpCheck op) {
        op.operandCount(1);
        op.resultCount(2);
        TensorType state = op.operandTensor(0, "(I2)", "initial_state");
        TensorType outState = op.resultTensor(0, "output_state");
        sameType(op, "(C1)", state, "initial_state", outState, "output_state");
        if (state.rank() != 1 || state.dim(0) == TensorType.DYNAMIC) return;
        long size = state.dim(0);
        if (op.attribute("rng_algorithm").orElse(null) instanceof Attribute.EnumAttr e && e.value() instanceof RngAlgorithm alg) {
            switch (alg) {
                case THREE_FRY -> { if (size != 2) op.fail("(C2)", "THREE_FRY needs an initial_state of 2 elements, found " + state.text()); }
                case PHILOX -> { if (size != 2 && size != 3) op.fail("(C2)", "PHILOX needs an initial_state of 2 or 3 elements, found " + state.text()); }
                case DEFAULT -> { }
            }
        }
    }
}
