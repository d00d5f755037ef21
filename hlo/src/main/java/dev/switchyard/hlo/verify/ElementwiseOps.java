package dev.switchyard.hlo.verify;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.StablehloEnum;
import dev.switchyard.hlo.ir.StablehloEnum.ComparisonType;
import dev.switchyard.hlo.ir.Type.TensorType;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.Optional;

/**
 * Elementwise ops: one operand or two of the result's type (C1), plus the element family the spec's
 * input table requires (I1); and the elementwise ops with their own rules (compare, select, clamp,
 * convert, bitcast_convert, real/imag/complex, is_finite, reduce_precision).
 */
final class ElementwiseOps {
    private ElementwiseOps() {}

    static void register(OpRegistry r) {
        r.addStablehlo(unary(ElementKinds.FLOAT_OR_COMPLEX), "cbrt", "cosine", "exponential", "exponential_minus_one",
                "log", "log_plus_one", "logistic", "rsqrt", "sine", "sqrt", "tan", "tanh");
        r.addStablehlo(unary(ElementKinds.FLOAT), "ceil", "floor", "round_nearest_afz", "round_nearest_even");
        r.addStablehlo(unary(ElementKinds.INTEGER), "count_leading_zeros", "popcnt");
        r.addStablehlo(unary(ElementKinds.BOOL_OR_INTEGER), "not");
        r.addStablehlo(unary(ElementKinds.NUMERIC), "negate");
        r.addStablehlo(unary(ElementKinds.SIGNED_NUMERIC), "sign");
        r.addStablehlo(ElementwiseOps::abs, "abs");
        r.addStablehlo(binary(ElementKinds.ANY), "add", "multiply", "maximum", "minimum");
        r.addStablehlo(binary(ElementKinds.NUMERIC), "subtract", "divide", "remainder", "power");
        r.addStablehlo(binary(ElementKinds.FLOAT_OR_COMPLEX), "atan2");
        r.addStablehlo(binary(ElementKinds.BOOL_OR_INTEGER), "and", "or", "xor");
        r.addStablehlo(binary(ElementKinds.INTEGER), "shift_left", "shift_right_arithmetic", "shift_right_logical");
        r.addStablehlo(ElementwiseOps::compare, "compare");
        r.addStablehlo(ElementwiseOps::select, "select");
        r.addStablehlo(ElementwiseOps::clamp, "clamp");
        r.addStablehlo(ElementwiseOps::convert, "convert", "uniform_quantize", "uniform_dequantize");
        r.addStablehlo(ElementwiseOps::bitcastConvert, "bitcast_convert");
        r.addStablehlo(ElementwiseOps::realOrImag, "real", "imag");
        r.addStablehlo(ElementwiseOps::complex, "complex");
        r.addStablehlo(ElementwiseOps::isFinite, "is_finite");
        r.addStablehlo(ElementwiseOps::reducePrecision, "reduce_precision");
    }

    private static OpVerifier unary(ElementKinds kinds) {
        return op -> {
            op.operandCount(1);
            op.resultCount(1);
            TensorType operand = op.operandTensor(0, "(I1)", "operand");
            TensorType result = op.resultTensor(0, "result");
            op.elementKind(operand, "(I1)", "operand", kinds);
            sameType(op, "(C1)", operand, "operand", result, "result");
        };
    }

    private static OpVerifier binary(ElementKinds kinds) {
        return op -> {
            op.operandCount(2);
            op.resultCount(1);
            TensorType lhs = op.operandTensor(0, "(I1)", "lhs");
            TensorType rhs = op.operandTensor(1, "(I2)", "rhs");
            TensorType result = op.resultTensor(0, "result");
            op.elementKind(lhs, "(I1)", "lhs", kinds);
            if (sameType(op, "(C1)", lhs, "lhs", rhs, "rhs")) sameType(op, "(C1)", lhs, "lhs", result, "result");
        };
    }

    /** Reports {@code type(a) = type(b)} violations; returns whether they matched. */
    static boolean sameType(OpCheck op, String constraint, TensorType a, String aRole, TensorType b, String bRole) {
        if (Types.typesMatch(a, b)) return true;
        op.fail(constraint, "expected " + bRole + " of type " + a.text() + " (the type of " + aRole + "), found " + b.text());
        return false;
    }

    static boolean sameShape(OpCheck op, String constraint, TensorType a, String aRole, TensorType b, String bRole) {
        if (Types.shapesMatch(a, b)) return true;
        op.fail(constraint, "expected " + bRole + " of shape " + Types.dims(a.shape()) + " (the shape of " + aRole + "), found "
                + Types.dims(b.shape()) + " in " + b.text());
        return false;
    }

    static boolean sameElement(OpCheck op, String constraint, TensorType a, String aRole, TensorType b, String bRole) {
        if (Types.elementsMatch(a.elementType(), b.elementType())) return true;
        op.fail(constraint, "expected " + bRole + " element type " + a.elementType().text() + " (that of " + aRole + "), found "
                + b.elementType().text() + " in " + b.text());
        return false;
    }

