package dev.switchyard.runtime.ref.kernel;

/**
 * Batched row-major integer and complex matrix products C[b] = A[b] (m×k) · B[b] (k×n) for
 * dot_general (floating-point products run on {@link Gemm}). Plain loops: these types are rare in models.
 */
final class MatMul {
    private MatMul() {}

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
