package dev.switchyard.runtime.ref.kernel;

import java.util.List;

/**
 * A region applied to rank-0 tensors: a reduce body, a scatter update computation, a sort
 * comparator. Kernels call it per element; the evaluator supplies it.
 */
@FunctionalInterface
public interface ScalarFunction {
    List<Tensor> apply(List<Tensor> arguments);
}
