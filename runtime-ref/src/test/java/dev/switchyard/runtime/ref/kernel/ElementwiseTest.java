package dev.switchyard.runtime.ref.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchyard.hlo.tensor.ElementType;
import org.junit.jupiter.api.Test;

/** Hand-worked values for integer wrap-around, shifts and rounding per op of narrow floats. */
class ElementwiseTest {

    private static Tensor ints(ElementType t, long... v) { return Tensor.ofLongs(t, new int[] {v.length}, v); }

    private static long[] bin(Elementwise.Binary op, ElementType t, long[] a, long[] b) {
        return Elementwise.binary(op, ints(t, a), ints(t, b), t).longs();
    }

    @Test
    void narrowIntegersWrap() {
        // i4: 7 + 1 = -8, -8 - 1 = 7; ui4: 15 + 1 = 0; i2: 1 + 1 = -2
        assertArrayEquals(new long[] {-8, 7}, bin(Elementwise.Binary.ADD, ElementType.I4, new long[] {7, -8}, new long[] {1, -1}));
        assertArrayEquals(new long[] {0, 14}, bin(Elementwise.Binary.ADD, ElementType.UI4, new long[] {15, 15}, new long[] {1, 15}));
        assertArrayEquals(new long[] {-2}, bin(Elementwise.Binary.ADD, ElementType.I2, new long[] {1}, new long[] {1}));
        assertArrayEquals(new long[] {Integer.MIN_VALUE}, bin(Elementwise.Binary.MULTIPLY, ElementType.I32, new long[] {1L << 30}, new long[] {2}));
        // ui64 compares and divides unsigned: 2^64-1 / 2 = 2^63-1
        assertArrayEquals(new long[] {Long.MAX_VALUE}, bin(Elementwise.Binary.DIVIDE, ElementType.UI64, new long[] {-1}, new long[] {2}));
        assertArrayEquals(new long[] {-1}, bin(Elementwise.Binary.MAXIMUM, ElementType.UI64, new long[] {-1}, new long[] {5}));
    }

    @Test
    void shiftsFollowTheSpecForLargeAmounts() {
        assertArrayEquals(new long[] {-8, 0}, bin(Elementwise.Binary.SHIFT_LEFT, ElementType.I8, new long[] {-1, 1}, new long[] {3, 8}));
        assertArrayEquals(new long[] {0x7F, 0}, bin(Elementwise.Binary.SHIFT_RIGHT_LOGICAL, ElementType.I8, new long[] {-1, -1}, new long[] {1, 8}));
        assertArrayEquals(new long[] {-1, -1, 3}, bin(Elementwise.Binary.SHIFT_RIGHT_ARITHMETIC, ElementType.I8, new long[] {-2, -1, 7}, new long[] {1, 9, 1}));
        // ui8 200 >> 1 arithmetic treats bit 7 as sign: 0b11001000 -> 0b11100100 = 228
        assertArrayEquals(new long[] {228}, bin(Elementwise.Binary.SHIFT_RIGHT_ARITHMETIC, ElementType.UI8, new long[] {200}, new long[] {1}));
    }

    @Test
    void bitCountsUseTheTypeWidth() {
        assertArrayEquals(new long[] {8, 0, 7}, Elementwise.unary(Elementwise.Unary.POPCNT, ints(ElementType.I8, -1, 0, 127), ElementType.I8).longs());
        assertArrayEquals(new long[] {8, 0, 1}, Elementwise.unary(Elementwise.Unary.COUNT_LEADING_ZEROS, ints(ElementType.I8, 0, -1, 64), ElementType.I8).longs());
        assertArrayEquals(new long[] {0, 1}, Elementwise.unary(Elementwise.Unary.NOT, ints(ElementType.I1, 1, 0), ElementType.I1).longs());
        assertArrayEquals(new long[] {14}, Elementwise.unary(Elementwise.Unary.NOT, ints(ElementType.UI4, 1), ElementType.UI4).longs());
    }

