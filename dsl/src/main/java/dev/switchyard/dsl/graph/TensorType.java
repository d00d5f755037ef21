package dev.switchyard.dsl.graph;

import java.util.List;
import java.util.Optional;

/**
 * An element type plus an ordered list of named dims (distinct names). The order is the
 * positional (row-major) order the compiler gives the StableHLO tensor. No dims = a scalar.
 */
public record TensorType(ElemType elem, List<Dim> dims) {

    public TensorType {
        dims = List.copyOf(dims);
    }

    public static TensorType scalar(ElemType elem) { return new TensorType(elem, List.of()); }

    public int rank() { return dims.size(); }

    public boolean isScalar() { return dims.isEmpty(); }

    /** Position of the dim named {@code name}, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < dims.size(); i++) if (dims.get(i).name().equals(name)) return i;
        return -1;
    }

    public boolean has(String name) { return indexOf(name) >= 0; }

    public Optional<Dim> dim(String name) {
        int i = indexOf(name);
        return i < 0 ? Optional.empty() : Optional.of(dims.get(i));
    }

    /** The number of elements; {@link ArithmeticException} past {@code Long.MAX_VALUE} (the checker refuses such types). */
    public long elementCount() {
        long n = 1;
        for (Dim d : dims) n = Math.multiplyExact(n, d.size());
        return n;
    }

    /** The bytes of one dense copy; {@link ArithmeticException} past {@code Long.MAX_VALUE}. */
    public long byteSize() {
        return Math.multiplyExact(elementCount(), elem.bytes());
    }

    public List<String> dimNames() { return dims.stream().map(Dim::name).toList(); }

    public TensorType withElem(ElemType e) { return new TensorType(e, dims); }

    /** {@code bf16[batch=8, seq=512]}. */
    @Override public String toString() {
        StringBuilder b = new StringBuilder(elem.spelling()).append('[');
        for (int i = 0; i < dims.size(); i++) {
            if (i > 0) b.append(", ");
            b.append(dims.get(i));
        }
        return b.append(']').toString();
    }
}
