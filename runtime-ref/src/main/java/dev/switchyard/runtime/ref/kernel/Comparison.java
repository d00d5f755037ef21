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
            case FLOAT, DOUBLE -> {
                boolean total = type == Type.TOTALORDER;
                for (int i = 0; i < n; i++) {
                    double a = x.getDouble(i), b = y.getDouble(i);
                    boolean r;
                    if (total) {
                        int c = Long.compare(totalOrderKey(x, i), totalOrderKey(y, i));
                        r = holds(dir, c);
                    } else if (Double.isNaN(a) || Double.isNaN(b)) {
                        r = dir == Direction.NE;
                    } else {
                        r = holds(dir, Double.compare(a == 0 ? 0.0 : a, b == 0 ? 0.0 : b));
                    }
                    o[i] = r ? 1 : 0;
                }
            }
            case INTEGER -> {
                long[] a = x.longs(), b = y.longs();
                boolean unsigned = type == Type.UNSIGNED || (type == Type.NOTYPE && t.kind() != ElementType.Kind.SIGNED);
                for (int i = 0; i < n; i++) {
                    int c = unsigned ? Long.compareUnsigned(a[i], b[i]) : Long.compare(a[i], b[i]);
                    o[i] = holds(dir, c) ? 1 : 0;
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
