package dev.switchyard.compiler.lower;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.Block;
import dev.switchyard.hlo.ir.OpBuilder;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.Region;
import dev.switchyard.hlo.ir.StablehloEnum;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.ir.Value;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Emits single StableHLO ops with their result types worked out at construction (as the spec's type
 * rules say), so lowering code speaks in tensors and never spells an attribute by hand. Attribute
 * names are those of the StableHLO op definitions ({@code broadcast_dimensions}, {@code dot_dimension_numbers}, …).
 */
public final class StablehloOps {
    private final OpBuilder b;

    public StablehloOps(OpBuilder builder) { this.b = builder; }

    public OpBuilder builder() { return b; }

    // ---- types -----------------------------------------------------------------------------

    public static long[] shape(Value v) { return tensor(v).shape(); }

    public static int rank(Value v) { return tensor(v).rank(); }

    public static ElementType elem(Value v) {
        return tensor(v).knownElementType().orElseThrow(() -> new IllegalStateException("unmodelled element type " + v.type()));
    }

    public static Type.TensorType tensor(Value v) {
        if (v.type() instanceof Type.TensorType t) return t;
        throw new IllegalStateException("not a tensor: " + v.type());
    }

    public static Type.TensorType type(ElementType e, long... shape) { return new Type.TensorType(e, shape); }

    // ---- sources ---------------------------------------------------------------------------

    /** A splat constant (integers, booleans and floats; the value is rounded to the element type). */
    public Value constant(double value, ElementType e, long... shape) {
        HostTensor scalar = switch (e.kind()) {
            case FLOAT -> HostTensor.ofDoubles(e, new long[0], value);
            case BOOL -> HostTensor.ofLongs(e, new long[0], value != 0 ? 1 : 0);
            case SIGNED, UNSIGNED -> HostTensor.ofLongs(e, new long[0], (long) value);
            case COMPLEX -> throw new IllegalArgumentException("complex constants are not produced by the compiler");
        };
        return b.constant(Attribute.DenseElementsAttr.splat(type(e, shape), scalar));
    }

    /** An integer splat given exactly (for bit patterns such as u32 hash constants). */
    public Value constantBits(long value, ElementType e, long... shape) {
        return b.constant(Attribute.DenseElementsAttr.splat(type(e, shape), HostTensor.ofLongs(e, new long[0], value)));
    }

    public Value iota(int dim, ElementType e, long... shape) {
        return b.op("stablehlo.iota").attr("iota_dimension", Attribute.IntegerAttr.i64(dim)).result(type(e, shape)).value();
    }

    // ---- elementwise -----------------------------------------------------------------------

    public Value unary(String op, Value x) { return b.op("stablehlo." + op).operands(x).result(x.type()).value(); }

    public Value binary(String op, Value x, Value y) { return b.op("stablehlo." + op).operands(x, y).result(x.type()).value(); }

    public Value add(Value x, Value y) { return binary("add", x, y); }

    public Value sub(Value x, Value y) { return binary("subtract", x, y); }

    public Value mul(Value x, Value y) { return binary("multiply", x, y); }

    public Value div(Value x, Value y) { return binary("divide", x, y); }

    public Value max(Value x, Value y) { return binary("maximum", x, y); }

    public Value min(Value x, Value y) { return binary("minimum", x, y); }

    /** {@code x op c} with a splat constant of x's type. */
    public Value withScalar(String op, Value x, double c) { return binary(op, x, constant(c, elem(x), shape(x))); }

    public Value compare(StablehloEnum.ComparisonDirection dir, Value x, Value y) {
        StablehloEnum.ComparisonType ct = switch (elem(x).kind()) {
            case FLOAT, COMPLEX -> StablehloEnum.ComparisonType.FLOAT;
            case SIGNED -> StablehloEnum.ComparisonType.SIGNED;
            case UNSIGNED, BOOL -> StablehloEnum.ComparisonType.UNSIGNED;
        };
        return b.op("stablehlo.compare").operands(x, y)
                .attr("comparison_direction", new Attribute.EnumAttr(dir))
                .attr("compare_type", new Attribute.EnumAttr(ct))
                .result(type(ElementType.I1, shape(x))).value();
    }

