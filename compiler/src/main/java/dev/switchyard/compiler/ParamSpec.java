package dev.switchyard.compiler;

import java.util.List;

/**
 * One parameter of {@code @main}, as the manifest and checkpoints see it.
 *
 * @param path         stable hierarchical path ({@code encoder.layer_1.ffn.mlp.experts.wi})
 * @param argument     its position among {@code @main}'s arguments (parameters come first)
 * @param dtype        StableHLO element type
 * @param dims         named dims in positional order
 * @param shape        sizes in the same order
 * @param initializer  the initializer in the graph's text form ({@code truncated_normal(0.1, 768)})
 * @param sharding     per dim, the mesh axes it is split over
 * @param bytes        total size in bytes (all devices together)
 */
public record ParamSpec(String path, int argument, String dtype, List<String> dims, List<Long> shape,
                        String initializer, List<List<String>> sharding, long bytes) {
    public ParamSpec {
        dims = List.copyOf(dims);
        shape = List.copyOf(shape);
        sharding = sharding.stream().map(List::copyOf).toList();
    }
}
