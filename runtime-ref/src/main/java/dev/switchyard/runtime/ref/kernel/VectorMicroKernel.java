package dev.switchyard.runtime.ref.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MicroKernel} on {@code jdk.incubator.vector}: 6 rows × 2 vectors of accumulators (12
 * registers) updated by fused multiply-adds from one broadcast A element and two B vectors per row
 * and k step, so each loaded B vector feeds six FMAs. The preferred species is the widest the CPU
 * has (16 f32 lanes with AVX-512). Loaded only when the module is present (see {@link MicroKernel#best}).
 */
final class VectorMicroKernel implements MicroKernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private VectorMicroKernel() {}

    static MicroKernel create() { return new VectorMicroKernel(); }

    @Override public int nrF32() { return 2 * F.length(); }

    @Override public int nrF64() { return 2 * D.length(); }

    @Override
    public void f32(int kc, float[] ap, int apOff, float[] bp, int bpOff, int ldb, float[] c, int cOff, int ldc) {
        final int w = F.length();
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F), c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F), c51 = FloatVector.zero(F);
        // unrolled by two k steps: C2 does not unroll this loop itself, and one step per
        // iteration ran at half the FMA throughput (42 vs 82 GFLOP/s for f32 on a Zen 3 core, L1-resident)
        FloatVector b0, b1, x;
        int p = 0, a = apOff, b = bpOff;
        for (; p + 1 < kc; p += 2, a += 2 * MR, b += 2 * ldb) {
            b0 = FloatVector.fromArray(F, bp, b); b1 = FloatVector.fromArray(F, bp, b + w);
            x = FloatVector.broadcast(F, ap[a + 0]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, ap[a + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, ap[a + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, ap[a + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(F, ap[a + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(F, ap[a + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            b0 = FloatVector.fromArray(F, bp, b + ldb); b1 = FloatVector.fromArray(F, bp, b + ldb + w);
            x = FloatVector.broadcast(F, ap[a + MR + 0]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, ap[a + MR + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, ap[a + MR + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, ap[a + MR + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(F, ap[a + MR + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(F, ap[a + MR + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        if (p < kc) {
            b0 = FloatVector.fromArray(F, bp, b); b1 = FloatVector.fromArray(F, bp, b + w);
            x = FloatVector.broadcast(F, ap[a + 0]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, ap[a + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, ap[a + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, ap[a + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(F, ap[a + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(F, ap[a + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        FloatVector.fromArray(F, c, cOff).add(c00).intoArray(c, cOff);
        FloatVector.fromArray(F, c, cOff + w).add(c01).intoArray(c, cOff + w);
        FloatVector.fromArray(F, c, cOff + 1 * ldc).add(c10).intoArray(c, cOff + 1 * ldc);
        FloatVector.fromArray(F, c, cOff + 1 * ldc + w).add(c11).intoArray(c, cOff + 1 * ldc + w);
        FloatVector.fromArray(F, c, cOff + 2 * ldc).add(c20).intoArray(c, cOff + 2 * ldc);
        FloatVector.fromArray(F, c, cOff + 2 * ldc + w).add(c21).intoArray(c, cOff + 2 * ldc + w);
        FloatVector.fromArray(F, c, cOff + 3 * ldc).add(c30).intoArray(c, cOff + 3 * ldc);
        FloatVector.fromArray(F, c, cOff + 3 * ldc + w).add(c31).intoArray(c, cOff + 3 * ldc + w);
        FloatVector.fromArray(F, c, cOff + 4 * ldc).add(c40).intoArray(c, cOff + 4 * ldc);
        FloatVector.fromArray(F, c, cOff + 4 * ldc + w).add(c41).intoArray(c, cOff + 4 * ldc + w);
        FloatVector.fromArray(F, c, cOff + 5 * ldc).add(c50).intoArray(c, cOff + 5 * ldc);
        FloatVector.fromArray(F, c, cOff + 5 * ldc + w).add(c51).intoArray(c, cOff + 5 * ldc + w);
    }


    @Override
    public void f64(int kc, double[] ap, int apOff, double[] bp, int bpOff, int ldb, double[] c, int cOff, int ldc) {
        final int w = D.length();
        DoubleVector c00 = DoubleVector.zero(D), c01 = DoubleVector.zero(D);
        DoubleVector c10 = DoubleVector.zero(D), c11 = DoubleVector.zero(D);
        DoubleVector c20 = DoubleVector.zero(D), c21 = DoubleVector.zero(D);
        DoubleVector c30 = DoubleVector.zero(D), c31 = DoubleVector.zero(D);
        DoubleVector c40 = DoubleVector.zero(D), c41 = DoubleVector.zero(D);
        DoubleVector c50 = DoubleVector.zero(D), c51 = DoubleVector.zero(D);
        // unrolled by two k steps: C2 does not unroll this loop itself, and one step per
        // iteration ran at half the FMA throughput (42 vs 82 GFLOP/s for f32 on a Zen 3 core, L1-resident)
        DoubleVector b0, b1, x;
        int p = 0, a = apOff, b = bpOff;
        for (; p + 1 < kc; p += 2, a += 2 * MR, b += 2 * ldb) {
            b0 = DoubleVector.fromArray(D, bp, b); b1 = DoubleVector.fromArray(D, bp, b + w);
            x = DoubleVector.broadcast(D, ap[a + 0]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(D, ap[a + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(D, ap[a + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(D, ap[a + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(D, ap[a + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(D, ap[a + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            b0 = DoubleVector.fromArray(D, bp, b + ldb); b1 = DoubleVector.fromArray(D, bp, b + ldb + w);
            x = DoubleVector.broadcast(D, ap[a + MR + 0]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(D, ap[a + MR + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(D, ap[a + MR + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(D, ap[a + MR + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(D, ap[a + MR + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(D, ap[a + MR + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        if (p < kc) {
            b0 = DoubleVector.fromArray(D, bp, b); b1 = DoubleVector.fromArray(D, bp, b + w);
            x = DoubleVector.broadcast(D, ap[a + 0]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(D, ap[a + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(D, ap[a + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(D, ap[a + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(D, ap[a + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(D, ap[a + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        DoubleVector.fromArray(D, c, cOff).add(c00).intoArray(c, cOff);
        DoubleVector.fromArray(D, c, cOff + w).add(c01).intoArray(c, cOff + w);
        DoubleVector.fromArray(D, c, cOff + 1 * ldc).add(c10).intoArray(c, cOff + 1 * ldc);
        DoubleVector.fromArray(D, c, cOff + 1 * ldc + w).add(c11).intoArray(c, cOff + 1 * ldc + w);
        DoubleVector.fromArray(D, c, cOff + 2 * ldc).add(c20).intoArray(c, cOff + 2 * ldc);
        DoubleVector.fromArray(D, c, cOff + 2 * ldc + w).add(c21).intoArray(c, cOff + 2 * ldc + w);
        DoubleVector.fromArray(D, c, cOff + 3 * ldc).add(c30).intoArray(c, cOff + 3 * ldc);
        DoubleVector.fromArray(D, c, cOff + 3 * ldc + w).add(c31).intoArray(c, cOff + 3 * ldc + w);
        DoubleVector.fromArray(D, c, cOff + 4 * ldc).add(c40).intoArray(c, cOff + 4 * ldc);
        DoubleVector.fromArray(D, c, cOff + 4 * ldc + w).add(c41).intoArray(c, cOff + 4 * ldc + w);
        DoubleVector.fromArray(D, c, cOff + 5 * ldc).add(c50).intoArray(c, cOff + 5 * ldc);
        DoubleVector.fromArray(D, c, cOff + 5 * ldc + w).add(c51).intoArray(c, cOff + 5 * ldc + w);
    }

}