    public Value select(Value pred, Value onTrue, Value onFalse) {
        return b.op("stablehlo.select").operands(pred, onTrue, onFalse).result(onTrue.type()).value();
    }

    public Value convert(Value x, ElementType to) {
        if (elem(x) == to) return x;
        return b.op("stablehlo.convert").operands(x).result(type(to, shape(x))).value();
    }

    // ---- shape -----------------------------------------------------------------------------

    public Value broadcastInDim(Value x, long[] dims, long... resultShape) {
        return b.op("stablehlo.broadcast_in_dim").operands(x).attr("broadcast_dimensions", Attribute.DenseArrayAttr.i64(dims))
                .result(type(elem(x), resultShape)).value();
    }

    /** A scalar (rank-0) value splatted to {@code resultShape}. */
    public Value splat(Value scalar, long... resultShape) {
        if (resultShape.length == 0) return scalar;
        return broadcastInDim(scalar, new long[0], resultShape);
    }

    public Value transpose(Value x, long[] perm) {
        boolean identity = true;
        for (int i = 0; i < perm.length; i++) identity &= perm[i] == i;
        if (identity) return x;
        long[] s = shape(x);
        long[] out = new long[perm.length];
        for (int i = 0; i < perm.length; i++) out[i] = s[(int) perm[i]];
        return b.op("stablehlo.transpose").operands(x).attr("permutation", Attribute.DenseArrayAttr.i64(perm))
                .result(type(elem(x), out)).value();
    }

    public Value reshape(Value x, long... newShape) {
        if (Arrays.equals(shape(x), newShape)) return x;
        return b.op("stablehlo.reshape").operands(x).result(type(elem(x), newShape)).value();
    }

    public Value slice(Value x, long[] start, long[] limit) {
        long[] strides = new long[start.length];
        Arrays.fill(strides, 1);
        long[] out = new long[start.length];
        for (int i = 0; i < out.length; i++) out[i] = limit[i] - start[i];
        return b.op("stablehlo.slice").operands(x)
                .attr("start_indices", Attribute.DenseArrayAttr.i64(start))
                .attr("limit_indices", Attribute.DenseArrayAttr.i64(limit))
                .attr("strides", Attribute.DenseArrayAttr.i64(strides))
                .result(type(elem(x), out)).value();
    }

    /** The slice [start, start+size) along one dim. */
    public Value sliceDim(Value x, int dim, long start, long size) {
        long[] s = shape(x);
        long[] lo = new long[s.length];
        long[] hi = s.clone();
        lo[dim] = start;
        hi[dim] = start + size;
        return slice(x, lo, hi);
    }

    public Value concatenate(List<Value> xs, int dim) {
        long[] out = shape(xs.get(0));
        out[dim] = 0;
        for (Value x : xs) out[dim] += shape(x)[dim];
        return b.op("stablehlo.concatenate").operands(xs).attr("dimension", Attribute.IntegerAttr.i64(dim))
                .result(type(elem(xs.get(0)), out)).value();
    }

    // ---- reductions ------------------------------------------------------------------------

    /** The combiner of a reduction: the op in its body, and its identity. */
    public enum Combiner {
        SUM("add"), MAX("maximum"), MIN("minimum");
        final String op;
        Combiner(String op) { this.op = op; }

        double identity(ElementType e) {
            return switch (this) {
                case SUM -> 0;
                case MAX -> lowest(e);
                case MIN -> highest(e);
            };
        }
    }

