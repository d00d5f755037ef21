package dev.switchyard.hlo.verify;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.function.Predicate;

/** The element-type families the spec's input tables name ("tensor of integer or boolean type"). */
record ElementKinds(String description, Predicate<ElementType> accepts) {
    static final ElementKinds ANY = new ElementKinds("any type", e -> true);
    static final ElementKinds FLOAT = new ElementKinds("floating-point type", Types::isFloat);
    static final ElementKinds FLOAT_OR_COMPLEX = new ElementKinds("floating-point or complex type", e -> Types.isFloat(e) || Types.isComplex(e));
    static final ElementKinds INTEGER = new ElementKinds("integer type", Types::isInteger);
    static final ElementKinds BOOL_OR_INTEGER = new ElementKinds("boolean or integer type", e -> Types.isBool(e) || Types.isInteger(e));
    static final ElementKinds NUMERIC = new ElementKinds("integer, floating-point or complex type", e -> !Types.isBool(e));
    static final ElementKinds SIGNED_NUMERIC = new ElementKinds("signed integer, floating-point or complex type",
            e -> e.kind() == ElementType.Kind.SIGNED || Types.isFloat(e) || Types.isComplex(e));
    static final ElementKinds BOOL = new ElementKinds("boolean type (i1)", Types::isBool);
    static final ElementKinds F32_OR_F64 = new ElementKinds("type f32 or f64", e -> e == ElementType.F32 || e == ElementType.F64);
}
