package dev.switchyard.runtime.ref;

import dev.switchyard.runtime.ref.kernel.Comparison;
import dev.switchyard.runtime.ref.kernel.Tensor;
import java.util.List;

/** What an SSA value holds while the interpreter runs: a tensor, a tuple, or a token. */
public sealed interface RuntimeValue {

    record OfTensor(Tensor tensor) implements RuntimeValue {}

    record Tuple(List<RuntimeValue> elements) implements RuntimeValue {
        public Tuple { elements = List.copyOf(elements); }
    }

    /** {@code !stablehlo.token}: orders side effects; carries nothing on one process. */
    record Token() implements RuntimeValue {}

    /**
     * A {@code compare} not yet computed, whose only use is the predicate of a {@code select} in
     * the same block ({@link FusedPredicates}): the select computes it element by element. It holds
     * its operands past their last use, so {@link DonatedOperands} lets nothing write into them
     * before the select has run.
     */
    record DeferredCompare(Comparison.Direction direction, Comparison.Type type, Tensor lhs, Tensor rhs) implements RuntimeValue {}

    static RuntimeValue of(Tensor t) { return new OfTensor(t); }
}
