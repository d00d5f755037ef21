package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Block;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.Region;
import dev.switchyard.hlo.ir.Value;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * For each block, the values whose last use is each op (a use inside an op's regions counts as a
 * use by the op), so the interpreter drops them from its scope as soon as they are dead and a
 * train step's activations and gradients are garbage as early as the module allows rather than at
 * the function's end. Computed once per block and kept for the executable's life (the module is
 * immutable, like {@link ConstantCache} assumes).
 */
final class Liveness {
    private static final Value[] NONE = new Value[0];
    private final Map<Block, Value[][]> plans = new IdentityHashMap<>();

    /** {@code deadAfter(block)[i]}: the values of this block (arguments, results) last used by op i. */
    synchronized Value[][] deadAfter(Block block) {
        return plans.computeIfAbsent(block, Liveness::plan);
    }

    private static Value[][] plan(Block block) {
        List<Operation> ops = block.operations();
        Map<Value, Integer> last = new IdentityHashMap<>();
        for (Value a : block.arguments()) last.put(a, -1);
        for (int i = 0; i < ops.size(); i++) {
            Operation op = ops.get(i);
            for (Value r : op.results()) last.put(r, i); // unused results die right after their op
            markUses(op, i, last);
        }
        List<List<Value>> dead = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) dead.add(null);
        for (Map.Entry<Value, Integer> e : last.entrySet()) {
            int at = e.getValue();
            if (at < 0) continue; // unused block arguments: the caller holds them anyway
            if (dead.get(at) == null) dead.set(at, new ArrayList<>(2));
            dead.get(at).add(e.getKey());
        }
        Value[][] out = new Value[ops.size()][];
        for (int i = 0; i < out.length; i++) out[i] = dead.get(i) == null ? NONE : dead.get(i).toArray(NONE);
        return out;
    }

    /** Records op {@code index} as the latest user of every tracked value it or its regions read. */
    private static void markUses(Operation op, int index, Map<Value, Integer> last) {
        for (Value v : op.operands()) last.computeIfPresent(v, (k, old) -> index);
        for (Region r : op.regions()) {
            for (Block b : r.blocks()) {
                for (Operation inner : b.operations()) markUses(inner, index, last);
            }
        }
    }
}
