package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.runtime.ref.kernel.Elementwise;
import dev.switchyard.runtime.ref.kernel.Layout;
import dev.switchyard.runtime.ref.kernel.ScalarFunction;
import dev.switchyard.runtime.ref.kernel.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The collective ops, with the spec's process groups (cross_replica, cross_partition,
 * cross_replica_and_partition, flattened_ids). Every member of a group hands its operands to the
 * rendezvous of the {@link ProcessContext} and computes its result from all members' values, so
 * one process alone gets exactly the single-process semantics.
 */
final class CollectiveOps {
    private CollectiveOps() {}

    static void register(Map<String, OpEvaluator> r) {
        r.put("stablehlo.all_reduce", CollectiveOps::allReduce);
        r.put("stablehlo.all_gather", CollectiveOps::allGather);
        r.put("stablehlo.reduce_scatter", CollectiveOps::reduceScatter);
        r.put("stablehlo.all_to_all", CollectiveOps::allToAll);
        r.put("stablehlo.collective_permute", CollectiveOps::collectivePermute);
        r.put("stablehlo.collective_broadcast", CollectiveOps::collectiveBroadcast);
    }

    // ---- process groups

    private static long channelId(Operation op) {
        return op.attribute("channel_handle").map(a -> a instanceof Attribute.ChannelHandle c ? c.handle() : 0L).orElse(0L);
    }

    private static int[][] idGroups(Operation op, String name, int defaultSize) {
        Optional<Attribute> a = op.attribute(name);
        if (a.isEmpty()) return new int[][] {range(defaultSize)};
        if (!(a.get() instanceof Attribute.DenseElementsAttr d)) throw new InterpretException(op, name + " must be a dense i64 tensor");
        long[] shape = d.type().shape();
        long[] v = d.materialize().toLongs();
        if (shape.length != 2 || shape[0] == 0 || shape[1] == 0) return new int[][] {range(defaultSize)};
        int rows = (int) shape[0], cols = (int) shape[1];
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            // -1 pads groups shorter than the widest one
            out.add(Arrays.stream(v, i * cols, (i + 1) * cols).filter(x -> x >= 0).mapToInt(x -> (int) x).toArray());
        }
        return out.toArray(new int[0][]);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    /** The group of flat process ids this process is in, by the spec's rule for all_reduce/all_gather/reduce_scatter. */
    private static Optional<List<Integer>> reductionGroup(Operation op, ProcessContext ctx) {
        long channel = channelId(op);
        boolean global = Attrs.flag(op, "use_global_device_ids");
        int[][] groups = idGroups(op, "replica_groups", ctx.numReplicas);
        if (channel <= 0 && !global) return crossReplica(groups, ctx);
        if (channel > 0 && !global) return crossReplicaAndPartition(groups, ctx);
        return flattened(groups, ctx);
    }

    private static Optional<List<Integer>> crossReplica(int[][] groups, ProcessContext ctx) {
        for (int[] g : groups) {
            if (contains(g, ctx.replicaId)) return Optional.of(Arrays.stream(g).map(r -> r * ctx.numPartitions + ctx.partitionId).boxed().toList());
        }
        return Optional.empty();
    }

    private static Optional<List<Integer>> crossPartition(int[][] groups, ProcessContext ctx) {
        for (int[] g : groups) {
            if (contains(g, ctx.partitionId)) return Optional.of(Arrays.stream(g).map(p -> ctx.replicaId * ctx.numPartitions + p).boxed().toList());
        }
        return Optional.empty();
    }

    private static Optional<List<Integer>> crossReplicaAndPartition(int[][] groups, ProcessContext ctx) {
        for (int[] g : groups) {
            if (!contains(g, ctx.replicaId)) continue;
            // partition-major, as the reference interpreter orders these groups (stablehlo issue 1933)
            List<Integer> ids = new ArrayList<>();
            for (int p = 0; p < ctx.numPartitions; p++) for (int r : g) ids.add(r * ctx.numPartitions + p);
            return Optional.of(ids);
        }
        return Optional.empty();
    }

