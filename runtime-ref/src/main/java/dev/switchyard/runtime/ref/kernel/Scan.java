package dev.switchyard.runtime.ref.kernel;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.Optional;

/**
 * {@code reduce_window} that is a cumulative sum, max or min along one dimension (a window as
 * long as the dimension or longer, padded by window − 1 before it for a prefix scan or after it
 * for a suffix scan; every other dimension a window of 1, no strides or dilations): one running
 * value per line, O(n), instead of gathering O(n²) window elements. Switch routers number their
 * expert slots with the prefix form; its gradient is the suffix form. Sums need a zero init (the
 * padding is init, counted once per padded element); max and min take any init since repeating
 * it changes nothing. Floats accumulate in f32 rounded to the type at each step, in index order
 * from the start (prefix) or the end (suffix) of the line.
 */
final class Scan {
    private Scan() {}

    static Optional<Tensor> of(Tensor x, Tensor init, Reduction.Window w, Elementwise.Binary op) {
        int rank = x.rank();
        if (x.storage() == Storage.COMPLEX || x.type() != init.type() || rank == 0 || x.size() == 0) return Optional.empty();
        if (op != Elementwise.Binary.ADD && op != Elementwise.Binary.MAXIMUM && op != Elementwise.Binary.MINIMUM) return Optional.empty();
        if (op == Elementwise.Binary.ADD && init.getDouble(0) != 0) return Optional.empty();
        int axis = -1;
        boolean prefix = true;
        for (int d = 0; d < rank; d++) {
            if (w.strides()[d] != 1 || w.baseDilations()[d] != 1 || w.windowDilations()[d] != 1) return Optional.empty();
            int size = w.dimensions()[d], low = w.padding()[d][0], high = w.padding()[d][1];
            if (size == 1 && low == 0 && high == 0) continue;
            if (axis >= 0 || size < x.dim(d)) return Optional.empty();
            axis = d;
            if (low == size - 1 && high == 0) prefix = true;
            else if (low == 0 && high == size - 1) prefix = false;
            else return Optional.empty();
        }
        if (axis < 0) return Optional.empty();
        int n = x.dim(axis);
        int inner = Shapes.strides(x.shape())[axis];
        int outer = x.size() / (n * inner);
        Tensor out = Tensor.zeros(x.type(), x.shape());
        ElementType t = x.type();
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * n * inner + in;
                int first = prefix ? base : base + (n - 1) * inner, step = prefix ? inner : -inner;
                switch (x.storage()) {
                    case FLOAT -> {
                        float[] a = x.floats(), r = out.floats();
                        float acc = init.splatFloat();
                        for (int i = 0, at = first; i < n; i++, at += step) {
                            float v = switch (op) {
                                case ADD -> acc + a[at];
                                case MAXIMUM -> Math.max(acc, a[at]);
                                default -> Math.min(acc, a[at]);
                            };
                            acc = t == ElementType.F32 ? v : Tensor.roundFloat(t, v);
                            r[at] = acc;
                        }
                    }
                    case DOUBLE -> {
                        double[] a = x.doubles(), r = out.doubles();
                        double acc = init.getDouble(0);
                        for (int i = 0, at = first; i < n; i++, at += step) {
                            acc = Elementwise.realBinary(op, acc, a[at], t);
                            r[at] = acc;
                        }
                    }
                    case INTEGER -> {
                        long[] a = x.longs(), r = out.longs();
                        long acc = init.splatLong();
                        for (int i = 0, at = first; i < n; i++, at += step) {
                            acc = Tensor.wrap(t, Elementwise.integerBinary(op, acc, a[at], t));
                            r[at] = acc;
                        }
                    }
                    case COMPLEX -> throw new AssertionError("rejected above");
                }
            }
        }
        return Optional.of(out);
    }
}
