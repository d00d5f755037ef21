package dev.switchyard.runtime.ref.kernel;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.Arrays;

/**
 * The elementwise ops of the StableHLO spec on flat arrays. Floats are computed in f64 and rounded
 * once to the result type (so f32, bf16 and f16 results are correctly rounded for +, -, *, /, sqrt);
 * integers are computed in 64 bits and wrapped to their width; complex numbers component-wise.
 */
public final class Elementwise {
    private Elementwise() {}

    /**
     * Whether the shifted run loops (a pending broadcast's slice runs) go through {@link VectorRuns}:
     * when the JVM has {@code jdk.incubator.vector}, unless {@code -Dswitchyard.scalarKernels=true}
     * (as for the matmul kernel, {@link MicroKernel#best}); otherwise the plain loops do all of it.
     */
    private static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("switchyard.scalarKernels");

    public enum Unary {
        ABS, CBRT, CEIL, COUNT_LEADING_ZEROS, COSINE, EXPONENTIAL, EXPONENTIAL_MINUS_ONE, FLOOR, IMAG,
        IS_FINITE, LOG, LOG_PLUS_ONE, LOGISTIC, NEGATE, NOT, POPCNT, REAL, ROUND_NEAREST_AFZ,
        ROUND_NEAREST_EVEN, RSQRT, SIGN, SINE, SQRT, TAN, TANH, ATAN
    }

    public enum Binary {
        ADD, ATAN2, COMPLEX, DIVIDE, MAXIMUM, MINIMUM, MULTIPLY, AND, OR, XOR, POWER, REMAINDER,
        SHIFT_LEFT, SHIFT_RIGHT_ARITHMETIC, SHIFT_RIGHT_LOGICAL, SUBTRACT
    }

    /** Thrown when an op is applied to an element type the spec does not allow for it. */
    public static final class UnsupportedTypeException extends IllegalArgumentException {
        UnsupportedTypeException(Object op, ElementType type) { super(op.toString().toLowerCase() + " is not defined for " + type); }
    }

    // ------------------------------------------------------------------ unary

    public static Tensor unary(Unary op, Tensor x, ElementType resultType) {
        int n = x.size();
        if (n > 1 && x.isSplat() && x.storage() != Storage.COMPLEX) {
            return unary(op, x.scalar(), resultType).splat(x.shape());
        }
        Tensor out = Tensor.zeros(resultType, x.shape());
        switch (x.storage()) {
            case FLOAT, DOUBLE -> {
                if (op == Unary.IS_FINITE) {
                    long[] o = out.longs();
                    for (int i = 0; i < n; i++) o[i] = Double.isFinite(x.getDouble(i)) ? 1 : 0;
                    return out;
                }
                if (x.storage() == Storage.DOUBLE) {
                    double[] a = x.doubles(), o = out.doubles();
                    for (int i = 0; i < n; i++) o[i] = realUnary(op, a[i], x.type());
                } else {
                    float[] a = x.floats(), o = out.floats();
                    ElementType t = x.type();
                    if (op == Unary.NEGATE || op == Unary.ABS || op == Unary.SQRT) {
                        // exact, or correctly rounded after one rounding of the f32 result (see Rounding)
                        switch (op) {
                            case NEGATE -> { for (int i = 0; i < n; i++) o[i] = -a[i]; }
                            case ABS -> { for (int i = 0; i < n; i++) o[i] = Math.abs(a[i]); }
                            default -> { for (int i = 0; i < n; i++) o[i] = (float) Math.sqrt(a[i]); }
                        }
                        Rounding.inPlace(t, o, 0, n);
                    } else if (t == ElementType.F32) {
                        for (int i = 0; i < n; i++) o[i] = (float) realUnary(op, a[i], t);
                    } else {
                        for (int i = 0; i < n; i++) o[i] = Tensor.roundFloat(t, realUnary(op, a[i], t));
                    }
                }
            }
            case INTEGER -> {
                long[] a = x.longs(), o = out.longs();
                ElementType t = x.type();
                for (int i = 0; i < n; i++) o[i] = Tensor.wrap(t, integerUnary(op, a[i], t));
            }
            case COMPLEX -> {
                double[] a = x.doubles();
                boolean f32 = x.type() == ElementType.COMPLEX_F32;
                if (op == Unary.ABS || op == Unary.REAL || op == Unary.IMAG) {
                    for (int i = 0; i < n; i++) {
                        double re = a[2 * i], im = a[2 * i + 1];
                        double v = switch (op) {
                            case ABS -> Math.hypot(re, im);
                            case REAL -> re;
                            default -> im;
                        };
                        setReal(out, i, v);
                    }
                } else if (op == Unary.IS_FINITE) {
                    throw new UnsupportedTypeException(op, x.type());
                } else {
                    double[] o = out.doubles();
                    double[] z = new double[2];
                    for (int i = 0; i < n; i++) {
                        complexUnary(op, a[2 * i], a[2 * i + 1], z, x.type());
                        o[2 * i] = f32 ? (float) z[0] : z[0];
                        o[2 * i + 1] = f32 ? (float) z[1] : z[1];
                    }
                }
            }
        }
        return out;
    }

    private static void setReal(Tensor out, int i, double v) {
        if (out.storage() == Storage.FLOAT) out.floats()[i] = Tensor.roundFloat(out.type(), v);
        else out.doubles()[i] = v;
    }

