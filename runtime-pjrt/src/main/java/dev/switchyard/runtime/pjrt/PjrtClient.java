package dev.switchyard.runtime.pjrt;

import static dev.switchyard.runtime.pjrt.PjrtStructs.CLIENT_ADDRESSABLE_DEVICES;
import static dev.switchyard.runtime.pjrt.PjrtStructs.CLIENT_BUFFER_FROM_HOST;
import static dev.switchyard.runtime.pjrt.PjrtStructs.CLIENT_COMPILE;
import static dev.switchyard.runtime.pjrt.PjrtStructs.CLIENT_CREATE;
import static dev.switchyard.runtime.pjrt.PjrtStructs.CLIENT_DESTROY;
import static dev.switchyard.runtime.pjrt.PjrtStructs.CLIENT_DEVICES;
import static dev.switchyard.runtime.pjrt.PjrtStructs.CLIENT_PROCESS_INDEX;
import static dev.switchyard.runtime.pjrt.PjrtStructs.DEVICE_DESCRIPTION_PROCESS_INDEX;
import static dev.switchyard.runtime.pjrt.PjrtStructs.DEVICE_IS_ADDRESSABLE;
import static dev.switchyard.runtime.pjrt.PjrtStructs.CLIENT_PLATFORM_NAME;
import static dev.switchyard.runtime.pjrt.PjrtStructs.CLIENT_PLATFORM_VERSION;
import static dev.switchyard.runtime.pjrt.PjrtStructs.DEVICE_DESCRIPTION_DEBUG_STRING;
import static dev.switchyard.runtime.pjrt.PjrtStructs.DEVICE_DESCRIPTION_ID;
import static dev.switchyard.runtime.pjrt.PjrtStructs.DEVICE_DESCRIPTION_KIND;
import static dev.switchyard.runtime.pjrt.PjrtStructs.DEVICE_DESCRIPTION_TO_STRING;
import static dev.switchyard.runtime.pjrt.PjrtStructs.DEVICE_GET_DESCRIPTION;
import static dev.switchyard.runtime.pjrt.PjrtStructs.DEVICE_LOCAL_HARDWARE_ID;
import static dev.switchyard.runtime.pjrt.PjrtStructs.EXECUTABLE_DESERIALIZE_AND_LOAD;
import static dev.switchyard.runtime.pjrt.PjrtStructs.PROGRAM;

import dev.switchyard.hlo.tensor.HostTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@code PJRT_Client}: the plugin's view of its devices, and the factory of buffers and
 * executables. Closing the client first closes every buffer and executable it made that is still
 * open, so no native object outlives the client it belongs to.
 */
public final class PjrtClient extends NativeHandle {

    /** {@code PJRT_HostBufferSemantics_kImmutableUntilTransferCompletes}: we keep host memory until the done event. */
    private static final int IMMUTABLE_UNTIL_TRANSFER_COMPLETES = 1;

    private final PjrtPlugin plugin;
    private final PjrtApi api;
    private final Set<NativeHandle> children = ConcurrentHashMap.newKeySet();
    private String platformName = "";
    private String platformVersion = "";
    private List<PjrtDevice> devices = List.of();
    private List<PjrtDevice> globalDevices = List.of();
    private int processIndex;
    private long keyValueStoreId;

    private PjrtClient(PjrtPlugin plugin, PjrtApi api, MemorySegment pointer) {
        super("PJRT client", pointer, new ReentrantReadWriteLock());
        this.plugin = plugin;
        this.api = api;
    }

