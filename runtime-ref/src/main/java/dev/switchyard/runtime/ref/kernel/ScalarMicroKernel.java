package dev.switchyard.runtime.ref.kernel;

/**
 * {@link MicroKernel} in plain loops, for a JVM without the incubating vector module: per k step,
 * six rows of C updated from one pass over a packed B row (C2 cannot prove the rows apart, so this
 * stays scalar; it is several times slower than the vector kernel, see docs/performance.md).
 */
final class ScalarMicroKernel implements MicroKernel {
    private static final int NR = 64;

    @Override public int nrF32() { return NR; }

    @Override public int nrF64() { return NR; }

    @Override
    public void f32(int kc, float[] ap, int apOff, float[] bp, int bpOff, int ldb, float[] c, int cOff, int ldc) {
        int c0 = cOff, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
        for (int p = 0; p < kc; p++) {
            int a = apOff + p * MR, bRow = bpOff + p * ldb;
            float x0 = ap[a], x1 = ap[a + 1], x2 = ap[a + 2], x3 = ap[a + 3], x4 = ap[a + 4], x5 = ap[a + 5];
            // six rows per loaded B element: independent multiply-adds for the out-of-order core
            for (int j = 0; j < NR; j++) {
                float t = bp[bRow + j];
                c[c0 + j] += x0 * t;
                c[c1 + j] += x1 * t;
                c[c2 + j] += x2 * t;
                c[c3 + j] += x3 * t;
                c[c4 + j] += x4 * t;
                c[c5 + j] += x5 * t;
            }
        }
    }

    @Override
    public void f64(int kc, double[] ap, int apOff, double[] bp, int bpOff, int ldb, double[] c, int cOff, int ldc) {
        int c0 = cOff, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
        for (int p = 0; p < kc; p++) {
            int a = apOff + p * MR, bRow = bpOff + p * ldb;
            double x0 = ap[a], x1 = ap[a + 1], x2 = ap[a + 2], x3 = ap[a + 3], x4 = ap[a + 4], x5 = ap[a + 5];
            // six rows per loaded B element: independent multiply-adds for the out-of-order core
            for (int j = 0; j < NR; j++) {
                double t = bp[bRow + j];
                c[c0 + j] += x0 * t;
                c[c1 + j] += x1 * t;
                c[c2 + j] += x2 * t;
                c[c3 + j] += x3 * t;
                c[c4 + j] += x4 * t;
                c[c5 + j] += x5 * t;
            }
        }
    }
}
