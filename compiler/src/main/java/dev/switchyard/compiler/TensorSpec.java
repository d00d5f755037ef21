package dev.switchyard.compiler;

import java.util.List;

/**
 * One forward input or output of {@code @main}, as the manifest records it.
 *
 * @param name      the input/output name in the model
 * @param argument  its position among {@code @main}'s arguments, or among its results
 * @param dtype     StableHLO element type ({@code bf16}, {@code i32}, {@code ui32}, …)
 * @param dims      the named dims, in positional order
 * @param shape     sizes, in the same order
 * @param sharding  per dim, the mesh axes it is split over (major to minor); empty = replicated
 */
public record TensorSpec(String name, int argument, String dtype, List<String> dims, List<Long> shape,
                         List<List<String>> sharding) {
    public TensorSpec {
        dims = List.copyOf(dims);
        shape = List.copyOf(shape);
        sharding = sharding.stream().map(List::copyOf).toList();
    }
}
