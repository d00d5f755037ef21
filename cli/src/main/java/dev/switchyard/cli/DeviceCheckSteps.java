package dev.switchyard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.ResidentTensor;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import dev.switchyard.runtime.pjrt.NamedValue;
import dev.switchyard.runtime.pjrt.PjrtExecutable;
import dev.switchyard.runtime.pjrt.PjrtExecutor;
import dev.switchyard.runtime.pjrt.PjrtResidentTensor;
import dev.switchyard.runtime.pjrt.distributed.ProcessGroup;
import dev.switchyard.runtime.pjrt.distributed.ProcessIdentity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.commons.cli.DefaultParser;

/**
 * The Java steps of {@code scripts/device-check.sh} part 2, each writing one JSON result:
 * {@code --write-arguments} (an artifact's arguments as {@code arg_NNN.npy}, as {@code run --seed}
 * makes them, for JAX to run the same values), {@code --time} (median execute of an artifact with
 * device-resident arguments), {@code --dispatch} (microseconds per execute of a tiny program) and
 * {@code --multi-process} (one process of a 2-process job on one machine, coordinated through etcd).
 */
final class DeviceCheckSteps {
    private DeviceCheckSteps() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    static boolean handles(String flag) {
        return List.of("--write-arguments", "--time", "--dispatch", "--multi-process").contains(flag);
    }

    static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "--write-arguments" -> writeArguments(Path.of(args[1]), Long.parseLong(args[2]), Path.of(args[3]));
            case "--time" -> time(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
            case "--dispatch" -> dispatch(Path.of(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            case "--multi-process" -> multiProcess(Path.of(args[1]), args[2], args[3], Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Path.of(args[6]));
            default -> throw new IllegalArgumentException("unknown step " + args[0]);
        }
    }

    /** The artifact's entry arguments in order, generated as {@code switchyard run --seed SEED} does. */
    static List<HostTensor> arguments(Path artifact, long seed) throws Exception {
        Manifest manifest = RunCommand.readManifest(artifact);
        var line = new DefaultParser().parse(new RunCommand().options(), new String[0]);
        Console quiet = new Console(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), System.err);
        return RunCommand.arguments(manifest, RunCommand.parameters(line, manifest, seed, quiet), RunCommand.inputs(line, manifest, seed, quiet));
    }

