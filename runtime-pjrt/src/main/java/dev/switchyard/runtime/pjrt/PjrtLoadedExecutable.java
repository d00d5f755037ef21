package dev.switchyard.runtime.pjrt;

import static dev.switchyard.runtime.pjrt.PjrtStructs.EXECUTABLE_DESTROY;
import static dev.switchyard.runtime.pjrt.PjrtStructs.EXECUTABLE_NUM_OUTPUTS;
import static dev.switchyard.runtime.pjrt.PjrtStructs.EXECUTABLE_SERIALIZE;
import static dev.switchyard.runtime.pjrt.PjrtStructs.EXECUTE_OPTIONS;
import static dev.switchyard.runtime.pjrt.PjrtStructs.LOADED_EXECUTABLE_ADDRESSABLE_DEVICES;
import static dev.switchyard.runtime.pjrt.PjrtStructs.LOADED_EXECUTABLE_DESTROY;
import static dev.switchyard.runtime.pjrt.PjrtStructs.LOADED_EXECUTABLE_EXECUTE;
import static dev.switchyard.runtime.pjrt.PjrtStructs.LOADED_EXECUTABLE_GET_EXECUTABLE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code PJRT_LoadedExecutable}: a compiled program bound to its addressable devices. For an
 * SPMD program each device runs one partition; {@link #execute} takes one argument list per
 * device, in the order of {@link #addressableDevices()}.
 */
public final class PjrtLoadedExecutable extends NativeHandle {

    private final PjrtClient client;
    private final PjrtApi api;
    private int numOutputs;
    private List<PjrtDevice> devices = List.of();

    private PjrtLoadedExecutable(PjrtClient client, PjrtApi api, MemorySegment pointer) {
        super("PJRT executable", pointer, client.lock());
        this.client = client;
        this.api = api;
    }

    static PjrtLoadedExecutable adopt(PjrtClient client, PjrtApi api, MemorySegment pointer) throws PjrtException {
        PjrtLoadedExecutable e = new PjrtLoadedExecutable(client, api, pointer);
        client.adopt(e);
        try (Arena arena = Arena.ofConfined()) {
            e.numOutputs = (int) e.withExecutable(arena, exe -> {
                MemorySegment args = EXECUTABLE_NUM_OUTPUTS.allocate(arena);
                EXECUTABLE_NUM_OUTPUTS.set(args, "executable", exe);
                api.call(PjrtFunction.Executable_NumOutputs, args);
                return EXECUTABLE_NUM_OUTPUTS.getLong(args, "num_outputs");
            });
            MemorySegment args = LOADED_EXECUTABLE_ADDRESSABLE_DEVICES.allocate(arena);
            LOADED_EXECUTABLE_ADDRESSABLE_DEVICES.set(args, "executable", pointer);
            api.call(PjrtFunction.LoadedExecutable_AddressableDevices, args);
            long n = LOADED_EXECUTABLE_ADDRESSABLE_DEVICES.getLong(args, "num_addressable_devices");
            MemorySegment array = LOADED_EXECUTABLE_ADDRESSABLE_DEVICES.getPointer(args, "addressable_devices").reinterpret(8 * n);
            List<PjrtDevice> found = new ArrayList<>();
            for (long i = 0; i < n; i++) found.add(client.deviceFor(array.getAtIndex(ValueLayout.ADDRESS, i)));
            e.devices = List.copyOf(found);
        } catch (PjrtException | RuntimeException ex) {
            e.discardUnpublished();
            throw ex;
        }
        return e;
    }

    private interface ExecutableUse {
        long apply(MemorySegment executable) throws PjrtException;
    }

    /** Runs {@code use} with the {@code PJRT_Executable} behind this loaded one, destroying it after. */
    private long withExecutable(Arena arena, ExecutableUse use) throws PjrtException {
        MemorySegment get = LOADED_EXECUTABLE_GET_EXECUTABLE.allocate(arena);
        LOADED_EXECUTABLE_GET_EXECUTABLE.set(get, "loaded_executable", pointer());
        api.call(PjrtFunction.LoadedExecutable_GetExecutable, get);
        MemorySegment exe = LOADED_EXECUTABLE_GET_EXECUTABLE.getPointer(get, "executable");
        try {
            return use.apply(exe);
        } finally {
            MemorySegment destroy = EXECUTABLE_DESTROY.allocate(arena);
            EXECUTABLE_DESTROY.set(destroy, "executable", exe);
            api.call(PjrtFunction.Executable_Destroy, destroy);
        }
    }

    public int numOutputs() { return numOutputs; }

    /** The devices the program runs on: one argument list per device, in this order. */
    public List<PjrtDevice> addressableDevices() { return devices; }

    public PjrtClient client() { return client; }

    /**
     * Runs the program: {@code arguments.get(d)} are the arguments on device {@code d}. Returns
     * the outputs per device, owned by the caller. Waits for every device to finish.
     */
    public List<List<PjrtBuffer>> execute(List<List<PjrtBuffer>> arguments) throws PjrtException {
        return execute(arguments, new long[0]);
    }

    /**
     * As {@link #execute(List)}, with {@code non_donatable_input_indices}: the arguments the plugin must
     * not consume. Every other argument may be donated: when the program aliases it to an output
     * ({@code tf.aliasing_output}), its memory becomes that output's and the input buffer is dead.
     */
    public List<List<PjrtBuffer>> execute(List<List<PjrtBuffer>> arguments, long[] nonDonatableInputs) throws PjrtException {
        int numDevices = devices.size();
        if (arguments.size() != numDevices) {
            throw new IllegalArgumentException("the executable runs on " + numDevices + " devices, got "
                    + arguments.size() + " argument lists");
        }
        int numArgs = arguments.isEmpty() ? 0 : arguments.getFirst().size();
        for (List<PjrtBuffer> list : arguments) {
            if (list.size() != numArgs) throw new IllegalArgumentException("argument lists differ in length");
            for (PjrtBuffer b : list) {
                if (b.device().client() != client) throw new IllegalArgumentException(b + " belongs to another client");
            }
        }
        try (Lease l = lease(); Arena arena = Arena.ofConfined()) {
            for (List<PjrtBuffer> list : arguments) for (PjrtBuffer b : list) if (b.isClosed()) {
                throw new IllegalStateException("PJRT buffer is closed (argument of execute)");
            }
            MemorySegment argLists = arena.allocate(ValueLayout.ADDRESS, Math.max(1, numDevices));
            MemorySegment outLists = arena.allocate(ValueLayout.ADDRESS, Math.max(1, numDevices));
            for (int d = 0; d < numDevices; d++) {
                MemorySegment args = arena.allocate(ValueLayout.ADDRESS, Math.max(1, numArgs));
                for (int i = 0; i < numArgs; i++) args.setAtIndex(ValueLayout.ADDRESS, i, arguments.get(d).get(i).pointer());
                argLists.setAtIndex(ValueLayout.ADDRESS, d, args);
                outLists.setAtIndex(ValueLayout.ADDRESS, d, arena.allocate(ValueLayout.ADDRESS, Math.max(1, numOutputs)));
            }
            MemorySegment events = arena.allocate(ValueLayout.ADDRESS, Math.max(1, numDevices));
            MemorySegment options = EXECUTE_OPTIONS.allocate(arena);
            if (nonDonatableInputs.length > 0) {
                EXECUTE_OPTIONS.set(options, "non_donatable_input_indices", arena.allocateFrom(ValueLayout.JAVA_LONG, nonDonatableInputs));
                EXECUTE_OPTIONS.set(options, "num_non_donatable_input_indices", (long) nonDonatableInputs.length);
            }
            MemorySegment call = LOADED_EXECUTABLE_EXECUTE.allocate(arena);
            LOADED_EXECUTABLE_EXECUTE.set(call, "executable", pointer());
            LOADED_EXECUTABLE_EXECUTE.set(call, "options", options);
            LOADED_EXECUTABLE_EXECUTE.set(call, "argument_lists", argLists);
            LOADED_EXECUTABLE_EXECUTE.set(call, "num_devices", (long) numDevices);
            LOADED_EXECUTABLE_EXECUTE.set(call, "num_args", (long) numArgs);
            LOADED_EXECUTABLE_EXECUTE.set(call, "output_lists", outLists);
            LOADED_EXECUTABLE_EXECUTE.set(call, "device_complete_events", events);
            api.call(PjrtFunction.LoadedExecutable_Execute, call);

            List<List<PjrtBuffer>> outputs = new ArrayList<>();
            for (int d = 0; d < numDevices; d++) {
                MemorySegment outs = outLists.getAtIndex(ValueLayout.ADDRESS, d).reinterpret(8L * numOutputs);
                List<PjrtBuffer> perDevice = new ArrayList<>();
                for (int o = 0; o < numOutputs; o++) {
                    perDevice.add(PjrtBuffer.adopt(client, api, outs.getAtIndex(ValueLayout.ADDRESS, o), devices.get(d)));
                }
                outputs.add(List.copyOf(perDevice));
            }
            PjrtException failure = null;
            for (int d = 0; d < numDevices; d++) {
                try {
                    PjrtEvent.awaitAndDestroy(api, events.getAtIndex(ValueLayout.ADDRESS, d));
                } catch (PjrtException e) {
                    if (failure == null) failure = e;
                }
            }
            if (failure != null) {
                for (List<PjrtBuffer> list : outputs) for (PjrtBuffer b : list) b.discardUnpublished();
                throw failure;
            }
            return List.copyOf(outputs);
        }
    }

    /** The plugin's serialized form of the compiled program, for {@link PjrtClient#deserializeAndLoad}. */
    public byte[] serialize() throws PjrtException {
        try (Lease l = lease(); Arena arena = Arena.ofConfined()) {
            byte[][] out = new byte[1][];
            withExecutable(arena, exe -> {
                MemorySegment args = EXECUTABLE_SERIALIZE.allocate(arena);
                EXECUTABLE_SERIALIZE.set(args, "executable", exe);
                api.call(PjrtFunction.Executable_Serialize, args);
                long size = EXECUTABLE_SERIALIZE.getLong(args, "serialized_bytes_size");
                try {
                    out[0] = EXECUTABLE_SERIALIZE.getPointer(args, "serialized_bytes").reinterpret(size)
                            .toArray(ValueLayout.JAVA_BYTE);
                } finally {
                    // The bytes belong to serialized_executable; the plugin's deleter frees it, exactly once.
                    PjrtApi.callDeleter(EXECUTABLE_SERIALIZE.getPointer(args, "serialized_executable_deleter"),
                            EXECUTABLE_SERIALIZE.getPointer(args, "serialized_executable"));
                }
                return size;
            });
            return out[0];
        }
    }

    @Override
    void release(MemorySegment pointer) throws PjrtException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment args = LOADED_EXECUTABLE_DESTROY.allocate(arena);
            LOADED_EXECUTABLE_DESTROY.set(args, "executable", pointer);
            api.call(PjrtFunction.LoadedExecutable_Destroy, args);
        }
    }

    @Override
    void afterRelease() { client.forget(this); }
}
