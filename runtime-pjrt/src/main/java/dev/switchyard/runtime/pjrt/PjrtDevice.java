package dev.switchyard.runtime.pjrt;

import java.lang.foreign.MemorySegment;

/**
 * An addressable device of a client, as its description reports it. The native pointer belongs
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

    PjrtDevice(PjrtClient client, MemorySegment pointer, int id, String kind, String debugString, String description,
               int localHardwareId) {
        this.client = client;
        this.pointer = pointer;
        this.id = id;
        this.kind = kind;
        this.debugString = debugString;
        this.description = description;
        this.localHardwareId = localHardwareId;
    }

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
    public String toString() { return "device " + id + " (" + kind + ")"; }
}
