package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.StablehloEnum;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.runtime.ref.kernel.CompareSelect;
import dev.switchyard.runtime.ref.kernel.Comparison;
import dev.switchyard.runtime.ref.kernel.Conversions;
import dev.switchyard.runtime.ref.kernel.Elementwise;
import dev.switchyard.runtime.ref.kernel.Shapes;
import dev.switchyard.runtime.ref.kernel.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Elementwise ops, compare/select/clamp, conversions and {@code map}. */
final class ElementwiseOps {
    private ElementwiseOps() {}

    static void register(Map<String, OpEvaluator> r) {
        for (Elementwise.Unary u : Elementwise.Unary.values()) {
            r.put("stablehlo." + u.name().toLowerCase(), (op, in, it) ->
                    Interpreter.one(Elementwise.unary(u, Interpreter.tensor(op, in, 0), Attrs.resultElementType(op, 0))));
        }
        r.put("chlo.mulhi", (op, in, it) -> Interpreter.one(Elementwise.multiplyHigh(Interpreter.tensor(op, in, 0), Interpreter.tensor(op, in, 1))));
        for (Elementwise.Binary b : Elementwise.Binary.values()) {
            r.put("stablehlo." + b.name().toLowerCase(), (op, in, it) -> {
                Tensor x = Interpreter.tensor(op, in, 0), y = Interpreter.tensor(op, in, 1);
                return Interpreter.one(Elementwise.binary(b, x, y, Attrs.resultElementType(op, 0)));
            });
        }
        r.put("stablehlo.compare", ElementwiseOps::compare);
        r.put("stablehlo.select", (op, in, it) -> {
            if (in.size() == 3 && in.getFirst() instanceof RuntimeValue.DeferredCompare c) {
                return Interpreter.one(CompareSelect.select(c.direction(), c.type(), c.lhs(), c.rhs(),
                        Interpreter.tensor(op, in, 1), Interpreter.tensor(op, in, 2)));
            }
            return Interpreter.one(Elementwise.select(Interpreter.tensor(op, in, 0), Interpreter.tensor(op, in, 1), Interpreter.tensor(op, in, 2)));
        });
        r.put("stablehlo.clamp", (op, in, it) -> Interpreter.one(Elementwise.clamp(
                Interpreter.tensor(op, in, 0), Interpreter.tensor(op, in, 1), Interpreter.tensor(op, in, 2))));
        r.put("stablehlo.convert", (op, in, it) -> Interpreter.one(Conversions.convert(Interpreter.tensor(op, in, 0), Attrs.resultElementType(op, 0))));
        r.put("stablehlo.bitcast_convert", (op, in, it) -> Interpreter.one(Conversions.bitcastConvert(
                Interpreter.tensor(op, in, 0), Attrs.resultElementType(op, 0), Attrs.resultShape(op, 0))));
        r.put("stablehlo.reduce_precision", (op, in, it) -> Interpreter.one(Conversions.reducePrecision(
                Interpreter.tensor(op, in, 0), (int) Attrs.integer(op, "exponent_bits"), (int) Attrs.integer(op, "mantissa_bits"))));
        r.put("stablehlo.map", ElementwiseOps::map);
    }

