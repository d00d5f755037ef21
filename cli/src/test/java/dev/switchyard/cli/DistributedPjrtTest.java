package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.Executor;
import dev.switchyard.runtime.pjrt.PjrtExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run}'s PJRT backend as one process of a job when the environment names one (what submit's
 * GKE manifests set): two "processes" in two threads of this JVM against the device check's etcd
 * stand-in and the C test plugin; every compile is agreed across them.
 */
class DistributedPjrtTest {

    @TempDir Path dir;
    private Process standIn;
    private String coordinator;

    private static final String MODULE = """
            module @halves attributes {mhlo.num_partitions = 4 : i32, mhlo.num_replicas = 1 : i32} {
              func.func public @main(%%arg0: tensor<8x2xf32> {mhlo.sharding = "{devices=[4,1]0,1,2,3}"}) -> (tensor<8x2xf32> {mhlo.sharding = "{devices=[4,1]0,1,2,3}"}) {
                return %%arg0 : tensor<8x2xf32>
              }
            }
            // %s
            """;

    @BeforeEach
    void startStandIn() throws Exception {
        Path port = dir.resolve("port");
        standIn = new ProcessBuilder("python3", "../scripts/device_check/kv_standin.py", "--port-file", port.toString())
                .redirectErrorStream(true).start();
        for (int i = 0; i < 100 && !Files.exists(port); i++) Thread.sleep(50);
        coordinator = "etcd://127.0.0.1:" + Files.readString(port).strip();
    }

    @AfterEach
    void stopStandIn() {
        standIn.destroy();
    }

    private Path plugin() throws Exception { return PjrtTestFixtures.testPlugin(dir); }

    /** Each process opens the backend from its environment and compiles {@code modules.get(id)}. */
    private List<Future<String>> twoProcesses(Path plugin, String job, List<String> modules) {
        List<Future<String>> out = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        for (int id = 0; id < 2; id++) {
            Map<String, String> env = Map.of("SWITCHYARD_COORDINATOR", coordinator, "SWITCHYARD_NUM_PROCESSES", "2",
                    "JOB_COMPLETION_INDEX", Integer.toString(id), "SWITCHYARD_JOB_ID", job);
            String module = modules.get(id);
            Callable<String> process = () -> {
                try (Executor executor = DistributedPjrt.open(plugin, env);
                     Executable exe = executor.compile(module, new CompileOptions("main", 1, 4))) {
                    return executor.name() + " runs " + exe.getClass().getSimpleName();
                }
            };
            out.add(pool.submit(process));
        }
        pool.shutdown();
        return out;
    }

    @Test
    void theEnvironmentMakesAProcessOfAJob() throws Exception {
        Path plugin = plugin();
        List<Future<String>> done = twoProcesses(plugin, "same", List.of(MODULE.formatted("a"), MODULE.formatted("a")));
        assertEquals("pjrt:sytest (process 0 of 2) runs PjrtExecutable", done.get(0).get(60, TimeUnit.SECONDS));
        assertEquals("pjrt:sytest (process 1 of 2) runs PjrtExecutable", done.get(1).get(60, TimeUnit.SECONDS));
        try (Executor alone = DistributedPjrt.open(plugin, Map.of())) {
            assertTrue(alone instanceof PjrtExecutor, "no job in the environment: a plain client");
        }
    }

    @Test
    void processesCompilingDifferentModulesStopWithBothHashes() throws Exception {
        Path plugin = plugin();
        List<Future<String>> done = twoProcesses(plugin, "differ", List.of(MODULE.formatted("a"), MODULE.formatted("b")));
        int failed = 0;
        for (Future<String> f : done) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause() instanceof ExecutionException, e.toString());
                assertTrue(e.getCause().getMessage().contains("every process must run the same computations in the same order"),
                        e.getCause().getMessage());
                failed++;
            }
        }
        assertTrue(failed >= 1, "at least the process that saw the other's hash fails");
    }

    @Test
    void halfAnIdentityIsAUserError() {
        UserError e = org.junit.jupiter.api.Assertions.assertThrows(UserError.class,
                () -> DistributedPjrt.open(dir.resolve("x.so"), Map.of("JOB_COMPLETION_INDEX", "1")));
        assertTrue(e.getMessage().contains("needs --num-processes (or SWITCHYARD_NUM_PROCESSES)"), e.getMessage());
    }

    @Test
    void runWithProcessFlagsIsOneJobAndOnlyProcessZeroReports() throws Exception {
        Path plugin = plugin();
        Path art = TestArtifacts.withMesh(dir.resolve("art"), "batch", 4);
        // the test plugin knows arguments by their %argN names
        Files.writeString(art.resolve("model.mlir"), "func.func @main(%arg0: tensor<8xf32>) -> tensor<8xf32> {\n  return %arg0 : tensor<8xf32>\n}\n");
        String job = "run-flags";
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<CliRun>> runs = new ArrayList<>();
        for (int id = 0; id < 2; id++) {
            String[] args = {"run", art.toString(), "--backend", "pjrt", "--plugin", plugin.toString(), "--steps", "3",
                    "--coordinator", coordinator, "--process-id", Integer.toString(id), "--num-processes", "2", "--job-id", job};
            runs.add(pool.submit(() -> CliRun.run(List.of(new RunCommand()), args)));
        }
        pool.shutdown();
        CliRun zero = runs.get(0).get(90, TimeUnit.SECONDS), one = runs.get(1).get(90, TimeUnit.SECONDS);
        assertEquals(0, zero.exitCode(), zero.toString());
        assertEquals(0, one.exitCode(), one.toString());
        assertTrue(zero.out().contains("on pjrt:sytest (process 0 of 2)") && zero.out().contains("(median of 3)"), zero.out());
        assertEquals("", one.out(), "process 1 prints no summary");
        // the module returns its input: the job's output is the generated input, as the interpreter computes it
        CliRun interp = CliRun.run(List.of(new RunCommand()), "run", art.toString(), "--steps", "1");
        assertEquals(0, interp.exitCode(), interp.toString());
        assertEquals(outputLines(interp.out()), outputLines(zero.out()));
    }

    private static List<String> outputLines(String out) {
        return out.lines().filter(l -> l.startsWith("  ")).toList();
    }

    @Test
    void processFlagsNeedPjrtAndAreInTheHelp() throws Exception {
        CliRun r = CliRun.run(List.of(new RunCommand()), "run", dir.toString(), "--process-id", "1");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("need --backend pjrt"), r.err());
        for (String command : List.of("run", "train")) {
            CliRun help = CliRun.run(Commands.all(), command, "--help");
            for (String flag : List.of("--coordinator", "--process-id", "--num-processes", "--job-id")) {
                assertTrue(help.out().contains(flag), command + " --help lacks " + flag + ":\n" + help.out());
            }
        }
        Path art = TestArtifacts.withMesh(dir.resolve("art"), "batch", 4);
        CliRun half = CliRun.run(List.of(new RunCommand()), "run", art.toString(), "--backend", "pjrt",
                "--plugin", plugin().toString(), "--process-id", "1");
        assertEquals(1, half.exitCode(), half.toString());
        assertTrue(half.err().contains("needs --num-processes"), half.err());
    }
}
