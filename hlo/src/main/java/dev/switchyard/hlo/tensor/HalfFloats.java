package dev.switchyard.hlo.tensor;

/**
 * Conversions between the 16-bit float formats (bfloat16, IEEE binary16) and f32/f64, rounding to
 * nearest with ties to even, preserving NaN (quiet, sign kept), signed zero, subnormals and
 * overflowing to infinity. Values are passed as their 16 bits in the low half of an {@code int}
 * or a {@code short}.
 */
public final class HalfFloats {
    private HalfFloats() {}

    /** bf16 is the upper half of an f32, so widening is exact. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** Rounds an f32 to bf16 (RNE); a NaN stays a NaN of the same sign, made quiet. */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7FFF_FFFF) > 0x7F80_0000) {
            // NaN: keep sign and upper payload, force the quiet bit so truncation cannot make it infinity
            return (short) ((bits >>> 16) | 0x0040);
        }
        // Adding 0x7FFF plus the lowest kept bit rounds ties to even; carries into the exponent
        // are exactly the round-up-to-next-binade and overflow-to-infinity cases.
        int lsb = (bits >>> 16) & 1;
        return (short) ((bits + 0x7FFF + lsb) >>> 16);
    }

    public static float f16ToFloat(short bits) {
        return Float.float16ToFloat(bits);
    }

    /** Rounds an f32 to IEEE binary16 (RNE, subnormals, overflow to infinity, NaN kept). */
    public static short floatToF16(float value) {
        return Float.floatToFloat16(value);
    }

    /** Rounds an f64 to bf16 with a single rounding (no double-rounding error through f32). */
    public static short doubleToBf16(double value) {
        return floatToBf16(roundToOddFloat(value));
    }

    /** Rounds an f64 to binary16 with a single rounding. */
    public static short doubleToF16(double value) {
        return floatToF16(roundToOddFloat(value));
    }

    /** The nearest bf16 value as a float: what an op on bf16 stores after computing in f32. */
    public static float roundToBf16(float value) {
        return bf16ToFloat(floatToBf16(value));
    }

    public static float roundToF16(float value) {
        return f16ToFloat(floatToF16(value));
    }

    /**
     * f64 → f32 rounding to odd: truncate, then set the last bit if anything was lost. A second
     * RNE rounding to a format with at least two fewer significand bits (bf16: 8, f16: 11, vs 24)
     * then gives the correctly rounded result of the original double.
     */
    static float roundToOddFloat(double value) {
        float nearest = (float) value;
        if (Double.isNaN(value) || Double.isInfinite(value) || (double) nearest == value) return nearest;
        float truncated = Math.abs((double) nearest) > Math.abs(value)
                ? Math.nextAfter(nearest, 0.0) : nearest;
        int bits = Float.floatToRawIntBits(truncated);
        return Float.intBitsToFloat(bits | 1);
    }
}
