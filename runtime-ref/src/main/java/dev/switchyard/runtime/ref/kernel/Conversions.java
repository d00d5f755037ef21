package dev.switchyard.runtime.ref.kernel;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;

/** {@code convert}, {@code bitcast_convert} and {@code reduce_precision}. */
public final class Conversions {
    private Conversions() {}

    /**
     * Converts each element to {@code to}: integers wrap, floats round to nearest even, float to
     * integer truncates toward zero and saturates (NaN becomes 0), anything to i1 is "not zero",
     * complex to real keeps the real part.
     */
    public static Tensor convert(Tensor x, ElementType to) {
        if (x.size() > 1 && x.isSplat() && x.storage() != Storage.COMPLEX && Storage.of(to) != Storage.COMPLEX) {
            return convert(x.scalar(), to).splat(x.shape());
        }
        Tensor fast = convertFast(x, to);
        if (fast != null) return fast;
        int n = x.size();
        Tensor out = Tensor.zeros(to, x.shape());
        ElementType from = x.type();
        switch (Storage.of(to)) {
            case INTEGER -> {
                long[] o = out.longs();
                for (int i = 0; i < n; i++) o[i] = toInteger(x, i, to);
            }
            case FLOAT -> {
                float[] o = out.floats();
                // (float) of a long rounds once; going through double could round twice past 2^53
                boolean signedToF32 = to == ElementType.F32 && x.storage() == Storage.INTEGER && from != ElementType.UI64;
                for (int i = 0; i < n; i++) o[i] = signedToF32 ? (float) x.longs()[i] : Tensor.roundFloat(to, x.getDouble(i));
            }
            case DOUBLE -> {
                double[] o = out.doubles();
                for (int i = 0; i < n; i++) o[i] = x.getDouble(i);
            }
            case COMPLEX -> {
                double[] o = out.doubles();
                boolean f32 = to == ElementType.COMPLEX_F32;
                for (int i = 0; i < n; i++) {
                    double re = x.getDouble(i);
                    double im = x.storage() == Storage.COMPLEX ? x.doubles()[2 * i + 1] : 0;
                    o[2 * i] = f32 ? (float) re : re;
                    o[2 * i + 1] = f32 ? (float) im : im;
                }
            }
        }
        return out;
    }

    /**
     * Array-at-a-time conversions for the pairs models use (bf16 ↔ f32, integer widths, f32 ↔ f64,
     * signed integers to f32); null for the rest, which go element by element.
     */
    /**
     * Whether converting {@code from} to {@code to} rounds values that stay in f32 storage
     * (f32 to a 16-bit float, or between the 16-bit ones): what {@link #roundInto} can do.
     */
    public static boolean roundsWithinFloats(ElementType from, ElementType to) {
        return Storage.of(from) == Storage.FLOAT && Storage.of(to) == Storage.FLOAT && to != ElementType.F32 && from != to;
    }

    /**
     * {@link #convert} for {@link #roundsWithinFloats} conversions written over {@code x}'s own
     * array, for a caller that owns {@code x} and never reads it again (its last use): the same
     * one rounding per element as {@code convert}, without a new array.
     */
    public static Tensor roundInto(Tensor x, ElementType to) {
        if (!roundsWithinFloats(x.type(), to) || x.isSplat()) throw new IllegalArgumentException("cannot round " + x + " to " + to + " in place");
        float[] o = x.floats();
        Rounding.inPlace(to, o);
        return Tensor.ofFloats(to, x.shape(), o);
    }

