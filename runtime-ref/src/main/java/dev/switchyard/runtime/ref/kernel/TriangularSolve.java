package dev.switchyard.runtime.ref.kernel;

import dev.switchyard.hlo.tensor.ElementType;

/**
 * {@code stablehlo.triangular_solve}: solves op(a)·x = b (left side) or x·op(a) = b (right side)
 * for each batch, reading only a's lower or upper triangle, with op = identity, transpose or
 * adjoint. Computed in f64 (complex: pairs of f64) by substitution, then rounded to the type.
 */
public final class TriangularSolve {
    private TriangularSolve() {}

    public enum Op { NO_TRANSPOSE, TRANSPOSE, ADJOINT }

    public static Tensor solve(Tensor a, Tensor b, boolean leftSide, boolean lower, boolean unitDiagonal, Op op) {
        boolean complex = a.storage() == Storage.COMPLEX;
        ElementType work = complex ? ElementType.COMPLEX_F64 : ElementType.F64;
        double[] av = Conversions.convert(a, work).doubles();
        double[] bv = Conversions.convert(b, work).doubles();
        int rank = a.rank();
        int n = a.dim(rank - 1);
        int rows = b.dim(rank - 2), cols = b.dim(rank - 1);
        int batch = a.size() / Math.max(1, n * n);
        int w = complex ? 2 : 1;
        double[] out = new double[bv.length];
        for (int bi = 0; bi < batch; bi++) {
            // T = op(triangle of a) as a dense n×n complex matrix
            double[] tr = new double[n * n], ti = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    boolean inside = lower ? j <= i : j >= i;
                    double re = 0, im = 0;
                    if (i == j && unitDiagonal) re = 1;
                    else if (inside) {
                        int idx = (bi * n * n + i * n + j) * w;
                        re = av[idx];
                        im = complex ? av[idx + 1] : 0;
                    }
                    int to = op == Op.NO_TRANSPOSE ? i * n + j : j * n + i;
                    tr[to] = re;
                    ti[to] = op == Op.ADJOINT ? -im : im;
                }
            }
            boolean tLower = op == Op.NO_TRANSPOSE ? lower : !lower;
            // right side: x T = b  <=>  T^T x^T = b^T, so solve with the transposed matrix
            int m = leftSide ? cols : rows;
            double[] xr = new double[n * m], xi = new double[n * m];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int idx = (bi * rows * cols + r * cols + c) * w;
                    int at = leftSide ? r * m + c : c * m + r;
                    xr[at] = bv[idx];
                    xi[at] = complex ? bv[idx + 1] : 0;
                }
            }
            boolean forward = leftSide ? tLower : !tLower;
            for (int s = 0; s < n; s++) {
                int i = forward ? s : n - 1 - s;
                for (int col = 0; col < m; col++) {
                    double sr = xr[i * m + col], si = xi[i * m + col];
                    for (int t = 0; t < s; t++) {
                        int j = forward ? t : n - 1 - t;
                        int tij = leftSide ? i * n + j : j * n + i;
                        double ar = tr[tij], ai = ti[tij];
                        double yr = xr[j * m + col], yi = xi[j * m + col];
                        sr -= ar * yr - ai * yi;
                        si -= ar * yi + ai * yr;
                    }
                    double dr = tr[i * n + i], di = ti[i * n + i];
                    double den = dr * dr + di * di;
                    xr[i * m + col] = (sr * dr + si * di) / den;
                    xi[i * m + col] = (si * dr - sr * di) / den;
                }
            }
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int idx = (bi * rows * cols + r * cols + c) * w;
                    int at = leftSide ? r * m + c : c * m + r;
                    out[idx] = xr[at];
                    if (complex) out[idx + 1] = xi[at];
                }
            }
        }
        return Conversions.convert(Tensor.ofDoubles(work, b.shape(), out), b.type());
    }
}
