package dev.switchyard.runtime.ref.kernel;

import java.util.Arrays;

/** Row-major index arithmetic shared by the kernels. */
public final class Shapes {
    private Shapes() {}

    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            n *= d;
            if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
        }
        return (int) n;
    }

    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** Advances a multi-index in row-major order; returns false after the last one. */
    public static boolean next(int[] index, int[] shape) {
        for (int i = shape.length - 1; i >= 0; i--) {
            if (++index[i] < shape[i]) return true;
            index[i] = 0;
        }
        return false;
    }

    public static int[] toInts(long[] shape) {
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) out[i] = Math.toIntExact(shape[i]);
        return out;
    }

    /** The positions 0..rank-1 not in {@code dims}, in increasing order. */
    public static int[] complement(int rank, int[] dims) {
        boolean[] used = new boolean[rank];
        for (int d : dims) used[d] = true;
        int[] out = new int[rank - dims.length];
        int k = 0;
        for (int i = 0; i < rank; i++) if (!used[i]) out[k++] = i;
        return out;
    }

    public static int[] pick(int[] values, int[] positions) {
        int[] out = new int[positions.length];
        for (int i = 0; i < positions.length; i++) out[i] = values[positions[i]];
        return out;
    }

    public static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) n += p.length;
        int[] out = new int[n];
        int k = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return out;
    }
}