    static double realUnary(Unary op, double x, ElementType t) {
        return switch (op) {
            case ABS -> Math.abs(x);
            case CBRT -> Math.cbrt(x);
            case CEIL -> Math.ceil(x);
            case COSINE -> Math.cos(x);
            case EXPONENTIAL -> Math.exp(x);
            case EXPONENTIAL_MINUS_ONE -> Math.expm1(x);
            case FLOOR -> Math.floor(x);
            case LOG -> Math.log(x);
            case LOG_PLUS_ONE -> Math.log1p(x);
            case LOGISTIC -> 1.0 / (1.0 + Math.exp(-x));
            case NEGATE -> -x;
            case ROUND_NEAREST_AFZ -> roundHalfAwayFromZero(x);
            case ROUND_NEAREST_EVEN -> Math.rint(x);
            case RSQRT -> 1.0 / Math.sqrt(x);
            case SIGN -> Math.signum(x);
            case SINE -> Math.sin(x);
            case SQRT -> Math.sqrt(x);
            case TAN -> Math.tan(x);
            case TANH -> Math.tanh(x);
            case ATAN -> Math.atan(x);
            case REAL -> x;
            case IMAG -> 0.0;
            case COUNT_LEADING_ZEROS, IS_FINITE, NOT, POPCNT -> throw new UnsupportedTypeException(op, t);
        };
    }

    private static double roundHalfAwayFromZero(double x) {
        if (!Double.isFinite(x)) return x;
        double t = x < 0 ? Math.ceil(x) : Math.floor(x);
        return Math.abs(x - t) >= 0.5 ? t + Math.signum(x) : (t == 0 ? Math.copySign(0.0, x) : t);
    }

    static long integerUnary(Unary op, long x, ElementType t) {
        int bits = t.bitWidth();
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        boolean bool = t == ElementType.I1;
        return switch (op) {
            case NOT -> bool ? x ^ 1 : ~x;
            case ABS -> { if (t.kind() != ElementType.Kind.SIGNED) throw new UnsupportedTypeException(op, t); yield Math.abs(x); }
            case NEGATE -> { if (bool) throw new UnsupportedTypeException(op, t); yield -x; }
            case POPCNT -> Long.bitCount(x & mask);
            case COUNT_LEADING_ZEROS -> Long.numberOfLeadingZeros(x & mask) - (64 - bits);
            case SIGN -> { if (t.kind() != ElementType.Kind.SIGNED) throw new UnsupportedTypeException(op, t); yield Long.signum(x); }
            default -> throw new UnsupportedTypeException(op, t);
        };
    }

    private static void complexUnary(Unary op, double re, double im, double[] z, ElementType t) {
        switch (op) {
            case NEGATE -> set(z, -re, -im);
            case EXPONENTIAL -> { double e = Math.exp(re); set(z, e * Math.cos(im), e * Math.sin(im)); }
            case EXPONENTIAL_MINUS_ONE -> {
                // expm1(a+bi) = expm1(a)cos b + (cos b - 1) + i e^a sin b, accurate near zero
                double cosm1 = -2 * Math.sin(im / 2) * Math.sin(im / 2);
                set(z, Math.expm1(re) * Math.cos(im) + cosm1, Math.exp(re) * Math.sin(im));
            }
            case LOG -> set(z, Math.log(Math.hypot(re, im)), Math.atan2(im, re));
            case LOG_PLUS_ONE -> {
                double a = re + 1;
                // log|1+z| = 0.5*log1p(2re + re^2 + im^2) keeps precision for small z
                set(z, 0.5 * Math.log1p(re * (2 + re) + im * im), Math.atan2(im, a));
            }
            case SQRT -> complexSqrt(re, im, z);
            case CBRT -> {
                double r = Math.cbrt(Math.hypot(re, im)), angle = Math.atan2(im, re) / 3;
                set(z, r * Math.cos(angle), r * Math.sin(angle));
            }
            case RSQRT -> { complexSqrt(re, im, z); divide(1, 0, z[0], z[1], z); }
            case SINE -> set(z, Math.sin(re) * Math.cosh(im), Math.cos(re) * Math.sinh(im));
            case COSINE -> set(z, Math.cos(re) * Math.cosh(im), -Math.sin(re) * Math.sinh(im));
            case TAN -> {
                double sr = Math.sin(re) * Math.cosh(im), si = Math.cos(re) * Math.sinh(im);
                double cr = Math.cos(re) * Math.cosh(im), ci = -Math.sin(re) * Math.sinh(im);
                divide(sr, si, cr, ci, z);
            }
            case TANH -> {
                double sr = Math.sinh(re) * Math.cos(im), si = Math.cosh(re) * Math.sin(im);
                double cr = Math.cosh(re) * Math.cos(im), ci = Math.sinh(re) * Math.sin(im);
                divide(sr, si, cr, ci, z);
            }
            case LOGISTIC -> {
                double e = Math.exp(-re);
                divide(1, 0, 1 + e * Math.cos(-im), e * Math.sin(-im), z);
            }
            case SIGN -> {
                if (Double.isNaN(re) || Double.isNaN(im)) { set(z, Double.NaN, Double.NaN); break; }
                double m = Math.hypot(re, im);
                if (m == 0) set(z, 0, 0); else set(z, re / m, im / m);
            }
            default -> throw new UnsupportedTypeException(op, t);
        }
    }

    private static void complexSqrt(double re, double im, double[] z) {
        double m = Math.hypot(re, im);
        double a = Math.sqrt((m + Math.abs(re)) / 2);
        if (a == 0) { set(z, 0, im); return; }
        if (re >= 0) set(z, a, im / (2 * a));
        else set(z, Math.abs(im) / (2 * a), Math.copySign(a, im));
    }

    private static void set(double[] z, double re, double im) { z[0] = re; z[1] = im; }

    private static void divide(double a, double b, double c, double d, double[] z) {
        // Smith's algorithm: avoids overflow in c*c + d*d
        if (Math.abs(c) >= Math.abs(d)) {
            double r = d / c, den = c + d * r;
            set(z, (a + b * r) / den, (b - a * r) / den);
        } else {
            double r = c / d, den = c * r + d;
            set(z, (a * r + b) / den, (b * r - a) / den);
        }
    }

