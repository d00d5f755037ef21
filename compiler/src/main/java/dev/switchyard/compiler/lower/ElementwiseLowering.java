package dev.switchyard.compiler.lower;

import dev.switchyard.compiler.autodiff.Vjp;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.TensorType;
import dev.switchyard.hlo.ir.StablehloEnum.ComparisonDirection;
import dev.switchyard.hlo.ir.Value;
import dev.switchyard.hlo.tensor.ElementType;

/**
 * Elementwise primitives. Ops StableHLO has are one op; activations are composed from them. GELU,
 * SiLU and erf are computed in f32 when the tensor is a 16-bit float, since their polynomial and
 * exponential parts lose most of their digits in bf16; their derivatives likewise.
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
            // Goldberg's log1p: log(u)·x/(u − 1) with u = 1 + x cancels u's rounding; x itself where u rounds to 1
            case LOG1P -> {
                Value u = o.withScalar("add", x, 1);
                Value one = o.constant(1, StablehloOps.elem(x), StablehloOps.shape(x));
                Value exact = o.div(o.mul(o.unary("log", u), x), o.sub(u, one));
                yield o.select(o.compare(ComparisonDirection.EQ, u, one), x, exact);
            }
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

    // ---- vector-Jacobian products -------------------------------------------------------------

    /** d/dx of the unary op times the cotangent; integer, boolean and blocked values get none. */
    static void unaryVjp(Node n, Vjp cx) {
        if (!cx.needs(n, 0)) return;
        int x = cx.asResult(n, 0), y = n.id(), g = cx.cot(n);
        TensorType t = n.type();
        switch (n.op()) {
            case NEG -> cx.add(n, 0, cx.neg(g));
            case EXP -> cx.add(n, 0, cx.mul(g, y));
            case LOG -> cx.add(n, 0, cx.div(g, x));
            case LOG1P -> cx.add(n, 0, cx.div(g, cx.add(x, cx.constant(1, cx.type(x)))));
            case SQRT -> cx.add(n, 0, cx.div(cx.scale(g, 0.5), y));
            // d rsqrt(x) = −½ x^(−3/2) = −½ y³
            case RSQRT -> cx.add(n, 0, cx.mul(g, cx.scale(cx.mul(y, cx.mul(y, y)), -0.5)));
            case TANH -> cx.add(n, 0, cx.mul(g, cx.rsub(1, cx.mul(y, y))));
            case SIGMOID -> cx.add(n, 0, cx.mul(g, cx.mul(y, cx.rsub(1, y))));
            case RELU -> cx.add(n, 0, cx.where(cx.compare(Primitive.GT, x, cx.zerosLike(x)), g));
            case ABS -> {
                int negative = cx.compare(Primitive.LT, x, cx.zerosLike(x));
                cx.add(n, 0, cx.builder().node(Primitive.SELECT, negative, cx.neg(g), g));
            }
            case ERF, GELU_EXACT, GELU_TANH, SILU -> cx.add(n, 0, inF32(cx, g, x, t, n.op()));
            case CONVERT -> cx.add(n, 0, cx.convert(g, cx.type(x).elem()));
            // no gradient flows through: stop_gradient by definition, not on booleans
            case STOP_GRADIENT, NOT -> { }
            default -> throw new IllegalStateException("not an elementwise unary primitive: " + n.op());
        }
    }

    /** g · f'(x) for the activations, computed in f32 for 16-bit floats as their forward is. */
    private static int inF32(Vjp cx, int g, int x, TensorType t, Primitive op) {
        boolean widen = t.elem() == ElemType.BF16 || t.elem() == ElemType.F16;
        int xf = widen ? cx.convert(x, ElemType.F32) : x;
        int gf = widen ? cx.convert(g, ElemType.F32) : g;
        int d = switch (op) {
            // erf'(x) = 2/√π · exp(−x²)
            case ERF -> cx.scale(cx.unary(Primitive.EXP, cx.neg(cx.mul(xf, xf))), 2 / Math.sqrt(Math.PI));
            // Φ(x) + x·φ(x)
            case GELU_EXACT -> {
                int cdf = cx.scale(cx.add(cx.unary(Primitive.ERF, cx.scale(xf, 1 / Math.sqrt(2))), cx.constant(1, cx.type(xf))), 0.5);
                int pdf = cx.scale(cx.unary(Primitive.EXP, cx.scale(cx.mul(xf, xf), -0.5)), 1 / Math.sqrt(2 * Math.PI));
                yield cx.add(cdf, cx.mul(xf, pdf));
            }
            // ½(1 + u) + ½x(1 − u²)·√(2/π)(1 + 3·0.044715x²), u = tanh(√(2/π)(x + 0.044715x³))
            case GELU_TANH -> {
                double k = Math.sqrt(2 / Math.PI);
                int x2 = cx.mul(xf, xf);
                int inner = cx.scale(cx.add(xf, cx.scale(cx.mul(x2, xf), 0.044715)), k);
                int u = cx.unary(Primitive.TANH, inner);
                int left = cx.scale(cx.add(u, cx.constant(1, cx.type(u))), 0.5);
                int dInner = cx.scale(cx.add(cx.scale(x2, 3 * 0.044715), cx.constant(1, cx.type(x2))), k);
                yield cx.add(left, cx.mul(cx.scale(cx.mul(xf, cx.rsub(1, cx.mul(u, u))), 0.5), dInner));
            }
            // s + x·s·(1 − s), s = sigmoid(x)
            case SILU -> {
                int s = cx.unary(Primitive.SIGMOID, xf);
                yield cx.mul(s, cx.add(cx.constant(1, cx.type(s)), cx.mul(xf, cx.rsub(1, s))));
            }
            default -> throw new IllegalStateException("not an activation: " + op);
        };
        int r = cx.mul(gf, d);
        return widen ? cx.convert(r, t.elem()) : r;
    }

    static void binaryVjp(Node n, Vjp cx) {
        if (!cx.needs(n, 0) && !cx.needs(n, 1)) return;
        int a = cx.asResult(n, 0), b = cx.asResult(n, 1), y = n.id(), g = cx.cot(n);
        switch (n.op()) {
            case ADD -> {
                cx.add(n, 0, g);
                cx.add(n, 1, g);
            }
            case SUB -> {
                cx.add(n, 0, g);
                if (cx.needs(n, 1)) cx.add(n, 1, cx.neg(g));
            }
            case MUL -> {
                if (cx.needs(n, 0)) cx.add(n, 0, cx.mul(g, b));
                if (cx.needs(n, 1)) cx.add(n, 1, cx.mul(g, a));
            }
            case DIV -> {
                if (cx.needs(n, 0)) cx.add(n, 0, cx.div(g, b));
                if (cx.needs(n, 1)) cx.add(n, 1, cx.neg(cx.div(cx.mul(g, y), b)));
            }
            // rem = a − trunc(a/b)·b: ∂a = 1, ∂b = −trunc(a/b) = −(a − rem)/b
            case REM -> {
                cx.add(n, 0, g);
                if (cx.needs(n, 1)) cx.add(n, 1, cx.neg(cx.mul(g, cx.div(cx.sub(a, y), b))));
            }
            // the larger operand takes the cotangent (the first on ties)
            case MAX, MIN -> {
                int first = cx.compare(n.op() == Primitive.MAX ? Primitive.GE : Primitive.LE, a, b);
                if (cx.needs(n, 0)) cx.add(n, 0, cx.where(first, g));
                if (cx.needs(n, 1)) cx.add(n, 1, cx.whereNot(first, g));
            }
            // ∂a = b·a^(b−1), ∂b = y·log(a)
            case POW -> {
                if (cx.needs(n, 0)) {
                    int bm1 = cx.sub(b, cx.constant(1, cx.type(b)));
                    cx.add(n, 0, cx.mul(g, cx.mul(b, cx.builder().node(Primitive.POW, a, bm1))));
                }
                if (cx.needs(n, 1)) cx.add(n, 1, cx.mul(g, cx.mul(y, cx.unary(Primitive.LOG, a))));
            }
            case AND, OR -> { }
            default -> throw new IllegalStateException("not an elementwise binary primitive: " + n.op());
        }
    }

    /** Comparisons give booleans: no cotangent flows back. */
    static void compareVjp(Node n, Vjp cx) { }

    /** select(p, t, f): the cotangent goes to the branch taken; the predicate gets none. */
    static void selectVjp(Node n, Vjp cx) {
        if (!cx.needs(n, 1) && !cx.needs(n, 2)) return;
        int p = cx.asResult(n, 0), g = cx.cot(n);
        if (cx.needs(n, 1)) cx.add(n, 1, cx.where(p, g));
        if (cx.needs(n, 2)) cx.add(n, 2, cx.whereNot(p, g));
    }
}
