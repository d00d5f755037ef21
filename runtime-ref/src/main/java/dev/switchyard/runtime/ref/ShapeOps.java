package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.runtime.ref.kernel.GatherScatter;
import dev.switchyard.runtime.ref.kernel.Layout;
import dev.switchyard.runtime.ref.kernel.Shapes;
import dev.switchyard.runtime.ref.kernel.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Ops that create tensors or move elements: constant, iota, broadcast, reshape, slices, gather, scatter, tuples. */
final class ShapeOps {
    private ShapeOps() {}

    static void register(Map<String, OpEvaluator> r) {
        r.put("stablehlo.constant", ShapeOps::constant);
        r.put("stablehlo.iota", (op, in, it) -> Interpreter.one(Layout.iota(Attrs.resultElementType(op, 0),
                Attrs.resultShape(op, 0), (int) Attrs.integer(op, "iota_dimension"))));
        r.put("stablehlo.dynamic_iota", (op, in, it) -> Interpreter.one(Layout.iota(Attrs.resultElementType(op, 0),
                Attrs.resultShape(op, 0), (int) Attrs.integer(op, "iota_dimension"))));
        r.put("stablehlo.broadcast_in_dim", ShapeOps::broadcastInDim);
        r.put("stablehlo.dynamic_broadcast_in_dim", ShapeOps::broadcastInDim);
        r.put("stablehlo.broadcast", (op, in, it) -> {
            Tensor x = Interpreter.tensor(op, in, 0);
            int[] sizes = Attrs.ints(op, "broadcast_sizes");
            int[] dims = new int[x.rank()];
            for (int i = 0; i < dims.length; i++) dims[i] = sizes.length + i;
            return Interpreter.one(Layout.broadcastInDim(x, Shapes.concat(sizes, x.shape()), dims));
        });
        r.put("stablehlo.reshape", ShapeOps::reshape);
        r.put("stablehlo.dynamic_reshape", ShapeOps::reshape);
        r.put("stablehlo.transpose", (op, in, it) -> Interpreter.one(Layout.transpose(Interpreter.tensor(op, in, 0), Attrs.ints(op, "permutation"))));
        r.put("stablehlo.slice", (op, in, it) -> {
            Tensor x = Interpreter.tensor(op, in, 0);
            int[] ones = new int[x.rank()];
            java.util.Arrays.fill(ones, 1);
            return Interpreter.one(Layout.slice(x, Attrs.ints(op, "start_indices"), Attrs.ints(op, "limit_indices"), Attrs.intsOr(op, "strides", ones)));
        });
        r.put("stablehlo.dynamic_slice", (op, in, it) -> {
            Tensor x = Interpreter.tensor(op, in, 0);
            return Interpreter.one(Layout.dynamicSlice(x, scalars(op, in, 1), Attrs.ints(op, "slice_sizes")));
        });
        r.put("stablehlo.dynamic_update_slice", (op, in, it) -> Interpreter.one(Layout.dynamicUpdateSlice(
                Interpreter.tensor(op, in, 0), Interpreter.tensor(op, in, 1), scalars(op, in, 2))));
        r.put("stablehlo.concatenate", (op, in, it) -> Interpreter.one(Layout.concatenate(
                Interpreter.tensors(op, in, 0, in.size()), (int) Attrs.integer(op, "dimension"))));
        r.put("stablehlo.pad", (op, in, it) -> Interpreter.one(Layout.pad(Interpreter.tensor(op, in, 0), Interpreter.tensor(op, in, 1),
                Attrs.ints(op, "edge_padding_low"), Attrs.ints(op, "edge_padding_high"), Attrs.ints(op, "interior_padding"))));
        r.put("stablehlo.dynamic_pad", (op, in, it) -> Interpreter.one(Layout.pad(Interpreter.tensor(op, in, 0), Interpreter.tensor(op, in, 1),
                ints(Interpreter.tensor(op, in, 2)), ints(Interpreter.tensor(op, in, 3)), ints(Interpreter.tensor(op, in, 4)))));
        r.put("stablehlo.reverse", (op, in, it) -> Interpreter.one(Layout.reverse(Interpreter.tensor(op, in, 0), Attrs.ints(op, "dimensions"))));
        r.put("stablehlo.gather", (op, in, it) -> gather(op, in, Attrs.ints(op, "slice_sizes")));
        r.put("stablehlo.dynamic_gather", (op, in, it) -> gather(op, in, ints(Interpreter.tensor(op, in, 2))));
        r.put("stablehlo.scatter", ShapeOps::scatter);
        r.put("stablehlo.get_dimension_size", (op, in, it) -> {
            Tensor x = Interpreter.tensor(op, in, 0);
            int dim = (int) Attrs.integer(op, "dimension");
            return Interpreter.one(Tensor.ofLongs(ElementType.I32, new int[0], new long[] {x.dim(dim)}));
        });
        r.put("stablehlo.tuple", (op, in, it) -> List.of(new RuntimeValue.Tuple(in)));
        r.put("stablehlo.get_tuple_element", (op, in, it) -> {
            if (!(in.getFirst() instanceof RuntimeValue.Tuple t)) throw new InterpretException(op, "operand is not a tuple");
            return List.of(t.elements().get((int) Attrs.integer(op, "index")));
        });
        r.put("stablehlo.optimization_barrier", (op, in, it) -> in);
    }

