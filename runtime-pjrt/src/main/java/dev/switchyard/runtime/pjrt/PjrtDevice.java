package dev.switchyard.runtime.pjrt;

import java.lang.foreign.MemorySegment;

/**
 * A device of a client (this process's, or another process's in a multi-process job), as its description reports it. The native pointer belongs
 * to the client; using a device of a closed client fails in the client's calls.
 */
public final class PjrtDevice {

    private final PjrtClient client;
    private final MemorySegment pointer;
    private final int id;
    private final String kind;
    private final String debugString;
    private final String description;
    private final int localHardwareId;
    private final int processIndex;
    private final boolean addressable;

    PjrtDevice(PjrtClient client, MemorySegment pointer, int id, String kind, String debugString, String description,
               int localHardwareId, int processIndex, boolean addressable) {
        this.client = client;
        this.pointer = pointer;
        this.id = id;
        this.kind = kind;
        this.debugString = debugString;
        this.description = description;
        this.localHardwareId = localHardwareId;
        this.processIndex = processIndex;
        this.addressable = addressable;
    }

    /** The process that owns the device (0 in a single-process job). */
    public int processIndex() { return processIndex; }

    /** Whether this process can put buffers on it and run on it. */
    public boolean isAddressable() { return addressable; }

    /** The global device id. */
    public int id() { return id; }

    /** e.g. {@code NVIDIA H200} or {@code TPU v5 lite}. */
    public String kind() { return kind; }

    /** The plugin's short debug name, e.g. {@code TFRT_CPU_0}. */
    public String debugString() { return debugString; }

    /** The plugin's longer description ({@code DeviceDescription_ToString}). */
    public String description() { return description; }

    /** The hardware id (e.g. the CUDA ordinal); -1 when the plugin does not say. */
    public int localHardwareId() { return localHardwareId; }

    public PjrtClient client() { return client; }

    MemorySegment pointer() { return pointer; }

    @Override
    public String toString() { return "device " + id + " (" + kind + (processIndex == 0 ? "" : ", process " + processIndex) + ")"; }
}
