package dev.switchyard.runtime.pjrt;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Host tensors written element by element, little-endian, for tests. */
final class Tensors {
    private Tensors() {}

    static HostTensor f32(long[] shape, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return new HostTensor(ElementType.F32, shape, b.array());
    }

    static HostTensor i32(long[] shape, int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putInt(v);
        return new HostTensor(ElementType.I32, shape, b.array());
    }

    static float[] floats(HostTensor t) {
        ByteBuffer b = ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[(int) t.elementCount()];
        for (int i = 0; i < out.length; i++) out[i] = b.getFloat();
        return out;
    }

    static int[] ints(HostTensor t) {
        ByteBuffer b = ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN);
        int[] out = new int[(int) t.elementCount()];
        for (int i = 0; i < out.length; i++) out[i] = b.getInt();
        return out;
    }
}
