package dev.switchyard.hlo.tensor;

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
