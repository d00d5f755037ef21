package dev.switchyard.runtime.ref.kernel;

import java.util.ArrayList;
import java.util.List;

/** {@code stablehlo.sort}: sorts slices along one dimension of all inputs together, by a comparator region. */
public final class Sorting {
    private Sorting() {}

    /**
     * The comparator gets (lhs0, rhs0, lhs1, rhs1, ...) and says whether lhs goes first. The sort
     * is always stable (a stable sort is a correct answer for is_stable = false too).
     */
    public static List<Tensor> sort(List<Tensor> inputs, int dimension, ScalarFunction comparator) {
        Tensor first = inputs.getFirst();
        int[] shape = first.shape();
        int d = dimension < 0 ? dimension + shape.length : dimension;
        int len = shape[d];
        int stride = Shapes.strides(shape)[d];
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : inputs) out.add(t.copy());
        int outer = len == 0 ? 0 : first.size() / len;
        int[] order = new int[len];
        int[] scratch = new int[len];
        int[] positions = new int[len];
        for (int s = 0; s < outer; s++) {
            // the slice's base: s enumerates all index combinations except dimension d
            int base = (s / stride) * stride * len + (s % stride);
            for (int i = 0; i < len; i++) {
                order[i] = i;
                positions[i] = base + i * stride;
            }
            mergeSort(order, scratch, 0, len, (a, b) -> less(inputs, positions[a], positions[b], comparator));
            for (int k = 0; k < inputs.size(); k++) {
                for (int i = 0; i < len; i++) out.get(k).copyElement(inputs.get(k), positions[order[i]], positions[i]);
            }
        }
        return out;
    }

    private interface Less { boolean test(int a, int b); }

    /**
     * Stable merge sort that only asks "is right before left?", so a comparator that is not a
     * strict weak order (NaN handling in a user region) gives some order instead of an exception.
     */
    private static void mergeSort(int[] a, int[] tmp, int from, int to, Less less) {
        if (to - from < 2) return;
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid, less);
        mergeSort(a, tmp, mid, to, less);
        int i = from, j = mid, k = from;
        while (i < mid && j < to) tmp[k++] = less.test(a[j], a[i]) ? a[j++] : a[i++];
        while (i < mid) tmp[k++] = a[i++];
        while (j < to) tmp[k++] = a[j++];
        System.arraycopy(tmp, from, a, from, to - from);
    }

    private static boolean less(List<Tensor> inputs, int a, int b, ScalarFunction comparator) {
        List<Tensor> args = new ArrayList<>(2 * inputs.size());
        for (Tensor t : inputs) {
            args.add(t.element(a));
            args.add(t.element(b));
        }
        return comparator.apply(args).getFirst().isTrue();
    }
}
