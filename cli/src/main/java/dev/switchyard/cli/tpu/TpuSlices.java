package dev.switchyard.cli.tpu;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The slice shapes Switchyard knows, per generation. Source: the "Supported configurations"
 * tables of cloud.google.com/tpu/docs/v4, /v5e, /v5p and /v6e, and the GKE machine types from
 * cloud.google.com/kubernetes-engine/docs/concepts/plan-tpus. Multi-host v5e and v6e slices use
 * 4-chip VMs; v4 and v5p always use 4-chip VMs. Shapes beyond these exist (v5p goes to 8960
 * chips); add rows as they are needed.
 */
public final class TpuSlices {
    private TpuSlices() {}

    private static final List<TpuSlice> ALL = List.of(
            // v4: accelerator type counts TensorCores (2 per chip); 3D topologies.
            new TpuSlice(TpuGeneration.V4, 4, "2x2x1", 1, "ct4p-hightpu-4t"),
            new TpuSlice(TpuGeneration.V4, 8, "2x2x2", 2, "ct4p-hightpu-4t"),
            new TpuSlice(TpuGeneration.V4, 16, "2x2x4", 4, "ct4p-hightpu-4t"),
            new TpuSlice(TpuGeneration.V4, 32, "2x4x4", 8, "ct4p-hightpu-4t"),
            new TpuSlice(TpuGeneration.V4, 64, "4x4x4", 16, "ct4p-hightpu-4t"),
            new TpuSlice(TpuGeneration.V4, 128, "4x4x8", 32, "ct4p-hightpu-4t"),
            new TpuSlice(TpuGeneration.V4, 256, "4x8x8", 64, "ct4p-hightpu-4t"),
            new TpuSlice(TpuGeneration.V4, 512, "8x8x8", 128, "ct4p-hightpu-4t"),
            new TpuSlice(TpuGeneration.V4, 1024, "8x8x16", 256, "ct4p-hightpu-4t"),
            new TpuSlice(TpuGeneration.V4, 2048, "8x16x16", 512, "ct4p-hightpu-4t"),
            // v5e (v5litepod): accelerator type counts chips; 2D topologies.
            new TpuSlice(TpuGeneration.V5E, 1, "1x1", 1, "ct5lp-hightpu-1t"),
            new TpuSlice(TpuGeneration.V5E, 4, "2x2", 1, "ct5lp-hightpu-4t"),
            new TpuSlice(TpuGeneration.V5E, 8, "2x4", 1, "ct5lp-hightpu-8t"),
            new TpuSlice(TpuGeneration.V5E, 16, "4x4", 4, "ct5lp-hightpu-4t"),
            new TpuSlice(TpuGeneration.V5E, 32, "4x8", 8, "ct5lp-hightpu-4t"),
            new TpuSlice(TpuGeneration.V5E, 64, "8x8", 16, "ct5lp-hightpu-4t"),
            new TpuSlice(TpuGeneration.V5E, 128, "8x16", 32, "ct5lp-hightpu-4t"),
            new TpuSlice(TpuGeneration.V5E, 256, "16x16", 64, "ct5lp-hightpu-4t"),
            // v5p: accelerator type counts TensorCores (2 per chip); 3D topologies.
            new TpuSlice(TpuGeneration.V5P, 4, "2x2x1", 1, "ct5p-hightpu-4t"),
            new TpuSlice(TpuGeneration.V5P, 8, "2x2x2", 2, "ct5p-hightpu-4t"),
            new TpuSlice(TpuGeneration.V5P, 16, "2x2x4", 4, "ct5p-hightpu-4t"),
            new TpuSlice(TpuGeneration.V5P, 32, "2x4x4", 8, "ct5p-hightpu-4t"),
            new TpuSlice(TpuGeneration.V5P, 64, "4x4x4", 16, "ct5p-hightpu-4t"),
            new TpuSlice(TpuGeneration.V5P, 128, "4x4x8", 32, "ct5p-hightpu-4t"),
            new TpuSlice(TpuGeneration.V5P, 256, "4x8x8", 64, "ct5p-hightpu-4t"),
            new TpuSlice(TpuGeneration.V5P, 512, "8x8x8", 128, "ct5p-hightpu-4t"),
            new TpuSlice(TpuGeneration.V5P, 1024, "8x8x16", 256, "ct5p-hightpu-4t"),
            new TpuSlice(TpuGeneration.V5P, 2048, "8x16x16", 512, "ct5p-hightpu-4t"),
            new TpuSlice(TpuGeneration.V5P, 4096, "16x16x16", 1024, "ct5p-hightpu-4t"),
            // v6e (Trillium): accelerator type counts chips; 2D topologies.
            new TpuSlice(TpuGeneration.V6E, 1, "1x1", 1, "ct6e-standard-1t"),
            new TpuSlice(TpuGeneration.V6E, 4, "2x2", 1, "ct6e-standard-4t"),
            new TpuSlice(TpuGeneration.V6E, 8, "2x4", 1, "ct6e-standard-8t"),
            new TpuSlice(TpuGeneration.V6E, 16, "4x4", 4, "ct6e-standard-4t"),
            new TpuSlice(TpuGeneration.V6E, 32, "4x8", 8, "ct6e-standard-4t"),
            new TpuSlice(TpuGeneration.V6E, 64, "8x8", 16, "ct6e-standard-4t"),
            new TpuSlice(TpuGeneration.V6E, 128, "8x16", 32, "ct6e-standard-4t"),
            new TpuSlice(TpuGeneration.V6E, 256, "16x16", 64, "ct6e-standard-4t"));

    public static List<TpuSlice> all() { return ALL; }

    /**
     * Finds a slice by the name users type: {@code v5e-8}, {@code v5litepod-8}, {@code v4-32},
     * {@code v5p-16}, {@code v6e-256} (case-insensitive).
     */
    public static Optional<TpuSlice> find(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(s -> n.equals(s.displayName()) || n.equals(s.acceleratorType())).findFirst();
    }

    /** The known names of one generation (or all), for error messages. */
    public static String knownNames(Optional<TpuGeneration> generation) {
        return ALL.stream().filter(s -> generation.isEmpty() || s.generation() == generation.get())
                .map(TpuSlice::displayName).collect(Collectors.joining(", "));
    }

    /** The generation a (possibly unknown) name refers to, to narrow an error message. */
    public static Optional<TpuGeneration> generationOf(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (TpuGeneration g : TpuGeneration.values()) {
            if (n.startsWith(g.shortName() + "-") || n.startsWith(g.apiPrefix() + "-")) return Optional.of(g);
        }
        return Optional.empty();
    }
}
