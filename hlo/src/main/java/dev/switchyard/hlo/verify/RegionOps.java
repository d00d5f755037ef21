package dev.switchyard.hlo.verify;

import static dev.switchyard.hlo.verify.ElementwiseOps.sameElement;

import dev.switchyard.hlo.ir.Region;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.ir.Type.TensorType;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Ops with regions: reduce, reduce_window, select_and_scatter, sort, map, while, if and case. */
final class RegionOps {
    private RegionOps() {}

    private static final long DYN = TensorType.DYNAMIC;
    private static final TensorType I1 = new TensorType(ElementType.I1);

    static void register(OpRegistry r) {
        r.addStablehlo(RegionOps::reduce, "reduce");
        r.addStablehlo(RegionOps::reduceWindow, "reduce_window");
        r.addStablehlo(RegionOps::selectAndScatter, "select_and_scatter");
        r.addStablehlo(RegionOps::sort, "sort");
        r.addStablehlo(RegionOps::map, "map");
        r.addStablehlo(RegionOps::whileLoop, "while");
        r.addStablehlo(RegionOps::ifThenElse, "if");
        r.addStablehlo(RegionOps::caseOf, "case");
    }

    /** N inputs followed by N init values, with N results: returns N after checking the counts against {@code constraint}. */
    private static int inputsAndInits(OpCheck op, String constraint) {
        int total = op.op().numOperands();
        if (total == 0 || total % 2 != 0 || op.op().numResults() != total / 2) {
            throw op.abort(constraint, "expected N inputs, N init_values and N results with N > 0, found "
                    + total + " operands and " + op.op().numResults() + " results");
        }
        return total / 2;
    }

    private static void reduce(OpCheck op) {
        op.regionCount(1);
        int n = inputsAndInits(op, "(C3)");
        List<TensorType> inputs = tensors(op, 0, n, "(I1)", "inputs");
        List<TensorType> inits = tensors(op, n, n, "(I2)", "init_values");
        long[] dims = op.longs("dimensions", "(I3)");
        TensorType first = inputs.getFirst();
        sameShapes(op, "(C1)", inputs, "inputs");
        for (int i = 0; i < n; i++) sameElement(op, "(C2)", inputs.get(i), "inputs[" + i + "]", inits.get(i), "init_values[" + i + "]");
        boolean dimsOk = DimensionLists.inRange(dims, first.rank());
        if (!dimsOk) op.fail("(C4)", "dimensions " + Types.list(dims) + " must lie in [0, " + first.rank() + ")");
        if (!DimensionLists.isUnique(dims)) op.fail("(C5)", "dimensions " + Types.list(dims) + " must be unique");
        Optional<List<Type>> es = RegionSignatures.reducer(op, "(C6)", op.op().region(0), "body", elements(inputs));
        if (dimsOk) {
            List<Long> kept = new ArrayList<>();
            for (int d = 0; d < first.rank(); d++) if (!DimensionLists.contains(dims, d)) kept.add(first.dim(d));
            long[] expected = kept.stream().mapToLong(Long::longValue).toArray();
            for (int i = 0; i < n; i++) {
                TensorType result = op.resultTensor(i, "results[" + i + "]");
                if (!Types.shapesMatch(expected, result.shape())) {
                    op.fail("(C7)", "expected results[" + i + "] shape " + Types.dims(expected) + " (inputs without dimensions "
                            + Types.list(dims) + "), found " + result.text());
                }
            }
        }
        resultElements(op, "(C8)", es, n);
    }

    private static void resultElements(OpCheck op, String constraint, Optional<List<Type>> es, int n) {
        if (es.isEmpty()) return;
        for (int i = 0; i < n; i++) {
            TensorType result = op.resultTensor(i, "results[" + i + "]");
            if (!Types.elementsMatch(es.get().get(i), result.elementType())) {
                op.fail(constraint, "results[" + i + "] element type must be " + es.get().get(i).text() + " (from the body), found " + result.text());
            }
        }
    }