    private static void writeArguments(Path artifact, long seed, Path out) throws Exception {
        Files.createDirectories(out);
        List<HostTensor> args = arguments(artifact, seed);
        var specs = JSON.createArrayNode();
        for (int i = 0; i < args.size(); i++) {
            Npy.write(out.resolve(String.format("arg_%03d.npy", i)), args.get(i));
            ObjectNode spec = specs.addObject().put("index", i).put("dtype", args.get(i).elementType().mlirName());
            var shape = spec.putArray("shape");
            for (long d : args.get(i).shape()) shape.add(d);
        }
        // bf16 travels as float32 in .npy (numpy has no bf16): the dtype here says what to cast back to
        Files.writeString(out.resolve("arguments.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(specs) + "\n");
        System.out.println("wrote " + args.size() + " arguments to " + out);
    }

    private static void writeJson(Path out, ObjectNode node) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println(JSON.writeValueAsString(node));
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1e6;
    }

    /** Median time of one execute with the arguments already on the device (what jax.jit is timed with). */
    private static void time(Path artifact, Path plugin, int steps, Path out) throws Exception {
        Manifest manifest = RunCommand.readManifest(artifact);
        String module = RunCommand.readModule(artifact, manifest);
        List<HostTensor> host = arguments(artifact, 0);
        try (PjrtExecutor executor = PjrtExecutor.open(plugin, PjrtExecutor.Options.defaults())) {
            long t0 = System.nanoTime();
            try (PjrtExecutable exe = executor.compile(module, new CompileOptions(manifest.entryPoint(), 1, manifest.numPartitions()))) {
                double compileMs = (System.nanoTime() - t0) / 1e6;
                List<ResidentTensor> args = new ArrayList<>();
                for (int i = 0; i < host.size(); i++) args.add(exe.upload(i, host.get(i)));
                BitSet none = new BitSet();
                int warmup = Math.max(2, steps / 5);
                long[] nanos = new long[steps];
                for (int s = 0; s < warmup + steps; s++) {
                    long ts = System.nanoTime();
                    List<ResidentTensor> results = exe.executeResident(args, none);
                    // completion: the binding awaits every device's event before returning
                    long te = System.nanoTime();
                    for (ResidentTensor r : results) r.close();
                    if (s >= warmup) nanos[s - warmup] = te - ts;
                }
                for (ResidentTensor a : args) a.close();
                ObjectNode n = JSON.createObjectNode();
                n.put("step", "switchyard_binding");
                n.put("artifact", artifact.getFileName().toString());
                n.put("platform", executor.name());
                n.put("compile_ms", compileMs);
                n.put("median_ms", median(nanos));
                n.put("steps", steps);
                writeJson(out, n);
            }
        }
    }

    static final String TINY = """
            module @tiny {
              func.func public @main(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> tensor<4xf32> {
                %0 = stablehlo.add %arg0, %arg1 : tensor<4xf32>
                return %0 : tensor<4xf32>
              }
            }
            """;

    private static HostTensor f32(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        return new HostTensor(ElementType.F32, new long[] {v.length}, b.array());
    }

    /** Microseconds per execute of a 4-element add: device-resident arguments, and host in / host out. */
    private static void dispatch(Path plugin, int iterations, Path out) throws Exception {
        try (PjrtExecutor executor = PjrtExecutor.open(plugin, PjrtExecutor.Options.defaults());
             PjrtExecutable exe = executor.compile(TINY, CompileOptions.defaults())) {
            HostTensor a = f32(1, 2, 3, 4), b = f32(10, 20, 30, 40);
            List<HostTensor> sum = exe.execute(List.of(a, b));
            if (!Arrays.equals(sum.getFirst().toFloats(), new float[] {11, 22, 33, 44})) {
                throw new IllegalStateException("the tiny add gave " + Arrays.toString(sum.getFirst().toFloats()));
            }
            List<ResidentTensor> args = List.of(exe.upload(0, a), exe.upload(1, b));
            BitSet none = new BitSet();
            for (int i = 0; i < iterations / 10 + 10; i++) exe.executeResident(args, none).getFirst().close();
            long t0 = System.nanoTime();
            for (int i = 0; i < iterations; i++) exe.executeResident(args, none).getFirst().close();
            double resident = (System.nanoTime() - t0) / 1e3 / iterations;
            for (ResidentTensor r : args) r.close();
            t0 = System.nanoTime();
            for (int i = 0; i < iterations; i++) exe.execute(List.of(a, b));
            double hostPath = (System.nanoTime() - t0) / 1e3 / iterations;
            ObjectNode n = JSON.createObjectNode();
            n.put("step", "dispatch_switchyard");
            n.put("platform", executor.name());
            n.put("iterations", iterations);
            n.put("us_per_execute_resident", resident);
            n.put("us_per_execute_host_in_out", hostPath);
            writeJson(out, n);
        }
    }

    static final String HALVES = """
            module @halves attributes {mhlo.num_partitions = 2 : i32, mhlo.num_replicas = 1 : i32} {
              func.func public @main(%arg0: tensor<4x2xf32> {mhlo.sharding = "{devices=[2,1]0,1}"},
                                     %arg1: tensor<4x2xf32> {mhlo.sharding = "{devices=[2,1]0,1}"})
                  -> (tensor<4x2xf32> {mhlo.sharding = "{devices=[2,1]0,1}"}) {
                %0 = stablehlo.add %arg0, %arg1 : tensor<4x2xf32>
                return %0 : tensor<4x2xf32>
              }
            }
            """;

    /**
     * One process of a 2-process job on one machine: joins the job, opens the plugin as node ID of N
     * (CUDA: half the GPU's memory each, no preallocation; the test plugin: one device each), runs a
     * 2-partition add and checks its own shard against the sum computed here.
     */
    private static void multiProcess(Path plugin, String coordinator, String job, int id, int n, Path out) throws Exception {
        ProcessIdentity identity = ProcessIdentity.resolve(Optional.of(coordinator), OptionalInt.of(id), OptionalInt.of(n),
                Optional.of(job), Map.of()).orElseThrow();
        var settings = new ProcessGroup.Settings(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(1));
        long t0 = System.nanoTime();
        try (ProcessGroup group = ProcessGroup.join(identity, "device-check-halves", settings, ProcessGroup.haltAfter(Duration.ofSeconds(10)))) {
            Map<String, NamedValue> options = new LinkedHashMap<>(identity.pluginOptions(plugin));
            String file = plugin.getFileName().toString();
            if (file.contains("cuda")) {
                options.put("memory_fraction", new NamedValue.FloatValue(0.9f / n));
                options.put("preallocate", new NamedValue.BoolValue(false));
            } else if (file.contains("pjrt_test_plugin")) {
                options.put("sy_devices_per_process", new NamedValue.Int64Value(1));
            }
            var executorOptions = new PjrtExecutor.Options(options, Optional.empty(), Optional.of(group.keyValueStore("device-check")));
            try (PjrtExecutor executor = PjrtExecutor.open(plugin, executorOptions);
                 PjrtExecutable exe = executor.compile(HALVES, new CompileOptions("main", 1, 2))) {
                float[] x = new float[8], y = new float[8];
                for (int i = 0; i < 8; i++) {
                    x[i] = i;
                    y[i] = 100 * i;
                }
                HostTensor a = new HostTensor(ElementType.F32, new long[] {4, 2}, f32(x).data());
                HostTensor b = new HostTensor(ElementType.F32, new long[] {4, 2}, f32(y).data());
                try (PjrtResidentTensor z = (PjrtResidentTensor) exe.executeResident(List.of(exe.upload(0, a), exe.upload(1, b)),
                        allDonated(2)).getFirst()) {
                    ObjectNode node = JSON.createObjectNode();
                    node.put("step", "multi_process");
                    node.put("process", id);
                    node.put("processes", n);
                    node.put("platform", executor.name());
                    node.put("global_devices", executor.client().devices().size());
                    node.put("local_devices", executor.client().addressableDevices().size());
                    boolean ok = true;
                    for (Map.Entry<Integer, HostTensor> shard : z.localShards().entrySet()) {
                        float[] got = shard.getValue().toFloats();
                        for (int k = 0; k < got.length; k++) ok &= got[k] == 101f * (shard.getKey() * got.length + k);
                        node.putArray("partitions").add(shard.getKey());
                    }
                    node.put("ok", ok);
                    node.put("wall_ms", (System.nanoTime() - t0) / 1e6);
                    writeJson(out, node);
                    if (!ok) System.exit(1);
                }
            }
        }
    }

    private static BitSet allDonated(int n) {
        BitSet b = new BitSet();
        b.set(0, n);
        return b;
    }
}
