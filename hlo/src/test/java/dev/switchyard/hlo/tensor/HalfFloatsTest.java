package dev.switchyard.hlo.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Expected bit patterns worked out by hand from the IEEE layouts (bf16: 1/8/7, f16: 1/5/10). */
class HalfFloatsTest {

    private static int bf16(int f32Bits) { return HalfFloats.floatToBf16(Float.intBitsToFloat(f32Bits)) & 0xFFFF; }

    private static int f16(float v) { return HalfFloats.floatToF16(v) & 0xFFFF; }

    @Test
    void bf16RoundsToNearestTiesToEven() {
        assertEquals(0x3F80, bf16(0x3F80_0000));        // 1.0 exact
        assertEquals(0x3F80, bf16(0x3F80_8000));        // tie between 0x3F80 (even) and 0x3F81
        assertEquals(0x3F82, bf16(0x3F81_8000));        // tie between 0x3F81 and 0x3F82 (even)
        assertEquals(0x3F81, bf16(0x3F80_8001));        // just above the tie
        assertEquals(0x3F80, bf16(0x3F80_7FFF));        // just below the tie
        assertEquals(0x4000, bf16(0x3FFF_FFFF));        // carry into the exponent: 1.99999988 -> 2.0
        assertEquals(0xBF82, bf16(0xBF81_8000));        // negative tie, same rule on the magnitude
    }

    @Test
    void bf16SpecialValues() {
        assertEquals(0x0000, bf16(0x0000_0000));
        assertEquals(0x8000, bf16(0x8000_0000));        // -0 keeps its sign
        assertEquals(0x7F80, bf16(0x7F80_0000));        // +inf
        assertEquals(0xFF80, bf16(0xFF80_0000));        // -inf
        assertEquals(0x7FC0, bf16(0x7FC0_0000));        // quiet NaN
        assertEquals(0x7FC0, bf16(0x7F80_0001));        // signalling NaN whose payload is only in the low half stays NaN
        assertEquals(0xFFC0, bf16(0xFF80_0001));        // and keeps its sign
        assertEquals(0x7F80, bf16(0x7F7F_FFFF));        // f32 max overflows to +inf
        assertEquals(0x7F80, bf16(0x7F7F_8000));        // tie above bf16 max (odd mantissa) rounds up to inf
        assertEquals(0x7F7F, bf16(0x7F7F_7FFF));        // below the tie stays at bf16 max
        assertEquals(0xFF80, bf16(0xFF7F_FFFF));        // -f32 max -> -inf
    }

    @Test
    void bf16Subnormals() {
        assertEquals(0x0002, bf16(0x0001_8000));        // tie between subnormals 1 and 2 -> even
        assertEquals(0x0000, bf16(0x0000_8000));        // tie between 0 and the smallest subnormal -> 0
        assertEquals(0x0001, bf16(0x0000_8001));
        assertEquals(0x8001, bf16(0x8000_8001));
        assertEquals(0x0080, bf16(0x007F_C000));        // largest subnormal region rounds up to the smallest normal
    }

    @Test
    void bf16Widening() {
        assertEquals(3.140625f, HalfFloats.bf16ToFloat((short) 0x4049));  // 0x40490000
        assertEquals(Float.intBitsToFloat(0x0001_0000), HalfFloats.bf16ToFloat((short) 0x0001));
        assertEquals(0x8000_0000, Float.floatToRawIntBits(HalfFloats.bf16ToFloat((short) 0x8000)));
        assertTrue(Float.isNaN(HalfFloats.bf16ToFloat((short) 0x7FC1)));
    }

    @Test
    void f16RoundsToNearestTiesToEven() {
        assertEquals(0x3C00, f16(1.0f));
        assertEquals(0x3C00, f16(1.0f + 0x1p-11f));     // tie between 0x3C00 (even) and 0x3C01
        assertEquals(0x3C02, f16(1.0f + 3 * 0x1p-11f)); // tie between 0x3C01 and 0x3C02 (even)
        assertEquals(0x3C01, f16(1.0f + 0x1p-11f + 0x1p-20f));
        assertEquals(0x3555, f16(1.0f / 3));            // 0.333251953125 is nearest
        assertEquals(0xC000, f16(-2.0f));
    }

    @Test
    void f16RangeEdgesAndSpecials() {
        assertEquals(0x7BFF, f16(65504f));              // max finite
        assertEquals(0x7BFF, f16(65519f));              // below the tie with 65536
        assertEquals(0x7C00, f16(65520f));              // tie, odd mantissa -> rounds up to inf
        assertEquals(0x7C00, f16(1e6f));
        assertEquals(0xFC00, f16(Float.NEGATIVE_INFINITY));
        assertEquals(0x8000, f16(-0.0f));
        assertEquals(0x0400, f16(0x1p-14f));            // smallest normal
        assertEquals(0x0001, f16(0x1p-24f));            // smallest subnormal
        assertEquals(0x0000, f16(0x1p-25f));            // tie between 0 and it -> 0
        assertEquals(0x0001, f16(1.5f * 0x1p-25f));
        assertEquals(0x0002, f16(3 * 0x1p-25f));        // tie between 1 and 2 -> 2
        assertEquals(0x8001, f16(-0x1p-24f));
        int nan = f16(Float.NaN);
        assertTrue((nan & 0x7C00) == 0x7C00 && (nan & 0x03FF) != 0, "NaN stays NaN: " + Integer.toHexString(nan));
        assertEquals(0.333251953125f, HalfFloats.f16ToFloat((short) 0x3555));
        assertEquals(0x1p-24f, HalfFloats.f16ToFloat((short) 0x0001));
    }

    @Test
    void doubleConversionsRoundOnce() {
        // 1 + 2^-8 + 2^-40: via f32 it would first become the tie 1 + 2^-8 and then round down to 1.0.
        assertEquals(0x3F81, HalfFloats.doubleToBf16(1.0 + 0x1p-8 + 0x1p-40) & 0xFFFF);
        assertEquals(0x3F80, HalfFloats.doubleToBf16(1.0 + 0x1p-8) & 0xFFFF);
        assertEquals(0x3C01, HalfFloats.doubleToF16(1.0 + 0x1p-11 + 0x1p-40) & 0xFFFF);
        assertEquals(0x7F80, HalfFloats.doubleToBf16(1e300) & 0xFFFF);
        assertEquals(0x8000, HalfFloats.doubleToBf16(-1e-300) & 0xFFFF);
        assertEquals(0x7C00, HalfFloats.doubleToF16(Double.POSITIVE_INFINITY) & 0xFFFF);
    }
}
