package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Block;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.Value;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One block prepared for the interpreter, once per executable: each value numbered into a slot
 * of an array frame (arguments first, then each op's results), each operand resolved to the
 * frame it lives in (this block's or an enclosing one's, counted outwards) and its slot, each op's
 * evaluator found and specialised to the op's attributes ({@link OpPreparer}), the slots that die
 * after each op ({@link Liveness}), and whether the op's results need the heap check at run time
 * ({@link TensorBudget}). What a small model's step of thousands of tiny ops spent per op on map
 * look-ups, registry look-ups by name and attribute parsing it now spends once.
 */
final class BlockPlan {
    /** Operand depth of a value no enclosing block defines: reported when the op runs. */
    static final int UNRESOLVED = -1;

    /** Whether dead values are dropped after their last use (off only to measure what liveness saves). */
    static final boolean FREE_DEAD = !Boolean.getBoolean("switchyard.interp.keepDeadValues");

    final BlockPlan parent;
    final int numArguments;
    final int frameSize;
    final Step[] steps;
    private final Map<Value, Integer> slots;

    /** One op of the block, resolved. */
    static final class Step {
        final Operation op;
        /** Null when no evaluator handles the op's name: the interpreter reports it when the op runs. */
        final OpEvaluator evaluator;
        final boolean terminator;
        final int[] operandDepth;
        final int[] operandSlot;
        final int[] resultSlots;
        final int[] dead;
        final boolean budgetAtRun;
        /** Per operand, whether the op may write its result into that operand's storage ({@link DonatedOperands}); null: none. */
        final byte[] overwritable;
        /** The op's work as {@link OpProfile#flops} counts it, for profiles. */
        final long flops;
        /** The profile {@link #counter} was taken from; a new profile replaces it. */
        private OpProfile counterOf;
        private OpProfile.Counter counter;

        Step(Operation op, OpEvaluator evaluator, boolean terminator, int[] operandDepth, int[] operandSlot, int[] resultSlots,
             int[] dead, boolean budgetAtRun, long flops, byte[] overwritable) {
            this.op = op;
            this.evaluator = evaluator;
            this.terminator = terminator;
            this.operandDepth = operandDepth;
            this.operandSlot = operandSlot;
            this.resultSlots = resultSlots;
            this.dead = dead;
            this.budgetAtRun = budgetAtRun;
            this.flops = flops;
            this.overwritable = overwritable;
        }

        /** This op's counter in profile {@code p}, looked up once per profile. */
        OpProfile.Counter counter(OpProfile p) {
            if (counterOf != p) {
                counter = p.counter(op.name());
                counterOf = p;
            }
            return counter;
        }
    }

    private BlockPlan(Block block, BlockPlan parent, Liveness liveness) {
        this.parent = parent;
        this.numArguments = block.arguments().size();
        this.slots = new IdentityHashMap<>();
        for (Value a : block.arguments()) slots.put(a, slots.size());
        List<Operation> ops = block.operations();
        for (Operation op : ops) for (Value r : op.results()) slots.put(r, slots.size());
        this.frameSize = slots.size();
        Value[][] deadAfter = liveness.deadAfter(block);
        this.steps = new Step[ops.size()];
        // only a function body's arguments can be donated
        // compares left for the select they feed (FusedPredicates): their work is the select's
        Map<Operation, FusedPredicates.Deferred> deferred = FusedPredicates.of(block);
        Map<Operation, Long> fusedFlops = new IdentityHashMap<>();
        for (Map.Entry<Operation, FusedPredicates.Deferred> e : deferred.entrySet()) fusedFlops.put(e.getValue().select(), OpProfile.flops(e.getKey()));
        byte[][] overwritable = parent == null && FREE_DEAD ? DonatedOperands.of(block, deadAfter, deferred.keySet()) : new byte[ops.size()][];
        for (int i = 0; i < steps.length; i++) {
            Operation op = ops.get(i);
            int n = op.numOperands();
            int[] depth = new int[n], slot = new int[n];
            for (int k = 0; k < n; k++) resolve(op.operand(k), depth, slot, k);
            int[] results = new int[op.numResults()];
            for (int k = 0; k < results.length; k++) results[k] = slots.get(op.result(k));
            int[] dead = new int[FREE_DEAD ? deadAfter[i].length : 0];
            for (int k = 0; k < dead.length; k++) dead[k] = slots.get(deadAfter[i][k]);
            boolean terminator = Interpreter.isTerminator(op.name());
            FusedPredicates.Deferred d = deferred.get(op);
            boolean defer = d != null;
            OpEvaluator evaluator = terminator ? null : defer ? d.evaluator() : Interpreter.evaluatorFor(op);
            long flops = terminator || defer ? 0 : OpProfile.flops(op) + fusedFlops.getOrDefault(op, 0L);
            steps[i] = new Step(op, evaluator, terminator, depth, slot, results, dead,
                    !terminator && TensorBudget.needsRunCheck(op), flops, overwritable[i]);
        }
    }

    private void resolve(Value v, int[] depth, int[] slot, int k) {
        int d = 0;
        for (BlockPlan p = this; p != null; p = p.parent, d++) {
            Integer s = p.slots.get(v);
            if (s != null) {
                depth[k] = d;
                slot[k] = s;
                return;
            }
        }
        depth[k] = UNRESOLVED;
    }

    /** The plans of one executable's blocks, each built on first use and kept (the module is immutable). */
    static final class Cache {
        private final Map<Block, BlockPlan> plans = new IdentityHashMap<>();
        private final Liveness liveness = new Liveness();

        /**
         * The plan of {@code block}, whose enclosing blocks are planned by {@code parent} (null
         * for a function body). A block always sits in the same enclosing blocks, so one plan
         * per block serves every run.
         */
        synchronized BlockPlan of(Block block, BlockPlan parent) {
            BlockPlan p = plans.get(block);
            if (p == null) {
                p = new BlockPlan(block, parent, liveness);
                plans.put(block, p);
            }
            return p;
        }
    }
}
