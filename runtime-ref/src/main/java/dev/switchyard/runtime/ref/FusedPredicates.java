package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Block;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.Region;
import dev.switchyard.hlo.ir.Value;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The compares of a block that are left for the {@code select} they feed: a {@code compare} whose
 * result has exactly one use, the predicate of a {@code select} in the same block, runs as a
 * {@link RuntimeValue.DeferredCompare} and the select computes both in one loop (no i1 tensor,
 * 8 bytes per element, is made). Dropout's keep test is this. The deferred compare holds its
 * operands until the select, so {@link DonatedOperands} counts it as sharing their storage.
 */
final class FusedPredicates {
    private FusedPredicates() {}

    /** Off with {@code -Dswitchyard.interp.fuseCompareSelect=false}: every compare makes its i1 tensor. */
    static final boolean FUSE = !"false".equals(System.getProperty("switchyard.interp.fuseCompareSelect"));

    /** A deferred compare's select, and the compare's own evaluator (what yields its {@link RuntimeValue.DeferredCompare}). */
    record Deferred(Operation select, OpEvaluator evaluator) {}

    /** Each deferred compare of {@code block}, with its select and evaluator. */
    static Map<Operation, Deferred> of(Block block) {
        Map<Operation, Deferred> out = new IdentityHashMap<>();
        if (!FUSE) return out;
        Map<Value, Integer> uses = new IdentityHashMap<>();
        for (Operation op : block.operations()) count(op, uses);
        for (Operation op : block.operations()) {
            if (!op.name().equals("stablehlo.select") || op.numOperands() != 3) continue;
            Value p = op.operand(0);
            Operation c = p.definingOp().orElse(null);
            if (c == null || c.parentBlock().orElse(null) != block || !c.name().equals("stablehlo.compare") || c.numResults() != 1 || c.numOperands() != 2
                    || !c.regions().isEmpty() || uses.getOrDefault(p, 0) != 1) continue;
            try {
                out.put(c, new Deferred(op, ElementwiseOps.deferredCompare(c)));
            } catch (RuntimeException malformed) {
                // the compare's own evaluator reports its attributes when it runs
            }
        }
        return out;
    }

    private static void count(Operation op, Map<Value, Integer> uses) {
        for (Value v : op.operands()) uses.merge(v, 1, Integer::sum);
        for (Region r : op.regions()) for (Block b : r.blocks()) for (Operation inner : b.operations()) count(inner, uses);
    }
}