    private static void reduceWindow(OpCheck op) {
        op.regionCount(1);
        int n = inputsAndInits(op, "(C1)");
        List<TensorType> inputs = tensors(op, 0, n, "(I1)", "inputs");
        List<TensorType> inits = tensors(op, n, n, "(I2)", "init_values");
        sameShapes(op, "(C2)", inputs, "inputs");
        for (int i = 0; i < n; i++) sameElement(op, "(C3)", inputs.get(i), "inputs[" + i + "]", inits.get(i), "init_values[" + i + "]");
        TensorType first = inputs.getFirst();
        int rank = first.rank();
        long[] window = op.longs("window_dimensions", "(I3)");
        if (window.length != rank) throw op.abort("(C4)", "window_dimensions " + Types.list(window) + " must have " + rank + " entries (the input rank)");
        ContractionOps.positive(op, "(C5)", "window_dimensions", window);
        long[] strides = ContractionOps.sized(op, "window_strides", "(I4)", "(C6)", rank, 1);
        ContractionOps.positive(op, "(C7)", "window_strides", strides);
        long[] baseDilations = ContractionOps.sized(op, "base_dilations", "(I5)", "(C8)", rank, 1);
        ContractionOps.positive(op, "(C9)", "base_dilations", baseDilations);
        long[] windowDilations = ContractionOps.sized(op, "window_dilations", "(I6)", "(C10)", rank, 1);
        ContractionOps.positive(op, "(C11)", "window_dilations", windowDilations);
        long[][] padding = op.optPairs("padding", "(I7)", "(C12)", rank).orElseGet(() -> new long[rank][2]);
        Optional<List<Type>> es = RegionSignatures.reducer(op, "(C13)", op.op().region(0), "body", elements(inputs));
        List<TensorType> results = resultTensors(op, n);
        sameShapes(op, "(C14)", results, "results");
        long[] expected = new long[rank];
        for (int d = 0; d < rank; d++) {
            long s = first.dim(d);
            expected[d] = s == DYN ? DYN : WindowShapes.numWindows(s, baseDilations[d], padding[d][0], padding[d][1], window[d], windowDilations[d], strides[d]);
        }
        if (!Types.shapesMatch(expected, results.getFirst().shape())) {
            op.fail("(C15)", "expected results[0] shape " + Types.dims(expected) + " (the number of windows), found " + results.getFirst().text());
        }
        resultElements(op, "(C16)", es, n);
    }

    private static void selectAndScatter(OpCheck op) {
        op.operandCount(3);
        op.resultCount(1);
        op.regionCount(2);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType source = op.operandTensor(1, "(I2)", "source");
        TensorType init = op.operandTensor(2, "(I3)", "init_value");
        TensorType result = op.resultTensor(0, "result");
        int rank = operand.rank();
        sameElement(op, "(C1)", operand, "operand", source, "source");
        sameElement(op, "(C3)", operand, "operand", init, "init_value");
        long[] window = ContractionOps.sized(op, "window_dimensions", "(I4)", "(C4)", rank, 1);
        ContractionOps.positive(op, "(C5)", "window_dimensions", window);
        long[] strides = ContractionOps.sized(op, "window_strides", "(I5)", "(C6)", rank, 1);
        ContractionOps.positive(op, "(C7)", "window_strides", strides);
        long[][] padding = op.optPairs("padding", "(I6)", "(C8)", rank).orElseGet(() -> new long[rank][2]);
        long[] expected = new long[rank];
        for (int d = 0; d < rank; d++) {
            long s = operand.dim(d);
            expected[d] = s == DYN ? DYN : WindowShapes.numWindows(s, 1, padding[d][0], padding[d][1], window[d], 1, strides[d]);
        }
        if (!Types.shapesMatch(expected, source.shape())) {
            op.fail("(C2)", "expected source shape " + Types.dims(expected) + " (the number of windows), found " + source.text());
        }
        RegionSignatures select = RegionSignatures.of(op, op.op().region(0), "select");
        TensorType scalar = new TensorType(operand.elementType());
        if (!Types.typeListsMatch(select.inputs(), List.of(scalar, scalar)) || !Types.typeListsMatch(select.outputs(), List.of(I1))) {
            op.fail("(C9)", "select must have type (" + scalar.text() + ", " + scalar.text() + ") -> (tensor<i1>), found " + select.text());
        }
        Optional<List<Type>> es = RegionSignatures.reducer(op, "(C10)", op.op().region(1), "scatter", List.of(operand.elementType()));
        if (!Types.shapesMatch(operand, result)) op.fail("(C11)", "result " + result.text() + " must have the shape of operand " + operand.text());
        if (es.isPresent() && !Types.elementsMatch(es.get().getFirst(), result.elementType())) {
            op.fail("(C12)", "result element type must be " + es.get().getFirst().text() + " (from scatter), found " + result.text());
        }
    }

