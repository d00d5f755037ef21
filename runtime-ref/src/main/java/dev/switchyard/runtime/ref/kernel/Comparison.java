package dev.switchyard.runtime.ref.kernel;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.Arrays;

/** {@code stablehlo.compare}: an i1 tensor from two operands, a direction and a comparison type. */
public final class Comparison {
    private Comparison() {}

    public enum Direction { EQ, NE, GE, GT, LE, LT }

    /** The spec's comparison types; NOTYPE picks the default for the element type. */
    public enum Type { NOTYPE, FLOAT, TOTALORDER, SIGNED, UNSIGNED }

    public static Tensor compare(Direction dir, Type type, Tensor x, Tensor y) {
        if (!Arrays.equals(x.shape(), y.shape())) throw new IllegalArgumentException("compare: shapes differ: " + x + " vs " + y);
        int n = x.size();
        Tensor out = Tensor.zeros(ElementType.I1, x.shape());
        long[] o = out.longs();
        ElementType t = x.type();
        switch (x.storage()) {
            case FLOAT -> {
                if (type == Type.TOTALORDER) {
                    for (int i = 0; i < n; i++) o[i] = holds(dir, Long.compare(totalOrderKey(x, i), totalOrderKey(y, i))) ? 1 : 0;
                } else {
                    // Java's float operators are the spec's FLOAT comparison: NaN unordered, -0 == +0
                    if (y.isSplat() && !x.isSplat()) {
                        // a threshold (dropout's keep test): compare with the one value, leave the splat unfilled
                        float[] a = x.floats();
                        float b = y.splatFloat();
                        switch (dir) {
                            case EQ -> { for (int i = 0; i < n; i++) o[i] = a[i] == b ? 1 : 0; }
                            case NE -> { for (int i = 0; i < n; i++) o[i] = a[i] != b ? 1 : 0; }
                            case GE -> { for (int i = 0; i < n; i++) o[i] = a[i] >= b ? 1 : 0; }
                            case GT -> { for (int i = 0; i < n; i++) o[i] = a[i] > b ? 1 : 0; }
                            case LE -> { for (int i = 0; i < n; i++) o[i] = a[i] <= b ? 1 : 0; }
                            case LT -> { for (int i = 0; i < n; i++) o[i] = a[i] < b ? 1 : 0; }
                        }
                        return out;
                    }
                    float[] a = x.floats(), b = y.floats();
                    switch (dir) {
                        case EQ -> { for (int i = 0; i < n; i++) o[i] = a[i] == b[i] ? 1 : 0; }
                        case NE -> { for (int i = 0; i < n; i++) o[i] = a[i] != b[i] ? 1 : 0; }
                        case GE -> { for (int i = 0; i < n; i++) o[i] = a[i] >= b[i] ? 1 : 0; }
                        case GT -> { for (int i = 0; i < n; i++) o[i] = a[i] > b[i] ? 1 : 0; }
                        case LE -> { for (int i = 0; i < n; i++) o[i] = a[i] <= b[i] ? 1 : 0; }
                        case LT -> { for (int i = 0; i < n; i++) o[i] = a[i] < b[i] ? 1 : 0; }
                    }
                }
            }
            case DOUBLE -> {
                boolean total = type == Type.TOTALORDER;
                for (int i = 0; i < n; i++) {
                    boolean r = total ? holds(dir, Long.compare(totalOrderKey(x, i), totalOrderKey(y, i)))
                            : holdsReal(dir, x.getDouble(i), y.getDouble(i));
                    o[i] = r ? 1 : 0;
                }
            }
            case INTEGER -> {
                // flipping the sign bit turns an unsigned comparison into a signed one
                long flip = unsigned(type, t) ? Long.MIN_VALUE : 0;
                if (y.isSplat() && !x.isSplat()) {
                    long[] a = x.longs();
                    long b = y.splatLong(), fb = b ^ flip;
                    switch (dir) {
                        case EQ -> { for (int i = 0; i < n; i++) o[i] = a[i] == b ? 1 : 0; }
                        case NE -> { for (int i = 0; i < n; i++) o[i] = a[i] != b ? 1 : 0; }
                        case GE -> { for (int i = 0; i < n; i++) o[i] = (a[i] ^ flip) >= fb ? 1 : 0; }
                        case GT -> { for (int i = 0; i < n; i++) o[i] = (a[i] ^ flip) > fb ? 1 : 0; }
                        case LE -> { for (int i = 0; i < n; i++) o[i] = (a[i] ^ flip) <= fb ? 1 : 0; }
                        case LT -> { for (int i = 0; i < n; i++) o[i] = (a[i] ^ flip) < fb ? 1 : 0; }
                    }
                    return out;
                }
                long[] a = x.longs(), b = y.longs();
                switch (dir) {
                    case EQ -> { for (int i = 0; i < n; i++) o[i] = a[i] == b[i] ? 1 : 0; }
                    case NE -> { for (int i = 0; i < n; i++) o[i] = a[i] != b[i] ? 1 : 0; }
                    case GE -> { for (int i = 0; i < n; i++) o[i] = (a[i] ^ flip) >= (b[i] ^ flip) ? 1 : 0; }
                    case GT -> { for (int i = 0; i < n; i++) o[i] = (a[i] ^ flip) > (b[i] ^ flip) ? 1 : 0; }
                    case LE -> { for (int i = 0; i < n; i++) o[i] = (a[i] ^ flip) <= (b[i] ^ flip) ? 1 : 0; }
                    case LT -> { for (int i = 0; i < n; i++) o[i] = (a[i] ^ flip) < (b[i] ^ flip) ? 1 : 0; }
                }
            }
            case COMPLEX -> {
                double[] a = x.doubles(), b = y.doubles();
                for (int i = 0; i < n; i++) {
                    boolean eq = a[2 * i] == b[2 * i] && a[2 * i + 1] == b[2 * i + 1];
                    int c = Double.compare(a[2 * i], b[2 * i]);
                    if (c == 0) c = Double.compare(a[2 * i + 1], b[2 * i + 1]);
                    o[i] = switch (dir) {
                        case EQ -> eq ? 1 : 0;
                        case NE -> eq ? 0 : 1;
                        default -> holds(dir, c) ? 1 : 0;
                    };
                }
            }
        }
        return out;
    }

