package dev.switchyard.tests.differential;

import dev.switchyard.hlo.tensor.ElementType;

/**
 * How far two executors may differ per element type: summation order and fused operations change
 * float rounding, so floats get a relative bound (absolute below magnitude 1) at the type's scale;
 * integers and booleans must agree bit for bit.
 */
public final class Tolerance {

    private Tolerance() {}

    public static double of(ElementType type) {
        return switch (type) {
            case F32 -> 1e-5;
            case BF16 -> 1e-2;
            case F16 -> 1e-3;
            case F64 -> 1e-12;
            case COMPLEX_F32 -> 1e-5;
            case COMPLEX_F64 -> 1e-12;
            case I1, I2, I4, I8, I16, I32, I64, UI2, UI4, UI8, UI16, UI32, UI64 -> 0;
        };
    }
}
