package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.StablehloEnum;
import dev.switchyard.runtime.ref.kernel.Convolution;
import dev.switchyard.runtime.ref.kernel.Fourier;
import dev.switchyard.runtime.ref.kernel.RandomBits;
import dev.switchyard.runtime.ref.kernel.TriangularSolve;
import dev.switchyard.runtime.ref.kernel.DotGeneral;
import dev.switchyard.runtime.ref.kernel.Reduction;
import dev.switchyard.runtime.ref.kernel.ScalarProgram;
import dev.switchyard.runtime.ref.kernel.Sorting;
import dev.switchyard.runtime.ref.kernel.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Contractions, reductions and sort: the ops whose kernels do the heavy lifting. */
final class ComputeOps {
    private ComputeOps() {}

    static void register(Map<String, OpEvaluator> r) {
        r.put("stablehlo.dot_general", ComputeOps::dotGeneral);
        r.put("stablehlo.dot", ComputeOps::dot);
        r.put("stablehlo.convolution", ComputeOps::convolution);
        r.put("stablehlo.reduce", ComputeOps::reduce);
        r.put("stablehlo.reduce_window", ComputeOps::reduceWindow);
        r.put("stablehlo.select_and_scatter", ComputeOps::selectAndScatter);
        r.put("stablehlo.sort", ComputeOps::sort);
        r.put("stablehlo.triangular_solve", (op, in, it) -> {
            var transpose = Attrs.enumOpt(op, "transpose_a", StablehloEnum.Transpose.class).orElse(StablehloEnum.Transpose.NO_TRANSPOSE);
            if (transpose == StablehloEnum.Transpose.TRANSPOSE_INVALID) throw new InterpretException(op, "transpose_a is TRANSPOSE_INVALID");
            return Interpreter.one(Interpreter.checked(op, 0, TriangularSolve.solve(Interpreter.tensor(op, in, 0), Interpreter.tensor(op, in, 1),
                    Attrs.flag(op, "left_side"), Attrs.flag(op, "lower"), Attrs.flag(op, "unit_diagonal"),
                    TriangularSolve.Op.valueOf(transpose.name()))));
        });
        r.put("stablehlo.rng_bit_generator", (op, in, it) -> {
            Tensor[] out = RandomBits.generate(Interpreter.tensor(op, in, 0), Attrs.resultElementType(op, 1), Attrs.resultShape(op, 1));
            return Interpreter.all(List.of(out[0], out[1]));
        });
        r.put("stablehlo.fft", (op, in, it) -> {
            var kind = Attrs.enumOpt(op, "fft_type", StablehloEnum.FftType.class).orElseThrow(() -> new InterpretException(op, "missing fft_type"));
            return Interpreter.one(Fourier.fft(Interpreter.tensor(op, in, 0), Fourier.Kind.valueOf(kind.name()), Attrs.ints(op, "fft_length"),
                    Attrs.resultElementType(op, 0), Attrs.resultShape(op, 0)));
        });
    }

    /** {@code dot_general} and {@code reduce} with their dimensions (and a reduce's known body) read once per op. */
    static void prepare(Map<String, OpPreparer> p) {
        p.put("stablehlo.dot_general", op -> {
            if (!(Attrs.required(op, "dot_dimension_numbers") instanceof Attribute.DotDimensionNumbers d)) throw new IllegalArgumentException();
            var dims = new DotGeneral.Dims(Attrs.toInts(d.lhsBatchingDimensions()), Attrs.toInts(d.rhsBatchingDimensions()),
                    Attrs.toInts(d.lhsContractingDimensions()), Attrs.toInts(d.rhsContractingDimensions()));
            var type = Attrs.resultElementType(op, 0);
            int[] declared = Interpreter.declaredShape(op, 0);
            return (o, in, it) -> Interpreter.one(Interpreter.checked(o, 0, declared,
                    DotGeneral.dotGeneral(Interpreter.tensor(o, in, 0), Interpreter.tensor(o, in, 1), dims, type)));
        });
        p.put("stablehlo.reduce", op -> {
            int[] dimensions = Attrs.ints(op, "dimensions");
            var body = Interpreter.knownBinaryBody(op.region(0));
            var program = body.isPresent() ? Optional.<ScalarProgram>empty() : ScalarRegions.compile(op.region(0));
            int[][] declared = new int[op.numResults()][];
            for (int i = 0; i < declared.length; i++) declared[i] = Interpreter.declaredShape(op, i);
            return (o, in, it) -> {
                int n = in.size() / 2;
                List<Tensor> out = Reduction.reduce(Interpreter.tensors(o, in, 0, n), Interpreter.tensors(o, in, n, 2 * n), dimensions,
                        it.scalarFunction(o.region(0), it.currentScope()), body, program);
                List<Tensor> typed = new ArrayList<>(out.size());
                for (int i = 0; i < out.size(); i++) typed.add(Interpreter.checked(o, i, i < declared.length ? declared[i] : null, out.get(i)));
                return Interpreter.all(typed);
            };
        });
    }

