package dev.switchyard.compiler.lower;

import dev.switchyard.compiler.autodiff.Vjp;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.hlo.ir.Block;
import dev.switchyard.hlo.ir.OpBuilder;
import dev.switchyard.hlo.ir.Region;
import dev.switchyard.hlo.ir.StablehloEnum.ComparisonDirection;
import dev.switchyard.hlo.ir.Value;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.List;

/**
 * Random numbers from the explicit key input (u32[2]) with a counter-based hash, so a run is a pure
 * function of its inputs and every backend (the reference interpreter included, which has no
 * {@code rng_bit_generator}) draws the same numbers. For element number {@code i} (row-major) of a
 * call site with stream id {@code s}:
 * <pre>
 *   salt = mix(s·0x85EBCA6B + 0x27D4EB2F)                  (at compile time)
 *   bits = mix(mix((i·0x9E3779B9) xor key[0]) xor (key[1] + salt))
 *   u    = (bits >> 8) · 2^-24                               uniform on [0, 1)
 * </pre>
 * all in wrapping u32 arithmetic, where {@code mix} is the "lowbias32" integer finaliser
 * (x ^= x>>16; x *= 0x7FEB352D; x ^= x>>15; x *= 0x846CA68B; x ^= x>>16).
 */
final class RandomLowering {
    private RandomLowering() {}

    static final long GOLDEN = 0x9E3779B9L;

    static Value uniform(Node n, LoweringContext cx) {
        Attrs.RandomUniform a = (Attrs.RandomUniform) n.attrs();
        StablehloOps o = cx.ops();
        long[] s = LoweringContext.shape(n.type());
        Value u = unit(o, cx.operand(n, 0), a.stream(), s);
        Value scaled = o.withScalar("add", o.withScalar("multiply", u, a.high() - a.low()), a.low());
        return o.convert(scaled, LoweringContext.element(n.type().elem()));
    }

    static Value bernoulli(Node n, LoweringContext cx) {
        Attrs.RandomBernoulli a = (Attrs.RandomBernoulli) n.attrs();
        StablehloOps o = cx.ops();
        long[] s = LoweringContext.shape(n.type());
        Value u = unit(o, cx.operand(n, 0), a.stream(), s);
        Value hit = o.compare(ComparisonDirection.LT, u, o.constant(a.p(), ElementType.F32, s));
        return IndexLowering.hitTo(o, hit, LoweringContext.element(n.type().elem()));
    }

    /**
     * When training: keep with probability 1 − rate, scaled by 1/(1 − rate); otherwise the input.
     * The mask is drawn inside a {@code stablehlo.if} on the training flag, so a forward run with
     * training false does none of the hashing (for the interpreter most of a bf16 Switch
     * forward's non-matmul work; XLA skips the branch too). The train step binds the flag to a
     * constant true, which XLA folds; the values are those of the unconditional form.
     */
    static Value dropout(Node n, LoweringContext cx) {
        Attrs.Dropout a = (Attrs.Dropout) n.attrs();
        Value x = cx.operandAsResult(n, 0);
        if (a.rate() == 0) return x;
        StablehloOps o = cx.ops();
        Value key = cx.operand(n, 1);
        Value training = o.reshape(cx.operand(n, 2));
        Block onTrue = new Block(List.of());
        StablehloOps t = new StablehloOps(new OpBuilder(onTrue));
        t.builder().op("stablehlo.return").operands(masked(t, x, key, a)).build();
        Block onFalse = new Block(List.of());
        new OpBuilder(onFalse).op("stablehlo.return").operands(x).build();
        return o.builder().op("stablehlo.if").operands(training).region(Region.of(onTrue)).region(Region.of(onFalse))
                .result(x.type()).value();
    }

