package dev.switchyard.compiler.lower;

import dev.switchyard.dsl.graph.Node;
import dev.switchyard.hlo.ir.StablehloEnum.ComparisonDirection;
import dev.switchyard.hlo.ir.Value;
import dev.switchyard.hlo.tensor.ElementType;

/**
 * Elementwise primitives. Ops StableHLO has are one op; activations are composed from them. GELU,
 * SiLU and erf are computed in f32 when the tensor is a 16-bit float, since their polynomial and
 * exponential parts lose most of their digits in bf16.
 */
final class ElementwiseLowering {
    private ElementwiseLowering() {}

    static Value unary(Node n, LoweringContext cx) {
        StablehloOps o = cx.ops();
        Value x = cx.operandAsResult(n, 0);
        return switch (n.op()) {
            case NEG -> o.unary("negate", x);
            case EXP -> o.unary("exponential", x);
            case LOG -> o.unary("log", x);
            case SQRT -> o.unary("sqrt", x);
            case RSQRT -> o.unary("rsqrt", x);
            case TANH -> o.unary("tanh", x);
            case ABS -> o.unary("abs", x);
            case NOT -> o.unary("not", x);
            case SIGMOID -> o.unary("logistic", x);
            case RELU -> o.max(x, o.constant(0, StablehloOps.elem(x), StablehloOps.shape(x)));
            case STOP_GRADIENT -> x;
            case CONVERT -> o.convert(x, LoweringContext.element(n.type().elem()));
            case ERF -> inF32(o, x, ElementwiseLowering::erf);
            case GELU_EXACT -> inF32(o, x, ElementwiseLowering::geluExact);
            case GELU_TANH -> inF32(o, x, ElementwiseLowering::geluTanh);
            case SILU -> inF32(o, x, (ops, v) -> ops.mul(v, ops.unary("logistic", v)));
            default -> throw new IllegalStateException("not an elementwise unary primitive: " + n.op());
        };
    }

    static Value binary(Node n, LoweringContext cx) {
        StablehloOps o = cx.ops();
        Value x = cx.operandAsResult(n, 0);
        Value y = cx.operandAsResult(n, 1);
        return switch (n.op()) {
            case ADD -> o.add(x, y);
            case SUB -> o.sub(x, y);
            case MUL -> o.mul(x, y);
            case DIV -> o.div(x, y);
            case REM -> o.binary("remainder", x, y);
            case MAX -> o.max(x, y);
            case MIN -> o.min(x, y);
            case POW -> o.binary("power", x, y);
            case AND -> o.binary("and", x, y);
            case OR -> o.binary("or", x, y);
            default -> throw new IllegalStateException("not an elementwise binary primitive: " + n.op());
        };
    }

    static Value compare(Node n, LoweringContext cx) {
        // Comparisons keep the operands' dims; bring them to the result's dims by name.
        Value x = cx.conform(cx.operand(n, 0), cx.operandType(n, 0), n.type().dims());
        Value y = cx.conform(cx.operand(n, 1), cx.operandType(n, 1), n.type().dims());
        ComparisonDirection dir = switch (n.op()) {
            case EQ -> ComparisonDirection.EQ;
            case NE -> ComparisonDirection.NE;
            case LT -> ComparisonDirection.LT;
            case LE -> ComparisonDirection.LE;
            case GT -> ComparisonDirection.GT;
            case GE -> ComparisonDirection.GE;
            default -> throw new IllegalStateException("not a comparison: " + n.op());
        };
        return cx.ops().compare(dir, x, y);
    }

    static Value select(Node n, LoweringContext cx) {
        return cx.ops().select(cx.operandAsResult(n, 0), cx.operandAsResult(n, 1), cx.operandAsResult(n, 2));
    }

    private static Value inF32(StablehloOps o, Value x, java.util.function.BiFunction<StablehloOps, Value, Value> f) {
        ElementType e = StablehloOps.elem(x);
        boolean widen = e == ElementType.BF16 || e == ElementType.F16;
        Value y = f.apply(o, widen ? o.convert(x, ElementType.F32) : x);
        return widen ? o.convert(y, e) : y;
    }

    /** 0.5·x·(1 + erf(x/√2)). */
    private static Value geluExact(StablehloOps o, Value x) {
        Value e = erf(o, o.withScalar("multiply", x, 1 / Math.sqrt(2)));
        return o.mul(o.withScalar("multiply", x, 0.5), o.withScalar("add", e, 1));
    }

    /** 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    private static Value geluTanh(StablehloOps o, Value x) {
        Value x3 = o.mul(o.mul(x, x), x);
        Value inner = o.withScalar("multiply", o.add(x, o.withScalar("multiply", x3, 0.044715)), Math.sqrt(2 / Math.PI));
        return o.mul(o.withScalar("multiply", x, 0.5), o.withScalar("add", o.unary("tanh", inner), 1));
    }

    // erf(x) ≈ x·P(x²)/Q(x²) on [−4, 4] (clamped outside, where erf is ±1 to f32 precision): the
    // rational approximation XLA uses for f32, accurate to a few ulp.
    private static final double[] ERF_P = {-2.72614225801306e-10, 2.77068142495902e-08, -2.10102402082508e-06,
            -5.69250639462346e-05, -7.34990630326855e-04, -2.95459980854025e-03, -1.60960333262415e-02};
    private static final double[] ERF_Q = {-1.45660718464996e-05, -2.13374055278905e-04, -1.68282697438203e-03,
            -7.37332916720468e-03, -1.42647390514189e-02};

    static Value erf(StablehloOps o, Value x) {
        ElementType e = StablehloOps.elem(x);
        long[] s = StablehloOps.shape(x);
        Value c = o.builder().op("stablehlo.clamp").operands(o.constant(-4, e, s), x, o.constant(4, e, s)).result(x.type()).value();
        Value x2 = o.mul(c, c);
        Value p = horner(o, x2, ERF_P);
        Value q = horner(o, x2, ERF_Q);
        return o.div(o.mul(c, p), q);
    }

    private static Value horner(StablehloOps o, Value x, double[] coefficients) {
        ElementType e = StablehloOps.elem(x);
        long[] s = StablehloOps.shape(x);
        Value acc = o.constant(coefficients[0], e, s);
        for (int i = 1; i < coefficients.length; i++) acc = o.add(o.mul(acc, x), o.constant(coefficients[i], e, s));
        return acc;
    }
}
