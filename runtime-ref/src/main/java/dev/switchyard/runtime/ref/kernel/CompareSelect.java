package dev.switchyard.runtime.ref.kernel;

import java.util.Arrays;

/**
 * {@code select(compare(a, b), t, f)} in one loop, for a compare whose only use is the select's
 * predicate (dropout's keep test, a mask): no i1 tensor is made, the predicate of each element is
 * computed where the select reads it. Float operands under the FLOAT order (Java's operators: NaN
 * unordered, −0 = +0) with branches in f32 storage, arrays or splats; anything else is the two ops
 * one after the other, which is always the same result.
 */
public final class CompareSelect {
    private CompareSelect() {}

    public static Tensor select(Comparison.Direction dir, Comparison.Type type, Tensor a, Tensor b, Tensor onTrue, Tensor onFalse) {
        int[] shape = a.shape();
        boolean fits = a.storage() == Storage.FLOAT && b.storage() == Storage.FLOAT && type != Comparison.Type.TOTALORDER
                && onTrue.storage() == Storage.FLOAT && onTrue.type() == onFalse.type() && a.size() > 1
                && Arrays.equals(shape, b.shape()) && Arrays.equals(shape, onTrue.shape()) && Arrays.equals(shape, onFalse.shape())
                && a.pendingBroadcast() == null && b.pendingBroadcast() == null
                && onTrue.pendingBroadcast() == null && onFalse.pendingBroadcast() == null;
        if (!fits) return Elementwise.select(Comparison.compare(dir, type, a, b), onTrue, onFalse);
        int n = a.size();
        float[] x = a.floats();
        boolean bs = b.isSplat(), ts = onTrue.isSplat(), fs = onFalse.isSplat();
        float bv = bs ? b.splatFloat() : 0, tv = ts ? onTrue.splatFloat() : 0, fv = fs ? onFalse.splatFloat() : 0;
        float[] y = bs ? null : b.floats(), t = ts ? null : onTrue.floats(), f = fs ? null : onFalse.floats();
        Tensor out = Tensor.zeros(onTrue.type(), shape);
        float[] o = out.floats();
        if (bs && !ts && fs) {
            // dropout: keep = u dir threshold; out = keep ? x·scale : 0
            switch (dir) {
                case EQ -> { for (int i = 0; i < n; i++) o[i] = x[i] == bv ? t[i] : fv; }
                case NE -> { for (int i = 0; i < n; i++) o[i] = x[i] != bv ? t[i] : fv; }
                case GE -> { for (int i = 0; i < n; i++) o[i] = x[i] >= bv ? t[i] : fv; }
                case GT -> { for (int i = 0; i < n; i++) o[i] = x[i] > bv ? t[i] : fv; }
                case LE -> { for (int i = 0; i < n; i++) o[i] = x[i] <= bv ? t[i] : fv; }
                case LT -> { for (int i = 0; i < n; i++) o[i] = x[i] < bv ? t[i] : fv; }
            }
            return out;
        }
        for (int i = 0; i < n; i++) {
            float l = x[i], r = bs ? bv : y[i];
            boolean p = switch (dir) {
                case EQ -> l == r;
                case NE -> l != r;
                case GE -> l >= r;
                case GT -> l > r;
                case LE -> l <= r;
                case LT -> l < r;
            };
            o[i] = p ? (ts ? tv : t[i]) : (fs ? fv : f[i]);
        }
        return out;
    }
}
