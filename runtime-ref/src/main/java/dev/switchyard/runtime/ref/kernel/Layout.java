package dev.switchyard.runtime.ref.kernel;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.Arrays;
import java.util.List;

/**
 * Ops that move elements without computing on them. Each computes, for every result index, the
 * operand element it comes from; {@link Tensor#select} then copies whatever the element type.
 */
public final class Layout {
    private Layout() {}

    /** Maps a result multi-index to a flat operand index. */
    @FunctionalInterface
    interface SourceIndex {
        int of(int[] resultIndex);
    }

    static int[] sourceMap(int[] resultShape, SourceIndex fn) {
        int n = Shapes.size(resultShape);
        int[] map = new int[n];
        if (n == 0) return map;
        int[] idx = new int[resultShape.length];
        int i = 0;
        do {
            map[i++] = fn.of(idx);
        } while (Shapes.next(idx, resultShape));
        return map;
    }

    /** Off with {@code -Dswitchyard.interp.lazyBroadcast=false}: every non-splat broadcast is materialised (for comparisons). */
    static final boolean LAZY_BROADCAST = !"false".equals(System.getProperty("switchyard.interp.lazyBroadcast"));

    public static Tensor broadcastInDim(Tensor x, int[] resultShape, int[] broadcastDimensions) {
        return broadcastInDim(x, resultShape, broadcastDimensions, LAZY_BROADCAST ? BroadcastRuns.MIN_RUN : Integer.MAX_VALUE);
    }

    /** {@link #broadcastInDim} kept pending when its runs are at least {@code minRun} long (tests try short ones). */
    static Tensor broadcastInDim(Tensor x, int[] resultShape, int[] broadcastDimensions, int minRun) {
        int[] xs = x.shape();
        int[] strides = Shapes.strides(xs);
        if (broadcastDimensions.length != xs.length) throw new IllegalArgumentException("broadcast_in_dim: " + broadcastDimensions.length + " dimensions for rank " + xs.length);
        for (int k = 0; k < xs.length; k++) {
            int d = broadcastDimensions[k];
            if (d < 0 || d >= resultShape.length || (xs[k] != 1 && xs[k] != resultShape[d])) {
                throw new IllegalArgumentException("broadcast_in_dim: operand dim " + k + " of size " + xs[k] + " cannot go to result dim " + d + " of " + Arrays.toString(resultShape));
            }
        }
        // a scalar or splat operand (every constant zero/one of a module): a splat, filled only if a
        // kernel that cannot use the one value asks for the array
        if (x.isSplat()) return x.splat(resultShape);
        // operand stride per result dimension; 0 where the result repeats the operand
        int[] rs = new int[resultShape.length];
        for (int k = 0; k < xs.length; k++) if (xs[k] != 1) rs[broadcastDimensions[k]] += strides[k];
        // long repeats or slices of the operand: kept as a copy of the operand plus its runs, read in
        // place by the elementwise kernels and filled only for a kernel that needs the array
        BroadcastRuns runs = BroadcastRuns.of(x, resultShape, rs, minRun);
        if (runs != null) return Tensor.pendingBroadcast(x.type(), resultShape, runs);
        return x.strided(resultShape, rs);
    }

    public static Tensor transpose(Tensor x, int[] permutation) {
        int[] xs = x.shape();
        int[] strides = Shapes.strides(xs);
        int[] resultShape = Shapes.pick(xs, permutation);
        if (isIdentity(permutation)) return x;
        if (x.isSplat()) return x.splat(resultShape);
        // strides of the operand in result-dimension order: the inner loop is one add per element
        int[] rs = Shapes.pick(strides, permutation);
        return x.strided(resultShape, rs);
    }

    private static boolean isIdentity(int[] p) {
        for (int i = 0; i < p.length; i++) if (p[i] != i) return false;
        return true;
    }

    public static Tensor slice(Tensor x, int[] start, int[] limit, int[] stride) {
        int[] strides = Shapes.strides(x.shape());
        int[] resultShape = new int[x.rank()];
        for (int i = 0; i < resultShape.length; i++) {
            if (start[i] < 0 || limit[i] > x.dim(i) || start[i] > limit[i] || stride[i] < 1) {
                throw new IllegalArgumentException("slice: bad bounds on dimension " + i + " of " + x);
            }
            resultShape[i] = (limit[i] - start[i] + stride[i] - 1) / stride[i];
        }
        return x.select(resultShape, sourceMap(resultShape, idx -> {
            int s = 0;
            for (int i = 0; i < idx.length; i++) s += (start[i] + idx[i] * stride[i]) * strides[i];
            return s;
        }));
    }

