package dev.switchyard.tests.support;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds host tensors from Java values and reads them back, for tests (little-endian, row-major). */
public final class Tensors {

    private Tensors() {}

    public static HostTensor f32(long[] shape, float... values) {
        ByteBuffer b = buffer(values.length * 4);
        for (float v : values) b.putFloat(v);
        return new HostTensor(ElementType.F32, shape, b.array());
    }

    public static HostTensor f64(long[] shape, double... values) {
        ByteBuffer b = buffer(values.length * 8);
        for (double v : values) b.putDouble(v);
        return new HostTensor(ElementType.F64, shape, b.array());
    }

    public static HostTensor i32(long[] shape, int... values) {
        return ints(ElementType.I32, shape, values);
    }

    public static HostTensor i64(long[] shape, long... values) {
        ByteBuffer b = buffer(values.length * 8);
        for (long v : values) b.putLong(v);
        return new HostTensor(ElementType.I64, shape, b.array());
    }

    public static HostTensor bool(long[] shape, boolean... values) {
        byte[] data = new byte[values.length];
        for (int i = 0; i < values.length; i++) data[i] = (byte) (values[i] ? 1 : 0);
        return new HostTensor(ElementType.I1, shape, data);
    }

    /** bf16 from floats that are exactly representable in bf16 (the low 16 bits are dropped). */
    public static HostTensor bf16(long[] shape, float... values) {
        ByteBuffer b = buffer(values.length * 2);
        for (float v : values) b.putShort((short) (Float.floatToRawIntBits(v) >>> 16));
        return new HostTensor(ElementType.BF16, shape, b.array());
    }

    /** Any integer type from Java longs, truncated to the type's storage width. */
    public static HostTensor ints(ElementType type, long[] shape, long... values) {
        ByteBuffer b = buffer(values.length * type.byteSize());
        for (long v : values) putInt(b, type.byteSize(), v);
        return new HostTensor(type, shape, b.array());
    }

    public static HostTensor ints(ElementType type, long[] shape, int... values) {
        ByteBuffer b = buffer(values.length * type.byteSize());
        for (int v : values) putInt(b, type.byteSize(), v);
        return new HostTensor(type, shape, b.array());
    }

    private static void putInt(ByteBuffer b, int bytes, long v) {
        switch (bytes) {
            case 1 -> b.put((byte) v);
            case 2 -> b.putShort((short) v);
            case 4 -> b.putInt((int) v);
            case 8 -> b.putLong(v);
            default -> throw new IllegalArgumentException("integer width " + bytes);
        }
    }

    /** Every element as a double: floats exactly, bf16/f16 widened, integers by value (unsigned as unsigned), i1 as 0/1. */
    public static double[] toDoubles(HostTensor t) {
        ByteBuffer b = ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN);
        int n = Math.toIntExact(t.elementCount());
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = element(t.elementType(), b);
        return out;
    }

    /** Integers exactly (unsigned 64-bit values above Long.MAX_VALUE wrap, as their bits). */
    public static long[] toLongs(HostTensor t) {
        ByteBuffer b = ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN);
        int n = Math.toIntExact(t.elementCount());
        long[] out = new long[n];
        boolean unsigned = t.elementType().kind() == ElementType.Kind.UNSIGNED;
        for (int i = 0; i < n; i++) {
            out[i] = switch (t.elementType().byteSize()) {
                case 1 -> unsigned ? Byte.toUnsignedLong(b.get()) : b.get();
                case 2 -> unsigned ? Short.toUnsignedLong(b.getShort()) : b.getShort();
                case 4 -> unsigned ? Integer.toUnsignedLong(b.getInt()) : b.getInt();
                case 8 -> b.getLong();
                default -> throw new IllegalArgumentException("not an integer tensor: " + t);
            };
        }
        return out;
    }

    private static double element(ElementType type, ByteBuffer b) {
        return switch (type) {
            case F32 -> b.getFloat();
            case F64 -> b.getDouble();
            case BF16 -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
            case F16 -> Float.float16ToFloat(b.getShort());
            case I1 -> b.get() != 0 ? 1 : 0;
            case I2, I4, I8 -> b.get();
            case I16 -> b.getShort();
            case I32 -> b.getInt();
            case I64 -> b.getLong();
            case UI2, UI4, UI8 -> Byte.toUnsignedInt(b.get());
            case UI16 -> Short.toUnsignedInt(b.getShort());
            case UI32 -> Integer.toUnsignedLong(b.getInt());
            case UI64 -> unsignedToDouble(b.getLong());
            case COMPLEX_F32, COMPLEX_F64 -> throw new IllegalArgumentException("complex tensor has no real value: " + type);
        };
    }

    private static double unsignedToDouble(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    public static long[] shape(long... dims) { return dims; }
}
