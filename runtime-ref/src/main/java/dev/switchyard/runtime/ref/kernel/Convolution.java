package dev.switchyard.runtime.ref.kernel;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code stablehlo.convolution} as the spec defines it: groups are split off and the parts
 * concatenated (batch_group_count, feature_group_count); each plain convolution becomes an
 * im2col patch matrix times the kernel matrix through {@link DotGeneral}, so it runs on the same
 * blocked, multi-threaded product.
 */
public final class Convolution {
    private Convolution() {}

    /** Dimension numbers: which dimension of input, kernel and output plays which role. */
    public record Dims(int inputBatch, int inputFeature, int[] inputSpatial,
                       int kernelInputFeature, int kernelOutputFeature, int[] kernelSpatial,
                       int outputBatch, int outputFeature, int[] outputSpatial) {}

    /** Window attributes; arrays have one entry per spatial dimension, padding is [lo, hi] pairs. */
    public record Window(int[] strides, int[][] padding, int[] lhsDilation, int[] rhsDilation, boolean[] reversal) {}

    public static Tensor convolution(Tensor lhs, Tensor rhs, Dims d, Window w, int featureGroupCount,
                                     int batchGroupCount, ElementType resultType) {
        if (batchGroupCount > 1) {
            List<Tensor> parts = new ArrayList<>();
            List<Tensor> lhses = split(lhs, batchGroupCount, d.inputBatch);
            List<Tensor> rhses = split(rhs, batchGroupCount, d.kernelOutputFeature);
            for (int i = 0; i < batchGroupCount; i++) parts.add(convolution(lhses.get(i), rhses.get(i), d, w, featureGroupCount, 1, resultType));
            return Layout.concatenate(parts, d.outputFeature);
        }
        if (featureGroupCount > 1) {
            List<Tensor> parts = new ArrayList<>();
            List<Tensor> lhses = split(lhs, featureGroupCount, d.inputFeature);
            List<Tensor> rhses = split(rhs, featureGroupCount, d.kernelOutputFeature);
            for (int i = 0; i < featureGroupCount; i++) parts.add(convolution(lhses.get(i), rhses.get(i), d, w, 1, 1, resultType));
            return Layout.concatenate(parts, d.outputFeature);
        }
        int s = d.inputSpatial.length;
        // canonical layouts: lhs [N, C, spatial...], kernel [O, C, spatial...]
        Tensor x = Layout.transpose(lhs, Shapes.concat(new int[] {d.inputBatch, d.inputFeature}, d.inputSpatial));
        Tensor k = Layout.transpose(rhs, Shapes.concat(new int[] {d.kernelOutputFeature, d.kernelInputFeature}, d.kernelSpatial));
        List<Integer> reversed = new ArrayList<>();
        for (int i = 0; i < s; i++) if (w.reversal[i]) reversed.add(2 + i);
        if (!reversed.isEmpty()) k = Layout.reverse(k, reversed.stream().mapToInt(Integer::intValue).toArray());
        int[] low = new int[s + 2], high = new int[s + 2], interior = new int[s + 2];
        for (int i = 0; i < s; i++) {
            low[2 + i] = w.padding[i][0];
            high[2 + i] = w.padding[i][1];
            interior[2 + i] = w.lhsDilation[i] - 1;
        }
        Tensor zero = Tensor.zeros(x.type());
        x = Layout.pad(x, zero, low, high, interior);
        int n = x.dim(0), c = x.dim(1), o = k.dim(0);
        int[] xs = x.shape();
        int[] kernelSpatial = new int[s];
        int[] outSpatial = new int[s];
        for (int i = 0; i < s; i++) {
            kernelSpatial[i] = k.dim(2 + i);
            int dilated = (kernelSpatial[i] - 1) * w.rhsDilation[i] + 1;
            outSpatial[i] = xs[2 + i] < dilated ? 0 : (xs[2 + i] - dilated) / w.strides[i] + 1;
        }
        // patches [N, out..., C, kernel...]
        int[] patchShape = Shapes.concat(new int[] {n}, outSpatial, new int[] {c}, kernelSpatial);
        int[] xStrides = Shapes.strides(xs);
        int[] map = Layout.sourceMap(patchShape, idx -> {
            int src = idx[0] * xStrides[0] + idx[1 + s] * xStrides[1];
            for (int i = 0; i < s; i++) src += (idx[1 + i] * w.strides[i] + idx[2 + s + i] * w.rhsDilation[i]) * xStrides[2 + i];
            return src;
        });
        Tensor patches = x.select(patchShape, map);
        int outPositions = n * Shapes.size(outSpatial);
        int window = c * Shapes.size(kernelSpatial);
        Tensor p2 = patches.reshaped(new int[] {outPositions, window});
        Tensor k2 = k.reshaped(new int[] {o, window});
        Tensor product = DotGeneral.dotGeneral(p2, k2,
                new DotGeneral.Dims(new int[0], new int[0], new int[] {1}, new int[] {1}), resultType);
        // [N, out..., O] -> the output layout the dimension numbers ask for
        Tensor canonical = product.reshaped(Shapes.concat(new int[] {n}, outSpatial, new int[] {o}));
        int[] perm = new int[s + 2];
        perm[d.outputBatch] = 0;
        perm[d.outputFeature] = s + 1;
        for (int i = 0; i < s; i++) perm[d.outputSpatial[i]] = 1 + i;
        return Layout.transpose(canonical, perm);
    }

    private static List<Tensor> split(Tensor t, int parts, int dim) {
        int[] shape = t.shape();
        if (shape[dim] % parts != 0) throw new IllegalArgumentException("dimension " + dim + " of " + t + " does not split into " + parts + " groups");
        int size = shape[dim] / parts;
        List<Tensor> out = new ArrayList<>();
        int[] start = new int[shape.length], limit = shape.clone(), stride = new int[shape.length];
        java.util.Arrays.fill(stride, 1);
        for (int i = 0; i < parts; i++) {
            start[dim] = i * size;
            limit[dim] = (i + 1) * size;
            out.add(Layout.slice(t, start.clone(), limit.clone(), stride));
        }
        return out;
    }
}
