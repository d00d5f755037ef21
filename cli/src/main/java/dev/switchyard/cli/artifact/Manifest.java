package dev.switchyard.cli.artifact;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json}: what a compiled artifact holds and how to call it. Documented in
 * {@code docs/artifacts.md}, described by {@code docs/manifest.schema.json}; written and read by
 * {@link ManifestJson} (snake_case keys). A new field means a new {@link #FORMAT_VERSION}.
 *
 * <p>The entry function's arguments are the parameters and the inputs, each at its
 * {@code argument_index} (for a train step also the optimizer state and the step counter, listed
 * in {@link Entry#state()}); its results are the outputs, in order.
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
        Files files,
        Entry entry) {

    /** 2 added {@code entry} (forward or train step). */
    public static final int FORMAT_VERSION = 2;

    public Manifest {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        parameters = List.copyOf(parameters);
    }

    /** A forward-pass manifest (the entry kind every compile but {@code --entry train} writes). */
    public Manifest(int formatVersion, String compilerVersion, Source source, String entryPoint, List<TensorSpec> inputs,
                    List<TensorSpec> outputs, List<ParameterSpec> parameters, MeshSpec mesh, int numPartitions, int numReplicas,
                    String stablehloVersion, Files files) {
        this(formatVersion, compilerVersion, source, entryPoint, inputs, outputs, parameters, mesh, numPartitions, numReplicas,
                stablehloVersion, files, Entry.forward());
    }

    /**
     * What the entry function is. {@code kind} {@code forward}: the model's forward pass (state,
     * metrics and optimizer empty). {@code train}: one training step; {@code state} lists every
     * tensor carried from step to step (parameters, optimizer slots, the step counter), each donated
     * from its argument to its result; {@code metrics} names the scalar results after the state;
     * {@code optimizer} is the optimizer, schedule and clipping configuration as flat keys.
     */
    public record Entry(String kind, List<StateSpec> state, List<MetricSpec> metrics, Map<String, Object> optimizer) {
        public static final String FORWARD = "forward", TRAIN = "train";

        public Entry {
            state = List.copyOf(state);
            metrics = List.copyOf(metrics);
            optimizer = Collections.unmodifiableMap(new LinkedHashMap<>(optimizer));
        }

        public static Entry forward() { return new Entry(FORWARD, List.of(), List.of(), Map.of()); }
    }

    /**
     * One train-step state tensor. {@code role} is {@code param}, {@code optimizer} or {@code step};
     * {@code parameter} is the parameter it belongs to ({@code ""} for the step), {@code slot} the
     * optimizer slot ({@code r}, {@code c}, {@code v}, {@code m}; {@code ""} otherwise). The argument at
     * {@code argument_index} is donated to the result at {@code result_index}
     * ({@code tf.aliasing_output}): use the result from then on.
     */
    public record StateSpec(String path, String role, String parameter, String slot, String dtype, List<String> dims, List<Long> shape,
                            List<List<String>> sharding, Initializer initializer, long byteSize, int argumentIndex, int resultIndex) {
        public StateSpec {
            dims = List.copyOf(dims);
            shape = List.copyOf(shape);
            sharding = sharding.stream().map(List::copyOf).toList();
        }
    }

    /** A scalar metric of a train step: the result at {@code result_index}. */
    public record MetricSpec(String name, String dtype, int resultIndex) {}

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
