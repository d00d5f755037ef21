package dev.switchyard.runtime.pjrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.tensor.HostTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Executor face of the runtime: host tensors in and out, SPMD splitting, and the executable cache. */
class PjrtExecutorTest {

    @TempDir
    Path dir;

    private final TestPlugin controls = TestPlugin.controls();

    @Test
    void singleDeviceAdd() throws Exception {
        try (PjrtExecutor executor = PjrtExecutor.open(TestPlugin.path(), PjrtExecutor.Options.defaults());
             Executable exe = executor.compile(Programs.ADD, CompileOptions.defaults())) {
            assertEquals("pjrt:sytest", executor.name());
            List<HostTensor> out = exe.execute(List.of(Tensors.f32(new long[] {2, 2}, 1, 2, 3, 4), Tensors.f32(new long[] {2, 2}, 10, 20, 30, 40)));
            assertArrayEquals(new float[] {11, 22, 33, 44}, Tensors.floats(out.getFirst()));
            assertEquals(1, executor.client().openHandles(), "only the executable is left: every buffer was closed");
        }
    }

    private static final String SHARDED_ADD = """
            module @sharded_add attributes {mhlo.num_partitions = 4 : i32, mhlo.num_replicas = 1 : i32} {
              func.func public @main(%arg0: tensor<8x2xf32> {mhlo.sharding = "{devices=[4,1]0,1,2,3}"},
                                     %arg1: tensor<8x2xf32> {mhlo.sharding = "{devices=[4,1]0,1,2,3}"})
                  -> (tensor<8x2xf32> {mhlo.sharding = "{devices=[4,1]0,1,2,3}"}) {
                %0 = stablehlo.add %arg0, %arg1 : tensor<8x2xf32>
                return %0 : tensor<8x2xf32>
              }
            }
            """;

    @Test
    void fourWaySpmdSplitsInputsAndReassemblesOutputs() throws Exception {
        float[] a = new float[16], b = new float[16], sum = new float[16];
        for (int i = 0; i < 16; i++) {
            a[i] = i;
            b[i] = 100 * i;
            sum[i] = 101 * i;
        }
        try (PjrtExecutor executor = PjrtExecutor.open(TestPlugin.path(), PjrtExecutor.Options.defaults());
             PjrtExecutable exe = executor.compile(SHARDED_ADD, new CompileOptions("main", 1, 4))) {
            assertEquals(4, exe.loaded().addressableDevices().size());
            List<HostTensor> out = exe.execute(List.of(Tensors.f32(new long[] {8, 2}, a), Tensors.f32(new long[] {8, 2}, b)));
            assertArrayEquals(new long[] {8, 2}, out.getFirst().shape());
            assertArrayEquals(sum, Tensors.floats(out.getFirst()));
        }
    }

    @Test
    void shardingsGivenByTheCallerOverrideTheSignature() throws Exception {
        // The module says nothing about shardings; the caller (a manifest) says column split over 2 devices.
        String module = """
                module @plain {
                  func.func public @main(%arg0: tensor<2x4xi32>) -> tensor<2x4xi32> {
                    return %arg0 : tensor<2x4xi32>
                  }
                }
                """;
        TensorSharding columns = TensorSharding.fromGspmd("{devices=[1,2]0,1}", 2, 2);
        HostTensor x = Tensors.i32(new long[] {2, 4}, 0, 1, 2, 3, 4, 5, 6, 7);
        try (PjrtExecutor executor = PjrtExecutor.open(TestPlugin.path(), PjrtExecutor.Options.defaults());
             PjrtExecutable exe = executor.compile(module, new CompileOptions("main", 1, 2),
                     EntrySignature.of(List.of(columns), List.of(columns)))) {
            assertEquals(List.of(x), exe.execute(List.of(x)));
            ExecutionException e = assertThrows(ExecutionException.class, () -> executor.compile(module,
                    new CompileOptions("main", 1, 4), EntrySignature.of(List.of(columns), List.of())));
            assertEquals("a sharding over 2 devices for a module of 4 partitions", e.getMessage());
        }
    }

    private static final String SHARDY_IDENTITY = """
            module @shardy attributes {mhlo.num_partitions = 4 : i32} {
              sdy.mesh @mesh = <["data"=2, "expert"=2]>
              func.func @main(%arg0: tensor<4x6xi32> {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {"expert"}]>})
                  -> (tensor<4x6xi32> {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {"expert"}]>}) {
                return %arg0 : tensor<4x6xi32>
              }
            }
            """;

    @Test
    void shardyModuleRoundTripsAndTurnsShardyOn() throws Exception {
        int[] v = new int[24];
        for (int i = 0; i < 24; i++) v[i] = i * 7 - 3;
        HostTensor x = Tensors.i32(new long[] {4, 6}, v);
        try (PjrtExecutor executor = PjrtExecutor.open(TestPlugin.path(), PjrtExecutor.Options.defaults());
             Executable exe = executor.compile(SHARDY_IDENTITY, new CompileOptions("main", 1, 4))) {
            assertEquals(List.of(x), exe.execute(List.of(x)));
            var build = com.google.protobuf.UnknownFieldSet.parseFrom(
                    com.google.protobuf.UnknownFieldSet.parseFrom(controls.lastCompileOptions()).getField(3).getLengthDelimitedList().getFirst());
            assertEquals(List.of(1L), build.getField(19).getVarintList(), "use_shardy_partitioner");
            assertEquals(List.of(4L), build.getField(5).getVarintList(), "num_partitions");
        }
    }

