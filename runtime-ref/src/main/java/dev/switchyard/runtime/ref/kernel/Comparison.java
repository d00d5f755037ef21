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
        // a broadcast against a splat: the comparison on the broadcast's source, broadcast the same way
        BroadcastRuns xb = x.pendingBroadcast(), yb = y.pendingBroadcast();
        if (xb != null && y.isSplat()) return xb.spread(compare(dir, type, xb.sourceTensor(x.type()), y.scalar().splat(xb.sourceShape())), x.shape());
        if (yb != null && x.isSplat()) return yb.spread(compare(dir, type, x.scalar().splat(yb.sourceShape()), yb.sourceTensor(y.type())), x.shape());
        if (yb == null && xb != null && type != Type.TOTALORDER && x.storage() != Storage.COMPLEX) {
            // x dir y is y flip(dir) x, NaN and -0 included: the broadcast goes on the right
            return compare(flip(dir), type, y, x);
        }
        Tensor out = Tensor.zeros(ElementType.I1, x.shape());
        long[] o = out.longs();
        ElementType t = x.type();
        switch (x.storage()) {
            case FLOAT -> {
                if (type == Type.TOTALORDER) {
                    for (int i = 0; i < n; i++) o[i] = holds(dir, Long.compare(totalOrderKey(x, i), totalOrderKey(y, i))) ? 1 : 0;
                } else {
                    // Java's float operators are the spec's FLOAT comparison: NaN unordered, -0 == +0
                    if (yb != null) {
                        // a broadcast, run by run: a repeated element is the scalar loop, a slice the shifted one
                        float[] a = x.floats(), s = (float[]) yb.source;
                        int len = yb.length;
                        for (int r = 0, base = 0; r < yb.count(); r++, base += len) {
                            int st = yb.starts[r];
                            if (yb.repeat) floatScalar(dir, a, s[st], o, base, base + len);
                            else floatShifted(dir, a, s, st - base, o, base, base + len);
                        }
                        return out;
                    }
                    if (y.isSplat() && !x.isSplat()) {
                        // a threshold (dropout's keep test): compare with the one value, leave the splat unfilled
                        floatScalar(dir, x.floats(), y.splatFloat(), o, 0, n);
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
                if (yb != null) {
                    long[] a = x.longs(), s = (long[]) yb.source;
                    int len = yb.length;
                    for (int r = 0, base = 0; r < yb.count(); r++, base += len) {
                        int st = yb.starts[r];
                        if (yb.repeat) integerScalar(dir, a, s[st], flip, o, base, base + len);
                        else integerShifted(dir, a, s, st - base, flip, o, base, base + len);
                    }
                    return out;
                }
                if (y.isSplat() && !x.isSplat()) {
                    integerScalar(dir, x.longs(), y.splatLong(), flip, o, 0, n);
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

    /** The direction that holds for (b, a) when {@code dir} holds for (a, b). */
    static Direction flip(Direction dir) {
        return switch (dir) {
            case EQ -> Direction.EQ;
            case NE -> Direction.NE;
            case GE -> Direction.LE;
            case GT -> Direction.LT;
            case LE -> Direction.GE;
            case LT -> Direction.GT;
        };
    }

    /** {@code a[i] dir b} on [from, to) (a splat, or a run of a broadcast that repeats one element). */
    private static void floatScalar(Direction dir, float[] a, float b, long[] o, int from, int to) {
        switch (dir) {
            case EQ -> { for (int i = from; i < to; i++) o[i] = a[i] == b ? 1 : 0; }
            case NE -> { for (int i = from; i < to; i++) o[i] = a[i] != b ? 1 : 0; }
            case GE -> { for (int i = from; i < to; i++) o[i] = a[i] >= b ? 1 : 0; }
            case GT -> { for (int i = from; i < to; i++) o[i] = a[i] > b ? 1 : 0; }
            case LE -> { for (int i = from; i < to; i++) o[i] = a[i] <= b ? 1 : 0; }
            case LT -> { for (int i = from; i < to; i++) o[i] = a[i] < b ? 1 : 0; }
        }
    }

    /** {@code a[i] dir b[i + shift]} on [from, to): a run of a broadcast that is a slice of its source. */
    private static void floatShifted(Direction dir, float[] a, float[] b, int shift, long[] o, int from, int to) {
        switch (dir) {
            case EQ -> { for (int i = from; i < to; i++) o[i] = a[i] == b[i + shift] ? 1 : 0; }
            case NE -> { for (int i = from; i < to; i++) o[i] = a[i] != b[i + shift] ? 1 : 0; }
            case GE -> { for (int i = from; i < to; i++) o[i] = a[i] >= b[i + shift] ? 1 : 0; }
            case GT -> { for (int i = from; i < to; i++) o[i] = a[i] > b[i + shift] ? 1 : 0; }
            case LE -> { for (int i = from; i < to; i++) o[i] = a[i] <= b[i + shift] ? 1 : 0; }
            case LT -> { for (int i = from; i < to; i++) o[i] = a[i] < b[i + shift] ? 1 : 0; }
        }
    }

    /** {@link #floatScalar} for integers; {@code flip} (the sign bit or 0) makes an unsigned order signed. */
    private static void integerScalar(Direction dir, long[] a, long b, long flip, long[] o, int from, int to) {
        long fb = b ^ flip;
        switch (dir) {
            case EQ -> { for (int i = from; i < to; i++) o[i] = a[i] == b ? 1 : 0; }
            case NE -> { for (int i = from; i < to; i++) o[i] = a[i] != b ? 1 : 0; }
            case GE -> { for (int i = from; i < to; i++) o[i] = (a[i] ^ flip) >= fb ? 1 : 0; }
            case GT -> { for (int i = from; i < to; i++) o[i] = (a[i] ^ flip) > fb ? 1 : 0; }
            case LE -> { for (int i = from; i < to; i++) o[i] = (a[i] ^ flip) <= fb ? 1 : 0; }
            case LT -> { for (int i = from; i < to; i++) o[i] = (a[i] ^ flip) < fb ? 1 : 0; }
        }
    }

    /** {@link #floatShifted} for integers. */
    private static void integerShifted(Direction dir, long[] a, long[] b, int shift, long flip, long[] o, int from, int to) {
        switch (dir) {
            case EQ -> { for (int i = from; i < to; i++) o[i] = a[i] == b[i + shift] ? 1 : 0; }
            case NE -> { for (int i = from; i < to; i++) o[i] = a[i] != b[i + shift] ? 1 : 0; }
            case GE -> { for (int i = from; i < to; i++) o[i] = (a[i] ^ flip) >= (b[i + shift] ^ flip) ? 1 : 0; }
            case GT -> { for (int i = from; i < to; i++) o[i] = (a[i] ^ flip) > (b[i + shift] ^ flip) ? 1 : 0; }
            case LE -> { for (int i = from; i < to; i++) o[i] = (a[i] ^ flip) <= (b[i + shift] ^ flip) ? 1 : 0; }
            case LT -> { for (int i = from; i < to; i++) o[i] = (a[i] ^ flip) < (b[i + shift] ^ flip) ? 1 : 0; }
        }
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
