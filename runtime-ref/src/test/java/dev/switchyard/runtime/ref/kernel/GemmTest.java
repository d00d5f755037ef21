package dev.switchyard.runtime.ref.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The packed GEMM against a triple loop written here, on both micro-kernels, for sizes chosen
 * around the tile and block edges (MR = 6, nr = 16/32, MC = 96, KC = 256, NC = 256), both layouts
 * of each operand, batches, and k = 0. Operands are small integers, so every partial sum is exact
 * in f32 and the comparison can be exact whatever order the kernel adds in.
 */
class GemmTest {

    private static List<MicroKernel> kernels() {
        List<MicroKernel> ks = new ArrayList<>();
        ks.add(new ScalarMicroKernel());
        MicroKernel best = MicroKernel.best();
        if (!(best instanceof ScalarMicroKernel)) ks.add(best);
        return ks;
    }

    @Provide
    Arbitrary<Integer> edgeM() { return Arbitraries.of(1, 2, 5, 6, 7, 12, 13, 95, 96, 97, 101, 128, 129, 300); }

    @Provide
    Arbitrary<Integer> edgeN() { return Arbitraries.of(1, 3, 15, 16, 17, 31, 32, 33, 255, 256, 257, 300); }

    @Provide
    Arbitrary<Integer> edgeK() { return Arbitraries.of(0, 1, 2, 7, 255, 256, 257, 300); }

    /** Row blocks above DIRECT_B_MAX_ROWS (300 rows over two column blocks: 150-row chunks) pack B; at most, B is read in place. */
    @net.jqwik.api.Example
    void bothWaysOfReadingBAreCovered() {
        for (boolean bTransposed : new boolean[] {false, true}) {
            packedProductEqualsTripleLoop(300, 300, 257, 1, false, bTransposed, 11L);
            packedProductEqualsTripleLoop(Gemm.DIRECT_B_MAX_ROWS, 300, 257, 1, true, bTransposed, 12L);
        }
    }

    @Property(tries = 40)
    void packedProductEqualsTripleLoop(@ForAll("edgeM") int m, @ForAll("edgeN") int n, @ForAll("edgeK") int k,
                                       @ForAll @IntRange(min = 1, max = 2) int batch,
                                       @ForAll boolean aTransposed, @ForAll boolean bTransposed, @ForAll long seed) {
        Random r = new Random(seed);
        double[] a = smallIntegers(r, batch * m * k), b = smallIntegers(r, batch * k * n);
        int aRow = aTransposed ? 1 : k, aCol = aTransposed ? m : 1;
        int bRow = bTransposed ? 1 : n, bCol = bTransposed ? k : 1;
        double[] expected = new double[batch * m * n];
        for (int bi = 0; bi < batch; bi++) for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
            double s = 0;
            for (int p = 0; p < k; p++) s += a[bi * m * k + i * aRow + p * aCol] * b[bi * k * n + p * bRow + j * bCol];
            expected[bi * m * n + i * n + j] = s;
        }
        float[] af = toFloats(a), bf = toFloats(b);
        for (MicroKernel kernel : kernels()) {
            double[] c64 = new double[batch * m * n];
            Gemm.f64(kernel, a, aRow, aCol, b, bRow, bCol, c64, batch, m, k, n);
            assertArrayEquals(expected, c64, 0.0, kernel.getClass().getSimpleName() + " f64");
            float[] c32 = new float[batch * m * n];
            Gemm.f32(kernel, af, aRow, aCol, bf, bRow, bCol, c32, batch, m, k, n);
            assertArrayEquals(toFloats(expected), c32, 0f, kernel.getClass().getSimpleName() + " f32");
        }
    }

    @Test
    void theLauncherAndBuildGetTheVectorKernel() {
        // surefire runs with --add-modules jdk.incubator.vector (root pom), as ./switchyard does
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        assertEquals("VectorMicroKernel", Gemm.kernelName());
    }

    @Test
    void emptyContractionGivesZerosAndSizeOneDimsWork() {
        var dims = new DotGeneral.Dims(new int[0], new int[0], new int[] {1}, new int[] {0});
        Tensor zero = DotGeneral.dotGeneral(Tensor.zeros(ElementType.F32, 3, 0), Tensor.zeros(ElementType.F32, 0, 5), dims, ElementType.F32);
        assertArrayEquals(new int[] {3, 5}, zero.shape());
        assertArrayEquals(new float[15], zero.floats());
        // 1×1 · 1×1, and a row times a column
        Tensor one = DotGeneral.dotGeneral(Tensor.ofFloats(ElementType.F32, new int[] {1, 1}, new float[] {3}),
                Tensor.ofFloats(ElementType.F32, new int[] {1, 1}, new float[] {-2}), dims, ElementType.F32);
        assertArrayEquals(new float[] {-6}, one.floats());
        Tensor dot = DotGeneral.dotGeneral(Tensor.ofFloats(ElementType.F32, new int[] {1, 3}, new float[] {1, 2, 3}),
                Tensor.ofFloats(ElementType.F32, new int[] {3, 1}, new float[] {4, 5, 6}), dims, ElementType.F32);
        assertArrayEquals(new float[] {32}, dot.floats());
    }

    @Test
    void twoContractingDimsInSwappedOrderAndBf16Operands() {
        // lhs[k1=2][m=3][k2=4], rhs[k2=4][n=5][k1=2]; contract (k1, k2) with (k1, k2): result[m][n]
        Random r = new Random(7);
        double[] lv = smallIntegers(r, 2 * 3 * 4), rv = smallIntegers(r, 4 * 5 * 2);
        var dims = new DotGeneral.Dims(new int[0], new int[0], new int[] {0, 2}, new int[] {2, 0});
        for (ElementType t : new ElementType[] {ElementType.F32, ElementType.BF16, ElementType.F64}) {
            Tensor lhs = Conversions.convert(Tensor.ofDoubles(ElementType.F64, new int[] {2, 3, 4}, lv), t);
            Tensor rhs = Conversions.convert(Tensor.ofDoubles(ElementType.F64, new int[] {4, 5, 2}, rv), t);
            Tensor out = Conversions.convert(DotGeneral.dotGeneral(lhs, rhs, dims, t), ElementType.F64);
            assertArrayEquals(new int[] {3, 5}, out.shape());
            for (int i = 0; i < 3; i++) for (int j = 0; j < 5; j++) {
                double s = 0;
                for (int k1 = 0; k1 < 2; k1++) for (int k2 = 0; k2 < 4; k2++) s += lv[k1 * 12 + i * 4 + k2] * rv[k2 * 10 + j * 2 + k1];
                assertEquals(s, out.doubles()[i * 5 + j], 0.0, t + " at " + i + "," + j);
            }
        }
    }

    private static double[] smallIntegers(Random r, int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) v[i] = r.nextInt(7) - 3;
        return v;
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }
}
