package dev.switchyard.runtime.ref.kernel;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.Arrays;

/**
 * A {@code broadcast_in_dim} result described by its source instead of its elements: the result,
 * in row-major order, is {@link #count} runs of {@link #length} elements; run r is source element
 * {@code starts[r]} repeated ({@link #repeat}, a column broadcast such as [4,8] → [4,8,16]) or the
 * {@code length} source elements from {@code starts[r]} on (a row broadcast such as [16] → [4,8,16]).
 * Result element i is therefore {@code source[starts[i / length] + (repeat ? 0 : i % length)]}.
 * Kernels read a run as a scalar (the scalar loop on a sub-range) or as a source slice (the
 * vector-vector loop on a sub-range). The source is a private copy ({@code float[]} or
 * {@code long[]}), never written after it is made and never handed out as a tensor's storage.
 */
final class BroadcastRuns {
    /**
     * Shortest run worth reading in place. A run costs one loop set-up in the kernel, as it costs
     * one fill or copy when the broadcast is materialised, but the kernel skips writing and then
     * re-reading the full array; below 8 elements (one AVX2 vector of f32) the per-run work is
     * all overhead and the materialised array, read by one long loop, was no slower
     * (BroadcastRunsBench, docs/performance.md "Broadcasts read in place").
     */
    static final int MIN_RUN = 8;

    final Object source;
    final int length;
    final boolean repeat;
    final int[] starts;

    private BroadcastRuns(Object source, int length, boolean repeat, int[] starts) {
        this.source = source;
        this.length = length;
        this.repeat = repeat;
        this.starts = starts;
    }

    int count() { return starts.length; }

    /** Elements of the result. */
    int size() { return starts.length * length; }

    /**
     * The runs of a broadcast of {@code x} (not a splat, float or integer storage) to {@code resultShape}
     * with {@code strides} (the operand stride per result dimension, 0 where it repeats), or null
     * when its innermost run after merging adjacent dimensions is neither a repeat nor a contiguous
     * slice of the source, or shorter than {@code minRun}.
     */
    static BroadcastRuns of(Tensor x, int[] resultShape, int[] strides, int minRun) {
        if (x.storage() != Storage.FLOAT && x.storage() != Storage.INTEGER) return null;
        int n = Shapes.size(resultShape);
        if (n == 0) return null;
        // merge from the innermost dimension outwards: (outer, inner) merge when stepping the outer
        // one equals stepping the inner one past its end; unit dimensions never move the source
        int[] dims = new int[resultShape.length], steps = new int[resultShape.length];
        int m = 0;
        for (int k = resultShape.length - 1; k >= 0; k--) {
            if (resultShape[k] == 1) continue;
            if (m > 0 && strides[k] == steps[m - 1] * dims[m - 1]) {
                dims[m - 1] *= resultShape[k];
            } else {
                dims[m] = resultShape[k];
                steps[m] = strides[k];
                m++;
            }
        }
        if (m == 0) return null; // one element
        int length = dims[0], step = steps[0];
        if ((step != 0 && step != 1) || length < minRun) return null;
        // outer dimensions, outermost first, give each run's source offset
        int outer = m - 1;
        int[] shape = new int[outer], stride = new int[outer];
        for (int j = 0; j < outer; j++) { shape[j] = dims[m - 1 - j]; stride[j] = steps[m - 1 - j]; }
        int[] starts = new int[n / length];
        if (outer > 0) {
            int[] idx = new int[outer];
            int r = 0;
            do {
                int s = 0;
                for (int j = 0; j < outer; j++) s += idx[j] * stride[j];
                starts[r++] = s;
            } while (Shapes.next(idx, shape));
        }
        Object source = switch (x.storage()) {
            case FLOAT -> x.floats().clone();
            case INTEGER -> x.longs().clone();
            case DOUBLE, COMPLEX -> throw new AssertionError("excluded above");
        };
        return new BroadcastRuns(source, length, step == 0, starts);
    }

    int sourceLength() { return source instanceof float[] f ? f.length : ((long[]) source).length; }

    /** The flat shape of the source. */
    int[] sourceShape() { return new int[] {sourceLength()}; }

    /** The source as a flat tensor of {@code type}, for a kernel to read only (its array is this object's). */
    Tensor sourceTensor(ElementType type) {
        return source instanceof float[] f ? Tensor.ofFloats(type, sourceShape(), f) : Tensor.ofLongs(type, sourceShape(), (long[]) source);
    }

    /**
     * A pending broadcast of {@code shape} with these runs over {@code onSource}, a fresh flat tensor
     * an elementwise op computed from this source (and splats): each result element is then that op
     * on the source element it reads, which is what the op gives on the materialised broadcast.
     */
    Tensor spread(Tensor onSource, int[] shape) {
        if (onSource.size() != sourceLength()) throw new IllegalArgumentException(onSource + " is not computed on a source of " + sourceLength());
        Object values = onSource.storage() == Storage.FLOAT ? onSource.floats() : onSource.longs();
        return Tensor.pendingBroadcast(onSource.type(), shape, new BroadcastRuns(values, length, repeat, starts));
    }

    /** Writes the full row-major elements into {@code out} (a zeroed array of {@link #size}): one fill or one copy per run. */
    void expandInto(Object out) {
        if (source instanceof float[] s) {
            float[] o = (float[]) out;
            for (int r = 0, base = 0; r < starts.length; r++, base += length) {
                if (repeat) Arrays.fill(o, base, base + length, s[starts[r]]);
                else System.arraycopy(s, starts[r], o, base, length);
            }
            return;
        }
        long[] s = (long[]) source, o = (long[]) out;
        for (int r = 0, base = 0; r < starts.length; r++, base += length) {
            if (repeat) Arrays.fill(o, base, base + length, s[starts[r]]);
            else System.arraycopy(s, starts[r], o, base, length);
        }
    }

    /** Source offset of result element i. */
    int sourceIndex(int i) {
        return starts[i / length] + (repeat ? 0 : i % length);
    }
}
