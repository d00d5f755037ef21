package dev.switchyard.cli.train;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.Arrays;
import java.util.List;

/**
 * One per-step input of the model that data supplies: its name, element type, named dims and
 * sizes (the first dim is the batch).
 */
public record InputSpec(String name, ElementType type, List<String> dims, long[] shape) {

    public InputSpec {
        dims = List.copyOf(dims);
        shape = shape.clone();
        if (shape.length == 0) throw new IllegalArgumentException("input '" + name + "' has no batch dim");
    }

    @Override public long[] shape() { return shape.clone(); }

    public long batchSize() { return shape[0]; }

    /** The shape of one example: the shape without the batch dim. */
    public long[] exampleShape() { return Arrays.copyOfRange(shape, 1, shape.length); }

    /** Elements in one example. */
    public int exampleElements() {
        long n = 1;
        for (long d : exampleShape()) n = Math.multiplyExact(n, d);
        return Math.toIntExact(n);
    }

    /** For messages: {@code i32[batch=4, seq=8]}. */
    public String describe() {
        StringBuilder b = new StringBuilder(type.toString()).append('[');
        for (int i = 0; i < shape.length; i++) b.append(i == 0 ? "" : ", ").append(dims.get(i)).append('=').append(shape[i]);
        return b.append(']').toString();
    }
}