    /**
     * The hot shape ops with their attributes read once per op ({@link OpPreparer}); a constant's
     * or an iota's tensor is made on the first run and kept by its evaluator (tensors are
     * immutable), so later runs neither decode nor look it up.
     */
    static void prepare(Map<String, OpPreparer> p) {
        p.put("stablehlo.constant", op -> {
            Attribute value = Attrs.required(op, "value");
            if (value instanceof Attribute.DenseElementsAttr d && d.isSplat() && d.type().elementCount() > CACHED_SPLAT_MAX) {
                int[] shape = Shapes.toInts(d.type().shape());
                return once(op, (o, it) -> Tensor.fromHost(d.data()), t -> t.splat(shape));
            }
            return once(op, (o, it) -> Attrs.denseTensor(o, value), t -> t);
        });
        p.put("stablehlo.iota", op -> {
            ElementType type = Attrs.resultElementType(op, 0);
            int[] shape = Attrs.resultShape(op, 0);
            int dim = (int) Attrs.integer(op, "iota_dimension");
            return once(op, (o, it) -> Layout.iota(type, shape, dim), t -> t);
        });
        p.put("stablehlo.broadcast_in_dim", op -> {
            int[] shape = Attrs.resultShape(op, 0), dims = Attrs.ints(op, "broadcast_dimensions");
            return (o, in, it) -> Interpreter.one(Layout.broadcastInDim(Interpreter.tensor(o, in, 0), shape, dims));
        });
        p.put("stablehlo.reshape", op -> {
            int[] shape = Attrs.resultShape(op, 0);
            return (o, in, it) -> Interpreter.one(Interpreter.tensor(o, in, 0).reshaped(shape));
        });
        p.put("stablehlo.transpose", op -> {
            int[] permutation = Attrs.ints(op, "permutation");
            return (o, in, it) -> Interpreter.one(Layout.transpose(Interpreter.tensor(o, in, 0), permutation));
        });
        p.put("stablehlo.slice", op -> {
            int[] start = Attrs.ints(op, "start_indices"), limit = Attrs.ints(op, "limit_indices");
            int[] strides = Attrs.intsOpt(op, "strides").orElse(null);
            return (o, in, it) -> {
                Tensor x = Interpreter.tensor(o, in, 0);
                int[] s = strides;
                if (s == null) {
                    s = new int[x.rank()];
                    java.util.Arrays.fill(s, 1);
                }
                return Interpreter.one(Layout.slice(x, start, limit, s));
            };
        });
    }

    /** What a kernel needs to make a tensor of attributes alone. */
    private interface Maker { Tensor make(Operation op, Interpreter it); }

    /**
     * An evaluator that makes its tensor on the first run and hands out {@code view} of it after.
     * Concurrent first runs may both make it; either result is the same immutable tensor.
     */
    private static OpEvaluator once(Operation op, Maker maker, java.util.function.UnaryOperator<Tensor> view) {
        return new OpEvaluator() {
            private volatile Tensor made;

            @Override public List<RuntimeValue> evaluate(Operation o, List<RuntimeValue> in, Interpreter it) {
                Tensor t = made;
                if (t == null) {
                    t = maker.make(o, it);
                    it.constants().pin(t); // handed out on every execute: never written in place
                    made = t;
                }
                return Interpreter.one(view.apply(t));
            }
        };
    }

    /** Splats bigger than this are kept as their one element and filled on each use. */
    private static final int CACHED_SPLAT_MAX = 1 << 16;

