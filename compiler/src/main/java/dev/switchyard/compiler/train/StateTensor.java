package dev.switchyard.compiler.train;

import dev.switchyard.dsl.graph.Mesh;
import java.util.List;

/**
 * One tensor the train step carries from step to step: a parameter, an optimizer slot, or the step
 * counter. It is {@code @main}'s argument {@link #argument()} and comes back, updated, as result
 * {@link #result()}; the argument is donated to that result ({@code tf.aliasing_output}), so the
 * caller must use the returned buffer from then on.
 *
 * @param path      a stable key (manifest, checkpoints): the parameter's path, {@code opt/PATH/SLOT}, or {@code step}
 * @param role      what it is
 * @param param     the parameter path it belongs to ({@code ""} for the step counter)
 * @param slot      the optimizer slot ({@code r}, {@code c}, {@code v}, {@code m}); {@code ""} for a parameter or the step
 * @param dtype     StableHLO element type
 * @param dims      named dims in positional order
 * @param shape     sizes, in the same order
 * @param sharding  per dim, the mesh axes it is split over (an optimizer slot keeps its parameter's split on the dims it keeps)
 * @param init      how a fresh run initialises it: the parameter's initializer text, or {@code zeros}
 * @param argument  its position among {@code @main}'s arguments
 * @param result    its position among {@code @main}'s results (the donation target)
 * @param elementBytes bytes per element of {@code dtype}
 */
public record StateTensor(String path, Role role, String param, String slot, String dtype, List<String> dims, List<Long> shape,
                          List<List<String>> sharding, String init, int argument, int result, int elementBytes) {

    public enum Role { PARAM, OPTIMIZER, STEP }

    public StateTensor {
        dims = List.copyOf(dims);
        shape = List.copyOf(shape);
        sharding = sharding.stream().map(List::copyOf).toList();
    }

    public long elementCount() {
        long n = 1;
        for (long s : shape) n *= s;
        return n;
    }

    /** Bytes over all devices together. */
    public long bytes() { return elementCount() * elementBytes; }

    /** Bytes on one device: split dims divide by the product of their axes' sizes. */
    public long bytesPerDevice(Mesh mesh) {
        long n = elementBytes;
        for (int i = 0; i < shape.size(); i++) {
            long parts = 1;
            for (String axis : sharding.get(i)) parts *= mesh.size(axis);
            n *= shape.get(i) / parts;
        }
        return n;
    }
}