    /** {@code a dir b} for reals under the FLOAT (IEEE) comparison: NaN is unordered, -0 equals +0. */
    public static boolean holdsReal(Direction dir, double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) return dir == Direction.NE;
        return holds(dir, Double.compare(a == 0 ? 0.0 : a, b == 0 ? 0.0 : b));
    }

    /** {@code a dir b} for integers held canonically (sign- or zero-extended). */
    public static boolean holdsInteger(Direction dir, long a, long b, boolean unsigned) {
        return holds(dir, unsigned ? Long.compareUnsigned(a, b) : Long.compare(a, b));
    }

    /** Whether integers of {@code t} compare unsigned under {@code type} (NOTYPE: by the element type). */
    public static boolean unsigned(Type type, ElementType t) {
        return type == Type.UNSIGNED || (type == Type.NOTYPE && t.kind() != ElementType.Kind.SIGNED);
    }

    static boolean holds(Direction dir, int c) {
        return switch (dir) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case GE -> c >= 0;
            case GT -> c > 0;
            case LE -> c <= 0;
            case LT -> c < 0;
        };
    }

    /** -NaN < -inf < ... < -0 < +0 < ... < +inf < +NaN as signed longs. */
    private static long totalOrderKey(Tensor t, int i) {
        long bits = t.storage() == Storage.FLOAT
                ? (long) Float.floatToRawIntBits(t.floats()[i])
                : Double.doubleToRawLongBits(t.doubles()[i]);
        if (t.storage() == Storage.FLOAT) {
            int b = (int) bits;
            return b < 0 ? (long) (b ^ Integer.MAX_VALUE) : b;
        }
        return bits < 0 ? bits ^ Long.MAX_VALUE : bits;
    }
}