    /**
     * A constant, decoded once per executable. A large splat (a random-bits module has dozens of
     * {@code dense<16> : tensor<1572864xui32>}) is cached as its scalar and handed out as a splat
     * ({@link Tensor#splat}): kernels that take a splat operand never fill it, and a fill by one
     * that cannot is garbage after the op instead of held for the executable's life.
     */
    private static List<RuntimeValue> constant(Operation op, List<RuntimeValue> in, Interpreter it) {
        Attribute value = Attrs.required(op, "value");
        if (value instanceof Attribute.DenseElementsAttr d && d.isSplat() && d.type().elementCount() > CACHED_SPLAT_MAX) {
            Tensor scalar = it.constants().get(op, c -> Tensor.fromHost(d.data()));
            return Interpreter.one(scalar.splat(Shapes.toInts(d.type().shape())));
        }
        return Interpreter.one(it.constants().get(op, c -> Attrs.denseTensor(c, value)));
    }

    private static List<RuntimeValue> broadcastInDim(Operation op, List<RuntimeValue> in, Interpreter it) {
        return Interpreter.one(Layout.broadcastInDim(Interpreter.tensor(op, in, 0), Attrs.resultShape(op, 0), Attrs.ints(op, "broadcast_dimensions")));
    }

    private static List<RuntimeValue> reshape(Operation op, List<RuntimeValue> in, Interpreter it) {
        return Interpreter.one(Interpreter.tensor(op, in, 0).reshaped(Attrs.resultShape(op, 0)));
    }

    /** Start indices given as one scalar operand per dimension, from operand {@code from} on. */
    private static long[] scalars(Operation op, List<RuntimeValue> in, int from) {
        long[] out = new long[in.size() - from];
        for (int i = 0; i < out.length; i++) {
            Tensor t = Interpreter.tensor(op, in, from + i);
            if (t.size() != 1) throw new InterpretException(op, "start index " + i + " must be a scalar, found " + t);
            out[i] = t.getLong(0);
        }
        return out;
    }

    private static int[] ints(Tensor t) {
        int[] out = new int[t.size()];
        for (int i = 0; i < out.length; i++) out[i] = Math.toIntExact(t.getLong(i));
        return out;
    }

    private static List<RuntimeValue> gather(Operation op, List<RuntimeValue> in, int[] sliceSizes) {
        Tensor operand = Interpreter.tensor(op, in, 0), indices = Interpreter.tensor(op, in, 1);
        if (!(Attrs.required(op, "dimension_numbers") instanceof Attribute.GatherDimensionNumbers g)) {
            throw new InterpretException(op, "dimension_numbers must be #stablehlo.gather<...>");
        }
        var dims = new GatherScatter.GatherDims(Attrs.toInts(g.offsetDims()), Attrs.toInts(g.collapsedSliceDims()),
                Attrs.toInts(g.operandBatchingDims()), Attrs.toInts(g.startIndicesBatchingDims()), Attrs.toInts(g.startIndexMap()),
                (int) g.indexVectorDim());
        int[] shape = GatherScatter.gatherShape(indices.shape(), dims, sliceSizes);
        return Interpreter.one(Interpreter.checked(op, 0, GatherScatter.gather(operand, indices, dims, sliceSizes, shape)));
    }

    private static List<RuntimeValue> scatter(Operation op, List<RuntimeValue> in, Interpreter it) {
        int n = (in.size() - 1) / 2;
        List<Tensor> inputs = Interpreter.tensors(op, in, 0, n);
        Tensor indices = Interpreter.tensor(op, in, n);
        List<Tensor> updates = Interpreter.tensors(op, in, n + 1, in.size());
        if (!(Attrs.required(op, "scatter_dimension_numbers") instanceof Attribute.ScatterDimensionNumbers s)) {
            throw new InterpretException(op, "scatter_dimension_numbers must be #stablehlo.scatter<...>");
        }
        var dims = new GatherScatter.ScatterDims(Attrs.toInts(s.updateWindowDims()), Attrs.toInts(s.insertedWindowDims()),
                Attrs.toInts(s.inputBatchingDims()), Attrs.toInts(s.scatterIndicesBatchingDims()),
                Attrs.toInts(s.scatterDimsToOperandDims()), (int) s.indexVectorDim());
        List<Tensor> out = GatherScatter.scatter(inputs, indices, updates, dims, it.scalarFunction(op.region(0), it.currentScope()),
                Interpreter.knownBinaryBody(op.region(0)));
        List<Tensor> typed = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) typed.add(Interpreter.checked(op, i, out.get(i)));
        return Interpreter.all(typed);
    }
}
