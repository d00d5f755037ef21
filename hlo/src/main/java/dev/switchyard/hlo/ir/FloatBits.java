package dev.switchyard.hlo.ir;

import dev.switchyard.hlo.tensor.ElementType;

/**
 * Bit patterns of the float types we model, to and from double. Rounding is to nearest, ties to
 * even, straight from double (no double rounding through float); NaN payload bits that fit and the
 * sign of zero are kept.
 */
final class FloatBits {
    private FloatBits() {}

    static long fromDouble(double v, ElementType type) {
        return switch (type) {
            case F64 -> Double.doubleToRawLongBits(v);
            case F32 -> Float.floatToRawIntBits((float) v) & 0xffffffffL;
            case F16 -> round(v, 5, 10);
            case BF16 -> round(v, 8, 7);
            default -> throw new IllegalArgumentException("not a float type: " + type);
        };
    }

    static double toDouble(long bits, ElementType type) {
        return switch (type) {
            case F64 -> Double.longBitsToDouble(bits);
            case F32 -> Float.intBitsToFloat((int) bits);
            case F16 -> Float.float16ToFloat((short) bits);
            case BF16 -> Float.intBitsToFloat((int) (bits << 16));
            default -> throw new IllegalArgumentException("not a float type: " + type);
        };
    }

    /** The bit width of a float type's storage. */
    static int width(ElementType type) {
        return switch (type) {
            case F64 -> 64;
            case F32 -> 32;
            case F16, BF16 -> 16;
            default -> throw new IllegalArgumentException("not a float type: " + type);
        };
    }

    /** Rounds a double to an IEEE-style binary format with the given exponent and mantissa widths. */
    private static long round(double v, int eBits, int mBits) {
        long b = Double.doubleToRawLongBits(v);
        long sign = (b >>> 63) << (eBits + mBits);
        long expAllOnes = ((1L << eBits) - 1) << mBits;
        if (Double.isNaN(v)) {
            long payload = (b & 0xFFFFFFFFFFFFFL) >>> (52 - mBits);
            return sign | expAllOnes | payload | (1L << (mBits - 1));
        }
        double a = Math.abs(v);
        if (Double.isInfinite(a)) return sign | expAllOnes;
        if (a == 0) return sign;
        int bias = (1 << (eBits - 1)) - 1;
        int quantumExp = Math.max(Math.getExponent(a), 1 - bias);
        long m = (long) Math.rint(Math.scalb(a, mBits - quantumExp));
        if (m == 0) return sign;
        int exp = quantumExp;
        if (m >= (1L << (mBits + 1))) {
            m >>= 1;
            exp++;
        }
        if (m < (1L << mBits)) return sign | m; // subnormal (or zero exponent field)
        int biased = exp + bias;
        if (biased >= (1 << eBits) - 1) return sign | expAllOnes;
        return sign | ((long) biased << mBits) | (m & ((1L << mBits) - 1));
    }
}
