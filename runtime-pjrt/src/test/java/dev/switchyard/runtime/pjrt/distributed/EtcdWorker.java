package dev.switchyard.runtime.pjrt.distributed;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.ResidentTensor;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.pjrt.NamedValue;
import dev.switchyard.runtime.pjrt.PjrtExecutable;
import dev.switchyard.runtime.pjrt.PjrtExecutor;
import dev.switchyard.runtime.pjrt.PjrtResidentTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One OS process of a 2-process job (started by {@code EtcdMultiProcessTest}): joins the job in
 * etcd, opens the test plugin as process I of N with 2 devices each, compiles the 4-partition add,
 * and either writes its local output shards to a file ({@code result}) or executes until it fails
 * ({@code loop}). Errors go to stderr as one line and exit 1, as the CLI reports them.
 *
 * <p>Arguments: PLUGIN COORDINATOR JOB_ID PROCESS_ID NUM_PROCESSES MODE OUT_FILE
 */
public final class EtcdWorker {

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

    static HostTensor input(float scale) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 16; i++) b.putFloat(scale * i);
        return new HostTensor(ElementType.F32, new long[] {8, 2}, b.array());
    }

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Path plugin = Path.of(args[0]);
        ProcessIdentity identity = ProcessIdentity.resolve(Optional.of(args[1]), OptionalInt.of(Integer.parseInt(args[3])),
                OptionalInt.of(Integer.parseInt(args[4])), Optional.of(args[2]), Map.of()).orElseThrow();
        String mode = args[5];
        Path out = Path.of(args[6]);
        var settings = new ProcessGroup.Settings(Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofMillis(500));
        try (ProcessGroup group = ProcessGroup.join(identity, "sharded_add@sytest", settings, ProcessGroup.haltAfter(Duration.ofSeconds(10)))) {
            Map<String, NamedValue> options = new LinkedHashMap<>(identity.pluginOptions(plugin));
            options.put("sy_devices_per_process", new NamedValue.Int64Value(2));
            options.put("sy_kv_timeout_ms", new NamedValue.Int64Value(120_000));
            var executorOptions = new PjrtExecutor.Options(options, Optional.empty(), Optional.of(group.keyValueStore("sytest")));
            try (PjrtExecutor executor = PjrtExecutor.open(plugin, executorOptions);
                 PjrtExecutable exe = executor.compile(SHARDED_ADD, new CompileOptions("main", 1, 4))) {
                BitSet none = new BitSet();
                ResidentTensor x = exe.upload(0, input(1)), y = exe.upload(1, input(100));
                if (mode.equals("result")) {
                    try (PjrtResidentTensor z = (PjrtResidentTensor) exe.executeResident(List.of(x, y), none).getFirst()) {
                        List<String> lines = new ArrayList<>();
                        for (Map.Entry<Integer, HostTensor> s : z.localShards().entrySet()) {
                            StringBuilder line = new StringBuilder().append(s.getKey());
                            for (float f : s.getValue().toFloats()) line.append(' ').append(f);
                            lines.add(line.toString());
                        }
                        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
                        Files.write(tmp, lines);
                        Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    }
                } else {
                    for (long step = 0; ; step++) {
                        exe.executeResident(List.of(x, y), none).getFirst().close();
                        if (step == 0) {
                            System.out.println("looping");
                            System.out.flush();
                        }
                        Thread.sleep(20);
                    }
                }
            }
        }
    }
}
