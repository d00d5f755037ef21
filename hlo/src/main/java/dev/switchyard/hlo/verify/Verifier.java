package dev.switchyard.hlo.verify;

import dev.switchyard.hlo.ir.Block;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.Region;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Checks a module against the StableHLO spec's per-op constraints and reports every violation it
 * finds, in source order, each naming the op, the constraint as the spec numbers it and the location.
 *
 * <p>Each op is checked once against its own operands, results, attributes and the signature of its
 * regions, so the cost is linear in the size of the module. The walk keeps its own stack, so deeply
 * nested regions cannot overflow the Java stack.
 */
public final class Verifier {
    private Verifier() {}

    /** The message prefix of an error that means the verifier itself failed on an op (a bug to report). */
    public static final String INTERNAL_ERROR = "internal verifier error";

    /** Every violation in the module; empty when it verifies. */
    public static List<VerifierError> verify(ModuleOp module) {
        SymbolTables symbols = new SymbolTables();
        List<VerifierError> errors = new ArrayList<>();
        Deque<Iterator<Operation>> stack = new ArrayDeque<>();
        stack.push(module.operations().iterator());
        while (!stack.isEmpty()) {
            Iterator<Operation> it = stack.peek();
            if (!it.hasNext()) {
                stack.pop();
                continue;
            }
            Operation op = it.next();
            check(op, errors, symbols);
            if (op.regions().isEmpty()) continue;
            // Push nested blocks last-first so that they are visited in source order.
            List<Iterator<Operation>> nested = new ArrayList<>();
            for (Region r : op.regions()) for (Block b : r.blocks()) nested.add(b.operations().iterator());
            for (int i = nested.size() - 1; i >= 0; i--) stack.push(nested.get(i));
        }
        return errors;
    }

    /** Verifies the module and throws if anything is wrong. */
    public static void verifyOrThrow(ModuleOp module) {
        List<VerifierError> errors = verify(module);
        if (!errors.isEmpty()) throw new VerificationException(errors);
    }

    /** Whether the verifier has rules for this op (others are accepted unchecked). */
    public static boolean models(String opName) { return OpRegistry.STANDARD.knows(opName); }

    private static void check(Operation op, List<VerifierError> errors, SymbolTables symbols) {
        OpRegistry.STANDARD.lookup(op.name()).ifPresent(rule -> run(rule, op, errors, symbols));
        // Shardings can be attached to any op (and to function arguments), so they are checked wherever they appear.
        if (op.name().equals(FuncOp.NAME) || op.attribute(ShardyOps.SHARDING).isPresent()) {
            run(ShardyOps::checkAttached, op, errors, symbols);
        }
    }

    private static void run(OpVerifier rule, Operation op, List<VerifierError> errors, SymbolTables symbols) {
        try {
            rule.verify(new OpCheck(op, errors, symbols));
        } catch (OpCheck.Abort stop) {
            // The rest of this op's constraints depend on what was just found wrong (or unmodelled).
        } catch (RuntimeException bug) {
            // A rule that trips over IR it did not expect must not take the whole compilation down
            // with a stack trace; it becomes a located error that says what went wrong.
            errors.add(new VerifierError(op.location(), op.name(), "", INTERNAL_ERROR + " (" + bug + ")"));
        }
    }
}
