package dev.switchyard.hlo.verify;

import static dev.switchyard.hlo.verify.ElementwiseOps.sameElement;
import static dev.switchyard.hlo.verify.ElementwiseOps.sameType;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.StablehloEnum.FftType;
import dev.switchyard.hlo.ir.Type.TensorType;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.Optional;

/** cholesky, triangular_solve and fft: square matrices, matching batch dimensions, transform lengths. */
final class LinearAlgebraOps {
    private LinearAlgebraOps() {}

    private static final long DYN = TensorType.DYNAMIC;

    static void register(OpRegistry r) {
        r.addStablehlo(LinearAlgebraOps::cholesky, "cholesky");
        r.addStablehlo(LinearAlgebraOps::triangularSolve, "triangular_solve");
        r.addStablehlo(LinearAlgebraOps::fft, "fft");
    }

    private static void cholesky(OpCheck op) {
        op.operandCount(1);
        op.resultCount(1);
        TensorType a = op.operandTensor(0, "(I1)", "a");
        TensorType result = op.resultTensor(0, "result");
        sameType(op, "(C1)", a, "a", result, "result");
        if (a.rank() < 2) throw op.abort("(C2)", "a must have rank at least 2, found " + a.text());
        if (!Types.dimsMatch(a.dim(a.rank() - 2), a.dim(a.rank() - 1))) op.fail("(C3)", "a must be square in its last two dimensions, found " + a.text());
    }

    private static void triangularSolve(OpCheck op) {
        op.operandCount(2);
        op.resultCount(1);
        TensorType a = op.operandTensor(0, "(I1)", "a");
        TensorType b = op.operandTensor(1, "(I2)", "b");
        TensorType result = op.resultTensor(0, "result");
        sameElement(op, "(C1)", a, "a", b, "b");
        if (a.rank() < 2 || a.rank() != b.rank()) throw op.abort("(C2)", "a and b must have one rank of at least 2, found " + a.text() + " and " + b.text());
        int r = a.rank();
        boolean batchOk = true;
        for (int d = 0; d < r - 2; d++) batchOk &= Types.dimsMatch(a.dim(d), b.dim(d));
        boolean leftSide = op.flag("left_side");
        long solved = b.dim(leftSide ? r - 2 : r - 1);
        if (!batchOk || !Types.dimsMatch(a.dim(r - 2), a.dim(r - 1)) || !Types.dimsMatch(a.dim(r - 1), solved)) {
            op.fail("(C3)", "a must be square, share b's batch dimensions and match b's " + (leftSide ? "second-to-last" : "last")
                    + " dimension, found " + a.text() + " and " + b.text());
        }
        sameType(op, "(C4)", b, "b", result, "result");
    }

    private static void fft(OpCheck op) {
        op.operandCount(1);
        op.resultCount(1);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType result = op.resultTensor(0, "result");
        long[] length = op.longs("fft_length", "(I3)");
        if (!(op.attribute("fft_type").orElse(null) instanceof Attribute.EnumAttr e && e.value() instanceof FftType type)) throw op.skip();
        if (length.length > operand.rank()) throw op.abort("(C1)", "fft_length " + Types.list(length) + " has more entries than operand rank " + operand.rank());
        if (length.length < 1 || length.length > 3) throw op.abort("(C3)", "fft_length must have 1 to 3 entries, found " + Types.list(length));
        Optional<ElementType> in = Types.element(operand), out = Types.element(result);
        if (in.isEmpty() || out.isEmpty()) return;
        boolean elementsOk = switch (type) {
            case FFT, IFFT -> Types.isComplex(in.get()) && in.get() == out.get();
            case RFFT -> Types.isFloat(in.get()) && Types.isComplex(out.get()) && complexOf(in.get()) == out.get();
            case IRFFT -> Types.isComplex(in.get()) && Types.isFloat(out.get()) && complexOf(out.get()) == in.get();
        };
        if (!elementsOk) throw op.abort("(C2)", "element types " + in.get() + " -> " + out.get() + " do not fit fft_type " + type);
        Optional<TensorType> realSide = switch (type) {
            case RFFT -> Optional.of(operand);
            case IRFFT -> Optional.of(result);
            case FFT, IFFT -> Optional.empty();
        };
        if (realSide.isPresent()) {
            TensorType real = realSide.get();
            for (int i = 0; i < length.length; i++) {
                long d = real.rank() - length.length + i < 0 ? DYN : real.dim(real.rank() - length.length + i);
                if (!Types.dimsMatch(d, length[i])) {
                    op.fail("(C4)", "the trailing dimensions of the real tensor " + real.text() + " must equal fft_length " + Types.list(length));
                    return;
                }
            }
        }
        long[] expected = operand.shape();
        if (expected.length > 0 && (type == FftType.RFFT || type == FftType.IRFFT)) {
            int last = expected.length - 1;
            if (type == FftType.RFFT) {
                expected[last] = expected[last] == DYN ? DYN : expected[last] == 0 ? 0 : expected[last] / 2 + 1;
            } else {
                // IRFFT: the operand's last dimension is half the result's plus one; the result's comes from fft_length (C4).
                long rl = result.rank() == expected.length ? result.dim(last) : DYN;
                long want = rl == DYN ? DYN : rl == 0 ? 0 : rl / 2 + 1;
                if (!Types.dimsMatch(operand.dim(last), want)) {
                    throw op.abort("(C5)", "operand's last dimension must be " + want + " for result " + result.text() + ", found " + operand.text());
                }
                expected[last] = rl;
            }
        }
        if (!Types.shapesMatch(expected, result.shape())) op.fail("(C5)", "expected result shape " + Types.dims(expected) + ", found " + result.text());
    }

    private static ElementType complexOf(ElementType f) {
        return switch (f) {
            case F64 -> ElementType.COMPLEX_F64;
            case F32 -> ElementType.COMPLEX_F32;
            default -> f;
        };
    }
}
