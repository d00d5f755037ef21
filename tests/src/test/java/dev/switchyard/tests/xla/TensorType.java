package dev.switchyard.tests.xla;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/** A ranked, static tensor type as it appears in {@code @main}'s signature, e.g. {@code tensor<2x3xf32>}. */
public record TensorType(ElementType elementType, long[] shape) {

    public TensorType {
        Objects.requireNonNull(elementType, "elementType");
        shape = shape.clone();
    }

    @Override
    public long[] shape() { return shape.clone(); }

    /** The MLIR spelling, e.g. {@code tensor<2x3xf32>} or {@code tensor<i32>}. */
    public String mlir() {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining("x"));
        return "tensor<" + (shape.length == 0 ? "" : dims + "x") + elementType.mlirName() + ">";
    }

    public TensorType withElementType(ElementType type) { return new TensorType(type, shape); }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorType t && t.elementType == elementType && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() { return 31 * elementType.hashCode() + Arrays.hashCode(shape); }

    @Override
    public String toString() { return mlir(); }
}
