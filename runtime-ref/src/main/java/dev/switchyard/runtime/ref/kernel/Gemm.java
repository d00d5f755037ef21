package dev.switchyard.runtime.ref.kernel;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Batched floating-point matrix products in the BLIS shape: C is cut into MC×NC blocks (the
 * fork-join tasks, spread over both cores); for each KC slice of the contracting dimension a task
 * packs its A block (MC×KC, fits L2) and B block (KC×NC) into contiguous micro-panels, then sweeps
 * {@link MicroKernel} tiles: one B micro-panel (KC × nr, ~32 KiB, stays in L1) against every A
 * micro-panel. Packing also absorbs operand transposes (strided reads) and tile edges (zero padding).
 */
final class Gemm {
    private Gemm() {}

    static final int KC = 256;
    /** A multiple of {@link MicroKernel#MR}. */
    static final int MC = 96;
    /** A multiple of every kernel's nr; a B block of KC×NC f32 is 256 KiB, within L2. */
    static final int NC = 256;
    /**
     * Row blocks up to this size read B in place instead of packing it (see f32Block): with at most
     * this many rows per B element, copying B costs more than its strided reads. 128 (was 48) covers
     * the 64-row expert products and 128-row projections of a Switch-Base sample: its forward took
     * 1158–1256 instead of 1478–1936 CPU ms (docs/performance.md).
     */
    static final int DIRECT_B_MAX_ROWS = 128;
    /** Below this many multiply-adds the fork-join hand-off costs more than it saves. */
    private static final long PARALLEL_THRESHOLD = 1L << 18;

    private static final MicroKernel KERNEL = MicroKernel.best();

    /** The micro-kernel products run on (for benchmarks' reports). */
    static String kernelName() { return KERNEL.getClass().getSimpleName(); }

    /**
     * C[b] += A[b] · B[b] for f32, where A[b] is m×k with element (i, p) at
     * {@code a[b*m*k + i*aRow + p*aCol]} and B[b] is k×n with (p, j) at {@code b[b*k*n + p*bRow + j*bCol]}:
     * the strides let a transposed operand be packed straight from its storage.
     */
    static void f32(float[] a, int aRow, int aCol, float[] b, int bRow, int bCol, float[] c, int batch, int m, int k, int n) {
        f32(KERNEL, a, aRow, aCol, b, bRow, bCol, c, batch, m, k, n);
    }

    /** As above on a given micro-kernel (tests run both). */
    static void f32(MicroKernel kernel, float[] a, int aRow, int aCol, float[] b, int bRow, int bCol, float[] c, int batch, int m, int k, int n) {
        if (m == 0 || n == 0 || k == 0) return;
        if ((long) batch * m * k * n < SMALL) {
            smallF32(a, aRow, aCol, b, bRow, bCol, c, batch, m, k, n);
            return;
        }
        int nr = kernel.nrF32();
        int nBlocks = ceilDiv(n, NC), mChunks = mChunks(batch * nBlocks, m);
        int chunk = roundUp(ceilDiv(m, mChunks), MicroKernel.MR);
        forEachTask(batch * mChunks * nBlocks, (long) batch * m * k * n, t -> {
            int bi = t / (mChunks * nBlocks), ic = t / nBlocks % mChunks, jb = t % nBlocks;
            int i0 = Math.min(m, ic * chunk), i1 = Math.min(m, i0 + chunk);
            if (i0 < i1) {
                f32Block(kernel, a, (long) bi * m * k, aRow, aCol, b, (long) bi * k * n, bRow, bCol, c, bi * m * n, n, k,
                        i0, i1, jb * NC, Math.min(n, jb * NC + NC), nr);
            }
        });
    }