    private static void sort(OpCheck op) {
        op.regionCount(1);
        int n = op.op().numOperands();
        if (n == 0) throw op.abort("(C1)", "expected at least one input");
        List<TensorType> inputs = tensors(op, 0, n, "(I1)", "inputs");
        if (op.op().numResults() != n) throw op.abort("(C2)", "expected " + n + " results (one per input), found " + op.op().numResults());
        List<TensorType> results = resultTensors(op, n);
        for (int i = 0; i < n; i++) {
            if (!Types.typesMatch(inputs.get(i), results.get(i))) {
                op.fail("(C2)", "results[" + i + "] " + results.get(i).text() + " must have the type of inputs[" + i + "] " + inputs.get(i).text());
            }
        }
        List<TensorType> all = new ArrayList<>(inputs);
        all.addAll(results);
        sameShapes(op, "(C3)", all, "inputs and results");
        int rank = inputs.getFirst().rank();
        long dimension = op.optInteger("dimension", "(I2)").orElse(-1);
        if (dimension < -rank || dimension >= rank) op.fail("(C4)", "dimension " + dimension + " must lie in [" + -rank + ", " + rank + ")");
        RegionSignatures cmp = RegionSignatures.of(op, op.op().region(0), "comparator");
        List<Type> expectedArgs = new ArrayList<>();
        for (TensorType in : inputs) {
            expectedArgs.add(new TensorType(in.elementType()));
            expectedArgs.add(new TensorType(in.elementType()));
        }
        if (!Types.typeListsMatch(cmp.inputs(), expectedArgs) || !Types.typeListsMatch(cmp.outputs(), List.of(I1))) {
            op.fail("(C5)", "comparator must have type " + Types.types(expectedArgs) + " -> (tensor<i1>), found " + cmp.text());
        }
    }

    private static void map(OpCheck op) {
        op.regionCount(1);
        op.resultCount(1);
        int n = op.op().numOperands();
        if (n == 0) throw op.abort("(C2)", "expected at least one input");
        List<TensorType> inputs = tensors(op, 0, n, "(I1)", "inputs");
        TensorType result = op.resultTensor(0, "result");
        for (int i = 0; i < n; i++) {
            if (!Types.shapesMatch(inputs.get(i), result)) op.fail("(C1)", "inputs[" + i + "] " + inputs.get(i).text() + " must have the shape of result " + result.text());
        }
        long[] dims = op.longs("dimensions", "(I2)");
        int rank = inputs.getFirst().rank();
        boolean identity = dims.length == rank;
        for (int i = 0; identity && i < rank; i++) identity = dims[i] == i;
        if (!identity) op.fail("(C3)", "dimensions " + Types.list(dims) + " must be " + DimensionLists.range(rank));
        RegionSignatures sig = RegionSignatures.of(op, op.op().region(0), "computation");
        List<Type> expectedArgs = inputs.stream().map(t -> (Type) new TensorType(t.elementType())).toList();
        List<Type> expectedOut = List.of(new TensorType(result.elementType()));
        if (!Types.typeListsMatch(sig.inputs(), expectedArgs) || !Types.typeListsMatch(sig.outputs(), expectedOut)) {
            op.fail("(C4)", "computation must have type " + Types.types(expectedArgs) + " -> " + Types.types(expectedOut) + ", found " + sig.text());
        }
    }

    private static void whileLoop(OpCheck op) {
        op.regionCount(2);
        List<Type> operandTypes = op.operandTypes();
        RegionSignatures cond = RegionSignatures.of(op, op.op().region(0), "cond");
        if (!Types.typeListsMatch(cond.inputs(), operandTypes) || !Types.typeListsMatch(cond.outputs(), List.of(I1))) {
            op.fail("(C1)", "cond must have type " + Types.types(operandTypes) + " -> (tensor<i1>), found " + cond.text());
        }
        RegionSignatures body = RegionSignatures.of(op, op.op().region(1), "body");
        if (!Types.typeListsMatch(body.inputs(), operandTypes) || !Types.typeListsMatch(body.outputs(), operandTypes)) {
            op.fail("(C2)", "body must have type " + Types.types(operandTypes) + " -> " + Types.types(operandTypes) + ", found " + body.text());
        }
        List<Type> resultTypes = op.resultTypes();
        if (!Types.typeListsMatch(resultTypes, operandTypes)) {
            op.fail("(C3)", "result types " + Types.types(resultTypes) + " must equal operand types " + Types.types(operandTypes));
        }
    }

