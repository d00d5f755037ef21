package dev.switchyard.runtime.ref.kernel;

/**
 * The innermost step of {@link Gemm}: adds the product of one packed A micro-panel (kc × {@link #MR},
 * stored k-major: {@code ap[apOff + p*MR + r]}) and one packed B micro-panel (kc × nr, stored
 * k-major: {@code bp[bpOff + p*ldb + j]}, ldb = nr when packed) into an MR × nr tile of C with row stride ldc. Packing
 * makes both reads unit-stride (B may also be read in place, {@code bp[bpOff + p*ldb + j]}, when
 * its rows are contiguous: see {@link Gemm}) and lets the tile's accumulators live in registers for the whole kc loop.
 */
sealed interface MicroKernel permits VectorMicroKernel, ScalarMicroKernel {
    /** Rows of C per tile; six rows × two vectors keeps 12 accumulators plus 3 operands within 16 registers (AVX2) as well as 32 (AVX-512). */
    int MR = 6;

    /** Columns of an f32 tile. */
    int nrF32();

    /** Columns of an f64 tile. */
    int nrF64();

    void f32(int kc, float[] ap, int apOff, float[] bp, int bpOff, int ldb, float[] c, int cOff, int ldc);

    void f64(int kc, double[] ap, int apOff, double[] bp, int bpOff, int ldb, double[] c, int cOff, int ldc);

    /**
     * The vector kernel when the JVM was started with {@code --add-modules jdk.incubator.vector}
     * (the launcher and the build do), otherwise plain loops: the interpreter must still run
     * wherever runtime-ref is on a class path without that flag (other modules' tests, embedders).
     */
    static MicroKernel best() {
        boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && !Boolean.getBoolean("switchyard.scalarKernels");
        return vector ? VectorMicroKernel.create() : new ScalarMicroKernel();
    }
}
