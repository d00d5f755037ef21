package dev.switchyard.cli.tpu;

/**
 * One slice shape a generation offers: its chip count, ICI topology (the GKE
 * {@code cloud.google.com/gke-tpu-topology} value), how many TPU VMs (hosts, GKE nodes) make it
 * up and how many chips each VM holds, and the GKE machine type of those nodes.
 */
public record TpuSlice(TpuGeneration generation, int chips, String topology, int vms, String gkeMachineType) {

    public TpuSlice {
        if (chips < 1 || vms < 1 || chips % vms != 0) {
            throw new IllegalArgumentException("bad slice: " + chips + " chips on " + vms + " VMs");
        }
    }

    /** The TPU API accelerator type, e.g. {@code v5litepod-8} or {@code v4-32}. */
    public String acceleratorType() {
        return generation.apiPrefix() + "-" + chips * generation.tensorCoresPerChip();
    }

    public int chipsPerVm() { return chips / vms; }

    public boolean multiHost() { return vms > 1; }

    /** The name users see: {@code v5e-8}, {@code v4-32}. */
    public String displayName() {
        return generation.shortName() + "-" + chips * generation.tensorCoresPerChip();
    }
}
