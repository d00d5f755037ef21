package dev.switchyard.runtime.ref.kernel;

/**
 * {@link MicroKernel} in plain loops, for a JVM without the incubating vector module: one saxpy per
 * row and k step over a contiguous panel row, which C2's superword pass turns into vector code.
 */
final class ScalarMicroKernel implements MicroKernel {
    private static final int NR = 16;

    @Override public int nrF32() { return NR; }

    @Override public int nrF64() { return NR; }

    @Override
    public void f32(int kc, float[] ap, int apOff, float[] bp, int bpOff, int ldb, float[] c, int cOff, int ldc) {
        for (int r = 0; r < MR; r++) {
            int cRow = cOff + r * ldc;
            for (int p = 0; p < kc; p++) {
                float x = ap[apOff + p * MR + r];
                int bRow = bpOff + p * ldb;
                for (int j = 0; j < NR; j++) c[cRow + j] += x * bp[bRow + j];
            }
        }
    }

    @Override
    public void f64(int kc, double[] ap, int apOff, double[] bp, int bpOff, int ldb, double[] c, int cOff, int ldc) {
        for (int r = 0; r < MR; r++) {
            int cRow = cOff + r * ldc;
            for (int p = 0; p < kc; p++) {
                double x = ap[apOff + p * MR + r];
                int bRow = bpOff + p * ldb;
                for (int j = 0; j < NR; j++) c[cRow + j] += x * bp[bRow + j];
            }
        }
    }
}