    // ------------------------------------------------------------------ binary

    public static Tensor binary(Binary op, Tensor x, Tensor y, ElementType resultType) {
        return binary(op, x, y, resultType, null);
    }

    /**
     * {@link #binary} written into {@code into} when it is given (non-null): a tensor of the result's
     * type and shape, not a splat, that the caller owns and may lose, typically an operand at its
     * last use (every loop reads element i before writing it). A splat result ignores it.
     */
    public static Tensor binary(Binary op, Tensor x, Tensor y, ElementType resultType, Tensor into) {
        if (into != null && (into.type() != resultType || into.isSplat() || !Arrays.equals(into.shape(), x.shape()) || op == Binary.COMPLEX)) {
            throw new IllegalArgumentException("binary: cannot write " + resultType + " into " + into);
        }
        if (!Arrays.equals(x.shape(), y.shape())) {
            throw new IllegalArgumentException(op.toString().toLowerCase() + ": operand shapes differ: " + x + " vs " + y);
        }
        int n = x.size();
        if (n > 1 && x.isSplat() && y.isSplat() && x.storage() != Storage.COMPLEX) {
            // one element's work, spread again without an array
            return binary(op, x.scalar(), y.scalar(), resultType).splat(x.shape());
        }
        if (x.isSplat() && !y.isSplat() && commutes(op)) {
            Tensor swap = x;
            x = y;
            y = swap;
        }
        if (op != Binary.COMPLEX) {
            // a broadcast with a splat: the op on the broadcast's source, broadcast the same way (nothing to write into)
            BroadcastRuns xb = x.pendingBroadcast(), yb = y.pendingBroadcast();
            if (xb != null && y.isSplat()) return xb.spread(binary(op, xb.sourceTensor(x.type()), y.scalar().splat(xb.sourceShape()), resultType), x.shape());
            if (yb != null && x.isSplat()) return yb.spread(binary(op, x.scalar().splat(yb.sourceShape()), yb.sourceTensor(y.type()), resultType), x.shape());
        }
        Tensor out = into != null ? into : Tensor.zeros(resultType, x.shape());
        if (op == Binary.COMPLEX) {
            double[] o = out.doubles();
            boolean f32 = resultType == ElementType.COMPLEX_F32;
            for (int i = 0; i < n; i++) {
                o[2 * i] = f32 ? (float) x.getDouble(i) : x.getDouble(i);
                o[2 * i + 1] = f32 ? (float) y.getDouble(i) : y.getDouble(i);
            }
            return out;
        }
        ElementType t = x.type();
        switch (x.storage()) {
            case FLOAT -> {
                float[] o = out.floats();
                if (f32Broadcast(op, x, y, o)) {
                    Rounding.inPlace(t, o, 0, n);
                    return out;
                }
                float[] a = x.floats();
                if (y.isSplat() && f32BinaryScalar(op, a, y.splatFloat(), o, 0, n)) {
                    Rounding.inPlace(t, o, 0, n);
                    return out;
                }
                float[] b = y.floats();
                if (!f32Binary(op, a, b, o, 0, n)) {
                    for (int i = 0; i < n; i++) o[i] = Tensor.roundFloat(t, realBinary(op, a[i], b[i], t));
                } else {
                    // bf16/f16 operands computed in f32 and rounded once: the correctly rounded result (see Rounding)
                    Rounding.inPlace(t, o, 0, n);
                }
            }
            case DOUBLE -> {
                double[] a = x.doubles(), b = y.doubles(), o = out.doubles();
                for (int i = 0; i < n; i++) o[i] = realBinary(op, a[i], b[i], t);
            }
            case INTEGER -> {
                long[] o = out.longs();
                if (integerBroadcast(op, x, y, o, t)) return out;
                long[] a = x.longs();
                if (y.isSplat() && narrowIntegerBinaryScalar(op, a, y.splatLong(), o, 0, n, t)) return out;
                long[] b = y.longs();
                if (!narrowIntegerBinary(op, a, b, o, n, t)) {
                    for (int i = 0; i < n; i++) o[i] = Tensor.wrap(t, integerBinary(op, a[i], b[i], t));
                }
            }
            case COMPLEX -> {
                double[] a = x.doubles(), b = y.doubles(), o = out.doubles();
                boolean f32 = t == ElementType.COMPLEX_F32;
                double[] z = new double[2];
                for (int i = 0; i < n; i++) {
                    complexBinary(op, a[2 * i], a[2 * i + 1], b[2 * i], b[2 * i + 1], z, t);
                    o[2 * i] = f32 ? (float) z[0] : z[0];
                    o[2 * i + 1] = f32 ? (float) z[1] : z[1];
                }
            }
        }
        return out;
    }

    /**
     * The ops whose f32 result is exact or correctly rounded, in loops the JIT vectorises; false
     * (nothing written) for the rest, which compute in f64.
     */
    private static boolean f32Binary(Binary op, float[] a, float[] b, float[] o, int from, int to) {
        switch (op) {
            case ADD -> { for (int i = from; i < to; i++) o[i] = a[i] + b[i]; }
            case SUBTRACT -> { for (int i = from; i < to; i++) o[i] = a[i] - b[i]; }
            case MULTIPLY -> { for (int i = from; i < to; i++) o[i] = a[i] * b[i]; }
            case DIVIDE -> { for (int i = from; i < to; i++) o[i] = a[i] / b[i]; }
            case MAXIMUM -> { for (int i = from; i < to; i++) o[i] = Math.max(a[i], b[i]); }
            case MINIMUM -> { for (int i = from; i < to; i++) o[i] = Math.min(a[i], b[i]); }
            case REMAINDER -> { for (int i = from; i < to; i++) o[i] = a[i] % b[i]; }
            case ATAN2, COMPLEX, POWER, AND, OR, XOR, SHIFT_LEFT, SHIFT_RIGHT_ARITHMETIC, SHIFT_RIGHT_LOGICAL -> { return false; }
        }
        return true;
    }

