package dev.switchyard.runtime.pjrt;

import static dev.switchyard.runtime.pjrt.PjrtStructs.PLUGIN_ATTRIBUTES;
import static dev.switchyard.runtime.pjrt.PjrtStructs.PLUGIN_INITIALIZE;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loaded PJRT plugin: the shared library, its {@code PJRT_Api} table (version checked against
 * ours) and its attributes. A library is loaded and initialized once per process and never
 * unloaded: plugins such as the CUDA one do not support {@code dlclose}.
 */
public final class PjrtPlugin {

    /** Names the plugin to use when no {@code --plugin} is given. */
    public static final String ENVIRONMENT_VARIABLE = "SWITCHYARD_PJRT_PLUGIN";

    /** Functions without which no client can be made; an older plugin must have at least these. */
    private static final List<PjrtFunction> REQUIRED = List.of(PjrtFunction.Error_Destroy, PjrtFunction.Error_Message,
            PjrtFunction.Error_GetCode, PjrtFunction.Plugin_Initialize, PjrtFunction.Client_Create,
            PjrtFunction.Client_Destroy, PjrtFunction.Client_AddressableDevices, PjrtFunction.Client_Compile,
            PjrtFunction.Client_BufferFromHostBuffer, PjrtFunction.LoadedExecutable_Execute,
            PjrtFunction.Buffer_ToHostBuffer, PjrtFunction.Buffer_Destroy, PjrtFunction.Event_Await,
            PjrtFunction.Event_Destroy);

    private static final Map<Path, PjrtPlugin> LOADED = new ConcurrentHashMap<>();

    private final Path path;
    private final PjrtApi api;
    private final Map<String, NamedValue> attributes;

    private PjrtPlugin(Path path, PjrtApi api, Map<String, NamedValue> attributes) {
        this.path = path;
        this.api = api;
        this.attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
    }

    /** Loads (once per process) and initializes the plugin library at {@code path}. */
    public static PjrtPlugin load(Path path) throws PluginLoadException {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new PluginLoadException("PJRT plugin " + path + " does not exist");
        }
        if (!Files.isRegularFile(real)) throw new PluginLoadException("PJRT plugin " + path + " is not a file");
        PjrtPlugin loaded = LOADED.get(real);
        if (loaded != null) return loaded;
        synchronized (LOADED) {
            loaded = LOADED.get(real);
            if (loaded == null) {
                loaded = open(path, real);
                LOADED.put(real, loaded);
            }
            return loaded;
        }
    }

    /** The plugin named by {@value #ENVIRONMENT_VARIABLE}, if that is set. */
    public static Optional<Path> fromEnvironment() {
        String p = System.getenv(ENVIRONMENT_VARIABLE);
        return p == null || p.isBlank() ? Optional.empty() : Optional.of(Path.of(p));
    }

    /** Loads the plugin named by {@value #ENVIRONMENT_VARIABLE}; a clear error when it is not set. */
    public static PjrtPlugin loadFromEnvironment() throws PluginLoadException {
        Path p = fromEnvironment().orElseThrow(() -> new PluginLoadException(
                "no PJRT plugin given: set " + ENVIRONMENT_VARIABLE + " to the plugin library (e.g. xla_cuda_plugin.so or libtpu.so)"));
        return load(p);
    }

    private static PjrtPlugin open(Path path, Path real) throws PluginLoadException {
        SymbolLookup library;
        try {
            library = SymbolLookup.libraryLookup(real, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new PluginLoadException("PJRT plugin " + path + " could not be loaded as a shared library"
                    + " (wrong architecture, missing dependencies, or not a library)", e);
        }
        MemorySegment getApi = library.find("GetPjrtApi").orElseThrow(() -> new PluginLoadException(
                "PJRT plugin " + path + " does not export GetPjrtApi: it is not a PJRT plugin"));
        MemorySegment apiPointer;
        try {
            apiPointer = (MemorySegment) Linker.nativeLinker()
                    .downcallHandle(getApi, FunctionDescriptor.of(ValueLayout.ADDRESS)).invokeExact();
        } catch (Throwable t) {
            throw new PluginLoadException("GetPjrtApi of " + path + " failed", t);
        }
        if (apiPointer.equals(MemorySegment.NULL)) throw new PluginLoadException("GetPjrtApi of " + path + " returned NULL");
        PjrtApi api = new PjrtApi(apiPointer);
        ApiVersion v = api.version();
        if (v.major() != ApiVersion.BINDING.major()) {
            throw new PluginLoadException("PJRT plugin " + path + " speaks PJRT C API " + v + " but Switchyard binds "
                    + ApiVersion.BINDING + ": a different major version is not compatible; use a plugin built for API "
                    + ApiVersion.BINDING.major() + ".x");
        }
        List<String> missing = new ArrayList<>();
        for (PjrtFunction f : REQUIRED) if (!api.has(f)) missing.add(f.cName());
        if (!missing.isEmpty()) {
            throw new PluginLoadException("PJRT plugin " + path + " (API " + v + ") lacks " + String.join(", ", missing));
        }
        try (Arena arena = Arena.ofConfined()) {
            api.call(PjrtFunction.Plugin_Initialize, PLUGIN_INITIALIZE.allocate(arena));
            Map<String, NamedValue> attributes = Map.of();
            if (api.has(PjrtFunction.Plugin_Attributes)) {
                MemorySegment args = PLUGIN_ATTRIBUTES.allocate(arena);
                api.call(PjrtFunction.Plugin_Attributes, args);
                attributes = NamedValue.fromNative(PLUGIN_ATTRIBUTES.getPointer(args, "attributes"),
                        PLUGIN_ATTRIBUTES.getLong(args, "num_attributes"));
            }
            return new PjrtPlugin(path, api, attributes);
        } catch (PjrtException e) {
            throw new PluginLoadException("initializing PJRT plugin " + path + " failed: " + e.getMessage(), e);
        }
    }

    public Path path() { return path; }

    /** The API version the plugin was built with. */
    public ApiVersion apiVersion() { return api.version(); }

    /** What {@code PJRT_Plugin_Attributes} reported, e.g. {@code stablehlo_current_version}. */
    public Map<String, NamedValue> attributes() { return attributes; }

    /** Creates a client with plugin-specific options (unknown names are rejected by most plugins). */
    public PjrtClient createClient(Map<String, NamedValue> options) throws PjrtException {
        return PjrtClient.create(this, api, options, Optional.empty());
    }

    /**
     * Creates a client of a multi-process job: the plugin reaches the other processes through
     * {@code store} (the kv_get / kv_try_get / kv_put callbacks).
     */
    public PjrtClient createClient(Map<String, NamedValue> options, KeyValueStore store) throws PjrtException {
        return PjrtClient.create(this, api, options, Optional.of(store));
    }

    public PjrtClient createClient() throws PjrtException { return createClient(Map.of()); }

    PjrtApi api() { return api; }
}
