package dev.switchyard.runtime.pjrt;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.Executor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs StableHLO through a PJRT plugin: the {@link Executor} behind {@code --backend pjrt}. The
 * module text goes to the plugin as is; a module of N partitions runs SPMD on the job's first N
 * devices by id (in a multi-process job each process feeds only its own devices' shards), each
 * host input split into shards by its sharding in the entry signature
 * and each output put back together the same way.
 */
public final class PjrtExecutor implements Executor {

    /**
     * @param createOptions  plugin-specific client options (e.g. {@code memory_fraction} for CUDA)
     * @param cacheDirectory where compiled executables are kept between runs, if anywhere
     */
    public record Options(Map<String, NamedValue> createOptions, Optional<Path> cacheDirectory, Optional<KeyValueStore> keyValueStore) {
        public Options {
            createOptions = Map.copyOf(createOptions);
        }

        /** A single-process client: no key-value store for the plugin. */
        public Options(Map<String, NamedValue> createOptions, Optional<Path> cacheDirectory) {
            this(createOptions, cacheDirectory, Optional.empty());
        }

        public static Options defaults() { return new Options(Map.of(), Optional.empty()); }
    }

    private final PjrtClient client;
    private final Optional<ExecutableCache> cache;

    private PjrtExecutor(PjrtClient client, Optional<ExecutableCache> cache) {
        this.client = client;
        this.cache = cache;
    }

    /** Loads the plugin at {@code plugin} and creates a client on it. */
    public static PjrtExecutor open(Path plugin, Options options) throws ExecutionException {
        PjrtPlugin p = PjrtPlugin.load(plugin);
        PjrtClient client = options.keyValueStore().isPresent()
                ? p.createClient(options.createOptions(), options.keyValueStore().get()) : p.createClient(options.createOptions());
        return new PjrtExecutor(client, options.cacheDirectory().map(ExecutableCache::new));
    }

    public PjrtClient client() { return client; }

    @Override
    public String name() { return "pjrt:" + client.platformName(); }

    /** Compiles with the shardings written in the entry function's signature (replicated where none). */
    @Override
    public PjrtExecutable compile(String moduleText, CompileOptions options) throws ExecutionException {
        EntrySignature signature;
        try {
            signature = EntrySignature.parse(moduleText, options.entryFunction(), options.numPartitions());
        } catch (IllegalArgumentException e) {
            throw new ExecutionException("cannot read the shardings of @" + options.entryFunction() + ": " + e.getMessage(), e);
        }
        return compile(moduleText, options, signature);
    }

    /**
     * Compiles with shardings given by the caller (e.g. from an artifact's manifest): input {@code i}
     * is split by {@code shardings.arguments().get(i)}, output {@code o} reassembled by
     * {@code shardings.results().get(o)}; missing entries mean replicated.
     */
    public PjrtExecutable compile(String moduleText, CompileOptions options, EntrySignature shardings) throws ExecutionException {
        if (options.numReplicas() != 1) {
            throw new ExecutionException("the PJRT executor runs one replica (SPMD partitions only); got "
                    + options.numReplicas() + " replicas");
        }
        int partitions = options.numPartitions();
        // Every process must compile the same assignment: the job's devices by id, in mesh order.
        List<PjrtDevice> devices = client.devices().stream().sorted(java.util.Comparator.comparingInt(PjrtDevice::id)).toList();
        if (partitions > devices.size()) {
            throw new ExecutionException("the module is partitioned over " + partitions + " devices but the "
                    + client.platformName() + " plugin has only " + devices.size());
        }
        for (TensorSharding t : shardings.arguments()) checkDevices(t, partitions);
        for (TensorSharding t : shardings.results()) checkDevices(t, partitions);
        List<Long> ids = devices.subList(0, partitions).stream().map(d -> (long) d.id()).toList();
        XlaCompileOptions xla = XlaCompileOptions.forMesh(ids, XlaCompileOptions.usesShardy(moduleText));
        PjrtLoadedExecutable loaded = cache.isPresent() ? cache.get().compile(client, moduleText, xla) : client.compile(moduleText, xla);
        try {
            return new PjrtExecutable(loaded, shardings, ids);
        } catch (ExecutionException e) {
            loaded.close();
            throw e;
        }
    }

    private static void checkDevices(TensorSharding t, int partitions) throws ExecutionException {
        if (t.numDevices() != partitions) {
            throw new ExecutionException("a sharding over " + t.numDevices() + " devices for a module of " + partitions + " partitions");
        }
    }

    /** Closes the client and with it every executable and buffer it still has. */
    @Override
    public void close() { client.close(); }
}