    /** {@link #f32Binary} with a scalar right operand (a splat, or a run of a broadcast that repeats one element). */
    private static boolean f32BinaryScalar(Binary op, float[] a, float b, float[] o, int from, int to) {
        switch (op) {
            case ADD -> { for (int i = from; i < to; i++) o[i] = a[i] + b; }
            case SUBTRACT -> { for (int i = from; i < to; i++) o[i] = a[i] - b; }
            case MULTIPLY -> { for (int i = from; i < to; i++) o[i] = a[i] * b; }
            case DIVIDE -> { for (int i = from; i < to; i++) o[i] = a[i] / b; }
            case MAXIMUM -> { for (int i = from; i < to; i++) o[i] = Math.max(a[i], b); }
            case MINIMUM -> { for (int i = from; i < to; i++) o[i] = Math.min(a[i], b); }
            case REMAINDER, ATAN2, COMPLEX, POWER, AND, OR, XOR, SHIFT_LEFT, SHIFT_RIGHT_ARITHMETIC, SHIFT_RIGHT_LOGICAL -> { return false; }
        }
        return true;
    }

    /** {@link #f32Binary} with a scalar left operand (operands keep their order: not every op commutes, nor does a NaN's payload). */
    private static void f32ScalarBinary(Binary op, float a, float[] b, float[] o, int from, int to) {
        switch (op) {
            case ADD -> { for (int i = from; i < to; i++) o[i] = a + b[i]; }
            case SUBTRACT -> { for (int i = from; i < to; i++) o[i] = a - b[i]; }
            case MULTIPLY -> { for (int i = from; i < to; i++) o[i] = a * b[i]; }
            case DIVIDE -> { for (int i = from; i < to; i++) o[i] = a / b[i]; }
            case MAXIMUM -> { for (int i = from; i < to; i++) o[i] = Math.max(a, b[i]); }
            case MINIMUM -> { for (int i = from; i < to; i++) o[i] = Math.min(a, b[i]); }
            case ATAN2, COMPLEX, POWER, REMAINDER, AND, OR, XOR, SHIFT_LEFT, SHIFT_RIGHT_ARITHMETIC, SHIFT_RIGHT_LOGICAL ->
                    throw new AssertionError(op + " has no run loop (see f32RunOp)");
        }
    }

    /**
     * {@link #f32Binary} on [from, to) reading the right operand {@code shift} elements away: a run
     * of a broadcast that is a slice of its source. A loop of its own because C2 does not vectorise
     * a read at another offset than the write (they might overlap), and the eager loop must stay
     * vectorised; with the Vector API present, {@link VectorRuns} does the whole vectors first.
     */
    private static void f32BinaryShifted(Binary op, float[] a, float[] b, int shift, float[] o, int from, int to) {
        if (VECTOR) from = VectorRuns.shifted(op, a, 0, b, shift, o, from, to);
        switch (op) {
            case ADD -> { for (int i = from; i < to; i++) o[i] = a[i] + b[i + shift]; }
            case SUBTRACT -> { for (int i = from; i < to; i++) o[i] = a[i] - b[i + shift]; }
            case MULTIPLY -> { for (int i = from; i < to; i++) o[i] = a[i] * b[i + shift]; }
            case DIVIDE -> { for (int i = from; i < to; i++) o[i] = a[i] / b[i + shift]; }
            case MAXIMUM -> { for (int i = from; i < to; i++) o[i] = Math.max(a[i], b[i + shift]); }
            case MINIMUM -> { for (int i = from; i < to; i++) o[i] = Math.min(a[i], b[i + shift]); }
            case ATAN2, COMPLEX, POWER, REMAINDER, AND, OR, XOR, SHIFT_LEFT, SHIFT_RIGHT_ARITHMETIC, SHIFT_RIGHT_LOGICAL ->
                    throw new AssertionError(op + " has no run loop (see f32RunOp)");
        }
    }

    /** {@link #f32BinaryShifted} with the shifted read on the left. */
    private static void f32ShiftedBinary(Binary op, float[] a, int shift, float[] b, float[] o, int from, int to) {
        if (VECTOR) from = VectorRuns.shifted(op, a, shift, b, 0, o, from, to);
        switch (op) {
            case ADD -> { for (int i = from; i < to; i++) o[i] = a[i + shift] + b[i]; }
            case SUBTRACT -> { for (int i = from; i < to; i++) o[i] = a[i + shift] - b[i]; }
            case MULTIPLY -> { for (int i = from; i < to; i++) o[i] = a[i + shift] * b[i]; }
            case DIVIDE -> { for (int i = from; i < to; i++) o[i] = a[i + shift] / b[i]; }
            case MAXIMUM -> { for (int i = from; i < to; i++) o[i] = Math.max(a[i + shift], b[i]); }
            case MINIMUM -> { for (int i = from; i < to; i++) o[i] = Math.min(a[i + shift], b[i]); }
            case ATAN2, COMPLEX, POWER, REMAINDER, AND, OR, XOR, SHIFT_LEFT, SHIFT_RIGHT_ARITHMETIC, SHIFT_RIGHT_LOGICAL ->
                    throw new AssertionError(op + " has no run loop (see f32RunOp)");
        }
    }

