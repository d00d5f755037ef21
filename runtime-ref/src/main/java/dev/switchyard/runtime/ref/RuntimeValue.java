package dev.switchyard.runtime.ref;

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

    static RuntimeValue of(Tensor t) { return new OfTensor(t); }
}