    /** {@code stablehlo.reduce} of x over {@code dims} with a single combiner. */
    public Value reduce(Value x, long[] dims, Combiner c) {
        if (dims.length == 0) return x;
        ElementType e = elem(x);
        Value init = constant(c.identity(e), e);
        Type.TensorType scalar = type(e);
        Block body = new Block(List.of(scalar, scalar));
        OpBuilder bb = new OpBuilder(body);
        Value r = bb.op("stablehlo." + c.op).operands(body.argument(0), body.argument(1)).result(scalar).value();
        bb.op("stablehlo.return").operands(r).build();
        return b.op("stablehlo.reduce").operands(x, init).region(Region.of(body))
                .attr("dimensions", Attribute.DenseArrayAttr.i64(dims))
                .result(type(e, dropDims(shape(x), dims))).value();
    }

    /**
     * Variadic {@code stablehlo.reduce}: {@code body} gets the scalar block arguments (all lhs values,
     * then all rhs values) and returns the combined scalars.
     */
    public List<Value> reduce(List<Value> xs, List<Value> inits, long[] dims,
                              BiFunction<OpBuilder, List<Value>, List<Value>> body) {
        List<Type> scalars = new ArrayList<>();
        for (Value x : xs) scalars.add(type(elem(x)));
        List<Type> args = new ArrayList<>(scalars);
        args.addAll(scalars);
        Block block = new Block(args);
        OpBuilder bb = new OpBuilder(block);
        List<Value> out = body.apply(bb, block.arguments());
        bb.op("stablehlo.return").operands(out).build();
        List<Type> results = new ArrayList<>();
        for (Value x : xs) results.add(type(elem(x), dropDims(shape(x), dims)));
        List<Value> operands = new ArrayList<>(xs);
        operands.addAll(inits);
        return b.op("stablehlo.reduce").operands(operands).region(Region.of(block))
                .attr("dimensions", Attribute.DenseArrayAttr.i64(dims)).results(results).build().results();
    }

    /** Inclusive running sum along {@code dim}: a reduce_window whose window covers the whole prefix. */
    public Value cumulativeSum(Value x, int dim) {
        long[] s = shape(x);
        ElementType e = elem(x);
        long[] window = new long[s.length];
        Arrays.fill(window, 1);
        window[dim] = s[dim];
        long[] padding = new long[2 * s.length];
        padding[2 * dim] = s[dim] - 1;
        Type.TensorType scalar = type(e);
        Block body = new Block(List.of(scalar, scalar));
        OpBuilder bb = new OpBuilder(body);
        Value r = bb.op("stablehlo.add").operands(body.argument(0), body.argument(1)).result(scalar).value();
        bb.op("stablehlo.return").operands(r).build();
        return b.op("stablehlo.reduce_window").operands(x, constant(0, e)).region(Region.of(body))
                .attr("window_dimensions", Attribute.DenseArrayAttr.i64(window))
                .attr("padding", new Attribute.DenseElementsAttr(type(ElementType.I64, s.length, 2),
                        HostTensor.ofLongs(ElementType.I64, new long[] {s.length, 2}, padding)))
                .result(x.type()).value();
    }

    /**
     * Stable {@code stablehlo.sort} along {@code dim} of several tensors, ordered by the comparator
     * built over the first tensor's pair of scalars.
     */
    public List<Value> sortDescending(List<Value> xs, int dim) {
        List<Type> args = new ArrayList<>();
        for (Value x : xs) {
            args.add(type(elem(x)));
            args.add(type(elem(x)));
        }
        Block block = new Block(args);
        OpBuilder bb = new OpBuilder(block);
        Value gt = new StablehloOps(bb).compare(StablehloEnum.ComparisonDirection.GT, block.argument(0), block.argument(1));
        bb.op("stablehlo.return").operands(gt).build();
        List<Type> results = new ArrayList<>();
        for (Value x : xs) results.add(x.type());
        return b.op("stablehlo.sort").operands(xs).region(Region.of(block))
                .attr("dimension", Attribute.IntegerAttr.i64(dim))
                .attr("is_stable", new Attribute.BoolAttr(true))
                .results(results).build().results();
    }

    // ---- contraction and indexing ----------------------------------------------------------