    /** {@code a op b[i + shift]} on [from, to): a repeated element against a slice. */
    private static void f32ScalarShifted(Binary op, float a, float[] b, int shift, float[] o, int from, int to) {
        if (VECTOR) from = VectorRuns.scalarShifted(op, a, b, shift, o, from, to);
        switch (op) {
            case ADD -> { for (int i = from; i < to; i++) o[i] = a + b[i + shift]; }
            case SUBTRACT -> { for (int i = from; i < to; i++) o[i] = a - b[i + shift]; }
            case MULTIPLY -> { for (int i = from; i < to; i++) o[i] = a * b[i + shift]; }
            case DIVIDE -> { for (int i = from; i < to; i++) o[i] = a / b[i + shift]; }
            case MAXIMUM -> { for (int i = from; i < to; i++) o[i] = Math.max(a, b[i + shift]); }
            case MINIMUM -> { for (int i = from; i < to; i++) o[i] = Math.min(a, b[i + shift]); }
            case ATAN2, COMPLEX, POWER, REMAINDER, AND, OR, XOR, SHIFT_LEFT, SHIFT_RIGHT_ARITHMETIC, SHIFT_RIGHT_LOGICAL ->
                    throw new AssertionError(op + " has no run loop (see f32RunOp)");
        }
    }

    /** {@code a[i + shift] op b} on [from, to): a slice against a repeated element. */
    private static void f32ShiftedScalar(Binary op, float[] a, int shift, float b, float[] o, int from, int to) {
        if (VECTOR) from = VectorRuns.shiftedScalar(op, a, shift, b, o, from, to);
        switch (op) {
            case ADD -> { for (int i = from; i < to; i++) o[i] = a[i + shift] + b; }
            case SUBTRACT -> { for (int i = from; i < to; i++) o[i] = a[i + shift] - b; }
            case MULTIPLY -> { for (int i = from; i < to; i++) o[i] = a[i + shift] * b; }
            case DIVIDE -> { for (int i = from; i < to; i++) o[i] = a[i + shift] / b; }
            case MAXIMUM -> { for (int i = from; i < to; i++) o[i] = Math.max(a[i + shift], b); }
            case MINIMUM -> { for (int i = from; i < to; i++) o[i] = Math.min(a[i + shift], b); }
            case ATAN2, COMPLEX, POWER, REMAINDER, AND, OR, XOR, SHIFT_LEFT, SHIFT_RIGHT_ARITHMETIC, SHIFT_RIGHT_LOGICAL ->
                    throw new AssertionError(op + " has no run loop (see f32RunOp)");
        }
    }

    /** The f32-storage ops read run by run from a pending broadcast (the rest materialise it). */
    private static boolean f32RunOp(Binary op) {
        return switch (op) {
            case ADD, SUBTRACT, MULTIPLY, DIVIDE, MAXIMUM, MINIMUM -> true;
            case ATAN2, COMPLEX, POWER, REMAINDER, AND, OR, XOR, SHIFT_LEFT, SHIFT_RIGHT_ARITHMETIC, SHIFT_RIGHT_LOGICAL -> false;
        };
    }

    /**
     * An f32-storage op with an operand that is a pending broadcast, written to {@code o} run by
     * run without making the broadcast's array (the other operand's array is read, materialised if
     * it was pending too, unless the two are a repeat and a slice of the same run length); false (nothing written) when neither operand is one or the op has no run
     * loop. Each element is the same f32 operation on the same operands, in the same order, as the
     * eager loop: bitwise the same result.
     */
    private static boolean f32Broadcast(Binary op, Tensor x, Tensor y, float[] o) {
        BroadcastRuns yb = y.pendingBroadcast(), xb = x.pendingBroadcast();
        if ((yb == null && xb == null) || !f32RunOp(op)) return false;
        if (xb != null && yb != null && xb.length == yb.length && xb.repeat != yb.repeat) {
            // an outer product (Adafactor's row × column factors): a repeated element against a slice, run by run
            float[] sx = (float[]) xb.source, sy = (float[]) yb.source;
            int len = xb.length;
            for (int r = 0, base = 0; r < xb.count(); r++, base += len) {
                if (xb.repeat) f32ScalarShifted(op, sx[xb.starts[r]], sy, yb.starts[r] - base, o, base, base + len);
                else f32ShiftedScalar(op, sx, xb.starts[r] - base, sy[yb.starts[r]], o, base, base + len);
            }
            return true;
        }
        if (yb != null) {
            float[] a = x.floats(), s = (float[]) yb.source;
            int len = yb.length;
            for (int r = 0, base = 0; r < yb.count(); r++, base += len) {
                int st = yb.starts[r];
                if (yb.repeat) f32BinaryScalar(op, a, s[st], o, base, base + len);
                else f32BinaryShifted(op, a, s, st - base, o, base, base + len);
            }
        } else {
            float[] b = y.floats(), s = (float[]) xb.source;
            int len = xb.length;
            for (int r = 0, base = 0; r < xb.count(); r++, base += len) {
                int st = xb.starts[r];
                if (xb.repeat) f32ScalarBinary(op, s[st], b, o, base, base + len);
                else f32ShiftedBinary(op, s, st - base, b, o, base, base + len);
            }
        }
        return true;
    }

    /**
     * {@link #f32Broadcast} for integer storage: runs that repeat one element on the right go
     * through {@link #narrowIntegerBinaryScalar} where it has the op; every other run, and every
     * other op, through {@link #integerBinary} and {@link Tensor#wrap} per element (what the eager
     * path falls back to; integer results are exact, so either is the eager result).
     */
    private static boolean integerBroadcast(Binary op, Tensor x, Tensor y, long[] o, ElementType t) {
        BroadcastRuns yb = y.pendingBroadcast(), xb = yb == null ? x.pendingBroadcast() : null;
        if (yb == null && xb == null) return false;
        BroadcastRuns runs = yb != null ? yb : xb;
        long[] other = yb != null ? x.longs() : y.longs(), s = (long[]) runs.source;
        int len = runs.length, step = runs.repeat ? 0 : 1;
        for (int r = 0, base = 0; r < runs.count(); r++, base += len) {
            int st = runs.starts[r];
            if (yb != null) {
                if (runs.repeat && narrowIntegerBinaryScalar(op, other, s[st], o, base, base + len, t)) continue;
                for (int j = 0; j < len; j++) o[base + j] = Tensor.wrap(t, integerBinary(op, other[base + j], s[st + j * step], t));
            } else {
                for (int j = 0; j < len; j++) o[base + j] = Tensor.wrap(t, integerBinary(op, s[st + j * step], other[base + j], t));
            }
        }
        return true;
    }