    private static Optional<List<Integer>> flattened(int[][] groups, ProcessContext ctx) {
        for (int[] g : groups) if (contains(g, ctx.flatId())) return Optional.of(Arrays.stream(g).boxed().toList());
        return Optional.empty();
    }

    private static boolean contains(int[] g, int id) {
        for (int x : g) if (x == id) return true;
        return false;
    }

    @SuppressWarnings("unchecked")
    private static List<List<Tensor>> exchange(ProcessContext ctx, List<Integer> group, List<Tensor> mine) {
        List<List<Tensor>> out = new ArrayList<>();
        for (Object o : ctx.exchange(group, mine)) out.add((List<Tensor>) o);
        return out;
    }

    private static List<Integer> requireGroup(Operation op, Optional<List<Integer>> g) {
        return g.orElseThrow(() -> new InterpretException(op, "this process is in none of the op's groups"));
    }

    // ---- ops

    /** Each operand is reduced on its own over the group's values, in group order, with the binary body. */
    private static List<Tensor> reduceAcross(Operation op, Interpreter it, List<List<Tensor>> values) {
        Optional<Elementwise.Binary> known = Interpreter.knownBinaryBody(op.region(0));
        ScalarFunction body = it.scalarFunction(op.region(0), it.currentScope());
        List<Tensor> out = new ArrayList<>();
        for (int k = 0; k < values.getFirst().size(); k++) {
            Tensor acc = values.getFirst().get(k);
            for (int m = 1; m < values.size(); m++) {
                Tensor next = values.get(m).get(k);
                if (known.isPresent()) {
                    acc = Elementwise.binary(known.get(), acc, next, acc.type());
                    continue;
                }
                Tensor combined = acc.copy();
                for (int i = 0; i < acc.size(); i++) {
                    combined.copyElement(body.apply(List.of(acc.element(i), next.element(i))).getFirst(), 0, i);
                }
                acc = combined;
            }
            out.add(acc);
        }
        return out;
    }

    private static List<RuntimeValue> allReduce(Operation op, List<RuntimeValue> in, Interpreter it) {
        ProcessContext ctx = it.process();
        List<Integer> group = requireGroup(op, reductionGroup(op, ctx));
        return Interpreter.all(reduceAcross(op, it, exchange(ctx, group, Interpreter.tensors(op, in, 0, in.size()))));
    }

    private static List<RuntimeValue> allGather(Operation op, List<RuntimeValue> in, Interpreter it) {
        ProcessContext ctx = it.process();
        List<Integer> group = requireGroup(op, reductionGroup(op, ctx));
        List<List<Tensor>> values = exchange(ctx, group, Interpreter.tensors(op, in, 0, in.size()));
        int dim = (int) Attrs.integer(op, "all_gather_dim");
        List<Tensor> out = new ArrayList<>();
        for (int k = 0; k < in.size(); k++) {
            List<Tensor> parts = new ArrayList<>();
            for (List<Tensor> v : values) parts.add(v.get(k));
            out.add(Layout.concatenate(parts, dim));
        }
        return Interpreter.all(out);
    }

