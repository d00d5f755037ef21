package dev.switchyard.runtime.ref.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The O(n) cumulative reduce_window and the array-level scatter-add, against plain loops written
 * from the ops' definitions (a window's elements summed one by one; updates added one by one),
 * and against the same kernels run through the region (the general path).
 */
class BackwardKernelsTest {

    /** A region applying {@code op} to its two scalars, as the interpreter calls reduce bodies. */
    private static ScalarFunction region(Elementwise.Binary op) {
        return args -> List.of(Elementwise.binary(op, args.get(0), args.get(1), args.get(0).type()));
    }

    private static Reduction.Window window(int[] dims, int[][] padding) {
        return Reduction.Window.of(dims, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(padding));
    }

    /** out[t, e] = sum of x[j, e] over the window of rows t - low .. t - low + size - 1 that exist. */
    private static long[] windowSums(long[] x, int rows, int cols, int size, int low) {
        long[] out = new long[rows * cols];
        for (int t = 0; t < rows; t++) {
            for (int e = 0; e < cols; e++) {
                long s = 0;
                for (int k = 0; k < size; k++) {
                    int j = t - low + k;
                    if (j >= 0 && j < rows) s += x[j * cols + e];
                }
                out[t * cols + e] = s;
            }
        }
        return out;
    }

    @Test
    void cumulativeSumsAlongTokensArePrefixAndSuffixScans() {
        int rows = 128, cols = 8;
        SplittableRandom r = new SplittableRandom(4);
        long[] onehot = new long[rows * cols];
        for (int t = 0; t < rows; t++) onehot[t * cols + r.nextInt(cols)] = 1;
        Tensor x = Tensor.ofLongs(ElementType.I32, new int[] {rows, cols}, onehot);
        Tensor zero = Tensor.ofLongs(ElementType.I32, new int[0], new long[] {0});
        int[][][] paddings = {{{rows - 1, 0}, {0, 0}}, {{0, rows - 1}, {0, 0}}, {{rows + 4, 0}, {0, 0}}};
        int[] sizes = {rows, rows, rows + 5};
        for (int c = 0; c < paddings.length; c++) {
            Reduction.Window w = window(new int[] {sizes[c], 1}, paddings[c]);
            long[] want = windowSums(onehot, rows, cols, sizes[c], paddings[c][0][0]);
            Tensor fast = Reduction.reduceWindow(List.of(x), List.of(zero), w, region(Elementwise.Binary.ADD), Optional.of(Elementwise.Binary.ADD)).getFirst();
            Tensor general = Reduction.reduceWindow(List.of(x), List.of(zero), w, region(Elementwise.Binary.ADD), Optional.empty()).getFirst();
            assertArrayEquals(want, fast.longs(), "padding case " + c);
            assertArrayEquals(want, general.longs(), "padding case " + c + " (region path)");
        }
        // a sliding window shorter than the line is not a scan: still the definition's values
        Reduction.Window sliding = window(new int[] {4, 1}, new int[][] {{3, 0}, {0, 0}});
        assertArrayEquals(windowSums(onehot, rows, cols, 4, 3),
                Reduction.reduceWindow(List.of(x), List.of(zero), sliding, region(Elementwise.Binary.ADD), Optional.of(Elementwise.Binary.ADD)).getFirst().longs());
    }