    private static void abs(OpCheck op) { toComponent(op, ElementKinds.SIGNED_NUMERIC); }

    private static void realOrImag(OpCheck op) { toComponent(op, ElementKinds.FLOAT_OR_COMPLEX); }

    /** abs, real and imag: an operand of {@code kinds}, a result of its shape and of its (component) element type. */
    private static void toComponent(OpCheck op, ElementKinds kinds) {
        op.operandCount(1);
        op.resultCount(1);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType result = op.resultTensor(0, "result");
        op.elementKind(operand, "(I1)", "operand", kinds);
        sameShape(op, "(C1)", operand, "operand", result, "result");
        componentElement(op, "(C2)", operand, result);
    }

    /** The result element is the operand's, or the component type of a complex operand. */
    private static void componentElement(OpCheck op, String constraint, TensorType operand, TensorType result) {
        Optional<ElementType> in = Types.element(operand), out = Types.element(result);
        if (in.isEmpty() || out.isEmpty()) return;
        ElementType expected = Types.isComplex(in.get()) ? Types.complexComponent(in.get()) : in.get();
        if (out.get() != expected) {
            op.fail(constraint, "expected result element type " + expected + " for operand " + operand.text() + ", found " + result.text());
        }
    }

    private static void compare(OpCheck op) {
        op.operandCount(2);
        op.resultCount(1);
        TensorType lhs = op.operandTensor(0, "(I1)", "lhs");
        TensorType rhs = op.operandTensor(1, "(I2)", "rhs");
        TensorType result = op.resultTensor(0, "result");
        sameElement(op, "(C1)", lhs, "lhs", rhs, "rhs");
        if (sameShape(op, "(C2)", lhs, "lhs", rhs, "rhs")) sameShape(op, "(C2)", lhs, "lhs", result, "result");
        op.elementKind(result, "", "result", "i1", Types::isBool);
        Attribute dir = op.attribute("comparison_direction").orElseThrow(() -> op.abort("(I3)", "missing attribute 'comparison_direction'"));
        if (!(dir instanceof Attribute.EnumAttr e && e.value() instanceof StablehloEnum.ComparisonDirection)
                && !(dir instanceof Attribute.OpaqueAttr)) {
            op.fail("(I3)", "comparison_direction must be one of EQ, NE, GE, GT, LE, LT, found " + dir.text());
        }
        Optional<Attribute> ct = op.attribute("compare_type");
        Optional<ElementType> le = Types.element(lhs);
        if (ct.isEmpty() || le.isEmpty() || !(ct.get() instanceof Attribute.EnumAttr ea && ea.value() instanceof ComparisonType type)) return;
        if (type == ComparisonType.NOTYPE) return;
        ElementType e = le.get();
        boolean ok = switch (e.kind()) {
            case SIGNED -> type == ComparisonType.SIGNED;
            case UNSIGNED, BOOL -> type == ComparisonType.UNSIGNED;
            case FLOAT -> type == ComparisonType.FLOAT || type == ComparisonType.TOTALORDER;
            case COMPLEX -> type == ComparisonType.FLOAT;
        };
        if (!ok) {
            String expected = switch (e.kind()) {
                case SIGNED -> "SIGNED";
                case UNSIGNED, BOOL -> "UNSIGNED";
                case FLOAT -> "FLOAT or TOTALORDER";
                case COMPLEX -> "FLOAT";
            };
            op.fail("(C3)", "compare_type for element type " + e + " must be " + expected + ", found " + type.name());
        }
    }

    private static void select(OpCheck op) {
        op.operandCount(3);
        op.resultCount(1);
        TensorType pred = op.operandTensor(0, "(I1)", "pred");
        TensorType onTrue = op.operandTensor(1, "(I2)", "on_true");
        TensorType onFalse = op.operandTensor(2, "(I3)", "on_false");
        TensorType result = op.resultTensor(0, "result");
        op.elementKind(pred, "(I1)", "pred", ElementKinds.BOOL);
        if (pred.rank() != 0 && !Types.shapesMatch(pred, onTrue)) {
            op.fail("(C1)", "pred must be rank 0 or have the shape of on_true " + Types.dims(onTrue.shape()) + ", found " + pred.text());
        }
        if (sameType(op, "(C2)", onTrue, "on_true", onFalse, "on_false")) sameType(op, "(C2)", onTrue, "on_true", result, "result");
    }

    private static void clamp(OpCheck op) {
        op.operandCount(3);
        op.resultCount(1);
        TensorType min = op.operandTensor(0, "(I1)", "min");
        TensorType operand = op.operandTensor(1, "(I2)", "operand");
        TensorType max = op.operandTensor(2, "(I3)", "max");
        TensorType result = op.resultTensor(0, "result");
        if (min.rank() != 0 && !Types.shapesMatch(min, operand)) {
            op.fail("(C1)", "min must be rank 0 or have the shape of operand " + Types.dims(operand.shape()) + ", found " + min.text());
        }
        if (max.rank() != 0 && !Types.shapesMatch(max, operand)) {
            op.fail("(C2)", "max must be rank 0 or have the shape of operand " + Types.dims(operand.shape()) + ", found " + max.text());
        }
        if (sameElement(op, "(C3)", operand, "operand", min, "min")) sameElement(op, "(C3)", operand, "operand", max, "max");
        sameType(op, "(C4)", operand, "operand", result, "result");
    }

