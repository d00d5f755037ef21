package dev.switchyard.runtime.ref.kernel;

import java.util.stream.IntStream;

/**
 * Batched row-major matrix products C[b] = A[b] (m×k) · B[b] (k×n), the core of dot_general and
 * convolution. The f32 kernel is blocked over k and n so a block of B stays in L2 while rows of A
 * stream past it, and its inner loop is a saxpy over contiguous C and B rows, which the JIT turns
 * into wide vector FMAs. Work is split over row blocks on the common fork-join pool (both cores).
 */
final class MatMul {
    private MatMul() {}

    private static final int K_BLOCK = 256;
    private static final int N_BLOCK = 256;
    private static final int ROWS_PER_TASK = 16;
    /** Below this many multiply-adds the fork-join hand-off costs more than it saves. */
    private static final long PARALLEL_THRESHOLD = 1L << 18;

    static void f32(float[] a, float[] b, float[] c, int batch, int m, int k, int n) {
        int rowBlocks = (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        int tasks = batch * rowBlocks;
        IntStream range = IntStream.range(0, tasks);
        if ((long) batch * m * k * n >= PARALLEL_THRESHOLD) range = range.parallel();
        range.forEach(t -> {
            int bi = t / rowBlocks;
            int i0 = (t % rowBlocks) * ROWS_PER_TASK;
            int i1 = Math.min(m, i0 + ROWS_PER_TASK);
            f32Block(a, b, c, bi * m * k, bi * k * n, bi * m * n, i0, i1, k, n);
        });
    }

    private static void f32Block(float[] a, float[] b, float[] c, int aOff, int bOff, int cOff,
                                 int i0, int i1, int k, int n) {
        for (int j0 = 0; j0 < n; j0 += N_BLOCK) {
            int len = Math.min(n, j0 + N_BLOCK) - j0;
            for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
                int p1 = Math.min(k, p0 + K_BLOCK);
                int i = i0;
                // four rows at once: each B element loaded feeds four multiply-adds
                for (; i + 4 <= i1; i += 4) {
                    int c0 = cOff + i * n + j0, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
                    int a0 = aOff + i * k;
                    for (int p = p0; p < p1; p++) {
                        float x0 = a[a0 + p], x1 = a[a0 + k + p], x2 = a[a0 + 2 * k + p], x3 = a[a0 + 3 * k + p];
                        int bs = bOff + p * n + j0;
                        for (int j = 0; j < len; j++) {
                            float bv = b[bs + j];
                            c[c0 + j] += x0 * bv;
                            c[c1 + j] += x1 * bv;
                            c[c2 + j] += x2 * bv;
                            c[c3 + j] += x3 * bv;
                        }
                    }
                }
                for (; i < i1; i++) {
                    int cRow = cOff + i * n + j0;
                    int aRow = aOff + i * k;
                    for (int p = p0; p < p1; p++) saxpy(a[aRow + p], b, bOff + p * n + j0, c, cRow, len);
                }
            }
        }
    }

    private static void saxpy(float av, float[] b, int bStart, float[] c, int cStart, int len) {
        for (int j = 0; j < len; j++) c[cStart + j] += av * b[bStart + j];
    }

    static void f64(double[] a, double[] b, double[] c, int batch, int m, int k, int n) {
        IntStream range = IntStream.range(0, batch * m);
        if ((long) batch * m * k * n >= PARALLEL_THRESHOLD) range = range.parallel();
        range.forEach(row -> {
            int bi = row / m, i = row % m;
            int cRow = bi * m * n + i * n, aRow = bi * m * k + i * k, bBase = bi * k * n;
            for (int p = 0; p < k; p++) {
                double av = a[aRow + p];
                int bRow = bBase + p * n;
                for (int j = 0; j < n; j++) c[cRow + j] += av * b[bRow + j];
            }
        });
    }

    /** Integer products wrap like the result type; the caller wraps to the width at the end. */
    static void i64(long[] a, long[] b, long[] c, int batch, int m, int k, int n) {
        for (int bi = 0; bi < batch; bi++) {
            for (int i = 0; i < m; i++) {
                int cRow = bi * m * n + i * n, aRow = bi * m * k + i * k;
                for (int p = 0; p < k; p++) {
                    long av = a[aRow + p];
                    int bRow = bi * k * n + p * n;
                    for (int j = 0; j < n; j++) c[cRow + j] += av * b[bRow + j];
                }
            }
        }
    }

    /** Interleaved complex operands. */
    static void complex(double[] a, double[] b, double[] c, int batch, int m, int k, int n) {
        for (int bi = 0; bi < batch; bi++) {
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    int ai = 2 * (bi * m * k + i * k + p);
                    double ar = a[ai], aim = a[ai + 1];
                    for (int j = 0; j < n; j++) {
                        int bIdx = 2 * (bi * k * n + p * n + j);
                        int ci = 2 * (bi * m * n + i * n + j);
                        c[ci] += ar * b[bIdx] - aim * b[bIdx + 1];
                        c[ci + 1] += ar * b[bIdx + 1] + aim * b[bIdx];
                    }
                }
            }
        }
    }
}
