package dev.switchyard.runtime.ref.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@code select(compare(a, b), t, f)} computed in one loop is, bit for bit, the branch the spec's
 * FLOAT comparison picks for each element, with the operands as arrays or splats, NaN and ±0 among
 * them; integer branches and total order go the two-op way and give the same.
 */
class CompareSelectTest {
    private static final float[] SPECIAL = {Float.NaN, Float.intBitsToFloat(0x7fc0_1234), 0f, -0f, 1f, -1f, Float.POSITIVE_INFINITY, 0.1f};

    private static float value(Random r) {
        return r.nextInt(3) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : (float) r.nextGaussian();
    }

    private static Tensor operand(Random r, ElementType t, int[] shape, boolean splat) {
        int n = Shapes.size(shape);
        if (splat) return Tensor.ofFloats(t, new int[0], new float[] {Tensor.roundFloat(t, value(r))}).splat(shape);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = Tensor.roundFloat(t, value(r));
        return Tensor.ofFloats(t, shape, v);
    }

    /** The FLOAT comparison of the spec: unordered with NaN (only NE holds), −0 equal to +0. */
    private static boolean holds(Comparison.Direction d, float a, float b) {
        if (Float.isNaN(a) || Float.isNaN(b)) return d == Comparison.Direction.NE;
        double x = a == 0 ? 0.0 : a, y = b == 0 ? 0.0 : b;
        return switch (d) {
            case EQ -> x == y;
            case NE -> x != y;
            case GE -> x >= y;
            case GT -> x > y;
            case LE -> x <= y;
            case LT -> x < y;
        };
    }

    @Property(tries = 120)
    void theFusedLoopPicksTheBranchTheComparisonHolds(@ForAll @IntRange(min = 2, max = 70) int n, @ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = r.nextBoolean() ? new int[] {n} : new int[] {1, n};
        ElementType operands = r.nextBoolean() ? ElementType.F32 : ElementType.BF16;
        ElementType branches = r.nextBoolean() ? ElementType.F32 : ElementType.BF16;
        Tensor a = operand(r, operands, shape, false), b = operand(r, operands, shape, r.nextBoolean());
        Tensor t = operand(r, branches, shape, r.nextInt(4) == 0), f = operand(r, branches, shape, r.nextBoolean());
        for (Comparison.Direction d : Comparison.Direction.values()) {
            Tensor got = CompareSelect.select(d, r.nextBoolean() ? Comparison.Type.FLOAT : Comparison.Type.NOTYPE, a, b, t, f);
            assertEquals(branches, got.type());
            float[] g = got.floats();
            for (int i = 0; i < n; i++) {
                float want = holds(d, a.floats()[i], b.floats()[i]) ? t.floats()[i] : f.floats()[i];
                assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(g[i]), d + " element " + i);
            }
        }
    }

    @Property(tries = 40)
    void theTwoOpWayGivesTheSameForWhatTheLoopDoesNotTake(@ForAll @IntRange(min = 2, max = 40) int n, @ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = {n};
        Tensor a = operand(r, ElementType.F32, shape, false), b = operand(r, ElementType.F32, shape, false);
        long[] ti = new long[n], fi = new long[n];
        for (int i = 0; i < n; i++) {
            ti[i] = r.nextInt(100);
            fi[i] = -r.nextInt(100);
        }
        Tensor t = Tensor.ofLongs(ElementType.I32, shape, ti), f = Tensor.ofLongs(ElementType.I32, shape, fi);
        for (Comparison.Direction d : Comparison.Direction.values()) {
            long[] want = new long[n];
            for (int i = 0; i < n; i++) want[i] = holds(d, a.floats()[i], b.floats()[i]) ? ti[i] : fi[i];
            assertArrayEquals(want, CompareSelect.select(d, Comparison.Type.FLOAT, a, b, t, f).longs(), "i32 branches " + d);
            // total order: −0 < +0 and NaN ordered, so the two-op path decides
            Tensor fused = CompareSelect.select(d, Comparison.Type.TOTALORDER, a, b, a, b);
            Tensor twoOps = Elementwise.select(Comparison.compare(d, Comparison.Type.TOTALORDER, a, b), a, b);
            assertArrayEquals(twoOps.floats(), fused.floats(), "total order " + d);
        }
    }
}