    static double realBinary(Binary op, double a, double b, ElementType t) {
        return switch (op) {
            case ADD -> a + b;
            case SUBTRACT -> a - b;
            case MULTIPLY -> a * b;
            case DIVIDE -> a / b;
            case REMAINDER -> a % b;
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case POWER -> Math.pow(a, b);
            case ATAN2 -> Math.atan2(a, b);
            default -> throw new UnsupportedTypeException(op, t);
        };
    }

    /**
     * The common integer ops on types narrower than 64 bits (not i1) in one loop per op, wrapped
     * to the width in a second pass (random-bit generators are chains of these on ui32); false
     * (nothing written) for the rest. Operands are canonical (sign- or zero-extended), so 64-bit
     * arithmetic followed by one wrap is the type's modular result.
     */
    private static boolean narrowIntegerBinary(Binary op, long[] a, long[] b, long[] o, int n, ElementType t) {
        int bits = t.bitWidth();
        if (bits >= 64 || t == ElementType.I1) return false;
        long mask = (1L << bits) - 1;
        // unsigned results wrap by the mask inside the loop (one pass); signed ones sign-extend after;
        // and, or, xor of canonical values are canonical already
        long wrap = t.kind() == ElementType.Kind.SIGNED ? -1L : mask;
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) o[i] = (a[i] + b[i]) & wrap; }
            case SUBTRACT -> { for (int i = 0; i < n; i++) o[i] = (a[i] - b[i]) & wrap; }
            case MULTIPLY -> { for (int i = 0; i < n; i++) o[i] = (a[i] * b[i]) & wrap; }
            case AND -> { for (int i = 0; i < n; i++) o[i] = a[i] & b[i]; return true; }
            case OR -> { for (int i = 0; i < n; i++) o[i] = a[i] | b[i]; return true; }
            case XOR -> { for (int i = 0; i < n; i++) o[i] = a[i] ^ b[i]; return true; }
            // a shift amount outside [0, bits) gives 0 (the spec); unsigned amounts are never negative here
            case SHIFT_LEFT -> { for (int i = 0; i < n; i++) o[i] = b[i] >= 0 && b[i] < bits ? (a[i] << b[i]) & wrap : 0; }
            case SHIFT_RIGHT_LOGICAL -> { for (int i = 0; i < n; i++) o[i] = b[i] >= 0 && b[i] < bits ? (a[i] & mask) >>> b[i] : 0; }
            case DIVIDE, REMAINDER, MAXIMUM, MINIMUM, SHIFT_RIGHT_ARITHMETIC, POWER, ATAN2, COMPLEX -> { return false; }
        }
        if (wrap == -1L) wrapInPlace(t, o, n); // signed: sign-extend (a logical shift by 0 of a negative value too)
        return true;
    }

    /**
     * {@link #narrowIntegerBinary} on [from, to) with a scalar right operand (a splat: shift by 16,
     * xor with a key word, ...; or a run of a broadcast that repeats one element).
     */
    private static boolean narrowIntegerBinaryScalar(Binary op, long[] a, long b, long[] o, int from, int to, ElementType t) {
        int bits = t.bitWidth();
        if (bits >= 64 || t == ElementType.I1) return false;
        long mask = (1L << bits) - 1;
        long wrap = t.kind() == ElementType.Kind.SIGNED ? -1L : mask; // as in narrowIntegerBinary
        boolean inRange = b >= 0 && b < bits;
        switch (op) {
            case ADD -> { for (int i = from; i < to; i++) o[i] = (a[i] + b) & wrap; }
            case SUBTRACT -> { for (int i = from; i < to; i++) o[i] = (a[i] - b) & wrap; }
            case MULTIPLY -> { for (int i = from; i < to; i++) o[i] = (a[i] * b) & wrap; }
            case AND -> { for (int i = from; i < to; i++) o[i] = a[i] & b; return true; }
            case OR -> { for (int i = from; i < to; i++) o[i] = a[i] | b; return true; }
            case XOR -> { for (int i = from; i < to; i++) o[i] = a[i] ^ b; return true; }
            case SHIFT_LEFT -> {
                // an amount out of range gives 0; o may be an operand's storage (binary's into), so write the zeros
                if (!inRange) { Arrays.fill(o, from, to, 0L); return true; }
                int k = (int) b;
                for (int i = from; i < to; i++) o[i] = (a[i] << k) & wrap;
            }
            case SHIFT_RIGHT_LOGICAL -> {
                if (!inRange) { Arrays.fill(o, from, to, 0L); return true; }
                int k = (int) b;
                for (int i = from; i < to; i++) o[i] = (a[i] & mask) >>> k;
            }
            case DIVIDE, REMAINDER, MAXIMUM, MINIMUM, SHIFT_RIGHT_ARITHMETIC, POWER, ATAN2, COMPLEX -> { return false; }
        }
        if (wrap == -1L) wrapInPlace(t, o, from, to);
        return true;
    }

    /** Ops whose operands may swap places without changing the result. */
    private static boolean commutes(Binary op) {
        return switch (op) {
            case ADD, MULTIPLY, MAXIMUM, MINIMUM, AND, OR, XOR -> true;
            case ATAN2, COMPLEX, DIVIDE, POWER, REMAINDER, SHIFT_LEFT, SHIFT_RIGHT_ARITHMETIC, SHIFT_RIGHT_LOGICAL, SUBTRACT -> false;
        };
    }

    /** {@link Tensor#wrap} over an array, with the type's shift or mask hoisted out of the loop. */
    static void wrapInPlace(ElementType t, long[] o, int n) { wrapInPlace(t, o, 0, n); }

    /** {@link #wrapInPlace(ElementType, long[], int)} on [from, to). */
    static void wrapInPlace(ElementType t, long[] o, int from, int to) {
        int bits = t.bitWidth();
        if (bits >= 64) return;
        switch (t.kind()) {
            case SIGNED -> {
                int s = 64 - bits;
                for (int i = from; i < to; i++) o[i] = (o[i] << s) >> s;
            }
            case UNSIGNED, BOOL -> {
                long mask = (1L << bits) - 1;
                for (int i = from; i < to; i++) o[i] &= mask;
            }
            case FLOAT, COMPLEX -> throw new IllegalArgumentException("not an integer type: " + t);
        }
    }

    static long integerBinary(Binary op, long a, long b, ElementType t) {
        boolean unsigned = t.kind() != ElementType.Kind.SIGNED;
        int bits = t.bitWidth();
        if (t == ElementType.I1) {
            return switch (op) {
                // i1 arithmetic is boolean algebra: add is or, multiply is and
                case AND, MULTIPLY, MINIMUM -> a & b;
                case OR, MAXIMUM, ADD -> a | b;
                case XOR, SUBTRACT -> a ^ b;
                default -> throw new UnsupportedTypeException(op, t);
            };
        }
        return switch (op) {
            case ADD -> a + b;
            case SUBTRACT -> a - b;
            case MULTIPLY -> a * b;
            // XLA's convention, which the spec leaves open: x / 0 = -1 (all ones), x % 0 = x
            case DIVIDE -> b == 0 ? -1 : unsigned ? Long.divideUnsigned(a, b) : a / b;
            case REMAINDER -> b == 0 ? a : unsigned ? Long.remainderUnsigned(a, b) : a % b;
            case MAXIMUM -> (unsigned ? Long.compareUnsigned(a, b) : Long.compare(a, b)) >= 0 ? a : b;
            case MINIMUM -> (unsigned ? Long.compareUnsigned(a, b) : Long.compare(a, b)) <= 0 ? a : b;
            case AND -> a & b;
            case OR -> a | b;
            case XOR -> a ^ b;
            case SHIFT_LEFT -> outOfRangeShift(b, bits, unsigned) ? 0 : a << b;
            case SHIFT_RIGHT_LOGICAL -> outOfRangeShift(b, bits, unsigned) ? 0 : (a & mask(bits)) >>> b;
            case SHIFT_RIGHT_ARITHMETIC -> {
                long signExtended = (a << (64 - bits)) >> (64 - bits);
                yield outOfRangeShift(b, bits, unsigned) ? (signExtended < 0 ? -1 : 0) : signExtended >> b;
            }
            case POWER -> integerPower(a, b, unsigned);
            case ATAN2, COMPLEX -> throw new UnsupportedTypeException(op, t);
        };
    }

    private static long mask(int bits) { return bits == 64 ? -1L : (1L << bits) - 1; }

    private static boolean outOfRangeShift(long amount, int bits, boolean unsigned) {
        return unsigned ? Long.compareUnsigned(amount, bits) >= 0 : amount < 0 || amount >= bits;
    }

    private static long integerPower(long base, long exponent, boolean unsigned) {
        if (!unsigned && exponent < 0) {
            // only 1 and -1 have integer reciprocals
            if (base == 1) return 1;
            if (base == -1) return (exponent & 1) == 0 ? 1 : -1;
            return 0;
        }
        long result = 1;
        long b = base;
        long e = exponent;
        while (e != 0) {
            if ((e & 1) != 0) result *= b;
            b *= b;
            e >>>= 1;
        }
        return result;
    }

    private static void complexBinary(Binary op, double a, double b, double c, double d, double[] z, ElementType t) {
        switch (op) {
            case ADD -> set(z, a + c, b + d);
            case SUBTRACT -> set(z, a - c, b - d);
            case MULTIPLY -> set(z, a * c - b * d, a * d + b * c);
            case DIVIDE -> divide(a, b, c, d, z);
            case MAXIMUM, MINIMUM -> {
                // complex numbers order lexicographically by (real, imaginary)
                int cmp = a != c ? Double.compare(a, c) : Double.compare(b, d);
                boolean first = op == Binary.MAXIMUM ? cmp >= 0 : cmp <= 0;
                set(z, first ? a : c, first ? b : d);
            }
            case ATAN2 -> {
                // atan2(y, x) = -i log((x + i y) / sqrt(x^2 + y^2)) with y = a+bi, x = c+di
                double[] num = new double[2], den = new double[2];
                num[0] = c - b; num[1] = d + a;                  // x + i y
                complexSqrt(c * c - d * d + a * a - b * b, 2 * c * d + 2 * a * b, den);
                divide(num[0], num[1], den[0], den[1], z);
                double lr = Math.log(Math.hypot(z[0], z[1])), li = Math.atan2(z[1], z[0]);
                set(z, li, -lr);
            }
            case POWER -> {
                if (a == 0 && b == 0) {
                    if (c == 0 && d == 0) set(z, 1, 0); else set(z, 0, 0);
                    break;
                }
                double logRe = Math.log(Math.hypot(a, b)), logIm = Math.atan2(b, a);
                double wr = c * logRe - d * logIm, wi = c * logIm + d * logRe;
                double e = Math.exp(wr);
                set(z, e * Math.cos(wi), e * Math.sin(wi));
            }
            default -> throw new UnsupportedTypeException(op, t);
        }
    }

    /** {@code chlo.mulhi}: the upper half of the double-width product of two integers. */
    public static Tensor multiplyHigh(Tensor x, Tensor y) {
        ElementType t = x.type();
        int bits = t.bitWidth();
        boolean unsigned = t.kind() == ElementType.Kind.UNSIGNED;
        long[] a = x.longs(), b = y.longs();
        Tensor out = Tensor.zeros(t, x.shape());
        long[] o = out.longs();
        for (int i = 0; i < a.length; i++) {
            long high;
            if (bits == 64) high = unsigned ? Math.unsignedMultiplyHigh(a[i], b[i]) : Math.multiplyHigh(a[i], b[i]);
            else high = (a[i] * b[i]) >> bits; // the product of two 32-bit values fits in 64 bits
            o[i] = Tensor.wrap(t, high);
        }
        return out;
    }

    // ------------------------------------------------------------------ select, clamp

    /** {@code pred} is an i1 scalar or of the operands' shape. */
    public static Tensor select(Tensor pred, Tensor onTrue, Tensor onFalse) {
        int n = onTrue.size();
        if (pred.rank() == 0 || pred.isSplat()) return pred.splatLong() != 0 ? onTrue : onFalse; // tensors are immutable: no copy
        Tensor out = Tensor.zeros(onTrue.type(), onTrue.shape());
        if (out.storage() == Storage.FLOAT || out.storage() == Storage.INTEGER) {
            if (selectBroadcast(pred, onTrue, onFalse, out)) return out;
        }
        long[] p = pred.longs();
        switch (out.storage()) {
            // one loop per storage (a select per element of a 1.5M-element dropout mask is common)
            case FLOAT -> {
                float[] t = onTrue.floats(), f = onFalse.floats(), o = out.floats();
                for (int i = 0; i < n; i++) o[i] = p[i] != 0 ? t[i] : f[i];
            }
            case DOUBLE -> {
                double[] t = onTrue.doubles(), f = onFalse.doubles(), o = out.doubles();
                for (int i = 0; i < n; i++) o[i] = p[i] != 0 ? t[i] : f[i];
            }
            case INTEGER -> {
                long[] t = onTrue.longs(), f = onFalse.longs(), o = out.longs();
                for (int i = 0; i < n; i++) o[i] = p[i] != 0 ? t[i] : f[i];
            }
            case COMPLEX -> { for (int i = 0; i < n; i++) out.copyElement(p[i] != 0 ? onTrue : onFalse, i, i); }
        }
        return out;
    }

    /**
     * {@link #select} (float or integer storage) with a pending broadcast among its operands, read
     * run by run through the first one (predicate, then either branch; any other pending operand is
     * materialised): a predicate run that repeats one element copies the run of one branch; false
     * (nothing written) when no operand is pending.
     */
    private static boolean selectBroadcast(Tensor pred, Tensor onTrue, Tensor onFalse, Tensor out) {
        BroadcastRuns pb = pred.pendingBroadcast(), tb = onTrue.pendingBroadcast(), fb = onFalse.pendingBroadcast();
        if (pb == null && tb == null && fb == null) return false;
        boolean floats = out.storage() == Storage.FLOAT;
        Object o = floats ? out.floats() : out.longs();
        if (pb != null) {
            Object t = floats ? onTrue.floats() : onTrue.longs(), f = floats ? onFalse.floats() : onFalse.longs();
            long[] s = (long[]) pb.source;
            int len = pb.length;
            for (int r = 0, base = 0; r < pb.count(); r++, base += len) {
                int st = pb.starts[r];
                if (pb.repeat) {
                    System.arraycopy(s[st] != 0 ? t : f, base, o, base, len);
                } else if (floats) {
                    float[] ft = (float[]) t, ff = (float[]) f, fo = (float[]) o;
                    for (int j = 0; j < len; j++) fo[base + j] = s[st + j] != 0 ? ft[base + j] : ff[base + j];
                } else {
                    long[] lt = (long[]) t, lf = (long[]) f, lo = (long[]) o;
                    for (int j = 0; j < len; j++) lo[base + j] = s[st + j] != 0 ? lt[base + j] : lf[base + j];
                }
            }
            return true;
        }
        // a branch is the broadcast: p picks its run's element, or the other branch's
        long[] p = pred.longs();
        boolean onTrueRuns = tb != null;
        BroadcastRuns runs = onTrueRuns ? tb : fb;
        Tensor other = onTrueRuns ? onFalse : onTrue;
        int len = runs.length, step = runs.repeat ? 0 : 1;
        if (floats) {
            float[] s = (float[]) runs.source, b = other.floats(), fo = (float[]) o;
            for (int r = 0, base = 0; r < runs.count(); r++, base += len) {
                int st = runs.starts[r];
                for (int j = 0; j < len; j++) {
                    int i = base + j;
                    fo[i] = (p[i] != 0) == onTrueRuns ? s[st + j * step] : b[i];
                }
            }
        } else {
            long[] s = (long[]) runs.source, b = other.longs(), lo = (long[]) o;
            for (int r = 0, base = 0; r < runs.count(); r++, base += len) {
                int st = runs.starts[r];
                for (int j = 0; j < len; j++) {
                    int i = base + j;
                    lo[i] = (p[i] != 0) == onTrueRuns ? s[st + j * step] : b[i];
                }
            }
        }
        return true;
    }

    /** min and max may be scalars (broadcast) or of the operand's shape. */
    public static Tensor clamp(Tensor min, Tensor x, Tensor max) {
        Tensor lo = min.rank() == 0 && x.rank() > 0 ? min.fill(x.shape()) : min;
        Tensor hi = max.rank() == 0 && x.rank() > 0 ? max.fill(x.shape()) : max;
        return binary(Binary.MINIMUM, binary(Binary.MAXIMUM, x, lo, x.type()), hi, x.type());
    }
}
