package dev.switchyard.hlo.ir;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * MLIR types as StableHLO uses them. Element types we compute on are {@link ScalarType}s backed by
 * {@link ElementType}; everything else we only carry through (quantized types, {@code index},
 * f8 variants, other dialects' types) is an {@link OpaqueType} holding its exact spelling, so a
 * module we cannot evaluate still parses and prints unchanged.
 */
public sealed interface Type {

    /** The type in MLIR syntax, e.g. {@code tensor<2x?xbf16>}. */
    default String text() { return TypePrinter.print(this); }

    /** A scalar element type such as {@code f32}, {@code ui4} or {@code complex<f64>}. */
    record ScalarType(ElementType elementType) implements Type {
        public ScalarType { Objects.requireNonNull(elementType); }
        @Override public String toString() { return text(); }
    }

    /**
     * A ranked tensor (or unranked, {@code tensor<*xf32>}). Dynamic dimensions are {@link #DYNAMIC}.
     * The encoding, e.g. {@code #stablehlo.bounds<...>}, is kept as written.
     */
    record TensorType(long[] shape, Type elementType, Optional<Attribute> encoding, boolean ranked) implements Type {
        public static final long DYNAMIC = -1;

        public TensorType {
            shape = shape.clone();
            Objects.requireNonNull(elementType);
            Objects.requireNonNull(encoding);
            if (!ranked && shape.length != 0) throw new IllegalArgumentException("unranked tensor with a shape");
            for (long d : shape) if (d < DYNAMIC) throw new IllegalArgumentException("bad dimension " + d);
        }

        public TensorType(Type elementType, long... shape) { this(shape, elementType, Optional.empty(), true); }

        public TensorType(ElementType elementType, long... shape) { this(new ScalarType(elementType), shape); }

        public static TensorType unranked(Type elementType) {
            return new TensorType(new long[0], elementType, Optional.empty(), false);
        }

        @Override public long[] shape() { return shape.clone(); }

        public int rank() { return shape.length; }

        public long dim(int i) { return shape[i]; }

        public boolean hasStaticShape() {
            if (!ranked) return false;
            for (long d : shape) if (d == DYNAMIC) return false;
            return true;
        }

        /** The element type when it is one we model (not quantized or opaque). */
        public Optional<ElementType> knownElementType() {
            return elementType instanceof ScalarType s ? Optional.of(s.elementType()) : Optional.empty();
        }

        public long elementCount() {
            long n = 1;
            for (long d : shape) n = Math.multiplyExact(n, d);
            return n;
        }

        public TensorType withShape(long... newShape) { return new TensorType(newShape, elementType, Optional.empty(), true); }

        public TensorType withElementType(Type newElement) { return new TensorType(shape, newElement, encoding, ranked); }

        @Override public boolean equals(Object o) {
            return o instanceof TensorType t && ranked == t.ranked && Arrays.equals(shape, t.shape)
                    && elementType.equals(t.elementType) && encoding.equals(t.encoding);
        }

        @Override public int hashCode() { return Objects.hash(Arrays.hashCode(shape), elementType, encoding, ranked); }

        @Override public String toString() { return text(); }
    }

    /** {@code tuple<t1, t2>}. */
    record TupleType(List<Type> elements) implements Type {
        public TupleType { elements = List.copyOf(elements); }
        @Override public String toString() { return text(); }
    }

    /** {@code !stablehlo.token}. */
    record TokenType() implements Type {
        @Override public String toString() { return text(); }
    }

    /** {@code (inputs) -> results}, the type of functions and of ops in generic form. */
    record FunctionType(List<Type> inputs, List<Type> results) implements Type {
        public FunctionType { inputs = List.copyOf(inputs); results = List.copyOf(results); }
        @Override public String toString() { return text(); }
    }

    /**
     * A type we carry but do not model, kept as its exact text: {@code !quant.uniform<i8:f32, 0.5>},
     * {@code index}, {@code f8E4M3FN}, {@code none}, any dialect type.
     */
    record OpaqueType(String spelling) implements Type {
        public OpaqueType { Objects.requireNonNull(spelling); }
        @Override public String toString() { return spelling; }
    }
}