    /** x with each element kept with probability 1 − rate (scaled by 1/(1 − rate)) or zeroed. */
    private static Value masked(StablehloOps o, Value x, Value key, Attrs.Dropout a) {
        long[] s = StablehloOps.shape(x);
        ElementType e = StablehloOps.elem(x);
        Value u = unit(o, key, a.stream(), s);
        Value keep = o.compare(ComparisonDirection.GE, u, o.constant(a.rate(), ElementType.F32, s));
        Value kept = a.rate() >= 1 ? o.constant(0, e, s) : o.withScalar("multiply", x, 1 / (1 - a.rate()));
        return o.select(keep, kept, o.constant(0, e, s));
    }

    /** f32 uniform numbers on [0, 1) of shape {@code s} for call site {@code stream}. */
    static Value unit(StablehloOps o, Value key, long stream, long[] s) {
        long count = 1;
        for (long d : s) count *= d;
        Value k = o.convert(key, ElementType.UI32);
        Value k0 = o.splat(o.reshape(o.sliceDim(k, 0, 0, 1)), count);
        Value k1 = o.splat(o.reshape(o.sliceDim(k, 0, 1, 1)), count);
        long salt = mix32((stream * 0x85EBCA6BL + 0x27D4EB2FL) & 0xFFFFFFFFL);
        Value i = o.iota(0, ElementType.UI32, count);
        Value x = o.binary("xor", o.mul(i, u32(o, GOLDEN, count)), k0);
        x = mix(o, x, count);
        x = o.binary("xor", x, o.add(k1, u32(o, salt, count)));
        x = mix(o, x, count);
        Value top24 = o.binary("shift_right_logical", x, u32(o, 8, count));
        Value u = o.withScalar("multiply", o.convert(top24, ElementType.F32), Math.scalb(1.0, -24));
        return o.reshape(u, s);
    }

    private static Value mix(StablehloOps o, Value x, long count) {
        x = o.binary("xor", x, o.binary("shift_right_logical", x, u32(o, 16, count)));
        x = o.mul(x, u32(o, 0x7FEB352DL, count));
        x = o.binary("xor", x, o.binary("shift_right_logical", x, u32(o, 15, count)));
        x = o.mul(x, u32(o, 0x846CA68BL, count));
        return o.binary("xor", x, o.binary("shift_right_logical", x, u32(o, 16, count)));
    }

    private static Value u32(StablehloOps o, long v, long count) { return o.constantBits(v, ElementType.UI32, count); }

    /** The same finaliser on the host, for compile-time salts (and tests). */
    static long mix32(long v) {
        int x = (int) v;
        x ^= x >>> 16;
        x *= 0x7FEB352D;
        x ^= x >>> 15;
        x *= 0x846CA68B;
        x ^= x >>> 16;
        return x & 0xFFFFFFFFL;
    }

    // ---- vector-Jacobian products -------------------------------------------------------------

    /** Random numbers depend only on the key: no cotangent. */
    static void randomVjp(Node n, Vjp cx) { }

    /**
     * dropout is linear in x with the same mask: the cotangent goes through a dropout with the same
     * key, stream and training flag, which draws the same numbers (they depend on the key, the stream
     * and the element position only).
     */
    static void dropoutVjp(Node n, Vjp cx) {
        if (cx.needs(n, 0)) {
            cx.add(n, 0, cx.node(Primitive.DROPOUT, n.attrs(), cx.cot(n), Vjp.operand(n, 1), Vjp.operand(n, 2)));
        }
    }

    /** The family's entry points (reached from {@link GraphLowering} by the primitive's group). */
    static Value lower(Node n, LoweringContext cx) {
        return switch (n.op()) {
            case RANDOM_UNIFORM -> uniform(n, cx);
            case RANDOM_BERNOULLI -> bernoulli(n, cx);
            case DROPOUT -> dropout(n, cx);
            default -> throw new IllegalStateException("not a random primitive: " + n.op());
        };
    }

    static void vjp(Node n, Vjp cx) {
        if (n.op() == Primitive.DROPOUT) dropoutVjp(n, cx);
        else randomVjp(n, cx);
    }
}