    @Test
    void floatScansMatchTheRegionPathAndRunningMaxima() {
        int n = 50, lines = 3;
        SplittableRandom r = new SplittableRandom(9);
        float[] v = new float[lines * n];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble(-2, 2);
        for (ElementType t : new ElementType[] {ElementType.F32, ElementType.BF16}) {
            float[] vt = v.clone();
            Rounding.inPlace(t, vt);
            Tensor x = Tensor.ofFloats(t, new int[] {lines, n}, vt);
            Tensor zero = Tensor.ofFloats(t, new int[0], new float[] {0f});
            Tensor ninf = Tensor.ofFloats(t, new int[0], new float[] {Float.NEGATIVE_INFINITY});
            Reduction.Window prefix = window(new int[] {1, n}, new int[][] {{0, 0}, {n - 1, 0}});
            Tensor fast = Reduction.reduceWindow(List.of(x), List.of(zero), prefix, region(Elementwise.Binary.ADD), Optional.of(Elementwise.Binary.ADD)).getFirst();
            Tensor general = Reduction.reduceWindow(List.of(x), List.of(zero), prefix, region(Elementwise.Binary.ADD), Optional.empty()).getFirst();
            assertArrayEquals(general.floats(), fast.floats(), t + " prefix sum");
            Tensor max = Reduction.reduceWindow(List.of(x), List.of(ninf), prefix, region(Elementwise.Binary.MAXIMUM), Optional.of(Elementwise.Binary.MAXIMUM)).getFirst();
            for (int l = 0; l < lines; l++) {
                float m = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    m = Math.max(m, vt[l * n + i]);
                    org.junit.jupiter.api.Assertions.assertEquals(m, max.floats()[l * n + i], t + " running max");
                }
            }
        }
    }

    @Test
    void scatterAddOfATakeGradientAddsEveryRowIncludingRepeats() {
        // d embedding[V, D] from d x[N, D] at token ids[N]: the VJP of take along dim 0
        int vocab = 11, dim = 5, tokens = 40;
        SplittableRandom r = new SplittableRandom(12);
        long[] ids = new long[tokens];
        for (int i = 0; i < tokens; i++) ids[i] = i == 3 ? vocab + 2 : i == 5 ? -1 : r.nextInt(vocab); // two out of range: skipped
        float[] g = new float[tokens * dim];
        for (int i = 0; i < g.length; i++) g[i] = (float) r.nextDouble(-1, 1);
        Tensor operand = Tensor.zeros(ElementType.F32, vocab, dim);
        Tensor indices = Tensor.ofLongs(ElementType.I32, new int[] {tokens, 1}, ids);
        Tensor updates = Tensor.ofFloats(ElementType.F32, new int[] {tokens, dim}, g);
        var dims = new GatherScatter.ScatterDims(new int[] {1}, new int[] {0}, new int[0], new int[0], new int[] {0}, 1);
        float[] want = new float[vocab * dim];
        for (int i = 0; i < tokens; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) continue;
            for (int d = 0; d < dim; d++) want[(int) ids[i] * dim + d] += g[i * dim + d];
        }
        Tensor fast = GatherScatter.scatter(List.of(operand), indices, List.of(updates), dims, region(Elementwise.Binary.ADD),
                Optional.of(Elementwise.Binary.ADD)).getFirst();
        Tensor general = GatherScatter.scatter(List.of(operand), indices, List.of(updates), dims, region(Elementwise.Binary.ADD)).getFirst();
        assertArrayEquals(want, fast.floats());
        assertArrayEquals(want, general.floats());
        assertArrayEquals(new float[vocab * dim], operand.floats(), "the operand is not written");
        // integers wrap like the region's add: 255 added k times to a ui8 zero is 256 - k (mod 256)
        Tensor counts = GatherScatter.scatter(List.of(Tensor.zeros(ElementType.UI8, vocab)), indices,
                List.of(Tensor.ofLongs(ElementType.UI8, new int[0], new long[] {255}).splat(new int[] {tokens})),
                new GatherScatter.ScatterDims(new int[0], new int[] {0}, new int[0], new int[0], new int[] {0}, 1),
                region(Elementwise.Binary.ADD), Optional.of(Elementwise.Binary.ADD)).getFirst();
        long[] wantCounts = new long[vocab];
        for (long id : ids) if (id >= 0 && id < vocab) wantCounts[(int) id] = (wantCounts[(int) id] + 255) & 0xFF;
        assertArrayEquals(wantCounts, counts.longs());
    }
}