    private static void convert(OpCheck op) {
        op.operandCount(1);
        op.resultCount(1);
        sameShape(op, "(C1)", op.operandTensor(0, "(I1)", "operand"), "operand", op.resultTensor(0, "result"), "result");
    }

    private static void bitcastConvert(OpCheck op) {
        op.operandCount(1);
        op.resultCount(1);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType result = op.resultTensor(0, "result");
        Optional<ElementType> in = Types.element(operand), out = Types.element(result);
        if (in.isEmpty() || out.isEmpty()) return;
        int bitsIn = in.get().bitWidth(), bitsOut = out.get().bitWidth();
        long[] s = operand.shape(), t = result.shape();
        int rank = s.length;
        if (bitsIn == bitsOut) {
            sameShape(op, "(C1)", operand, "operand", result, "result");
        } else if (bitsOut < bitsIn) {
            boolean ok = t.length == rank + 1 && prefixMatches(s, t, rank) && Types.dimsMatch(t[rank], bitsIn / bitsOut) && bitsIn % bitsOut == 0;
            if (!ok) {
                op.fail("(C1)", "bitcast from " + in.get() + " to narrower " + out.get() + " needs result shape "
                        + Types.dims(append(s, bitsIn / bitsOut)) + ", found " + result.text());
            }
        } else {
            boolean ok = rank >= 1 && t.length == rank - 1 && prefixMatches(t, s, rank - 1)
                    && Types.dimsMatch(s[rank - 1], bitsOut / bitsIn) && bitsOut % bitsIn == 0;
            if (!ok) {
                op.fail("(C1)", "bitcast from " + in.get() + " to wider " + out.get() + " needs an operand whose last dimension is "
                        + bitsOut / bitsIn + " and a result of the other dimensions, found " + operand.text() + " -> " + result.text());
            }
        }
        if (Types.isComplex(in.get()) != Types.isComplex(out.get())) {
            op.fail("(C2)", "operand and result must both be complex or both not, found " + operand.text() + " -> " + result.text());
        }
    }

    private static boolean prefixMatches(long[] a, long[] b, int n) {
        if (a.length < n || b.length < n) return false;
        for (int i = 0; i < n; i++) if (!Types.dimsMatch(a[i], b[i])) return false;
        return true;
    }

    private static long[] append(long[] s, long d) {
        long[] out = java.util.Arrays.copyOf(s, s.length + 1);
        out[s.length] = d;
        return out;
    }

    private static void complex(OpCheck op) {
        op.operandCount(2);
        op.resultCount(1);
        TensorType lhs = op.operandTensor(0, "(I1)", "lhs");
        TensorType rhs = op.operandTensor(1, "(I2)", "rhs");
        TensorType result = op.resultTensor(0, "result");
        op.elementKind(lhs, "(I1)", "lhs", ElementKinds.F32_OR_F64);
        sameType(op, "(C1)", lhs, "lhs", rhs, "rhs");
        sameShape(op, "(C2)", lhs, "lhs", result, "result");
        Optional<ElementType> in = Types.element(lhs), out = Types.element(result);
        if (in.isPresent() && out.isPresent()) {
            ElementType expected = in.get() == ElementType.F64 ? ElementType.COMPLEX_F64 : ElementType.COMPLEX_F32;
            if (Types.isFloat(in.get()) && out.get() != expected) {
                op.fail("(C3)", "expected result element type " + expected + " for lhs " + lhs.text() + ", found " + result.text());
            }
        }
    }

    private static void isFinite(OpCheck op) {
        op.operandCount(1);
        op.resultCount(1);
        TensorType x = op.operandTensor(0, "(I1)", "x");
        TensorType y = op.resultTensor(0, "y");
        op.elementKind(x, "(I1)", "x", ElementKinds.FLOAT);
        sameShape(op, "(C1)", x, "x", y, "y");
        op.elementKind(y, "", "y", "i1", Types::isBool);
    }

    private static void reducePrecision(OpCheck op) {
        op.operandCount(1);
        op.resultCount(1);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType output = op.resultTensor(0, "output");
        op.elementKind(operand, "(I1)", "operand", ElementKinds.FLOAT);
        sameType(op, "(C1)", operand, "operand", output, "output");
        long exponentBits = op.integer("exponent_bits", "(I2)");
        long mantissaBits = op.integer("mantissa_bits", "(I3)");
        if (exponentBits < 1) op.fail("(C2)", "exponent_bits must be at least 1, found " + exponentBits);
        if (mantissaBits < 0) op.fail("(C3)", "mantissa_bits must be non-negative, found " + mantissaBits);
    }
}
