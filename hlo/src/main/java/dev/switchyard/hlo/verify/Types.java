package dev.switchyard.hlo.verify;

import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.ir.Type.TensorType;
import dev.switchyard.hlo.ir.Value;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Type relations as the spec uses them. A dynamic dimension ({@code ?}) is compatible with any size,
 * and an element type we do not model (quantized, f8…) matches anything: we only report what we can
 * prove wrong, so a module we cannot fully check never gets a false error.
 */
final class Types {
    private Types() {}

    static boolean dimsMatch(long a, long b) {
        return a == b || a == TensorType.DYNAMIC || b == TensorType.DYNAMIC;
    }

    static boolean shapesMatch(TensorType a, TensorType b) {
        if (!a.ranked() || !b.ranked()) return true;
        return shapesMatch(a.shape(), b.shape());
    }

    static boolean shapesMatch(long[] a, long[] b) {
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (!dimsMatch(a[i], b[i])) return false;
        return true;
    }

    static boolean elementsMatch(Type a, Type b) {
        return a.equals(b) || a instanceof Type.OpaqueType || b instanceof Type.OpaqueType;
    }

    /** {@code type(a) = type(b)} up to dynamic dimensions and unmodelled element types. */
    static boolean typesMatch(Type a, Type b) {
        if (a instanceof TensorType ta && b instanceof TensorType tb) {
            return shapesMatch(ta, tb) && elementsMatch(ta.elementType(), tb.elementType());
        }
        if (a instanceof Type.TupleType ta && b instanceof Type.TupleType tb) {
            if (ta.elements().size() != tb.elements().size()) return false;
            for (int i = 0; i < ta.elements().size(); i++) if (!typesMatch(ta.elements().get(i), tb.elements().get(i))) return false;
            return true;
        }
        return a.equals(b) || a instanceof Type.OpaqueType || b instanceof Type.OpaqueType;
    }

    /** The types of {@code values}, in order. */
    static List<Type> of(List<Value> values) { return values.stream().map(Value::type).toList(); }

    static boolean typeListsMatch(List<Type> a, List<Type> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (!typesMatch(a.get(i), b.get(i))) return false;
        return true;
    }

    /** The modelled element type of a tensor or scalar, if any. */
    static Optional<ElementType> element(Type t) {
        Type e = t instanceof TensorType tt ? tt.elementType() : t;
        return e instanceof Type.ScalarType s ? Optional.of(s.elementType()) : Optional.empty();
    }

    static boolean isBool(ElementType e) { return e == ElementType.I1; }

    static boolean isFloat(ElementType e) { return e.isFloat(); }

    static boolean isComplex(ElementType e) { return e.kind() == ElementType.Kind.COMPLEX; }

    static boolean isInteger(ElementType e) { return e.isInteger(); }

    /** The spec's {@code is_promotable}: same family and no narrower. */
    static boolean promotable(Type from, Type to) {
        Optional<ElementType> x = element(from), y = element(to);
        if (x.isEmpty() || y.isEmpty()) return true;
        ElementType a = x.get(), b = y.get();
        boolean sameFamily = (isBool(a) && isBool(b)) || (isInteger(a) && isInteger(b))
                || (isFloat(a) && isFloat(b)) || (isComplex(a) && isComplex(b));
        return sameFamily && a.bitWidth() <= b.bitWidth();
    }

    /** The component type of a complex type ({@code complex<f32>} → {@code f32}). */
    static ElementType complexComponent(ElementType c) {
        return c == ElementType.COMPLEX_F64 ? ElementType.F64 : ElementType.F32;
    }

    static String dims(long[] d) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (long x : d) j.add(x == TensorType.DYNAMIC ? "?" : Long.toString(x));
        return j.toString();
    }

    /** An attribute's integer list, e.g. {@code [1, -1]} (no dynamic sizes here, unlike {@link #dims}). */
    static String list(long[] values) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (long x : values) j.add(Long.toString(x));
        return j.toString();
    }

    static String types(List<Type> ts) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (Type t : ts) j.add(t.text());
        return j.toString();
    }
}