    private static Tensor convertFast(Tensor x, ElementType to) {
        ElementType from = x.type();
        int n = x.size();
        Storage src = x.storage(), dst = Storage.of(to);
        if (src == Storage.FLOAT && dst == Storage.FLOAT) {
            // a widening (or same-type) conversion is exact: the values already are f32 values
            if (to == ElementType.F32 || from == to) return x.retyped(to);
            float[] o = x.floats().clone();
            Rounding.inPlace(to, o); // f32 → 16 bits, or between the 16-bit types (exact in f32): one rounding
            return Tensor.ofFloats(to, x.shape(), o);
        }
        if (src == Storage.FLOAT && dst == Storage.DOUBLE) {
            float[] a = x.floats();
            double[] o = new double[n];
            for (int i = 0; i < n; i++) o[i] = a[i];
            return Tensor.ofDoubles(to, x.shape(), o);
        }
        if (src == Storage.DOUBLE && to == ElementType.F32) {
            double[] a = x.doubles();
            float[] o = new float[n];
            for (int i = 0; i < n; i++) o[i] = (float) a[i];
            return Tensor.ofFloats(to, x.shape(), o);
        }
        if (src == Storage.INTEGER && dst == Storage.INTEGER && to != ElementType.I1 && from != ElementType.I1) {
            if (from == to) return x;
            long[] o = x.longs().clone();
            Elementwise.wrapInPlace(to, o, n);
            return Tensor.ofLongs(to, x.shape(), o);
        }
        if (src == Storage.INTEGER && dst == Storage.FLOAT && from != ElementType.UI64) {
            // (float) of a long rounds once; a 16-bit type rounds again only where f32 was exact (< 2^24),
            // so larger magnitudes go element by element
            long[] a = x.longs();
            float[] o = new float[n];
            boolean exact = true;
            for (int i = 0; i < n; i++) {
                o[i] = (float) a[i];
                exact &= a[i] > -(1L << 24) && a[i] < (1L << 24);
            }
            if (to == ElementType.F32) return Tensor.ofFloats(to, x.shape(), o);
            if (!exact) return null;
            Rounding.inPlace(to, o);
            return Tensor.ofFloats(to, x.shape(), o);
        }
        return null;
    }

    private static long toInteger(Tensor x, int i, ElementType to) {
        if (to == ElementType.I1) {
            return switch (x.storage()) {
                case INTEGER -> x.longs()[i] != 0 ? 1 : 0;
                case COMPLEX -> x.doubles()[2 * i] != 0 ? 1 : 0; // like every complex-to-real conversion: the real part
                case FLOAT, DOUBLE -> x.getDouble(i) != 0 ? 1 : 0;
            };
        }
        if (x.storage() == Storage.INTEGER) return Tensor.wrap(to, x.longs()[i]);
        double v = x.getDouble(i);
        if (Double.isNaN(v)) return 0;
        double t = v < 0 ? Math.ceil(v) : Math.floor(v);
        int bits = to.bitWidth();
        if (to.kind() == ElementType.Kind.SIGNED) {
            double lo = -Math.pow(2, bits - 1), hi = Math.pow(2, bits - 1) - 1;
            if (t <= lo) return bits == 64 ? Long.MIN_VALUE : (long) lo;
            if (t >= hi) return bits == 64 ? Long.MAX_VALUE : (long) hi;
            return (long) t;
        }
        if (t <= 0) return 0;
        double max = Math.pow(2, bits);
        if (t >= max) return bits == 64 ? -1L : (1L << bits) - 1;
        if (bits == 64 && t >= 0x1p63) return (long) (t - 0x1p63) + Long.MIN_VALUE;
        return (long) t;
    }

    /**
     * Reinterprets the bits. Same width: same shape; to a narrower type the result gains a last
     * dimension of width ratio; to a wider type the operand's last dimension (the ratio) goes.
     */
    public static Tensor bitcastConvert(Tensor x, ElementType to, int[] resultShape) {
        if (x.type() == ElementType.I1 || to == ElementType.I1) return bitcastBits(x, to, resultShape);
        HostTensor host = x.toHost();
        byte[] bytes = host.data();
        long[] shape = new long[resultShape.length];
        for (int i = 0; i < shape.length; i++) shape[i] = resultShape[i];
        if ((long) bytes.length != HostTensor.elementCount(shape) * to.byteSize()) {
            throw new IllegalArgumentException("bitcast_convert: " + x + " has " + bytes.length + " bytes, "
                    + to + java.util.Arrays.toString(resultShape) + " needs " + HostTensor.elementCount(shape) * to.byteSize());
        }
        if (to.bitWidth() < 8 || x.type().bitWidth() < 8) {
            if (to.bitWidth() != x.type().bitWidth()) throw new IllegalArgumentException("bitcast_convert between sub-byte types of different width");
        }
        if (Storage.of(to) == Storage.INTEGER && to.bitWidth() < 8) {
            // sub-byte values sit in one byte each; re-canonicalise them for the new signedness
            long[] v = new HostTensor(x.type() == ElementType.I1 ? ElementType.UI8 : ElementType.UI8, shape, bytes).toLongs();
            for (int i = 0; i < v.length; i++) v[i] = Tensor.wrap(to, v[i]);
            return Tensor.ofLongs(to, resultShape, v);
        }
        return Tensor.fromHost(new HostTensor(to, shape, bytes));
    }

