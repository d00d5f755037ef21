package dev.switchyard.hlo.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A dense tensor in host memory: element type, shape (row-major, C order) and the raw
 * little-endian bytes. The byte form is the common currency of every executor, of {@code .npy}
 * and of safetensors files; typed views live with the code that computes on them.
 */
public record HostTensor(ElementType elementType, long[] shape, byte[] data) {

    public HostTensor {
        Objects.requireNonNull(elementType, "elementType");
        shape = shape.clone();
        long n = elementCount(shape);
        if ((long) data.length != n * elementType.byteSize()) {
            throw new IllegalArgumentException("tensor " + elementType + Arrays.toString(shape)
                    + " needs " + n * elementType.byteSize() + " bytes, got " + data.length);
        }
    }

    /** The number of elements of a shape; rejects negative dims and sizes past what a byte array holds. */
    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension " + d + " in " + Arrays.toString(shape));
            n = Math.multiplyExact(n, d);
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " is too large for host memory");
        }
        return n;
    }

    public static HostTensor zeros(ElementType type, long... shape) {
        return new HostTensor(type, shape, new byte[Math.toIntExact(elementCount(shape) * type.byteSize())]);
    }

    public long elementCount() { return elementCount(shape); }

    public int rank() { return shape.length; }

    @Override
    public long[] shape() { return shape.clone(); }

    // ---- typed construction and views (copies; the byte form stays the single source of truth) ----

    /** A tensor of a float type (f16, bf16 rounded to nearest even; f32; f64) from f32 values. */
    public static HostTensor ofFloats(ElementType type, long[] shape, float... values) {
        double[] widened = new double[values.length];
        for (int i = 0; i < values.length; i++) widened[i] = values[i];
        return ofDoubles(type, shape, widened);
    }

    /**
     * A tensor of a float type from f64 values (rounded once to the type), or of a complex type
     * from interleaved (real, imaginary) pairs.
     */
    public static HostTensor ofDoubles(ElementType type, long[] shape, double... values) {
        long n = elementCount(shape);
        long expected = type.kind() == ElementType.Kind.COMPLEX ? 2 * n : n;
        requireKind(type, ElementType.Kind.FLOAT, ElementType.Kind.COMPLEX);
        if (values.length != expected) {
            throw new IllegalArgumentException(type + Arrays.toString(shape) + " needs " + expected + " values, got " + values.length);
        }
        ByteBuffer b = buffer(new byte[Math.toIntExact(n * type.byteSize())]);
        for (double v : values) {
            switch (type) {
                case F16 -> b.putShort(HalfFloats.doubleToF16(v));
                case BF16 -> b.putShort(HalfFloats.doubleToBf16(v));
                case F32, COMPLEX_F32 -> b.putFloat((float) v);
                case F64, COMPLEX_F64 -> b.putDouble(v);
                default -> throw new AssertionError(type);
            }
        }
        return new HostTensor(type, shape, b.array());
    }

    /**
     * A tensor of an integer type or i1 from values that must fit the type: signed types take
     * their two's complement range, unsigned ones {@code [0, 2^bits)} (ui64: any bit pattern).
     */
    public static HostTensor ofLongs(ElementType type, long[] shape, long... values) {
        requireKind(type, ElementType.Kind.BOOL, ElementType.Kind.SIGNED, ElementType.Kind.UNSIGNED);
        long n = elementCount(shape);
        if (values.length != n) {
            throw new IllegalArgumentException(type + Arrays.toString(shape) + " needs " + n + " values, got " + values.length);
        }
        ByteBuffer b = buffer(new byte[Math.toIntExact(n * type.byteSize())]);
        for (long v : values) {
            if (!fits(type, v)) throw new IllegalArgumentException("value " + v + " does not fit " + type);
            switch (type.byteSize()) {
                case 1 -> b.put((byte) v);
                case 2 -> b.putShort((short) v);
                case 4 -> b.putInt((int) v);
                default -> b.putLong(v);
            }
        }
        return new HostTensor(type, shape, b.array());
    }

    /** The values of a float tensor as f32 (f64 is rounded to nearest). */
    public float[] toFloats() {
        requireKind(elementType, ElementType.Kind.FLOAT);
        double[] d = toDoubles();
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    /** The values of a float tensor exactly as f64, or a complex one as interleaved (re, im) pairs. */
    public double[] toDoubles() {
        requireKind(elementType, ElementType.Kind.FLOAT, ElementType.Kind.COMPLEX);
        ByteBuffer b = buffer(data);
        int n = (int) elementCount() * (elementType.kind() == ElementType.Kind.COMPLEX ? 2 : 1);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (elementType) {
                case F16 -> HalfFloats.f16ToFloat(b.getShort());
                case BF16 -> HalfFloats.bf16ToFloat(b.getShort());
                case F32, COMPLEX_F32 -> b.getFloat();
                case F64, COMPLEX_F64 -> b.getDouble();
                default -> throw new AssertionError(elementType);
            };
        }
        return out;
    }

    /** Integer (and i1) values: signed types sign-extended, unsigned zero-extended (ui64 as raw bits). */
    public long[] toLongs() {
        requireKind(elementType, ElementType.Kind.BOOL, ElementType.Kind.SIGNED, ElementType.Kind.UNSIGNED);
        ByteBuffer b = buffer(data);
        boolean unsigned = elementType.kind() != ElementType.Kind.SIGNED;
        long[] out = new long[(int) elementCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (elementType.byteSize()) {
                case 1 -> unsigned ? b.get() & 0xFFL : b.get();
                case 2 -> unsigned ? b.getShort() & 0xFFFFL : b.getShort();
                case 4 -> unsigned ? b.getInt() & 0xFFFF_FFFFL : b.getInt();
                default -> b.getLong();
            };
        }
        return out;
    }

    /** Whether {@code v} is a value of the integer type {@code type} (see {@link #ofLongs}). */
    public static boolean fits(ElementType type, long v) {
        int bits = type.bitWidth();
        return switch (type.kind()) {
            case BOOL -> v == 0 || v == 1;
            case SIGNED -> bits == 64 || (v >= -(1L << (bits - 1)) && v < (1L << (bits - 1)));
            case UNSIGNED -> bits == 64 || (v >= 0 && v < (1L << bits));
            case FLOAT, COMPLEX -> false;
        };
    }

    private static ByteBuffer buffer(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void requireKind(ElementType type, ElementType.Kind... kinds) {
        for (ElementType.Kind k : kinds) if (type.kind() == k) return;
        throw new IllegalArgumentException("element type " + type + " is not one of " + Arrays.toString(kinds));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostTensor t && t.elementType == elementType
                && Arrays.equals(t.shape, shape) && Arrays.equals(t.data, data);
    }

    @Override
    public int hashCode() { return Objects.hash(elementType, Arrays.hashCode(shape), Arrays.hashCode(data)); }

    @Override
    public String toString() {
        return "HostTensor[" + elementType + Arrays.toString(shape) + "]";
    }
}