    @Test
    void userMistakesAreExecutionExceptions() throws Exception {
        try (PjrtExecutor executor = PjrtExecutor.open(TestPlugin.path(), PjrtExecutor.Options.defaults())) {
            ExecutionException tooBig = assertThrows(ExecutionException.class,
                    () -> executor.compile(Programs.IDENTITY_1, new CompileOptions("main", 1, 8)));
            assertEquals("the module is partitioned over 8 devices but the sytest plugin has only 4", tooBig.getMessage());
            ExecutionException noEntry = assertThrows(ExecutionException.class,
                    () -> executor.compile(Programs.IDENTITY_1, new CompileOptions("forward", 1, 1)));
            assertTrue(noEntry.getMessage().contains("has no function @forward"), noEntry.getMessage());
            try (Executable exe = executor.compile(SHARDED_ADD, new CompileOptions("main", 1, 4))) {
                ExecutionException uneven = assertThrows(ExecutionException.class, () -> exe.execute(List.of(
                        Tensors.f32(new long[] {3, 2}, 1, 2, 3, 4, 5, 6), Tensors.f32(new long[] {3, 2}, 1, 2, 3, 4, 5, 6))));
                assertTrue(uneven.getMessage().contains("does not split evenly"), uneven.getMessage());
            }
            assertEquals(0, executor.client().openHandles());
        }
        assertThrows(PluginLoadException.class, () -> PjrtExecutor.open(dir.resolve("missing.so"), PjrtExecutor.Options.defaults()));
    }

    @Test
    void cacheHitSkipsCompileAndCorruptOrStaleEntriesAreRebuilt() throws Exception {
        Path cacheDir = dir.resolve("cache");
        var options = new PjrtExecutor.Options(java.util.Map.of(), Optional.of(cacheDir));
        HostTensor one = Tensors.f32(new long[] {2, 2}, 1, 2, 3, 4);
        try (PjrtExecutor executor = PjrtExecutor.open(TestPlugin.path(), options)) {
            long compiles = controls.compileCount();
            try (Executable exe = executor.compile(Programs.ADD, CompileOptions.defaults())) {
                assertArrayEquals(new float[] {2, 4, 6, 8}, Tensors.floats(exe.execute(List.of(one, one)).getFirst()));
            }
            assertEquals(compiles + 1, controls.compileCount(), "a miss compiles");
            List<Path> entries;
            try (var files = Files.list(cacheDir)) {
                entries = files.toList();
            }
            assertEquals(1, entries.size());
            Path entry = entries.getFirst();

            try (Executable exe = executor.compile(Programs.ADD, CompileOptions.defaults())) {
                assertArrayEquals(new float[] {2, 4, 6, 8}, Tensors.floats(exe.execute(List.of(one, one)).getFirst()));
            }
            assertEquals(compiles + 1, controls.compileCount(), "a hit loads the serialized executable");

            byte[] good = Files.readAllBytes(entry);
            byte[] corrupt = good.clone();
            corrupt[corrupt.length - 3] ^= 0x5a;
            Files.write(entry, corrupt);
            executor.compile(Programs.ADD, CompileOptions.defaults()).close();
            assertEquals(compiles + 2, controls.compileCount(), "a corrupt entry is ignored and rebuilt");
            assertArrayEquals(good, Files.readAllBytes(entry), "and rewritten");

            // A well-formed entry whose payload this plugin build rejects (a stale build): rebuilt too.
            ExecutableCache cache = new ExecutableCache(cacheDir);
            byte[] stalePayload = "another plugin build".getBytes();
            byte[] stale = new byte[8 + 32 + stalePayload.length];
            System.arraycopy("SYPJRTX1".getBytes(), 0, stale, 0, 8);
            System.arraycopy(java.security.MessageDigest.getInstance("SHA-256").digest(stalePayload), 0, stale, 8, 32);
            System.arraycopy(stalePayload, 0, stale, 40, stalePayload.length);
            Files.write(entry, stale);
            cache.compile(executor.client(), Programs.ADD, XlaCompileOptions.forMesh(List.of(0L), false)).close();
            assertEquals(compiles + 3, controls.compileCount(), "a stale entry is rebuilt");
            assertArrayEquals(good, Files.readAllBytes(entry));

            Path other = cache.entry(executor.client(), Programs.ADD, XlaCompileOptions.forMesh(List.of(1L), false).toByteArray());
            assertTrue(!other.equals(entry), "the key covers the compile options");
            assertTrue(!cache.entry(executor.client(), Programs.IDENTITY_1, XlaCompileOptions.forMesh(List.of(0L), false).toByteArray())
                    .equals(entry), "and the module text");
        }
    }
}
