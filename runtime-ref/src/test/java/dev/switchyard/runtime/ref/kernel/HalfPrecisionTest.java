package dev.switchyard.runtime.ref.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HalfFloats;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * bf16/f16 ops held as f32 and rounded once per result, against an independent reference: the
 * exact result in f64 (products and sums of 16-bit values are exact there, quotients and square
 * roots correctly rounded) rounded once to the 16-bit type by {@code HalfFloats}' round-to-odd path.
 */
class HalfPrecisionTest {

    private static final ElementType[] HALVES = {ElementType.BF16, ElementType.F16};

    /** Random values of the type: wide exponents, signed zeros, infinities, NaN, subnormals. */
    private static float[] values(ElementType t, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        float[] specials = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1e-7f, -3e-5f, 65504f, 7e4f};
        for (int i = 0; i < n; i++) {
            float x = i < specials.length ? specials[i] : (float) ((r.nextBoolean() ? 1 : -1) * Math.pow(2, r.nextDouble(-30, 30)));
            v[i] = (float) round(t, x);
        }
        return v;
    }

    private static double round(ElementType t, double v) {
        return t == ElementType.BF16 ? HalfFloats.bf16ToFloat(HalfFloats.doubleToBf16(v)) : HalfFloats.f16ToFloat(HalfFloats.doubleToF16(v));
    }

    private static void assertSameFloats(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            float e = (float) expected[i];
            if (Float.isNaN(e)) {
                assertEquals(true, Float.isNaN(actual[i]), what + " element " + i);
            } else {
                assertEquals(Float.floatToIntBits(e), Float.floatToIntBits(actual[i]), what + " element " + i + ": expected " + e + ", got " + actual[i]);
            }
        }
    }

    @Test
    void roundingMatchesHalfFloatsOnEveryBf16Neighbourhood() {
        SplittableRandom r = new SplittableRandom(7);
        float[] v = new float[100_000];
        for (int i = 0; i < v.length; i++) v[i] = Float.intBitsToFloat(r.nextInt());
        for (ElementType t : HALVES) {
            float[] got = v.clone();
            Rounding.inPlace(t, got);
            for (int i = 0; i < v.length; i++) {
                float want = t == ElementType.BF16 ? HalfFloats.roundToBf16(v[i]) : HalfFloats.roundToF16(v[i]);
                if (Float.isNaN(want)) assertEquals(true, Float.isNaN(got[i]), t + " of NaN bits " + Integer.toHexString(Float.floatToRawIntBits(v[i])));
                else assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got[i]), t + " of " + v[i]);
            }
        }
        // ties go to even: 1 + 2^-8 is halfway between bf16 neighbours 1 and 1 + 2^-7
        float[] tie = {1f + 0x1p-8f, 1f + 3 * 0x1p-8f};
        Rounding.inPlace(ElementType.BF16, tie);
        assertArrayEquals(new float[] {1f, 1f + 0x1p-6f}, tie);
    }

    @Test
    void arithmeticIsRoundedOnceFromTheExactResult() {
        Elementwise.Binary[] ops = {Elementwise.Binary.ADD, Elementwise.Binary.SUBTRACT, Elementwise.Binary.MULTIPLY,
                Elementwise.Binary.DIVIDE, Elementwise.Binary.MAXIMUM, Elementwise.Binary.MINIMUM};
        for (ElementType t : HALVES) {
            float[] a = values(t, 4000, 1), b = values(t, 4000, 2);
            Tensor x = Tensor.ofFloats(t, new int[] {a.length}, a), y = Tensor.ofFloats(t, new int[] {b.length}, b);
            for (Elementwise.Binary op : ops) {
                double[] want = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    double e = switch (op) {
                        case ADD -> (double) a[i] + b[i];
                        case SUBTRACT -> (double) a[i] - b[i];
                        case MULTIPLY -> (double) a[i] * b[i];
                        case DIVIDE -> (double) a[i] / b[i];
                        case MAXIMUM -> Math.max((double) a[i], b[i]);
                        default -> Math.min((double) a[i], b[i]);
                    };
                    want[i] = round(t, e);
                }
                assertSameFloats(want, Elementwise.binary(op, x, y, t).floats(), t + " " + op);
            }
            double[] sqrt = new double[a.length];
            for (int i = 0; i < a.length; i++) sqrt[i] = round(t, Math.sqrt(a[i]));
            assertSameFloats(sqrt, Elementwise.unary(Elementwise.Unary.SQRT, x, t).floats(), t + " sqrt");
        }
    }

    @Test
    void conversionsRoundOnce() {
        SplittableRandom r = new SplittableRandom(3);
        float[] v = new float[5000];
        for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() * Math.pow(2, r.nextInt(-20, 20)));
        Tensor f32 = Tensor.ofFloats(ElementType.F32, new int[] {v.length}, v);
        for (ElementType t : HALVES) {
            double[] want = new double[v.length];
            for (int i = 0; i < v.length; i++) want[i] = round(t, v[i]);
            Tensor half = Conversions.convert(f32, t);
            assertEquals(t, half.type());
            assertSameFloats(want, half.floats(), "f32 -> " + t);
            // widening back is exact
            assertSameFloats(want, Conversions.convert(half, ElementType.F32).floats(), t + " -> f32");
        }
        // f16 -> bf16 rounds the f16 value once
        Tensor f16 = Conversions.convert(f32, ElementType.F16);
        double[] want = new double[v.length];
        for (int i = 0; i < v.length; i++) want[i] = round(ElementType.BF16, f16.floats()[i]);
        assertSameFloats(want, Conversions.convert(f16, ElementType.BF16).floats(), "f16 -> bf16");
        // integers: exact below 2^24, then rounded once from the integer itself
        long[] ints = {0, -1, 257, (1L << 24) + 1, (1L << 40) + (1L << 32) + 1, -(1L << 33) - 12345};
        Tensor i64 = Tensor.ofLongs(ElementType.I64, new int[] {ints.length}, ints);
        double[] wantInts = new double[ints.length];
        for (int i = 0; i < ints.length; i++) wantInts[i] = round(ElementType.BF16, (double) ints[i]);
        assertSameFloats(wantInts, Conversions.convert(i64, ElementType.BF16).floats(), "i64 -> bf16");
    }

    @Test
    void bf16DotGeneralAccumulatesInF32AndRoundsOnce() {
        int m = 7, k = 300, n = 9;
        SplittableRandom r = new SplittableRandom(5);
        float[] a = new float[m * k], b = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = HalfFloats.roundToBf16((float) r.nextDouble(-1, 1));
        for (int i = 0; i < b.length; i++) b[i] = HalfFloats.roundToBf16((float) r.nextDouble(-1, 1));
        Tensor c = DotGeneral.dotGeneral(Tensor.ofFloats(ElementType.BF16, new int[] {m, k}, a), Tensor.ofFloats(ElementType.BF16, new int[] {k, n}, b),
                new DotGeneral.Dims(new int[0], new int[0], new int[] {1}, new int[] {0}), ElementType.BF16);
        assertEquals(ElementType.BF16, c.type());
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = 0;
                for (int p = 0; p < k; p++) exact += (double) a[i * k + p] * b[p * n + j];
                float got = c.floats()[i * n + j];
                assertEquals(HalfFloats.roundToBf16(got), got, "result is a bf16 value");
                // f32 accumulation then one rounding: within half a bf16 ulp (2^16 f32 ulps) of the
                // exact sum, plus the f32 accumulation error (far below it for k = 300)
                double halfUlp = Math.ulp((float) exact) * 65536 / 2;
                assertEquals(exact, got, halfUlp * 1.01 + 1e-4, "c[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void hostBytesOf16BitFloatsDecodeAcrossChunkBoundaries() {
        // more than two of fromHost's 16 Ki-element chunks, and a ragged end
        int n = 2 * 16384 + 5;
        byte[] bf = new byte[2 * n], f16 = new byte[2 * n];
        for (int i = 0; i < n; i++) {
            short b = (short) (i * 7919 + 3), h = (short) (i * 104729 + 11);
            bf[2 * i] = (byte) b;
            bf[2 * i + 1] = (byte) (b >> 8);
            f16[2 * i] = (byte) h;
            f16[2 * i + 1] = (byte) (h >> 8);
        }
        float[] gotBf = Tensor.fromHost(new dev.switchyard.hlo.tensor.HostTensor(ElementType.BF16, new long[] {n}, bf)).floats();
        float[] gotF16 = Tensor.fromHost(new dev.switchyard.hlo.tensor.HostTensor(ElementType.F16, new long[] {n}, f16)).floats();
        for (int i = 0; i < n; i++) {
            short b = (short) (i * 7919 + 3), h = (short) (i * 104729 + 11);
            // bf16 is f32's upper half; f16 decoded by the JDK's own IEEE binary16 conversion
            assertEquals(Float.floatToRawIntBits(Float.intBitsToFloat((b & 0xFFFF) << 16)), Float.floatToRawIntBits(gotBf[i]), "bf16 " + i);
            float want = Float.float16ToFloat(h);
            assertEquals(Float.isNaN(want) ? "NaN" : Integer.toHexString(Float.floatToRawIntBits(want)),
                    Float.isNaN(gotF16[i]) ? "NaN" : Integer.toHexString(Float.floatToRawIntBits(gotF16[i])), "f16 " + i);
        }
    }
}
