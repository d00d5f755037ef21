package dev.switchyard.tests.support;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.Arrays;
import java.util.Optional;

/**
 * Whether two tensors agree: same type and shape, integers and booleans bit for bit, floats within
 * a tolerance that is absolute below magnitude 1 and relative above, NaN matching NaN and
 * infinities matching infinities of the same sign.
 */
public final class Closeness {

    private Closeness() {}

    /** Empty when they agree; otherwise where and how they differ first. */
    public static Optional<String> compare(HostTensor actual, HostTensor expected, double tolerance) {
        if (actual.elementType() != expected.elementType() || !Arrays.equals(actual.shape(), expected.shape())) {
            return Optional.of("type " + actual + " vs expected " + expected);
        }
        if (actual.elementType().kind() == ElementType.Kind.COMPLEX) {
            return compare(parts(actual), parts(expected), tolerance).map(d -> "(real, imaginary parts) " + d);
        }
        if (!actual.elementType().isFloat()) {
            if (Arrays.equals(actual.data(), expected.data())) return Optional.empty();
            long[] a = Tensors.toLongs(actual);
            long[] e = Tensors.toLongs(expected);
            for (int i = 0; i < a.length; i++) {
                if (a[i] != e[i]) return Optional.of("element " + i + ": " + a[i] + " vs expected " + e[i] + mismatchCount(a, e));
            }
            return Optional.empty();
        }
        double[] a = Tensors.toDoubles(actual);
        double[] e = Tensors.toDoubles(expected);
        int bad = 0;
        int first = -1;
        for (int i = 0; i < a.length; i++) {
            if (!close(a[i], e[i], tolerance)) {
                if (first < 0) first = i;
                bad++;
            }
        }
        if (bad == 0) return Optional.empty();
        return Optional.of("element " + first + ": " + a[first] + " vs expected " + e[first]
                + " (tolerance " + tolerance + "; " + bad + " of " + a.length + " elements differ)");
    }

    /** A complex tensor as its float parts, interleaved: the same bytes. */
    public static HostTensor parts(HostTensor complex) {
        ElementType part = complex.elementType() == ElementType.COMPLEX_F32 ? ElementType.F32 : ElementType.F64;
        return new HostTensor(part, new long[] {complex.elementCount() * 2}, complex.data());
    }

    public static boolean close(double a, double e, double tolerance) {
        if (Double.isNaN(a) || Double.isNaN(e)) return Double.isNaN(a) && Double.isNaN(e);
        if (Double.isInfinite(a) || Double.isInfinite(e)) return a == e;
        return Math.abs(a - e) <= tolerance * Math.max(1.0, Math.abs(e));
    }

    private static String mismatchCount(long[] a, long[] e) {
        int bad = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != e[i]) bad++;
        return " (" + bad + " of " + a.length + " elements differ)";
    }
}
