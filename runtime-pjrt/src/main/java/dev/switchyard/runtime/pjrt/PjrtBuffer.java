package dev.switchyard.runtime.pjrt;

import static dev.switchyard.runtime.pjrt.PjrtStructs.BUFFER_DESTROY;
import static dev.switchyard.runtime.pjrt.PjrtStructs.BUFFER_DIMENSIONS;
import static dev.switchyard.runtime.pjrt.PjrtStructs.BUFFER_ELEMENT_TYPE;
import static dev.switchyard.runtime.pjrt.PjrtStructs.BUFFER_TO_HOST;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A {@code PJRT_Buffer}: a tensor in a device's memory. */
public final class PjrtBuffer extends NativeHandle {

    private final PjrtClient client;
    private final PjrtApi api;
    private final PjrtDevice device;

    private PjrtBuffer(PjrtClient client, PjrtApi api, MemorySegment pointer, PjrtDevice device) {
        super("PJRT buffer", pointer, client.lock());
        this.client = client;
        this.api = api;
        this.device = device;
    }

    /** Takes ownership of a buffer the plugin returned. */
    static PjrtBuffer adopt(PjrtClient client, PjrtApi api, MemorySegment pointer, PjrtDevice device) {
        PjrtBuffer b = new PjrtBuffer(client, api, pointer, device);
        client.adopt(b);
        return b;
    }

    public PjrtDevice device() { return device; }

    public ElementType elementType() throws PjrtException {
        try (Lease l = lease(); Arena arena = Arena.ofConfined()) {
            return elementType(arena);
        }
    }

    private ElementType elementType(Arena arena) throws PjrtException {
        MemorySegment args = BUFFER_ELEMENT_TYPE.allocate(arena);
        BUFFER_ELEMENT_TYPE.set(args, "buffer", pointer());
        api.call(PjrtFunction.Buffer_ElementType, args);
        int type = BUFFER_ELEMENT_TYPE.getInt(args, "type");
        return BufferType.toElementType(type).orElseThrow(() -> new PjrtException(PjrtErrorCode.UNIMPLEMENTED,
                "PJRT_Buffer_ElementType", "PJRT buffer type " + type + " has no Switchyard host element type"));
    }

    public long[] shape() throws PjrtException {
        try (Lease l = lease(); Arena arena = Arena.ofConfined()) {
            return shape(arena);
        }
    }

    private long[] shape(Arena arena) throws PjrtException {
        MemorySegment args = BUFFER_DIMENSIONS.allocate(arena);
        BUFFER_DIMENSIONS.set(args, "buffer", pointer());
        api.call(PjrtFunction.Buffer_Dimensions, args);
        long n = BUFFER_DIMENSIONS.getLong(args, "num_dims");
        if (n == 0) return new long[0];
        return BUFFER_DIMENSIONS.getPointer(args, "dims").reinterpret(8 * n).toArray(ValueLayout.JAVA_LONG);
    }

    /** Copies the buffer to the host: asks the size, copies into native memory, awaits the event. */
    public HostTensor toHost() throws PjrtException {
        try (Lease l = lease(); Arena arena = Arena.ofConfined()) {
            ElementType type = elementType(arena);
            long[] shape = shape(arena);
            MemorySegment ask = BUFFER_TO_HOST.allocate(arena);
            BUFFER_TO_HOST.set(ask, "src", pointer());
            api.call(PjrtFunction.Buffer_ToHostBuffer, ask);
            long size = BUFFER_TO_HOST.getLong(ask, "dst_size");
            long expected = HostTensor.elementCount(shape) * type.byteSize();
            if (size != expected) {
                throw new PjrtException(PjrtErrorCode.INTERNAL, "PJRT_Buffer_ToHostBuffer", "the plugin needs " + size
                        + " bytes for a " + type + java.util.Arrays.toString(shape) + " buffer, Switchyard stores " + expected);
            }
            MemorySegment dst = arena.allocate(Math.max(1, size), 64);
            MemorySegment copy = BUFFER_TO_HOST.allocate(arena);
            BUFFER_TO_HOST.set(copy, "src", pointer());
            BUFFER_TO_HOST.set(copy, "dst", dst);
            BUFFER_TO_HOST.set(copy, "dst_size", size);
            api.call(PjrtFunction.Buffer_ToHostBuffer, copy);
            PjrtEvent.awaitAndDestroy(api, BUFFER_TO_HOST.getPointer(copy, "event"));
            return new HostTensor(type, shape, dst.asSlice(0, size).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Override
    void release(MemorySegment pointer) throws PjrtException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment args = BUFFER_DESTROY.allocate(arena);
            BUFFER_DESTROY.set(args, "buffer", pointer);
            api.call(PjrtFunction.Buffer_Destroy, args);
        }
    }

    @Override
    void afterRelease() { client.forget(this); }
}
