package dev.switchyard.runtime.pjrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.ResidentTensor;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two "processes" of one job as two clients in one JVM sharing an in-memory key-value store: the
 * test plugin exchanges its topology through the kv callbacks, each client sees 4 global devices
 * of which 2 are its own (ids interleaved, as on TPU), compiles over the global ids and runs only
 * its own shards. The etcd-backed, two-OS-process version is {@code EtcdMultiProcessTest}.
 */
class MultiProcessClientTest {

    static final String SHARDED_ADD = """
            module @sharded_add attributes {mhlo.num_partitions = 4 : i32, mhlo.num_replicas = 1 : i32} {
              func.func public @main(%arg0: tensor<8x2xf32> {mhlo.sharding = "{devices=[4,1]0,1,2,3}"},
                                     %arg1: tensor<8x2xf32> {mhlo.sharding = "{devices=[4,1]0,1,2,3}"})
                  -> (tensor<8x2xf32> {mhlo.sharding = "{devices=[4,1]0,1,2,3}"}) {
                %0 = stablehlo.add %arg0, %arg1 : tensor<8x2xf32>
                return %0 : tensor<8x2xf32>
              }
            }
            """;

    private final TestPlugin controls = TestPlugin.controls();

    static Map<String, NamedValue> processOptions(int id, int count, int devicesPerProcess, long kvTimeoutMs) {
        return Map.of("node_id", new NamedValue.Int64Value(id), "num_nodes", new NamedValue.Int64Value(count),
                "sy_devices_per_process", new NamedValue.Int64Value(devicesPerProcess),
                "sy_kv_timeout_ms", new NamedValue.Int64Value(kvTimeoutMs));
    }

    static HostTensor input(float scale) {
        float[] v = new float[16];
        for (int i = 0; i < 16; i++) v[i] = scale * i;
        return Tensors.f32(new long[] {8, 2}, v);
    }

    @Test
    void twoProcessesRunTheirOwnShardsAndTogetherGiveTheOneProcessResult() throws Exception {
        HostTensor a = input(1), b = input(100);
        HostTensor single;
        try (PjrtExecutor one = PjrtExecutor.open(TestPlugin.path(), PjrtExecutor.Options.defaults());
             PjrtExecutable exe = one.compile(SHARDED_ADD, new CompileOptions("main", 1, 4))) {
            single = exe.execute(List.of(a, b)).getFirst();
        }
        float[] sum = new float[16];
        for (int i = 0; i < 16; i++) sum[i] = 101 * i;
        assertArrayEquals(sum, Tensors.floats(single), "the one-process result, by hand");

        InMemoryKeyValueStore store = new InMemoryKeyValueStore();
        long kvCalls = controls.kvCalls();
        Map<Integer, HostTensor> shards = new TreeMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<Map<Integer, HostTensor>>> done = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                final int id = p;
                Callable<Map<Integer, HostTensor>> process = () -> {
                    var options = new PjrtExecutor.Options(processOptions(id, 2, 2, 10_000), Optional.empty(), Optional.of(store));
                    try (PjrtExecutor executor = PjrtExecutor.open(TestPlugin.path(), options);
                         PjrtExecutable exe = executor.compile(SHARDED_ADD, new CompileOptions("main", 1, 4))) {
                        PjrtClient client = executor.client();
                        assertEquals(id, client.processIndex());
                        assertEquals(List.of(0, 1, 2, 3), client.devices().stream().map(PjrtDevice::id).toList());
                        assertEquals(List.of(id, id + 2), client.addressableDevices().stream().map(PjrtDevice::id).toList(),
                                "ids interleave over processes");
                        assertArrayEquals(new int[] {id, id + 2}, exe.localPartitions());
                        ResidentTensor x = exe.upload(0, a), y = exe.upload(1, b);
                        BitSet donated = new BitSet();
                        donated.set(0, 2);
                        try (PjrtResidentTensor z = (PjrtResidentTensor) exe.executeResident(List.of(x, y), donated).getFirst()) {
                            ExecutionException split = assertThrows(ExecutionException.class, z::toHost);
                            assertTrue(split.getMessage().contains("split over processes"), split.getMessage());
                            return z.localShards();
                        }
                    }
                };
                done.add(pool.submit(process));
            }
            for (Future<Map<Integer, HostTensor>> f : done) shards.putAll(f.get());
        }
        assertEquals(List.of(0, 1, 2, 3), List.copyOf(shards.keySet()));
        TensorSharding rows = TensorSharding.fromGspmd("{devices=[4,1]0,1,2,3}", 2, 4);
        assertEquals(single, ShardSplitter.assemble(List.copyOf(shards.values()), rows, new long[] {8, 2}));
        assertTrue(controls.kvCalls() - kvCalls >= 2 * 2, "topology and launch went through the kv callbacks");
        assertTrue(store.size() >= 4, "both topologies and both launch marks are in the store");
    }

    @Test
    void aMissingPeerIsATimeoutThatNamesIt() throws Exception {
        var options = new PjrtExecutor.Options(processOptions(0, 2, 2, 200), Optional.empty(),
                Optional.<KeyValueStore>of(new InMemoryKeyValueStore()));
        ExecutionException e = assertThrows(ExecutionException.class, () -> PjrtExecutor.open(TestPlugin.path(), options));
        assertTrue(e instanceof PjrtException p && p.code() == PjrtErrorCode.DEADLINE_EXCEEDED, e.toString());
        assertTrue(e.getMessage().contains("reading the topology of process 1"), e.getMessage());
    }

    @Test
    void aFailingStoreComesBackAsThePluginsErrorNotAsAJavaCrash() throws Exception {
        KeyValueStore broken = new KeyValueStore() {
            @Override public void put(String key, byte[] value) { throw new IllegalStateException("disk on fire"); }
            @Override public byte[] get(String key, java.time.Duration t) throws KeyValueException {
                throw new KeyValueException(PjrtErrorCode.UNAVAILABLE, "coordinator unreachable");
            }
            @Override public Optional<byte[]> tryGet(String key) { return Optional.empty(); }
        };
        var options = new PjrtExecutor.Options(processOptions(1, 2, 2, 200), Optional.empty(), Optional.of(broken));
        ExecutionException e = assertThrows(ExecutionException.class, () -> PjrtExecutor.open(TestPlugin.path(), options));
        assertTrue(e.getMessage().contains("publishing this process's topology") && e.getMessage().contains("disk on fire"), e.getMessage());
        assertEquals(PjrtErrorCode.INTERNAL, ((PjrtException) e).code());
    }
}
