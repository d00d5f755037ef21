package dev.switchyard.compiler.train;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.Block;
import dev.switchyard.hlo.ir.OpBuilder;
import dev.switchyard.hlo.ir.Region;
import dev.switchyard.hlo.ir.StablehloEnum;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.ir.Value;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.List;

/**
 * The few StableHLO ops the optimizer and the schedules need, over float tensors that the caller
 * keeps in one element type. Binary ops broadcast a scalar operand to the other's shape, so update
 * rules read like their formulas. Kept apart from the graph lowering on purpose: the optimizer is
 * emitted after the forward-backward body and needs no graph node.
 */
final class StepOps {
    private final OpBuilder b;

    StepOps(OpBuilder b) { this.b = b; }

    OpBuilder builder() { return b; }

    static Type.TensorType tensor(Value v) {
        if (v.type() instanceof Type.TensorType t) return t;
        throw new IllegalStateException("not a tensor: " + v.type());
    }

    static long[] shape(Value v) { return tensor(v).shape(); }

    static ElementType elem(Value v) {
        return tensor(v).knownElementType().orElseThrow(() -> new IllegalStateException("unmodelled element type " + v.type()));
    }

    Value constant(double value, ElementType e, long... shape) {
        HostTensor scalar = e.kind() == ElementType.Kind.FLOAT ? HostTensor.ofDoubles(e, new long[0], value)
                : HostTensor.ofLongs(e, new long[0], (long) value);
        return b.constant(Attribute.DenseElementsAttr.splat(new Type.TensorType(e, shape), scalar));
    }

    Value bool(boolean value) {
        return b.constant(Attribute.DenseElementsAttr.splat(new Type.TensorType(ElementType.I1, new long[0]),
                HostTensor.ofLongs(ElementType.I1, new long[0], value ? 1 : 0)));
    }

    /** A scalar constant of {@code like}'s element type. */
    Value scalar(double value, Value like) { return constant(value, elem(like)); }

    Value unary(String op, Value x) { return b.op("stablehlo." + op).operands(x).result(x.type()).value(); }

    private Value binary(String op, Value x, Value y) {
        long[] sx = shape(x), sy = shape(y);
        if (sx.length == 0 && sy.length > 0) x = broadcast(x, new long[0], sy);
        if (sy.length == 0 && sx.length > 0) y = broadcast(y, new long[0], sx);
        return b.op("stablehlo." + op).operands(x, y).result(x.type()).value();
    }

    Value add(Value x, Value y) { return binary("add", x, y); }
    Value sub(Value x, Value y) { return binary("subtract", x, y); }
    Value mul(Value x, Value y) { return binary("multiply", x, y); }
    Value div(Value x, Value y) { return binary("divide", x, y); }
    Value max(Value x, Value y) { return binary("maximum", x, y); }
    Value min(Value x, Value y) { return binary("minimum", x, y); }
    Value pow(Value x, Value y) { return binary("power", x, y); }
    Value sqrt(Value x) { return unary("sqrt", x); }
    Value rsqrt(Value x) { return unary("rsqrt", x); }
    Value cos(Value x) { return unary("cosine", x); }

    Value add(Value x, double c) { return add(x, scalar(c, x)); }
    Value mul(Value x, double c) { return mul(x, scalar(c, x)); }

    Value lessThan(Value x, Value y) {
        return b.op("stablehlo.compare").operands(x, y)
                .attr("comparison_direction", new Attribute.EnumAttr(StablehloEnum.ComparisonDirection.LT))
                .attr("compare_type", new Attribute.EnumAttr(StablehloEnum.ComparisonType.FLOAT))
                .result(new Type.TensorType(ElementType.I1, shape(x))).value();
    }

    Value select(Value pred, Value onTrue, Value onFalse) {
        return b.op("stablehlo.select").operands(pred, onTrue, onFalse).result(onTrue.type()).value();
    }

    Value convert(Value x, ElementType to) {
        if (elem(x) == to) return x;
        return b.op("stablehlo.convert").operands(x).result(new Type.TensorType(to, shape(x))).value();
    }

    /** {@code broadcast_in_dim}: operand dim i goes to result position {@code dims[i]}. */
    Value broadcast(Value x, long[] dims, long[] resultShape) {
        if (java.util.Arrays.equals(shape(x), resultShape)) return x;
        return b.op("stablehlo.broadcast_in_dim").operands(x).attr("broadcast_dimensions", Attribute.DenseArrayAttr.i64(dims))
                .result(new Type.TensorType(elem(x), resultShape)).value();
    }

    /** Sum over the positions {@code dims} (none: {@code x} itself). */
    Value sum(Value x, List<Integer> dims) {
        if (dims.isEmpty()) return x;
        ElementType e = elem(x);
        Type.TensorType scalar = new Type.TensorType(e, new long[0]);
        Block body = new Block(List.of(scalar, scalar));
        OpBuilder bb = new OpBuilder(body);
        Value r = bb.op("stablehlo.add").operands(body.argument(0), body.argument(1)).result(scalar).value();
        bb.op("stablehlo.return").operands(r).build();
        long[] s = shape(x);
        long[] out = new long[s.length - dims.size()];
        for (int i = 0, k = 0; i < s.length; i++) if (!dims.contains(i)) out[k++] = s[i];
        return b.op("stablehlo.reduce").operands(x, constant(0, e)).region(Region.of(body))
                .attr("dimensions", Attribute.DenseArrayAttr.i64(dims.stream().mapToLong(Integer::longValue).toArray()))
                .result(new Type.TensorType(e, out)).value();
    }

    /** Mean over the positions {@code dims}. */
    Value mean(Value x, List<Integer> dims) {
        long n = 1;
        for (int d : dims) n *= shape(x)[d];
        Value s = sum(x, dims);
        return n == 1 ? s : div(s, scalar(n, s));
    }

    /** sqrt(mean(x²)) over {@code dims}. */
    Value rms(Value x, List<Integer> dims) { return sqrt(mean(mul(x, x), dims)); }
}