    @Test
    void bf16AddRoundsEachResult() {
        // 1 + 2^-8 is a tie in bf16 -> 1.0; 1 + 3*2^-8 is a tie -> 1 + 2^-6 (even)
        Tensor a = Tensor.ofFloats(ElementType.BF16, new int[] {2}, new float[] {1f, 1f});
        Tensor b = Tensor.ofFloats(ElementType.BF16, new int[] {2}, new float[] {0x1p-8f, 3 * 0x1p-8f});
        assertArrayEquals(new float[] {1f, 1f + 0x1p-6f}, Elementwise.binary(Elementwise.Binary.ADD, a, b, ElementType.BF16).floats());
        // f16 overflow: 60000 + 10000 -> inf
        Tensor h = Tensor.ofFloats(ElementType.F16, new int[] {1}, new float[] {60000f});
        Tensor g = Tensor.ofFloats(ElementType.F16, new int[] {1}, new float[] {10000f});
        assertEquals(Float.POSITIVE_INFINITY, Elementwise.binary(Elementwise.Binary.ADD, h, g, ElementType.F16).floats()[0]);
    }

    @Test
    void roundingOpsAndComplex() {
        Tensor x = Tensor.ofDoubles(ElementType.F64, new int[] {5}, new double[] {-2.5, 0.5, 1.5, 2.5, -0.4});
        assertArrayEquals(new double[] {-3, 1, 2, 3, -0.0}, Elementwise.unary(Elementwise.Unary.ROUND_NEAREST_AFZ, x, ElementType.F64).doubles());
        assertArrayEquals(new double[] {-2, 0, 2, 2, -0.0}, Elementwise.unary(Elementwise.Unary.ROUND_NEAREST_EVEN, x, ElementType.F64).doubles());
        Tensor z = Tensor.ofDoubles(ElementType.COMPLEX_F64, new int[] {1}, new double[] {1, 2});
        Tensor w = Tensor.ofDoubles(ElementType.COMPLEX_F64, new int[] {1}, new double[] {3, -1});
        // (1+2i)(3-i) = 3 - i + 6i + 2 = 5 + 5i; (1+2i)/(3-i) = (1+2i)(3+i)/10 = (1 + 7i)/10
        assertArrayEquals(new double[] {5, 5}, Elementwise.binary(Elementwise.Binary.MULTIPLY, z, w, ElementType.COMPLEX_F64).doubles());
        assertArrayEquals(new double[] {0.1, 0.7}, Elementwise.binary(Elementwise.Binary.DIVIDE, z, w, ElementType.COMPLEX_F64).doubles(), 1e-15);
        assertArrayEquals(new double[] {Math.sqrt(5)}, Elementwise.unary(Elementwise.Unary.ABS, z, ElementType.F64).doubles(), 1e-15);
    }

    @Test
    void compareTotalOrderAndNaN() {
        Tensor a = Tensor.ofFloats(ElementType.F32, new int[] {3}, new float[] {Float.NaN, -0.0f, 1f});
        Tensor b = Tensor.ofFloats(ElementType.F32, new int[] {3}, new float[] {Float.NaN, 0.0f, 2f});
        assertArrayEquals(new long[] {0, 1, 0}, Comparison.compare(Comparison.Direction.EQ, Comparison.Type.FLOAT, a, b).longs());
        assertArrayEquals(new long[] {0, 1, 1}, Comparison.compare(Comparison.Direction.LT, Comparison.Type.TOTALORDER, a, b).longs());
    }

    @Test
    void convertSaturatesAndTruncates() {
        Tensor f = Tensor.ofFloats(ElementType.F32, new int[] {4}, new float[] {-1.7f, 300f, Float.NaN, 2.9f});
        assertArrayEquals(new long[] {-1, 127, 0, 2}, Conversions.convert(f, ElementType.I8).longs());
        assertArrayEquals(new long[] {0, 255, 0, 2}, Conversions.convert(f, ElementType.UI8).longs());
        assertArrayEquals(new long[] {-1}, Conversions.convert(ints(ElementType.I32, 255), ElementType.I8).longs());
    }
}