    /** The same evaluators with the result type and comparison read once per op ({@link OpPreparer}). */
    static void prepare(Map<String, OpPreparer> p) {
        for (Elementwise.Unary u : Elementwise.Unary.values()) {
            p.put("stablehlo." + u.name().toLowerCase(), op -> {
                ElementType type = Attrs.resultElementType(op, 0);
                return (o, in, it) -> Interpreter.one(Elementwise.unary(u, Interpreter.tensor(o, in, 0), type));
            });
        }
        for (Elementwise.Binary b : Elementwise.Binary.values()) {
            p.put("stablehlo." + b.name().toLowerCase(), op -> {
                ElementType type = Attrs.resultElementType(op, 0);
                return (o, in, it) -> {
                    Tensor x = Interpreter.tensor(o, in, 0), y = Interpreter.tensor(o, in, 1);
                    // two splats give a splat result, which has no storage to write into
                    Tensor into = b == Elementwise.Binary.COMPLEX || (x.isSplat() && y.isSplat()) ? null : it.overwritable(in, type, x);
                    return Interpreter.one(Elementwise.binary(b, x, y, type, into));
                };
            });
        }
        p.put("stablehlo.convert", op -> {
            ElementType type = Attrs.resultElementType(op, 0);
            return (o, in, it) -> {
                Tensor x = Interpreter.tensor(o, in, 0);
                // an f32 master weight rounded to its bf16 parameter at its last use: round its own array
                if (Conversions.roundsWithinFloats(x.type(), type) && !x.isSplat() && it.overwritable(in, x.type(), x) == x) {
                    return Interpreter.one(Conversions.roundInto(x, type));
                }
                return Interpreter.one(Conversions.convert(x, type));
            };
        });
        p.put("stablehlo.compare", op -> {
            var dir = Comparison.Direction.valueOf(Attrs.enumOpt(op, "comparison_direction", StablehloEnum.ComparisonDirection.class).orElseThrow().name());
            var type = Comparison.Type.valueOf(Attrs.enumOpt(op, "compare_type", StablehloEnum.ComparisonType.class)
                    .orElse(StablehloEnum.ComparisonType.NOTYPE).name());
            return (o, in, it) -> Interpreter.one(Comparison.compare(dir, type, Interpreter.tensor(o, in, 0), Interpreter.tensor(o, in, 1)));
        });
    }

    /**
     * The evaluator of a compare whose only use is a select's predicate ({@link FusedPredicates}):
     * its operands and attributes, for the select to compute it element by element.
     */
    static OpEvaluator deferredCompare(Operation op) {
        var dir = Comparison.Direction.valueOf(Attrs.enumOpt(op, "comparison_direction", StablehloEnum.ComparisonDirection.class)
                .orElseThrow(() -> new InterpretException(op, "missing comparison_direction")).name());
        var type = Comparison.Type.valueOf(Attrs.enumOpt(op, "compare_type", StablehloEnum.ComparisonType.class)
                .orElse(StablehloEnum.ComparisonType.NOTYPE).name());
        return (o, in, it) -> {
            Tensor x = Interpreter.tensor(o, in, 0), y = Interpreter.tensor(o, in, 1);
            if (!Arrays.equals(x.shape(), y.shape())) throw new InterpretException(o, "compare: shapes differ: " + x + " vs " + y);
            return List.of(new RuntimeValue.DeferredCompare(dir, type, x, y));
        };
    }

    private static List<RuntimeValue> compare(Operation op, List<RuntimeValue> in, Interpreter it) {
        var dir = Attrs.enumOpt(op, "comparison_direction", StablehloEnum.ComparisonDirection.class)
                .orElseThrow(() -> new InterpretException(op, "missing comparison_direction"));
        var type = Attrs.enumOpt(op, "compare_type", StablehloEnum.ComparisonType.class).orElse(StablehloEnum.ComparisonType.NOTYPE);
        return Interpreter.one(Comparison.compare(Comparison.Direction.valueOf(dir.name()), Comparison.Type.valueOf(type.name()),
                Interpreter.tensor(op, in, 0), Interpreter.tensor(op, in, 1)));
    }

    /** {@code map}: the region on the scalars at each index (dimensions must be all of them). */
    private static List<RuntimeValue> map(Operation op, List<RuntimeValue> in, Interpreter it) {
        List<Tensor> inputs = Interpreter.tensors(op, in, 0, in.size());
        int[] shape = Attrs.resultShape(op, 0);
        ElementType type = Attrs.resultElementType(op, 0);
        var fn = it.scalarFunction(op.region(0), it.currentScope());
        Tensor out = Tensor.zeros(type, shape);
        for (int i = 0; i < Shapes.size(shape); i++) {
            List<Tensor> args = new ArrayList<>();
            for (Tensor t : inputs) args.add(t.element(i));
            out.copyElement(fn.apply(args).getFirst(), 0, i);
        }
        if (!Arrays.equals(shape, inputs.getFirst().shape())) throw new InterpretException(op, "result shape differs from the inputs'");
        return Interpreter.one(out);
    }
}