    /** Start indices are clamped so the slice stays inside the operand, as the spec says. */
    public static Tensor dynamicSlice(Tensor x, long[] startIndices, int[] sliceSizes) {
        int[] start = clampedStarts(x.shape(), startIndices, sliceSizes);
        int[] limit = new int[start.length];
        int[] ones = new int[start.length];
        for (int i = 0; i < start.length; i++) { limit[i] = start[i] + sliceSizes[i]; ones[i] = 1; }
        return slice(x, start, limit, ones);
    }

    public static Tensor dynamicUpdateSlice(Tensor x, Tensor update, long[] startIndices) {
        int[] start = clampedStarts(x.shape(), startIndices, update.shape());
        int[] xStrides = Shapes.strides(x.shape());
        Tensor out = x.copy();
        int n = update.size();
        if (n == 0) return out;
        int[] idx = new int[update.rank()];
        int[] us = update.shape();
        int i = 0;
        do {
            int s = 0;
            for (int k = 0; k < idx.length; k++) s += (start[k] + idx[k]) * xStrides[k];
            out.copyElement(update, i++, s);
        } while (Shapes.next(idx, us));
        return out;
    }

    static int[] clampedStarts(int[] shape, long[] starts, int[] sizes) {
        if (starts.length != shape.length) throw new IllegalArgumentException("expected " + shape.length + " start indices, got " + starts.length);
        int[] out = new int[starts.length];
        for (int i = 0; i < starts.length; i++) {
            if (sizes[i] > shape[i]) throw new IllegalArgumentException("slice size " + sizes[i] + " exceeds dimension " + i + " of size " + shape[i]);
            out[i] = (int) Math.min(Math.max(starts[i], 0), shape[i] - sizes[i]);
        }
        return out;
    }

    public static Tensor concatenate(List<Tensor> inputs, int dimension) {
        Tensor first = inputs.getFirst();
        int[] resultShape = first.shape();
        int total = 0;
        for (Tensor t : inputs) total += t.dim(dimension);
        resultShape[dimension] = total;
        Tensor out = Tensor.zeros(first.type(), resultShape);
        int[] outStrides = Shapes.strides(resultShape);
        int offset = 0;
        for (Tensor t : inputs) {
            int[] ts = t.shape();
            int[] idx = new int[ts.length];
            int n = t.size();
            for (int i = 0; i < n; i++) {
                int s = 0;
                for (int k = 0; k < idx.length; k++) s += (k == dimension ? idx[k] + offset : idx[k]) * outStrides[k];
                out.copyElement(t, i, s);
                Shapes.next(idx, ts);
            }
            offset += ts[dimension];
        }
        return out;
    }

    /** Edge padding may be negative (it then removes elements); interior padding goes between elements. */
    public static Tensor pad(Tensor x, Tensor paddingValue, int[] low, int[] high, int[] interior) {
        int r = x.rank();
        int[] xs = x.shape();
        int[] resultShape = new int[r];
        for (int i = 0; i < r; i++) {
            long size = (long) low[i] + high[i] + xs[i] + (long) Math.max(xs[i] - 1, 0) * interior[i];
            if (size < 0 || interior[i] < 0) throw new IllegalArgumentException("pad: dimension " + i + " would have size " + size);
            resultShape[i] = (int) size;
        }
        Tensor out = paddingValue.fill(resultShape);
        int[] outStrides = Shapes.strides(resultShape);
        int n = x.size();
        if (n == 0) return out;
        int[] idx = new int[r];
        int i = 0;
        do {
            int s = 0;
            boolean inside = true;
            for (int k = 0; k < r; k++) {
                int p = low[k] + idx[k] * (interior[k] + 1);
                if (p < 0 || p >= resultShape[k]) { inside = false; break; }
                s += p * outStrides[k];
            }
            if (inside) out.copyElement(x, i, s);
            i++;
        } while (Shapes.next(idx, xs));
        return out;
    }

    public static Tensor reverse(Tensor x, int[] dimensions) {
        int[] xs = x.shape();
        int[] strides = Shapes.strides(xs);
        boolean[] rev = new boolean[xs.length];
        for (int d : dimensions) rev[d] = true;
        return x.select(xs, sourceMap(xs, idx -> {
            int s = 0;
            for (int k = 0; k < idx.length; k++) s += (rev[k] ? xs[k] - 1 - idx[k] : idx[k]) * strides[k];
            return s;
        }));
    }

    public static Tensor iota(ElementType type, int[] shape, int dimension) {
        Tensor counts = Tensor.zeros(ElementType.I64, shape);
        long[] c = counts.longs();
        int[] strides = Shapes.strides(shape);
        for (int i = 0; i < c.length; i++) c[i] = (i / strides[dimension]) % shape[dimension];
        return Conversions.convert(counts, type);
    }
}