    private static void f32Block(MicroKernel kernel, float[] a, long aOff, int aRow, int aCol, float[] b, long bOff, int bRow, int bCol,
                                 float[] c, int cOff, int ldc, int k, int i0, int i1, int j0, int j1, int nr) {
        int mr = MicroKernel.MR;
        int kcMax = Math.min(k, KC);
        float[] ap = new float[roundUp(Math.min(MC, i1 - i0), mr) * kcMax];
        boolean direct = bCol == 1 && i1 - i0 <= DIRECT_B_MAX_ROWS;
        float[] bp = new float[roundUp(direct ? (j1 - j0) % nr : j1 - j0, nr) * kcMax];
        float[] edge = new float[mr * nr];
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            // a packed B block serves every row of this task's C block, a packed A block all its columns;
            // with few rows per B element: reading B in place beats copying it (the expert matmuls of a
            // Switch block have m = capacity, 20-64); only a ragged last panel is packed, zero-padded
            int bDirectEnd = direct ? j0 + (j1 - j0) / nr * nr : j0;
            packF32(b, bOff + (long) p0 * bRow, bRow, bCol, kc, bDirectEnd, j1, nr, bp);
            int bSrcOff = (int) (bOff + (long) p0 * bRow);
            for (int ib0 = i0; ib0 < i1; ib0 += MC) {
                int ib1 = Math.min(i1, ib0 + MC);
                packF32(a, aOff + (long) p0 * aCol, aCol, aRow, kc, ib0, ib1, mr, ap);
                f32Tiles(kernel, ap, bp, edge, c, cOff, ldc, kc, ib0, ib1, j0, j1, nr, b, bSrcOff, bRow, bDirectEnd);
            }
        }
    }

    private static void f32Tiles(MicroKernel kernel, float[] ap, float[] bp, float[] edge, float[] c, int cOff, int ldc, int kc,
                                  int i0, int i1, int j0, int j1, int nr, float[] b, int bSrcOff, int bRow, int bDirectEnd) {
        int mr = MicroKernel.MR;
        for (int jp = j0; jp < j1; jp += nr) {
            int cols = Math.min(nr, j1 - jp);
            // panels left of bDirectEnd are read in place from B; the rest from the packed copy
            boolean inPlace = jp < bDirectEnd;
            float[] panel = inPlace ? b : bp;
            int bpOff = inPlace ? bSrcOff + jp : (jp - bDirectEnd) / nr * kc * nr, ldb = inPlace ? bRow : nr;
            for (int ip = i0; ip < i1; ip += mr) {
                int rows = Math.min(mr, i1 - ip), apOff = (ip - i0) / mr * kc * mr;
                int at = cOff + ip * ldc + jp;
                if (rows == mr && cols == nr) {
                    kernel.f32(kc, ap, apOff, panel, bpOff, ldb, c, at, ldc);
                } else {
                    // edge tile: the padded panels give a full tile; only its valid corner lands in C
                    java.util.Arrays.fill(edge, 0f);
                    kernel.f32(kc, ap, apOff, panel, bpOff, ldb, edge, 0, nr);
                    for (int r = 0; r < rows; r++) {
                        for (int j = 0; j < cols; j++) c[at + r * ldc + j] += edge[r * nr + j];
                    }
                }
            }
        }
    }

    /**
     * Packs kc steps of the index range [x0, x1) into panels of width w, panel after panel, each
     * k-major ({@code dst[panel*kc*w + p*w + x]}), zero-filling the last panel's missing columns.
     * Element (p, x) of the source is at {@code src[off + p*kStride + x*xStride]}.
     */
    private static void packF32(float[] src, long off, int kStride, int xStride, int kc, int x0, int x1, int w, float[] dst) {
        int d = 0;
        for (int xp = x0; xp < x1; xp += w) {
            int width = Math.min(w, x1 - xp);
            for (int p = 0; p < kc; p++) {
                int s = (int) (off + (long) p * kStride + (long) xp * xStride);
                if (xStride == 1) {
                    System.arraycopy(src, s, dst, d, width);
                } else {
                    for (int x = 0; x < width; x++) dst[d + x] = src[s + x * xStride];
                }
                for (int x = width; x < w; x++) dst[d + x] = 0f;
                d += w;
            }
        }
    }

    /**
     * C[b] += A[b] · B[b] for f64, where A[b] is m×k with element (i, p) at
     * {@code a[b*m*k + i*aRow + p*aCol]} and B[b] is k×n with (p, j) at {@code b[b*k*n + p*bRow + j*bCol]}:
     * the strides let a transposed operand be packed straight from its storage.
     */
    static void f64(double[] a, int aRow, int aCol, double[] b, int bRow, int bCol, double[] c, int batch, int m, int k, int n) {
        f64(KERNEL, a, aRow, aCol, b, bRow, bCol, c, batch, m, k, n);
    }

    /** As above on a given micro-kernel (tests run both). */
    static void f64(MicroKernel kernel, double[] a, int aRow, int aCol, double[] b, int bRow, int bCol, double[] c, int batch, int m, int k, int n) {
        if (m == 0 || n == 0 || k == 0) return;
        if ((long) batch * m * k * n < SMALL) {
            smallF64(a, aRow, aCol, b, bRow, bCol, c, batch, m, k, n);
            return;
        }
        int nr = kernel.nrF64();
        int nBlocks = ceilDiv(n, NC), mChunks = mChunks(batch * nBlocks, m);
        int chunk = roundUp(ceilDiv(m, mChunks), MicroKernel.MR);
        forEachTask(batch * mChunks * nBlocks, (long) batch * m * k * n, t -> {
            int bi = t / (mChunks * nBlocks), ic = t / nBlocks % mChunks, jb = t % nBlocks;
            int i0 = Math.min(m, ic * chunk), i1 = Math.min(m, i0 + chunk);
            if (i0 < i1) {
                f64Block(kernel, a, (long) bi * m * k, aRow, aCol, b, (long) bi * k * n, bRow, bCol, c, bi * m * n, n, k,
                        i0, i1, jb * NC, Math.min(n, jb * NC + NC), nr);
            }
        });
    }

    private static void f64Block(MicroKernel kernel, double[] a, long aOff, int aRow, int aCol, double[] b, long bOff, int bRow, int bCol,
                                 double[] c, int cOff, int ldc, int k, int i0, int i1, int j0, int j1, int nr) {
        int mr = MicroKernel.MR;
        int kcMax = Math.min(k, KC);
        double[] ap = new double[roundUp(Math.min(MC, i1 - i0), mr) * kcMax];
        boolean direct = bCol == 1 && i1 - i0 <= DIRECT_B_MAX_ROWS;
        double[] bp = new double[roundUp(direct ? (j1 - j0) % nr : j1 - j0, nr) * kcMax];
        double[] edge = new double[mr * nr];
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            // a packed B block serves every row of this task's C block, a packed A block all its columns;
            // with few rows per B element: reading B in place beats copying it (the expert matmuls of a
            // Switch block have m = capacity, 20-64); only a ragged last panel is packed, zero-padded
            int bDirectEnd = direct ? j0 + (j1 - j0) / nr * nr : j0;
            packF64(b, bOff + (long) p0 * bRow, bRow, bCol, kc, bDirectEnd, j1, nr, bp);
            int bSrcOff = (int) (bOff + (long) p0 * bRow);
            for (int ib0 = i0; ib0 < i1; ib0 += MC) {
                int ib1 = Math.min(i1, ib0 + MC);
                packF64(a, aOff + (long) p0 * aCol, aCol, aRow, kc, ib0, ib1, mr, ap);
                f64Tiles(kernel, ap, bp, edge, c, cOff, ldc, kc, ib0, ib1, j0, j1, nr, b, bSrcOff, bRow, bDirectEnd);
            }
        }
    }

    private static void f64Tiles(MicroKernel kernel, double[] ap, double[] bp, double[] edge, double[] c, int cOff, int ldc, int kc,
                                  int i0, int i1, int j0, int j1, int nr, double[] b, int bSrcOff, int bRow, int bDirectEnd) {
        int mr = MicroKernel.MR;
        for (int jp = j0; jp < j1; jp += nr) {
            int cols = Math.min(nr, j1 - jp);
            // panels left of bDirectEnd are read in place from B; the rest from the packed copy
            boolean inPlace = jp < bDirectEnd;
            double[] panel = inPlace ? b : bp;
            int bpOff = inPlace ? bSrcOff + jp : (jp - bDirectEnd) / nr * kc * nr, ldb = inPlace ? bRow : nr;
            for (int ip = i0; ip < i1; ip += mr) {
                int rows = Math.min(mr, i1 - ip), apOff = (ip - i0) / mr * kc * mr;
                int at = cOff + ip * ldc + jp;
                if (rows == mr && cols == nr) {
                    kernel.f64(kc, ap, apOff, panel, bpOff, ldb, c, at, ldc);
                } else {
                    // edge tile: the padded panels give a full tile; only its valid corner lands in C
                    java.util.Arrays.fill(edge, 0.0);
                    kernel.f64(kc, ap, apOff, panel, bpOff, ldb, edge, 0, nr);
                    for (int r = 0; r < rows; r++) {
                        for (int j = 0; j < cols; j++) c[at + r * ldc + j] += edge[r * nr + j];
                    }
                }
            }
        }
    }

    /**
     * Packs kc steps of the index range [x0, x1) into panels of width w, panel after panel, each
     * k-major ({@code dst[panel*kc*w + p*w + x]}), zero-filling the last panel's missing columns.
     * Element (p, x) of the source is at {@code src[off + p*kStride + x*xStride]}.
     */
    private static void packF64(double[] src, long off, int kStride, int xStride, int kc, int x0, int x1, int w, double[] dst) {
        int d = 0;
        for (int xp = x0; xp < x1; xp += w) {
            int width = Math.min(w, x1 - xp);
            for (int p = 0; p < kc; p++) {
                int s = (int) (off + (long) p * kStride + (long) xp * xStride);
                if (xStride == 1) {
                    System.arraycopy(src, s, dst, d, width);
                } else {
                    for (int x = 0; x < width; x++) dst[d + x] = src[s + x * xStride];
                }
                for (int x = width; x < w; x++) dst[d + x] = 0.0;
                d += w;
            }
        }
    }

    /**
     * Below this many multiply-adds a product runs as plain loops: packing and tiles cost more than
     * they save there, and the Vector API kernel is slow until C2 has compiled it (seconds), which
     * the many small products of a small model's train step would otherwise pay for on every call.
     */
    static final long SMALL = 1L << 15;

    /** C += A·B as row updates (c[i, :] += a[i, p] * b[p, :]), for small products. */
    private static void smallF32(float[] a, int aRow, int aCol, float[] b, int bRow, int bCol, float[] c, int batch, int m, int k, int n) {
        for (int bi = 0; bi < batch; bi++) {
            int aOff = bi * m * k, bOff = bi * k * n, cOff = bi * m * n;
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * n;
                for (int p = 0; p < k; p++) {
                    float x = a[aOff + i * aRow + p * aCol];
                    int bp = bOff + p * bRow;
                    for (int j = 0; j < n; j++) c[ci + j] += x * b[bp + j * bCol];
                }
            }
        }
    }

    private static void smallF64(double[] a, int aRow, int aCol, double[] b, int bRow, int bCol, double[] c, int batch, int m, int k, int n) {
        for (int bi = 0; bi < batch; bi++) {
            int aOff = bi * m * k, bOff = bi * k * n, cOff = bi * m * n;
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * n;
                for (int p = 0; p < k; p++) {
                    double x = a[aOff + i * aRow + p * aCol];
                    int bp = bOff + p * bRow;
                    for (int j = 0; j < n; j++) c[ci + j] += x * b[bp + j * bCol];
                }
            }
        }
    }

    private static void forEachTask(int tasks, long multiplyAdds, IntConsumer task) {
        IntStream range = IntStream.range(0, tasks);
        if (tasks > 1 && multiplyAdds >= PARALLEL_THRESHOLD) range = range.parallel();
        range.forEach(task);
    }

    /**
     * Row chunks per (batch, column block): enough tasks to keep two cores busy when the column
     * blocks alone are too few, each chunk still a whole number of micro-kernel rows.
     */
    private static int mChunks(int otherTasks, int m) {
        int wanted = ceilDiv(4, otherTasks);
        return Math.max(1, Math.min(wanted, m / MicroKernel.MR));
    }

    private static int ceilDiv(int x, int y) { return (x + y - 1) / y; }

    private static int roundUp(int x, int y) { return ceilDiv(x, y) * y; }
}
