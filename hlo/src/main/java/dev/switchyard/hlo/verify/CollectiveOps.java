package dev.switchyard.hlo.verify;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.ir.Type.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collectives: the dimension attributes and the shape changes they imply, replica-group uniqueness,
 * and reducer signatures. Shape rules that depend on the process-group size are checked only where
 * that size is the replica-group width (no channel, or {@code use_global_device_ids}); with a
 * channel and no global ids it also depends on the partition count, which the op does not carry.
 */
final class CollectiveOps {
    private CollectiveOps() {}

    private static final long DYN = TensorType.DYNAMIC;

    static void register(OpRegistry r) {
        r.addStablehlo(CollectiveOps::allGather, "all_gather");
        r.addStablehlo(CollectiveOps::allReduce, "all_reduce");
        r.addStablehlo(CollectiveOps::allToAll, "all_to_all");
        r.addStablehlo(CollectiveOps::reduceScatter, "reduce_scatter");
        r.addStablehlo(CollectiveOps::collectivePermute, "collective_permute");
    }

    /** The replica groups as rows; {@code width} is the group size (the spec's {@code dim(replica_groups, 1)}). */
    private record Groups(long[] ids, long rows, long width) {}

    private static Optional<Groups> groups(OpCheck op, String attr, String label) {
        Optional<Attribute> a = op.attribute(attr);
        if (a.isEmpty()) return Optional.empty();
        long[] ids = op.longs(attr, label);
        long[] shape = IntegerLists.shape(a.get(), ids);
        // No groups (an empty table) means one group of every process; its size is not in the op.
        if (shape.length != 2 || shape[0] == 0 || shape[1] == 0) return Optional.empty();
        return Optional.of(new Groups(ids, shape[0], shape[1]));
    }

    /** {@code is_unique(replica_groups)}, ignoring the -1 padding of ragged groups. */
    private static void uniqueGroups(OpCheck op, String constraint, Optional<Groups> g) {
        if (g.isEmpty()) return;
        long[] real = java.util.Arrays.stream(g.get().ids()).filter(x -> x != -1).toArray();
        if (!DimensionLists.isUnique(real)) op.fail(constraint, "replica_groups " + Types.list(g.get().ids()) + " must not repeat a process id");
    }

    /** The process-group size when it is the replica-group width. */
    private static Optional<Long> processGroupSize(OpCheck op, Optional<Groups> g) {
        if (g.isEmpty()) return Optional.empty();
        boolean hasChannel = op.attribute("channel_handle").isPresent();
        if (hasChannel && !op.flag("use_global_device_ids")) return Optional.empty();
        return Optional.of(g.get().width());
    }

    private static void allGather(OpCheck op) {
        op.operandCountAtLeast(1);
        long dim = op.integer("all_gather_dim", "(I2)");
        Optional<Groups> g = groups(op, "replica_groups", "(I3)");
        uniqueGroups(op, "(C2)", g);
        Optional<Long> size = processGroupSize(op, g);
        if (op.op().numResults() != op.op().numOperands()) {
            throw op.abort("(C6)", "expected one result per operand, found " + op.op().numOperands() + " operands and " + op.op().numResults() + " results");
        }
        for (int i = 0; i < op.op().numOperands(); i++) {
            TensorType operand = op.operandTensor(i, "(I1)", "operands[" + i + "]");
            TensorType result = op.resultTensor(i, "results[" + i + "]");
            if (dim < 0 || dim >= operand.rank()) throw op.abort("(C1)", "all_gather_dim " + dim + " must lie in [0, " + operand.rank() + ")");
            ElementwiseOps.sameElement(op, "(C6)", operand, "operands[" + i + "]", result, "results[" + i + "]");
            if (size.isEmpty()) continue;
            long[] expected = operand.shape();
            expected[(int) dim] = expected[(int) dim] == DYN ? DYN : expected[(int) dim] * size.get();
            if (!Types.shapesMatch(expected, result.shape())) {
                op.fail("(C6)", "expected results[" + i + "] shape " + Types.dims(expected) + " (dimension " + dim + " times the group size "
                        + size.get() + "), found " + result.text());
            }
        }
    }

    private static void allReduce(OpCheck op) {
        op.operandCountAtLeast(1);
        op.regionCount(1);
        Optional<Groups> g = groups(op, "replica_groups", "(I2)");
        uniqueGroups(op, "(C1)", g);
        int n = op.op().numOperands();
        if (op.op().numResults() != n) throw op.abort("(C6)", "expected one result per operand, found " + n + " operands and " + op.op().numResults() + " results");
        List<TensorType> operands = new ArrayList<>();
        for (int i = 0; i < n; i++) operands.add(op.operandTensor(i, "(I1)", "operands[" + i + "]"));
        // One computation reduces every operand, so it is checked against the first operand's element type.
        Optional<List<Type>> e = RegionSignatures.reducer(op, "(C5)", op.op().region(0), "computation", List.of(operands.getFirst().elementType()));
        for (int i = 0; i < n; i++) {
            TensorType result = op.resultTensor(i, "results[" + i + "]");
            if (!Types.shapesMatch(operands.get(i), result)) op.fail("(C6)", "results[" + i + "] " + result.text() + " must have the shape of operands[" + i + "] " + operands.get(i).text());
            if (e.isPresent() && !Types.elementsMatch(e.get().getFirst(), result.elementType())) {
                op.fail("(C7)", "results[" + i + "] element type must be " + e.get().getFirst().text() + " (from computation), found " + result.text());
            }
        }
    }

