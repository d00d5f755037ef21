package dev.switchyard.runtime.ref.kernel;

import dev.switchyard.hlo.tensor.ElementType;

/**
 * How the interpreter holds elements of a type in a flat primitive array. Values are always
 * canonical for their type: floats rounded to the type (bf16 values in a {@code float[]} are
 * exactly representable in bf16), signed integers sign-extended and unsigned ones zero-extended
 * to 64 bits, so kernels never re-check what they read.
 */
public enum Storage {
    /** f16, bf16 and f32 in a {@code float[]}. */
    FLOAT,
    /** f64 in a {@code double[]}. */
    DOUBLE,
    /** complex<f32> and complex<f64> as interleaved (re, im) pairs in a {@code double[]}. */
    COMPLEX,
    /** i1 (0/1) and every integer width in a {@code long[]}. */
    INTEGER;

    public static Storage of(ElementType type) {
        return switch (type) {
            case F16, BF16, F32 -> FLOAT;
            case F64 -> DOUBLE;
            case COMPLEX_F32, COMPLEX_F64 -> COMPLEX;
            case I1, I2, I4, I8, I16, I32, I64, UI2, UI4, UI8, UI16, UI32, UI64 -> INTEGER;
        };
    }
}