    /**
     * {@code stablehlo.dot_general}; the result is batch dims, then lhs free dims, then rhs free dims
     * (each in operand order), of lhs's element type.
     */
    public Value dotGeneral(Value lhs, Value rhs, long[] lhsBatch, long[] rhsBatch, long[] lhsContract, long[] rhsContract) {
        long[] ls = shape(lhs);
        long[] rs = shape(rhs);
        List<Long> out = new ArrayList<>();
        for (long d : lhsBatch) out.add(ls[(int) d]);
        for (int i = 0; i < ls.length; i++) if (!contains(lhsBatch, i) && !contains(lhsContract, i)) out.add(ls[i]);
        for (int i = 0; i < rs.length; i++) if (!contains(rhsBatch, i) && !contains(rhsContract, i)) out.add(rs[i]);
        long[] outShape = out.stream().mapToLong(Long::longValue).toArray();
        return b.op("stablehlo.dot_general").operands(lhs, rhs)
                .attr("dot_dimension_numbers", new Attribute.DotDimensionNumbers(lhsBatch, rhsBatch, lhsContract, rhsContract))
                .result(type(elem(lhs), outShape)).value();
    }

    public Value gather(Value operand, Value indices, Attribute.GatherDimensionNumbers dn, long[] sliceSizes, long[] resultShape) {
        return b.op("stablehlo.gather").operands(operand, indices)
                .attr("dimension_numbers", dn)
                .attr("slice_sizes", Attribute.DenseArrayAttr.i64(sliceSizes))
                .attr("indices_are_sorted", new Attribute.BoolAttr(false))
                .result(type(elem(operand), resultShape)).value();
    }

    /** {@code stablehlo.scatter} combining with addition. */
    public Value scatterAdd(Value operand, Value indices, Value updates, Attribute.ScatterDimensionNumbers dn) {
        ElementType e = elem(operand);
        Type.TensorType scalar = type(e);
        Block body = new Block(List.of(scalar, scalar));
        OpBuilder bb = new OpBuilder(body);
        Value r = bb.op("stablehlo.add").operands(body.argument(0), body.argument(1)).result(scalar).value();
        bb.op("stablehlo.return").operands(r).build();
        return b.op("stablehlo.scatter").operands(operand, indices, updates).region(Region.of(body))
                .attr("scatter_dimension_numbers", dn)
                .attr("indices_are_sorted", new Attribute.BoolAttr(false))
                .attr("unique_indices", new Attribute.BoolAttr(false))
                .result(operand.type()).value();
    }

    public Operation customCall(String target, Value x, List<dev.switchyard.hlo.ir.NamedAttribute> extra) {
        OpBuilder.OpSpec spec = b.op("stablehlo.custom_call").operands(x).attr("call_target_name", new Attribute.StringAttr(target));
        for (var a : extra) spec.attr(a.name(), a.value());
        return spec.result(x.type()).build();
    }

    // ---- helpers ---------------------------------------------------------------------------

    static boolean contains(long[] xs, long v) {
        for (long x : xs) if (x == v) return true;
        return false;
    }

    static long[] dropDims(long[] shape, long[] dims) {
        long[] out = new long[shape.length - dims.length];
        int k = 0;
        for (int i = 0; i < shape.length; i++) if (!contains(dims, i)) out[k++] = shape[i];
        return out;
    }

    /** The smallest value of a type (−∞ for floats), the identity of max. */
    static double lowest(ElementType e) {
        return switch (e.kind()) {
            case FLOAT, COMPLEX -> Double.NEGATIVE_INFINITY;
            case BOOL, UNSIGNED -> 0;
            case SIGNED -> -Math.pow(2, e.bitWidth() - 1);
        };
    }

    /** The largest value of a type (+∞ for floats), the identity of min. */
    static double highest(ElementType e) {
        return switch (e.kind()) {
            case FLOAT, COMPLEX -> Double.POSITIVE_INFINITY;
            case BOOL -> 1;
            case SIGNED -> Math.pow(2, e.bitWidth() - 1) - 1;
            case UNSIGNED -> new BigInteger("2").pow(e.bitWidth()).subtract(BigInteger.ONE).doubleValue();
        };
    }
}