    private static void ifThenElse(OpCheck op) {
        op.operandCount(1);
        op.regionCount(2);
        TensorType pred = op.operandTensor(0, "(I1)", "pred");
        if (pred.rank() != 0 || Types.element(pred).map(e -> e != ElementType.I1).orElse(false)) {
            op.fail("(I1)", "pred must be a rank-0 tensor of i1, found " + pred.text());
        }
        RegionSignatures t = RegionSignatures.of(op, op.op().region(0), "true_branch");
        RegionSignatures f = RegionSignatures.of(op, op.op().region(1), "false_branch");
        if (!t.inputs().isEmpty() || !f.inputs().isEmpty()) {
            op.fail("(C1)", "branches must take no arguments, found " + t.text() + " and " + f.text());
        }
        if (!Types.typeListsMatch(t.outputs(), f.outputs())) {
            throw op.abort("(C2)", "true_branch returns " + Types.types(t.outputs()) + " but false_branch returns " + Types.types(f.outputs()));
        }
        List<Type> resultTypes = op.resultTypes();
        if (!Types.typeListsMatch(resultTypes, t.outputs())) {
            op.fail("(C3)", "result types " + Types.types(resultTypes) + " must equal the branches' output types " + Types.types(t.outputs()));
        }
    }

    private static void caseOf(OpCheck op) {
        op.operandCount(1);
        TensorType index = op.operandTensor(0, "(I1)", "index");
        if (index.rank() != 0 || Types.element(index).map(e -> e != ElementType.I32).orElse(false)) {
            op.fail("(I1)", "index must be a rank-0 tensor of i32, found " + index.text());
        }
        List<Region> branches = op.op().regions();
        if (branches.isEmpty()) throw op.abort("(C1)", "expected at least one branch");
        List<RegionSignatures> sigs = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) sigs.add(RegionSignatures.of(op, branches.get(i), "branches[" + i + "]"));
        for (int i = 0; i < sigs.size(); i++) {
            if (!sigs.get(i).inputs().isEmpty()) op.fail("(C2)", "branches[" + i + "] must take no arguments, found " + sigs.get(i).text());
        }
        List<Type> first = sigs.getFirst().outputs();
        for (int i = 1; i < sigs.size(); i++) {
            if (!Types.typeListsMatch(first, sigs.get(i).outputs())) {
                throw op.abort("(C3)", "branches[" + i + "] returns " + Types.types(sigs.get(i).outputs()) + " but branches[0] returns " + Types.types(first));
            }
        }
        List<Type> resultTypes = op.resultTypes();
        if (!Types.typeListsMatch(resultTypes, first)) {
            op.fail("(C4)", "result types " + Types.types(resultTypes) + " must equal the output types of branches[0] " + Types.types(first));
        }
    }

    /** Operands {@code from..from+count} as tensors, named {@code role[i]}. */
    private static List<TensorType> tensors(OpCheck op, int from, int count, String label, String role) {
        List<TensorType> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(op.operandTensor(from + i, label, role + "[" + i + "]"));
        return out;
    }

    private static List<TensorType> resultTensors(OpCheck op, int count) {
        List<TensorType> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(op.resultTensor(i, "results[" + i + "]"));
        return out;
    }

    private static void sameShapes(OpCheck op, String constraint, List<TensorType> ts, String role) {
        for (int i = 1; i < ts.size(); i++) {
            if (!Types.shapesMatch(ts.getFirst(), ts.get(i))) {
                op.fail(constraint, role + " must all have one shape, found " + ts.getFirst().text() + " and " + ts.get(i).text());
                return;
            }
        }
    }

    private static List<Type> elements(List<TensorType> ts) {
        return ts.stream().map(TensorType::elementType).toList();
    }
}