    private static void allToAll(OpCheck op) {
        op.operandCountAtLeast(1);
        long split = op.integer("split_dimension", "(I2)");
        long concat = op.integer("concat_dimension", "(I3)");
        long count = op.integer("split_count", "(I4)");
        Optional<Groups> g = groups(op, "replica_groups", "(I5)");
        if (count <= 0) throw op.abort("(C4)", "split_count must be positive, found " + count);
        uniqueGroups(op, "(C5)", g);
        if (g.isPresent() && g.get().width() != count) op.fail("(C8)", "replica groups have " + g.get().width() + " members, but split_count is " + count);
        if (op.op().numResults() != op.op().numOperands()) {
            throw op.abort("(C9)", "expected one result per operand, found " + op.op().numOperands() + " operands and " + op.op().numResults() + " results");
        }
        for (int i = 0; i < op.op().numOperands(); i++) {
            TensorType operand = op.operandTensor(i, "(I1)", "operands[" + i + "]");
            TensorType result = op.resultTensor(i, "results[" + i + "]");
            int rank = operand.rank();
            if (split < 0 || split >= rank) throw op.abort("(C1)", "split_dimension " + split + " must lie in [0, " + rank + ")");
            if (concat < 0 || concat >= rank) throw op.abort("(C3)", "concat_dimension " + concat + " must lie in [0, " + rank + ")");
            long s = operand.dim((int) split);
            if (s != DYN && s % count != 0) op.fail("(C2)", "operands[" + i + "] dimension " + split + " (size " + s + ") is not a multiple of split_count " + count);
            long[] expected = operand.shape();
            if (split != concat) {
                expected[(int) split] = s == DYN ? DYN : s / count;
                long c = expected[(int) concat];
                expected[(int) concat] = c == DYN ? DYN : c * count;
            }
            if (!Types.shapesMatch(expected, result.shape())) {
                op.fail("(C9)", "expected results[" + i + "] shape " + Types.dims(expected) + ", found " + result.text());
            }
        }
    }

    private static void reduceScatter(OpCheck op) {
        op.operandCount(1);
        op.resultCount(1);
        op.regionCount(1);
        TensorType operand = op.operandTensor(0, "(I1)", "operand");
        TensorType result = op.resultTensor(0, "result");
        long dim = op.integer("scatter_dimension", "(I2)");
        Optional<Groups> g = groups(op, "replica_groups", "(I3)");
        if (dim < 0 || dim >= operand.rank()) throw op.abort("(C2)", "scatter_dimension " + dim + " must lie in [0, " + operand.rank() + ")");
        uniqueGroups(op, "(C3)", g);
        Optional<List<Type>> e = RegionSignatures.reducer(op, "(C7)", op.op().region(0), "computation", List.of(operand.elementType()));
        Optional<Long> size = processGroupSize(op, g);
        long s = operand.dim((int) dim);
        if (size.isPresent() && size.get() > 0 && s != DYN) {
            if (s % size.get() != 0) {
                op.fail("(C1)", "operand dimension " + dim + " (size " + s + ") is not a multiple of the group size " + size.get());
            } else {
                long[] expected = operand.shape();
                expected[(int) dim] = s / size.get();
                if (!Types.shapesMatch(expected, result.shape())) op.fail("(C8)", "expected result shape " + Types.dims(expected) + ", found " + result.text());
            }
        }
        if (e.isPresent() && !Types.elementsMatch(e.get().getFirst(), result.elementType())) {
            op.fail("(C9)", "result element type must be " + e.get().getFirst().text() + " (from computation), found " + result.text());
        }
    }

    /** (C1)–(C3) of collective_permute, send and recv: an [N, 2] table whose sources and targets are each unique. */
    static void sourceTargetPairs(OpCheck op, String label) {
        Optional<Attribute> pairsAttr = op.attribute("source_target_pairs");
        if (pairsAttr.isEmpty()) return;
        long[] pairs = op.longs("source_target_pairs", label);
        long[] shape = IntegerLists.shape(pairsAttr.get(), pairs);
        if (shape.length != 2 || shape[1] != 2) {
            op.fail("(C1)", "source_target_pairs must have shape [N, 2], found " + Types.list(shape));
            return;
        }
        long[] sources = new long[(int) shape[0]], targets = new long[(int) shape[0]];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = pairs[2 * i];
            targets[i] = pairs[2 * i + 1];
        }
        if (!DimensionLists.isUnique(sources)) op.fail("(C2)", "sources " + Types.list(sources) + " in source_target_pairs must be unique");
        if (!DimensionLists.isUnique(targets)) op.fail("(C3)", "targets " + Types.list(targets) + " in source_target_pairs must be unique");
    }

    private static void collectivePermute(OpCheck op) {
        op.operandCount(1);
        op.resultCount(1);
        sourceTargetPairs(op, "(I2)");
        Type operand = op.op().operand(0).type(), result = op.op().result().type();
        if (!Types.typesMatch(operand, result)) op.fail("(C5)", "result type " + result.text() + " must equal operand type " + operand.text());
    }
}