    /** i1 is one bit: bitcasting to or from it packs or unpacks bits, least significant first. */
    private static Tensor bitcastBits(Tensor x, ElementType to, int[] resultShape) {
        if (x.type() == to) return x.reshaped(resultShape);
        if (x.type() == ElementType.I1) {
            long[] bits = x.longs();
            int width = to.bitWidth();
            byte[] bytes = new byte[bits.length / 8];
            for (int i = 0; i < bits.length; i++) if (bits[i] != 0) bytes[i / 8] |= (byte) (1 << (i % 8));
            if (width < 8) throw new IllegalArgumentException("bitcast_convert from i1 to " + to);
            long[] shape = new long[resultShape.length];
            for (int i = 0; i < shape.length; i++) shape[i] = resultShape[i];
            return Tensor.fromHost(new HostTensor(to, shape, bytes));
        }
        byte[] bytes = x.toHost().data();
        int n = Shapes.size(resultShape);
        if (n != bytes.length * 8) throw new IllegalArgumentException("bitcast_convert: " + x + " has " + bytes.length * 8 + " bits, result needs " + n);
        long[] bits = new long[n];
        for (int i = 0; i < n; i++) bits[i] = (bytes[i / 8] >> (i % 8)) & 1;
        return Tensor.ofLongs(ElementType.I1, resultShape, bits);
    }

    /** Rounds each element to a float format with the given exponent and mantissa bits (XLA's algorithm). */
    public static Tensor reducePrecision(Tensor x, int exponentBits, int mantissaBits) {
        int n = x.size();
        Tensor out = Tensor.zeros(x.type(), x.shape());
        if (x.storage() == Storage.DOUBLE) {
            double[] a = x.doubles(), o = out.doubles();
            for (int i = 0; i < n; i++) {
                long r = reduce(Double.doubleToRawLongBits(a[i]), 64, 11, 52, exponentBits, mantissaBits);
                o[i] = Double.isNaN(a[i]) ? nan(a[i], mantissaBits) : Double.longBitsToDouble(r);
            }
        } else {
            float[] a = x.floats(), o = out.floats();
            for (int i = 0; i < n; i++) {
                long r = reduce(Float.floatToRawIntBits(a[i]) & 0xFFFF_FFFFL, 32, 8, 23, exponentBits, mantissaBits);
                o[i] = Float.isNaN(a[i]) ? (float) nan(a[i], mantissaBits) : Tensor.roundFloat(x.type(), Float.intBitsToFloat((int) r));
            }
        }
        return out;
    }

    /** A format without mantissa bits has no NaN: NaN becomes infinity of the same sign. */
    private static double nan(double v, int mantissaBits) {
        return mantissaBits > 0 ? v : Math.copySign(Double.POSITIVE_INFINITY, v);
    }

    private static long reduce(long bits, int width, int srcExp, int srcMant, int exponentBits, int mantissaBits) {
        long x = bits;
        if (mantissaBits < srcMant) {
            int shift = srcMant - mantissaBits;
            long lastBit = 1L << shift;
            long bias = (lastBit >>> 1) - 1 + ((x & lastBit) >>> shift);
            x = (x + bias) & ~(lastBit - 1);
            if (width == 32) x &= 0xFFFF_FFFFL;
        }
        if (exponentBits < srcExp) {
            long sign = 1L << (width - 1);
            long expMask = ((1L << srcExp) - 1) << srcMant;
            long expBias = (1L << (srcExp - 1)) - 1;
            long reducedBias = (1L << (exponentBits - 1)) - 1;
            long maxExp = expBias + reducedBias;
            long minExp = expBias - reducedBias;
            long e = x & expMask;
            if (Long.compareUnsigned(e, maxExp << srcMant) > 0) x = (x & sign) | expMask;
            else if (Long.compareUnsigned(e, minExp << srcMant) <= 0) x = x & sign;
        }
        return x;
    }
}
