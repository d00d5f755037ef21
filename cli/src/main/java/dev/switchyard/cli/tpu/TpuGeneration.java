package dev.switchyard.cli.tpu;

/**
 * A Cloud TPU generation as the TPU API and GKE name it. Facts from the Cloud TPU documentation
 * (cloud.google.com/tpu/docs/v4, /v5e, /v5p, /v6e: chips, TensorCores per chip, slice shapes,
 * VMs per slice) and "Plan TPUs in GKE" (cloud.google.com/kubernetes-engine/docs/concepts/plan-tpus:
 * the {@code cloud.google.com/gke-tpu-accelerator} values and machine types), checked against
 * Google's GKE TPU Terraform tables (tensorflow/tpu tools/kubernetes, ai-on-gke).
 */
public enum TpuGeneration {
    /** v4: 2 TensorCores per chip (one JAX/PJRT device per chip, megacore), 4 chips per VM, 3D torus. */
    V4("v4", "v4", 2, "tpu-v4-podslice", "tpu-ubuntu2204-base", 32),
    /** v5e: the TPU API calls it {@code v5litepod}; 1 TensorCore per chip, 2D torus, up to 8 chips per VM. */
    V5E("v5e", "v5litepod", 1, "tpu-v5-lite-podslice", "v2-alpha-tpuv5-lite", 16),
    /** v5p: 2 TensorCores per chip, 4 chips per VM, 3D torus. */
    V5P("v5p", "v5p", 2, "tpu-v5p-slice", "v2-alpha-tpuv5", 95),
    /** v6e (Trillium): 1 TensorCore per chip, 2D torus, up to 8 chips per VM. */
    V6E("v6e", "v6e", 1, "tpu-v6e-slice", "v2-alpha-tpuv6e", 32);

    private final String shortName;
    private final String apiPrefix;
    private final int tensorCoresPerChip;
    private final String gkeAccelerator;
    private final String runtimeVersion;
    private final int hbmGiBPerChip;

    TpuGeneration(String shortName, String apiPrefix, int tensorCoresPerChip, String gkeAccelerator,
                  String runtimeVersion, int hbmGiBPerChip) {
        this.shortName = shortName;
        this.apiPrefix = apiPrefix;
        this.tensorCoresPerChip = tensorCoresPerChip;
        this.gkeAccelerator = gkeAccelerator;
        this.runtimeVersion = runtimeVersion;
        this.hbmGiBPerChip = hbmGiBPerChip;
    }

    /** What users say: {@code v4}, {@code v5e}, {@code v5p}, {@code v6e}. */
    public String shortName() { return shortName; }

    /** The prefix of the TPU API's accelerator type: {@code v5litepod} in {@code v5litepod-8}. */
    public String apiPrefix() { return apiPrefix; }

    /**
     * The number after the dash in an accelerator type counts TensorCores for v4 and v5p
     * ({@code v4-32} is 16 chips) and chips for v5e and v6e.
     */
    public int tensorCoresPerChip() { return tensorCoresPerChip; }

    /** The value of the GKE node label {@code cloud.google.com/gke-tpu-accelerator}. */
    public String gkeAccelerator() { return gkeAccelerator; }

    /** The TPU VM software version for {@code gcloud compute tpus tpu-vm create --version}. */
    public String runtimeVersion() { return runtimeVersion; }

    public int hbmGiBPerChip() { return hbmGiBPerChip; }
}
