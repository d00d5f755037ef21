package dev.switchyard.runtime.ref.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Splat tensors (broadcast scalars, splat constants) give the same results as the filled arrays
 * they stand for, through the kernels that use their one value and through those that read arrays.
 */
class SplatTest {

    private static final int N = 1000;

    private static Tensor filled(ElementType t, long v) {
        long[] a = new long[N];
        Arrays.fill(a, v);
        return Tensor.ofLongs(t, new int[] {N}, a);
    }

    @Test
    void integerOpsWithASplatOperandEqualTheFilledOnes() {
        SplittableRandom r = new SplittableRandom(1);
        long[] bits = new long[N];
        for (int i = 0; i < N; i++) bits[i] = r.nextLong() & 0xFFFF_FFFFL;
        Tensor x = Tensor.ofLongs(ElementType.UI32, new int[] {N}, bits);
        for (long c : new long[] {0, 1, 16, 31, 32, 40, 0x9E3779B9L}) {
            Tensor splat = Tensor.ofLongs(ElementType.UI32, new int[0], new long[] {c}).splat(new int[] {N});
            assertTrue(splat.isSplat());
            for (Elementwise.Binary op : Elementwise.Binary.values()) {
                if (op == Elementwise.Binary.COMPLEX || op == Elementwise.Binary.ATAN2) continue;
                long[] want = new long[N];
                for (int i = 0; i < N; i++) want[i] = Tensor.wrap(ElementType.UI32, Elementwise.integerBinary(op, bits[i], c, ElementType.UI32));
                assertArrayEquals(want, Elementwise.binary(op, x, splat, ElementType.UI32).longs(), op + " by " + c);
                long[] wantLeft = new long[N];
                for (int i = 0; i < N; i++) wantLeft[i] = Tensor.wrap(ElementType.UI32, Elementwise.integerBinary(op, c, bits[i], ElementType.UI32));
                assertArrayEquals(wantLeft, Elementwise.binary(op, splat, x, ElementType.UI32).longs(), c + " " + op);
            }
        }
        // signed narrow types wrap with sign extension
        Tensor i8 = Tensor.ofLongs(ElementType.I8, new int[] {3}, new long[] {100, -100, 5});
        Tensor k = Tensor.ofLongs(ElementType.I8, new int[0], new long[] {100}).splat(new int[] {3});
        assertArrayEquals(new long[] {-56, 0, 105}, Elementwise.binary(Elementwise.Binary.ADD, i8, k, ElementType.I8).longs());
        // a logical shift by 0 keeps a negative value negative (canonical sign extension), by a splat or an array
        Tensor zero = Tensor.ofLongs(ElementType.I8, new int[0], new long[] {0}).splat(new int[] {3});
        assertArrayEquals(new long[] {100, -100, 5}, Elementwise.binary(Elementwise.Binary.SHIFT_RIGHT_LOGICAL, i8, zero, ElementType.I8).longs());
        assertArrayEquals(new long[] {100, -100, 5}, Elementwise.binary(Elementwise.Binary.SHIFT_RIGHT_LOGICAL, i8,
                Tensor.ofLongs(ElementType.I8, new int[] {3}, new long[3]), ElementType.I8).longs());
        assertArrayEquals(new long[] {50, 78, 2}, Elementwise.binary(Elementwise.Binary.SHIFT_RIGHT_LOGICAL, i8,
                Tensor.ofLongs(ElementType.I8, new int[] {3}, new long[] {1, 1, 1}), ElementType.I8).longs());
    }

    @Test
    void floatOpsWithASplatOperandEqualTheFilledOnes() {
        float[] a = new float[N];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < N; i++) a[i] = (float) r.nextDouble(-4, 4);
        for (ElementType t : new ElementType[] {ElementType.F32, ElementType.BF16}) {
            float[] v = a.clone();
            Rounding.inPlace(t, v);
            Tensor x = Tensor.ofFloats(t, new int[] {N}, v);
            Tensor s = Tensor.ofFloats(t, new int[0], new float[] {0.75f}).splat(new int[] {N});
            float[] f = new float[N];
            Arrays.fill(f, 0.75f);
            Tensor full = Tensor.ofFloats(t, new int[] {N}, f);
            for (Elementwise.Binary op : new Elementwise.Binary[] {Elementwise.Binary.ADD, Elementwise.Binary.SUBTRACT,
                    Elementwise.Binary.MULTIPLY, Elementwise.Binary.DIVIDE, Elementwise.Binary.MAXIMUM, Elementwise.Binary.POWER}) {
                assertArrayEquals(Elementwise.binary(op, x, full, t).floats(), Elementwise.binary(op, x, s, t).floats(), t + " x " + op + " splat");
                assertArrayEquals(Elementwise.binary(op, full, x, t).floats(), Elementwise.binary(op, s, x, t).floats(), t + " splat " + op + " x");
            }
        }
    }

    @Test
    void opsOnSplatsStaySplatsAndMaterialiseOnDemand() {
        Tensor a = Tensor.ofLongs(ElementType.UI32, new int[0], new long[] {7}).splat(new int[] {4, 5});
        Tensor b = Tensor.ofLongs(ElementType.UI32, new int[0], new long[] {3}).splat(new int[] {4, 5});
        Tensor sum = Elementwise.binary(Elementwise.Binary.SHIFT_LEFT, a, b, ElementType.UI32);
        assertTrue(sum.isSplat());
        assertArrayEquals(new int[] {4, 5}, sum.shape());
        long[] want = new long[20];
        Arrays.fill(want, 56);
        assertArrayEquals(want, sum.longs());
        Tensor asFloat = Conversions.convert(sum, ElementType.F32);
        assertTrue(asFloat.isSplat());
        assertEquals(56.0, asFloat.getDouble(19));
        Tensor neg = Elementwise.unary(Elementwise.Unary.NEGATE, asFloat, ElementType.F32);
        assertEquals(-56.0, neg.getDouble(7));
        // broadcast and transpose of a splat, then an array-reading kernel (reduce via strided copy)
        Tensor wide = Layout.broadcastInDim(neg, new int[] {3, 4, 5}, new int[] {1, 2});
        assertTrue(wide.isSplat());
        Tensor t = Layout.transpose(wide, new int[] {2, 0, 1});
        assertArrayEquals(new int[] {5, 3, 4}, t.shape());
        float[] all = t.floats();
        assertEquals(60, all.length);
        for (float x : all) assertEquals(-56f, x);
        // a select on a splat predicate picks one operand whole
        Tensor yes = Tensor.ofLongs(ElementType.I1, new int[0], new long[] {1}).splat(new int[] {4, 5});
        Tensor other = Tensor.ofLongs(ElementType.UI32, new int[] {4, 5}, new long[20]);
        assertArrayEquals(want, Elementwise.select(yes, sum, other).longs());
        assertArrayEquals(filled(ElementType.UI32, 0).longs().length == N ? new long[20] : null,
                Elementwise.select(Elementwise.unary(Elementwise.Unary.NOT, yes, ElementType.I1), sum, other).longs());
    }
}
