package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.runtime.ref.kernel.Tensor;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The materialised tensor of each {@code stablehlo.constant} op, kept for the life of a compiled
 * executable so a constant's dense attribute (a splat {@code 8×20×3072} zero of a Switch block,
 * say) is decoded once rather than on every execute or loop iteration. Sharing is safe because
 * kernels never write to an operand: a tensor is immutable once a kernel hands it out
 * ({@link Tensor}), and ops that update (scatter, sort, dynamic_update_slice) copy first.
 * Keyed by op identity: the module is immutable and the same op always yields the same tensor.
 */
final class ConstantCache {
    private final Map<Operation, Tensor> tensors = new IdentityHashMap<>();
    /** The storage of every tensor kept across executes, which nothing may write in place. */
    private final java.util.Set<Object> pinned = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    /** The tensor of {@code op}, materialised by {@code materialise} on its first use. */
    synchronized Tensor get(Operation op, Function<Operation, Tensor> materialise) {
        Tensor t = tensors.get(op);
        if (t == null) {
            t = materialise.apply(op);
            tensors.put(op, t);
            pin(t);
        }
        return t;
    }

    /** Marks {@code t}'s storage as kept across executes (a constant, an iota). */
    synchronized void pin(Tensor t) {
        Object a = t.storageArray();
        if (a != null) pinned.add(a);
    }

    /** Whether {@code array} is the storage of a tensor kept across executes. */
    synchronized boolean isPinned(Object array) { return pinned.contains(array); }
}
