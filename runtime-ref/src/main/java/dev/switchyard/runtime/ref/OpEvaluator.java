package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Operation;
import java.util.List;

/** Evaluates one op kind on the values of its operands; registered by op name. */
@FunctionalInterface
interface OpEvaluator {
    List<RuntimeValue> evaluate(Operation op, List<RuntimeValue> operands, Interpreter interpreter);
}