    private static List<RuntimeValue> dotGeneral(Operation op, List<RuntimeValue> in, Interpreter it) {
        if (!(Attrs.required(op, "dot_dimension_numbers") instanceof Attribute.DotDimensionNumbers d)) {
            throw new InterpretException(op, "dot_dimension_numbers must be #stablehlo.dot<...>");
        }
        var dims = new DotGeneral.Dims(Attrs.toInts(d.lhsBatchingDimensions()), Attrs.toInts(d.rhsBatchingDimensions()),
                Attrs.toInts(d.lhsContractingDimensions()), Attrs.toInts(d.rhsContractingDimensions()));
        Tensor out = DotGeneral.dotGeneral(Interpreter.tensor(op, in, 0), Interpreter.tensor(op, in, 1), dims, Attrs.resultElementType(op, 0));
        return Interpreter.one(Interpreter.checked(op, 0, out));
    }

    /** The legacy {@code dot}: contracts the last dim of lhs with the first of rhs. */
    private static List<RuntimeValue> dot(Operation op, List<RuntimeValue> in, Interpreter it) {
        Tensor lhs = Interpreter.tensor(op, in, 0), rhs = Interpreter.tensor(op, in, 1);
        var dims = new DotGeneral.Dims(new int[0], new int[0], new int[] {lhs.rank() - 1}, new int[] {0});
        return Interpreter.one(Interpreter.checked(op, 0, DotGeneral.dotGeneral(lhs, rhs, dims, Attrs.resultElementType(op, 0))));
    }

    private static List<RuntimeValue> convolution(Operation op, List<RuntimeValue> in, Interpreter it) {
        Tensor lhs = Interpreter.tensor(op, in, 0), rhs = Interpreter.tensor(op, in, 1);
        if (!(Attrs.required(op, "dimension_numbers") instanceof Attribute.ConvDimensionNumbers c)) {
            throw new InterpretException(op, "dimension_numbers must be #stablehlo.conv<...>");
        }
        int s = c.inputSpatialDimensions().length;
        var dims = new Convolution.Dims((int) c.inputBatchDimension(), (int) c.inputFeatureDimension(), Attrs.toInts(c.inputSpatialDimensions()),
                (int) c.kernelInputFeatureDimension(), (int) c.kernelOutputFeatureDimension(), Attrs.toInts(c.kernelSpatialDimensions()),
                (int) c.outputBatchDimension(), (int) c.outputFeatureDimension(), Attrs.toInts(c.outputSpatialDimensions()));
        int[] ones = new int[s];
        Arrays.fill(ones, 1);
        var window = new Convolution.Window(Attrs.intsOr(op, "window_strides", ones), Attrs.padding(op, "padding").orElse(new int[s][2]),
                Attrs.intsOr(op, "lhs_dilation", ones), Attrs.intsOr(op, "rhs_dilation", ones), Attrs.boolsOpt(op, "window_reversal", s));
        Tensor out = Convolution.convolution(lhs, rhs, dims, window, (int) Attrs.integerOr(op, "feature_group_count", 1),
                (int) Attrs.integerOr(op, "batch_group_count", 1), Attrs.resultElementType(op, 0));
        return Interpreter.one(Interpreter.checked(op, 0, out));
    }

    private static List<RuntimeValue> reduce(Operation op, List<RuntimeValue> in, Interpreter it) {
        int n = in.size() / 2;
        List<Tensor> out = Reduction.reduce(Interpreter.tensors(op, in, 0, n), Interpreter.tensors(op, in, n, 2 * n),
                Attrs.ints(op, "dimensions"), it.scalarFunction(op.region(0), it.currentScope()), Interpreter.knownBinaryBody(op.region(0)));
        return checkedAll(op, out);
    }

    private static List<RuntimeValue> reduceWindow(Operation op, List<RuntimeValue> in, Interpreter it) {
        int n = in.size() / 2;
        var window = Reduction.Window.of(Attrs.ints(op, "window_dimensions"), Attrs.intsOpt(op, "window_strides"),
                Attrs.intsOpt(op, "base_dilations"), Attrs.intsOpt(op, "window_dilations"), Attrs.padding(op, "padding"));
        List<Tensor> out = Reduction.reduceWindow(Interpreter.tensors(op, in, 0, n), Interpreter.tensors(op, in, n, 2 * n), window,
                it.scalarFunction(op.region(0), it.currentScope()), Interpreter.knownBinaryBody(op.region(0)));
        return checkedAll(op, out);
    }

    private static List<RuntimeValue> selectAndScatter(Operation op, List<RuntimeValue> in, Interpreter it) {
        Tensor operand = Interpreter.tensor(op, in, 0);
        var window = Reduction.Window.of(Attrs.ints(op, "window_dimensions"), Attrs.intsOpt(op, "window_strides"),
                Optional.empty(), Optional.empty(), Attrs.padding(op, "padding"));
        Tensor out = Reduction.selectAndScatter(operand, Interpreter.tensor(op, in, 1), Interpreter.tensor(op, in, 2), window,
                it.scalarFunction(op.region(0), it.currentScope()), it.scalarFunction(op.region(1), it.currentScope()));
        return Interpreter.one(Interpreter.checked(op, 0, out));
    }

    private static List<RuntimeValue> sort(Operation op, List<RuntimeValue> in, Interpreter it) {
        List<Tensor> out = Sorting.sort(Interpreter.tensors(op, in, 0, in.size()), (int) Attrs.integerOr(op, "dimension", -1),
                it.scalarFunction(op.region(0), it.currentScope()));
        return checkedAll(op, out);
    }

    private static List<RuntimeValue> checkedAll(Operation op, List<Tensor> out) {
        List<Tensor> typed = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) typed.add(Interpreter.checked(op, i, out.get(i)));
        return Interpreter.all(typed);
    }
}
