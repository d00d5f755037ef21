package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Operation;

/**
 * Builds the evaluator of one op from its attributes, once per executable ({@link BlockPlan}),
 * for ops a step runs thousands of times; the evaluator it returns must behave as the
 * registry's does for that op. It may throw on attributes it cannot read: the registry's
 * evaluator then runs instead and reports them.
 */
@FunctionalInterface
interface OpPreparer {
    OpEvaluator prepare(Operation op);
}