    private static List<RuntimeValue> reduceScatter(Operation op, List<RuntimeValue> in, Interpreter it) {
        ProcessContext ctx = it.process();
        List<Integer> group = requireGroup(op, reductionGroup(op, ctx));
        List<Tensor> reduced = reduceAcross(op, it, exchange(ctx, group, Interpreter.tensors(op, in, 0, in.size())));
        int dim = (int) Attrs.integer(op, "scatter_dimension");
        int position = group.indexOf(ctx.flatId());
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : reduced) out.add(split(op, t, dim, group.size()).get(position));
        return Interpreter.all(out);
    }

    private static List<RuntimeValue> allToAll(Operation op, List<RuntimeValue> in, Interpreter it) {
        ProcessContext ctx = it.process();
        int[][] groups = idGroups(op, "replica_groups", ctx.numReplicas);
        List<Integer> group = requireGroup(op, channelId(op) > 0 ? crossPartition(groups, ctx) : crossReplica(groups, ctx));
        int splitDim = (int) Attrs.integer(op, "split_dimension");
        int concatDim = (int) Attrs.integer(op, "concat_dimension");
        int count = (int) Attrs.integer(op, "split_count");
        if (count != group.size()) throw new InterpretException(op, "split_count " + count + " differs from the group size " + group.size());
        List<Tensor> mine = Interpreter.tensors(op, in, 0, in.size());
        List<List<Tensor>> values = exchange(ctx, group, mine);
        int position = group.indexOf(ctx.flatId());
        List<Tensor> out = new ArrayList<>();
        for (int k = 0; k < mine.size(); k++) {
            List<Tensor> parts = new ArrayList<>();
            for (List<Tensor> v : values) parts.add(split(op, v.get(k), splitDim, count).get(position));
            out.add(Layout.concatenate(parts, concatDim));
        }
        return Interpreter.all(out);
    }

    private static List<RuntimeValue> collectivePermute(Operation op, List<RuntimeValue> in, Interpreter it) {
        ProcessContext ctx = it.process();
        boolean acrossPartitions = channelId(op) > 0;
        int[][] pairs = idGroups(op, "source_target_pairs", 0);
        // everyone in this process's replica (or partition) dimension meets; pairs say who reads whom
        int size = acrossPartitions ? ctx.numPartitions : ctx.numReplicas;
        List<Integer> everyone = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            everyone.add(acrossPartitions ? ctx.replicaId * ctx.numPartitions + i : i * ctx.numPartitions + ctx.partitionId);
        }
        Tensor mine = Interpreter.tensor(op, in, 0);
        List<List<Tensor>> values = exchange(ctx, everyone, List.of(mine));
        int me = acrossPartitions ? ctx.partitionId : ctx.replicaId;
        for (int[] pair : pairs) {
            if (pair.length == 2 && pair[1] == me && pair[0] < size) return Interpreter.one(values.get(pair[0]).getFirst());
        }
        return Interpreter.one(Tensor.zeros(mine.type(), mine.shape()));
    }

    /**
     * Every member of a group gets the operands of the group's first process; with
     * {@code has_dynamic_root} the last operand says, per data operand, which member is the source.
     */
    private static List<RuntimeValue> collectiveBroadcast(Operation op, List<RuntimeValue> in, Interpreter it) {
        ProcessContext ctx = it.process();
        int[][] groups = idGroups(op, "replica_groups", ctx.numReplicas);
        Optional<List<Integer>> group = channelId(op) > 0 ? crossPartition(groups, ctx) : crossReplica(groups, ctx);
        boolean dynamicRoot = op.attribute("has_dynamic_root").isPresent() && !(op.attribute("has_dynamic_root").get() instanceof Attribute.BoolAttr b && !b.value());
        int dataCount = dynamicRoot ? in.size() - 1 : in.size();
        List<Tensor> mine = Interpreter.tensors(op, in, 0, dataCount);
        if (group.isEmpty()) {
            List<Tensor> zeros = new ArrayList<>();
            for (Tensor t : mine) zeros.add(Tensor.zeros(t.type(), t.shape()));
            return Interpreter.all(zeros);
        }
        List<List<Tensor>> values = exchange(ctx, group.get(), mine);
        List<Tensor> out = new ArrayList<>();
        for (int k = 0; k < dataCount; k++) {
            int source = 0;
            if (dynamicRoot) {
                Tensor roots = Interpreter.tensor(op, in, dataCount);
                source = (int) roots.getLong(roots.size() == 1 ? 0 : k);
                if (source < 0 || source >= values.size()) throw new InterpretException(op, "root " + source + " is outside the group of " + values.size());
            }
            out.add(values.get(source).get(k));
        }
        return Interpreter.all(out);
    }

    private static List<Tensor> split(Operation op, Tensor t, int dim, int parts) {
        int[] shape = t.shape();
        if (shape[dim] % parts != 0) throw new InterpretException(op, "dimension " + dim + " of " + t + " does not split into " + parts);
        int size = shape[dim] / parts;
        int[] ones = new int[shape.length];
        Arrays.fill(ones, 1);
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            int[] start = new int[shape.length], limit = shape.clone();
            start[dim] = i * size;
            limit[dim] = (i + 1) * size;
            out.add(Layout.slice(t, start, limit, ones));
        }
        return out;
    }
}