    /**
     * Creates a client; with a {@code store}, the plugin gets the kv_get / kv_try_get / kv_put
     * callbacks backed by it (what a multi-process client needs to find its peers).
     */
    static PjrtClient create(PjrtPlugin plugin, PjrtApi api, Map<String, NamedValue> options, Optional<KeyValueStore> store)
            throws PjrtException {
        MemorySegment pointer;
        long storeId = store.map(KeyValueCallbacks::register).orElse(0L);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment args = CLIENT_CREATE.allocate(arena);
            CLIENT_CREATE.set(args, "create_options", NamedValue.toNative(arena, options));
            CLIENT_CREATE.set(args, "num_options", (long) options.size());
            if (storeId != 0) {
                MemorySegment userArg = MemorySegment.ofAddress(storeId);
                CLIENT_CREATE.set(args, "kv_get_callback", KeyValueCallbacks.GET);
                CLIENT_CREATE.set(args, "kv_get_user_arg", userArg);
                CLIENT_CREATE.set(args, "kv_put_callback", KeyValueCallbacks.PUT);
                CLIENT_CREATE.set(args, "kv_put_user_arg", userArg);
                CLIENT_CREATE.set(args, "kv_try_get_callback", KeyValueCallbacks.TRY_GET);
                CLIENT_CREATE.set(args, "kv_try_get_user_arg", userArg);
            }
            api.call(PjrtFunction.Client_Create, args);
            pointer = CLIENT_CREATE.getPointer(args, "client");
        } catch (PjrtException | RuntimeException e) {
            KeyValueCallbacks.unregister(storeId);
            throw e;
        }
        PjrtClient client = new PjrtClient(plugin, api, pointer);
        client.keyValueStoreId = storeId;
        try {
            client.describe();
        } catch (PjrtException | RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    private void describe() throws PjrtException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = CLIENT_PLATFORM_NAME.allocate(arena);
            CLIENT_PLATFORM_NAME.set(name, "client", pointer());
            api.call(PjrtFunction.Client_PlatformName, name);
            platformName = PjrtApi.string(CLIENT_PLATFORM_NAME.getPointer(name, "platform_name"),
                    CLIENT_PLATFORM_NAME.getLong(name, "platform_name_size"));
            if (api.has(PjrtFunction.Client_PlatformVersion)) {
                MemorySegment version = CLIENT_PLATFORM_VERSION.allocate(arena);
                CLIENT_PLATFORM_VERSION.set(version, "client", pointer());
                api.call(PjrtFunction.Client_PlatformVersion, version);
                platformVersion = PjrtApi.string(CLIENT_PLATFORM_VERSION.getPointer(version, "platform_version"),
                        CLIENT_PLATFORM_VERSION.getLong(version, "platform_version_size"));
            }
            MemorySegment list = CLIENT_ADDRESSABLE_DEVICES.allocate(arena);
            CLIENT_ADDRESSABLE_DEVICES.set(list, "client", pointer());
            api.call(PjrtFunction.Client_AddressableDevices, list);
            long n = CLIENT_ADDRESSABLE_DEVICES.getLong(list, "num_addressable_devices");
            MemorySegment array = CLIENT_ADDRESSABLE_DEVICES.getPointer(list, "addressable_devices").reinterpret(8 * n);
            List<PjrtDevice> found = new ArrayList<>();
            for (long i = 0; i < n; i++) found.add(device(arena, array.getAtIndex(ValueLayout.ADDRESS, i), true));
            devices = List.copyOf(found);
            globalDevices = devices;
            if (api.has(PjrtFunction.Client_Devices)) {
                MemorySegment all = CLIENT_DEVICES.allocate(arena);
                CLIENT_DEVICES.set(all, "client", pointer());
                api.call(PjrtFunction.Client_Devices, all);
                long g = CLIENT_DEVICES.getLong(all, "num_devices");
                MemorySegment pointers = CLIENT_DEVICES.getPointer(all, "devices").reinterpret(8 * g);
                List<PjrtDevice> global = new ArrayList<>();
                for (long i = 0; i < g; i++) {
                    MemorySegment p = pointers.getAtIndex(ValueLayout.ADDRESS, i);
                    PjrtDevice local = devices.stream().filter(d -> d.pointer().equals(p)).findFirst().orElse(null);
                    global.add(local != null ? local : device(arena, p, false));
                }
                globalDevices = List.copyOf(global);
            }
            if (api.has(PjrtFunction.Client_ProcessIndex)) {
                MemorySegment index = CLIENT_PROCESS_INDEX.allocate(arena);
                CLIENT_PROCESS_INDEX.set(index, "client", pointer());
                api.call(PjrtFunction.Client_ProcessIndex, index);
                processIndex = CLIENT_PROCESS_INDEX.getInt(index, "process_index");
            }
        }
    }

    /** Describes a device; {@code listedAddressable}: it came from Client_AddressableDevices. */
    private PjrtDevice device(Arena arena, MemorySegment device, boolean listedAddressable) throws PjrtException {
        MemorySegment get = DEVICE_GET_DESCRIPTION.allocate(arena);
        DEVICE_GET_DESCRIPTION.set(get, "device", device);
        api.call(PjrtFunction.Device_GetDescription, get);
        MemorySegment description = DEVICE_GET_DESCRIPTION.getPointer(get, "device_description");

        MemorySegment id = DEVICE_DESCRIPTION_ID.allocate(arena);
        DEVICE_DESCRIPTION_ID.set(id, "device_description", description);
        api.call(PjrtFunction.DeviceDescription_Id, id);

        MemorySegment kind = DEVICE_DESCRIPTION_KIND.allocate(arena);
        DEVICE_DESCRIPTION_KIND.set(kind, "device_description", description);
        api.call(PjrtFunction.DeviceDescription_Kind, kind);

        MemorySegment debug = DEVICE_DESCRIPTION_DEBUG_STRING.allocate(arena);
        DEVICE_DESCRIPTION_DEBUG_STRING.set(debug, "device_description", description);
        api.call(PjrtFunction.DeviceDescription_DebugString, debug);

        MemorySegment text = DEVICE_DESCRIPTION_TO_STRING.allocate(arena);
        DEVICE_DESCRIPTION_TO_STRING.set(text, "device_description", description);
        api.call(PjrtFunction.DeviceDescription_ToString, text);

        int hardwareId = -1;
        if (api.has(PjrtFunction.Device_LocalHardwareId)) {
            MemorySegment hw = DEVICE_LOCAL_HARDWARE_ID.allocate(arena);
            DEVICE_LOCAL_HARDWARE_ID.set(hw, "device", device);
            api.call(PjrtFunction.Device_LocalHardwareId, hw);
            hardwareId = DEVICE_LOCAL_HARDWARE_ID.getInt(hw, "local_hardware_id");
        }
        int process = 0;
        if (api.has(PjrtFunction.DeviceDescription_ProcessIndex)) {
            MemorySegment p = DEVICE_DESCRIPTION_PROCESS_INDEX.allocate(arena);
            DEVICE_DESCRIPTION_PROCESS_INDEX.set(p, "device_description", description);
            api.call(PjrtFunction.DeviceDescription_ProcessIndex, p);
            process = DEVICE_DESCRIPTION_PROCESS_INDEX.getInt(p, "process_index");
        }
        boolean addressable = listedAddressable;
        if (api.has(PjrtFunction.Device_IsAddressable)) {
            MemorySegment a = DEVICE_IS_ADDRESSABLE.allocate(arena);
            DEVICE_IS_ADDRESSABLE.set(a, "device", device);
            api.call(PjrtFunction.Device_IsAddressable, a);
            if (DEVICE_IS_ADDRESSABLE.getBool(a, "is_addressable") != listedAddressable) {
                throw new PjrtException(PjrtErrorCode.INTERNAL, "PJRT_Device_IsAddressable", "the plugin lists device "
                        + DEVICE_DESCRIPTION_ID.getInt(id, "id") + (listedAddressable ? " as addressable but says it is not" : " as not addressable but says it is"));
            }
        }
        return new PjrtDevice(this, device, DEVICE_DESCRIPTION_ID.getInt(id, "id"),
                PjrtApi.string(DEVICE_DESCRIPTION_KIND.getPointer(kind, "device_kind"),
                        DEVICE_DESCRIPTION_KIND.getLong(kind, "device_kind_size")),
                PjrtApi.string(DEVICE_DESCRIPTION_DEBUG_STRING.getPointer(debug, "debug_string"),
                        DEVICE_DESCRIPTION_DEBUG_STRING.getLong(debug, "debug_string_size")),
                PjrtApi.string(DEVICE_DESCRIPTION_TO_STRING.getPointer(text, "to_string"),
                        DEVICE_DESCRIPTION_TO_STRING.getLong(text, "to_string_size")),
                hardwareId, process, addressable);
    }

    public PjrtPlugin plugin() { return plugin; }

    /** e.g. {@code cuda}, {@code tpu}, {@code cpu}. */
    public String platformName() { return platformName; }

    /** e.g. the CUDA or libtpu version; empty when the plugin does not say. */
    public String platformVersion() { return platformVersion; }

    /** The devices this process can use, in the plugin's order. */
    public List<PjrtDevice> addressableDevices() { return devices; }

    /** Every device of the job, this process's and the others' ({@code PJRT_Client_Devices}), in the plugin's order. */
    public List<PjrtDevice> devices() { return globalDevices; }

    /** This process's index in a multi-process job; 0 alone. */
    public int processIndex() { return processIndex; }

    /** Compiles MLIR (StableHLO text or bytecode) with serialized {@code xla.CompileOptionsProto}. */
    public PjrtLoadedExecutable compile(String mlir, XlaCompileOptions options) throws PjrtException {
        return compile(mlir.getBytes(StandardCharsets.UTF_8), "mlir", options.toByteArray());
    }

    /** Compiles a program in {@code format} ({@code mlir} or {@code hlo}) with raw compile options. */
    public PjrtLoadedExecutable compile(byte[] code, String format, byte[] compileOptions) throws PjrtException {
        try (Lease l = lease(); Arena arena = Arena.ofConfined()) {
            byte[] f = format.getBytes(StandardCharsets.UTF_8);
            MemorySegment program = PROGRAM.allocate(arena);
            PROGRAM.set(program, "code", PjrtApi.bytes(arena, code));
            PROGRAM.set(program, "code_size", (long) code.length);
            PROGRAM.set(program, "format", PjrtApi.bytes(arena, f));
            PROGRAM.set(program, "format_size", (long) f.length);
            MemorySegment args = CLIENT_COMPILE.allocate(arena);
            CLIENT_COMPILE.set(args, "client", pointer());
            CLIENT_COMPILE.set(args, "program", program);
            CLIENT_COMPILE.set(args, "compile_options", PjrtApi.bytes(arena, compileOptions));
            CLIENT_COMPILE.set(args, "compile_options_size", (long) compileOptions.length);
            api.call(PjrtFunction.Client_Compile, args);
            return PjrtLoadedExecutable.adopt(this, api, CLIENT_COMPILE.getPointer(args, "executable"));
        }
    }

    /** Loads what {@link PjrtLoadedExecutable#serialize()} wrote, with the same plugin build. */
    public PjrtLoadedExecutable deserializeAndLoad(byte[] serialized) throws PjrtException {
        try (Lease l = lease(); Arena arena = Arena.ofConfined()) {
            MemorySegment args = EXECUTABLE_DESERIALIZE_AND_LOAD.allocate(arena);
            EXECUTABLE_DESERIALIZE_AND_LOAD.set(args, "client", pointer());
            EXECUTABLE_DESERIALIZE_AND_LOAD.set(args, "serialized_executable", PjrtApi.bytes(arena, serialized));
            EXECUTABLE_DESERIALIZE_AND_LOAD.set(args, "serialized_executable_size", (long) serialized.length);
            api.call(PjrtFunction.Executable_DeserializeAndLoad, args);
            return PjrtLoadedExecutable.adopt(this, api, EXECUTABLE_DESERIALIZE_AND_LOAD.getPointer(args, "loaded_executable"));
        }
    }

    /**
     * Copies a host tensor to {@code device}. The host copy lives in native memory that is freed
     * only after the plugin's {@code done_with_host_buffer} event has completed.
     */
    public PjrtBuffer toDevice(HostTensor tensor, PjrtDevice device) throws PjrtException {
        if (device.client() != this) throw new IllegalArgumentException(device + " belongs to another client");
        try (Lease l = lease(); Arena arena = Arena.ofConfined()) {
            long[] shape = tensor.shape();
            MemorySegment dims = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, shape.length));
            for (int i = 0; i < shape.length; i++) dims.setAtIndex(ValueLayout.JAVA_LONG, i, shape[i]);
            MemorySegment args = CLIENT_BUFFER_FROM_HOST.allocate(arena);
            CLIENT_BUFFER_FROM_HOST.set(args, "client", pointer());
            CLIENT_BUFFER_FROM_HOST.set(args, "data", PjrtApi.bytes(arena, tensor.data()));
            CLIENT_BUFFER_FROM_HOST.set(args, "type", BufferType.of(tensor.elementType()));
            CLIENT_BUFFER_FROM_HOST.set(args, "dims", dims);
            CLIENT_BUFFER_FROM_HOST.set(args, "num_dims", (long) shape.length);
            CLIENT_BUFFER_FROM_HOST.set(args, "host_buffer_semantics", IMMUTABLE_UNTIL_TRANSFER_COMPLETES);
            CLIENT_BUFFER_FROM_HOST.set(args, "device", device.pointer());
            api.call(PjrtFunction.Client_BufferFromHostBuffer, args);
            MemorySegment buffer = CLIENT_BUFFER_FROM_HOST.getPointer(args, "buffer");
            PjrtBuffer adopted = PjrtBuffer.adopt(this, api, buffer, device);
            try {
                // The arena (and the host copy in it) closes after this returns: wait for the plugin first.
                PjrtEvent.awaitAndDestroy(api, CLIENT_BUFFER_FROM_HOST.getPointer(args, "done_with_host_buffer"));
            } catch (PjrtException e) {
                adopted.discardUnpublished();
                throw e;
            }
            return adopted;
        }
    }

    /** Finds the device object for a device pointer the plugin returned. */
    PjrtDevice deviceFor(MemorySegment pointer) {
        for (PjrtDevice d : globalDevices) if (d.pointer().equals(pointer)) return d;
        throw new IllegalStateException("the plugin returned a device the client did not list: " + pointer);
    }

    void adopt(NativeHandle child) { children.add(child); }

    void forget(NativeHandle child) { children.remove(child); }

    /** How many buffers and executables of this client are open (for tests and leak checks). */
    public int openHandles() { return children.size(); }

    @Override
    void release(MemorySegment pointer) throws PjrtException {
        for (NativeHandle child : List.copyOf(children)) child.closeIfOpen();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment args = CLIENT_DESTROY.allocate(arena);
            CLIENT_DESTROY.set(args, "client", pointer);
            api.call(PjrtFunction.Client_Destroy, args);
        } finally {
            KeyValueCallbacks.unregister(keyValueStoreId);
        }
    }

    @Override
    public String toString() { return "PJRT client " + platformName + " (" + devices.size() + " devices)"; }
}
