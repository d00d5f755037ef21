package dev.switchyard.runtime.ref.kernel;

import dev.switchyard.hlo.tensor.ElementType;

/**
 * Rounds f32 values, in place, to the float type a {@code float[]} holds (bf16, f16; f32 is a
 * no-op): the one rounding per op result that keeps 16-bit values canonical ({@link Storage}).
 * Ops on bf16/f16 compute in f32 and round here once. For +, −, ×, ÷ and sqrt that gives the
 * correctly rounded 16-bit result: f32's 24 significand bits are at least 2p + 2 for bf16 (p = 8)
 * and f16 (p = 11), so rounding twice (exact → f32 → 16 bits) equals rounding once (Figueroa,
 * "When is double rounding innocuous?", 1995). The loops are branch-free so C2 vectorises them.
 */
public final class Rounding {
    private Rounding() {}

    public static void inPlace(ElementType type, float[] a, int from, int to) {
        switch (type) {
            case F32 -> { }
            case BF16 -> {
                for (int i = from; i < to; i++) a[i] = bf16(a[i]);
            }
            case F16 -> {
                for (int i = from; i < to; i++) a[i] = Float.float16ToFloat(Float.floatToFloat16(a[i]));
            }
            default -> throw new IllegalArgumentException("not a float storage type: " + type);
        }
    }

    public static void inPlace(ElementType type, float[] a) { inPlace(type, a, 0, a.length); }

    /**
     * f32 → bf16 → f32, ties to even (the same value as {@code HalfFloats.floatToBf16}): adding
     * 0x7FFF plus the lowest kept bit rounds, carries into the exponent are the binade and
     * overflow cases; a NaN keeps its sign and upper payload and is made quiet.
     */
    static float bf16(float x) {
        int bits = Float.floatToRawIntBits(x);
        int rounded = (bits + 0x7FFF + ((bits >>> 16) & 1)) & 0xFFFF_0000;
        int nan = (bits | 0x0040_0000) & 0xFFFF_0000;
        return Float.intBitsToFloat((bits & 0x7FFF_FFFF) > 0x7F80_0000 ? nan : rounded);
    }
}
