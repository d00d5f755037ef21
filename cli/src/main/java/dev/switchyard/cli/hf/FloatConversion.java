package dev.switchyard.cli.hf;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;

/**
 * Converts a float tensor to another float type (round to nearest even, once, from the exact
 * value) and counts what the conversion did not keep, so the importer can say when precision
 * was lost instead of rounding silently.
 */
public final class FloatConversion {
    private FloatConversion() {}

    /** The converted tensor; {@code changed} values differ from the source, {@code overflowed} of them became infinite. */
    public record Result(HostTensor tensor, long changed, long overflowed) {}

    public static Result convert(HostTensor t, ElementType to) {
        if (!t.elementType().isFloat() || !to.isFloat()) {
            throw new IllegalArgumentException("float conversion from " + t.elementType() + " to " + to);
        }
        if (t.elementType() == to) return new Result(t, 0, 0);
        double[] values = t.toDoubles();
        HostTensor out = HostTensor.ofDoubles(to, t.shape(), values);
        double[] back = out.toDoubles();
        long changed = 0, overflowed = 0;
        for (int i = 0; i < values.length; i++) {
            double a = values[i], b = back[i];
            boolean same = a == b || (Double.isNaN(a) && Double.isNaN(b));
            if (!same) {
                changed++;
                if (Double.isInfinite(b) && !Double.isInfinite(a)) overflowed++;
            }
        }
        return new Result(out, changed, overflowed);
    }
}
