package dev.switchyard.cli.artifact;

import java.util.List;

/**
 * {@code manifest.json}: what a compiled artifact holds and how to call it. Documented in
 * {@code docs/artifacts.md}, described by {@code docs/manifest.schema.json}; written and read by
 * {@link ManifestJson} (snake_case keys). A new field means a new {@link #FORMAT_VERSION}.
 *
 * <p>The entry function's arguments are the parameters and the inputs, each at its
 * {@code argument_index}; its results are the outputs, in order.
 */
public record Manifest(
        int formatVersion,
        String compilerVersion,
        Source source,
        String entryPoint,
        List<TensorSpec> inputs,
        List<TensorSpec> outputs,
        List<ParameterSpec> parameters,
        MeshSpec mesh,
        int numPartitions,
        int numReplicas,
        String stablehloVersion,
        Files files) {

    public static final int FORMAT_VERSION = 1;

    public Manifest {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        parameters = List.copyOf(parameters);
    }

    /** The model spec the artifact was compiled from: its file name and SHA-256 of its bytes. */
    public record Source(String file, String sha256) {}

    /** Names of the artifact's other files, relative to the directory. */
    public record Files(String module, String compileOptions) {
        public static Files standard() { return new Files("model.mlir", "compile_options.pb"); }
    }

    /**
     * An input or output: element type (MLIR spelling), named dims with their sizes, and its
     * sharding as, per dim, the mesh axes that split it (empty: replicated along that dim).
     */
    public record TensorSpec(String name, String dtype, List<String> dims, List<Long> shape,
                             List<List<String>> sharding, int argumentIndex) {
        public TensorSpec {
            dims = List.copyOf(dims);
            shape = List.copyOf(shape);
            sharding = sharding.stream().map(List::copyOf).toList();
        }
    }

    /** A trained weight: its hierarchical path (the safetensors name), type, initializer and size. */
    public record ParameterSpec(String path, String dtype, List<String> dims, List<Long> shape,
                                Initializer initializer, List<List<String>> sharding, long byteSize,
                                int argumentIndex) {
        public ParameterSpec {
            dims = List.copyOf(dims);
            shape = List.copyOf(shape);
            sharding = sharding.stream().map(List::copyOf).toList();
        }
    }

    /** The logical device mesh: named axes (major to minor) and the device id at each mesh position. */
    public record MeshSpec(String name, List<Axis> axes, List<Integer> deviceOrder) {
        public MeshSpec {
            axes = List.copyOf(axes);
            deviceOrder = List.copyOf(deviceOrder);
        }

        public record Axis(String name, int size) {}

        /** The number of devices, the product of the axis sizes. */
        public long deviceCount() {
            long n = 1;
            for (Axis a : axes) n *= a.size();
            return n;
        }
    }
}
