package dev.switchyard.runtime.pjrt.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.pjrt.PjrtExecutable;
import dev.switchyard.runtime.pjrt.PjrtExecutor;
import dev.switchyard.runtime.pjrt.ShardSplitter;
import dev.switchyard.runtime.pjrt.TensorSharding;
import dev.switchyard.runtime.pjrt.TestPluginPath;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of multi-process PJRT on a real etcd: two OS processes of one job, each owning 2 of
 * the test plugin's 4 global devices, run a 4-partition module; their shards assembled equal the
 * one-process result. Killing one makes the other exit with a clear error within 30 s.
 */
class EtcdMultiProcessTest {

    @TempDir
    static Path dir;

    private static EtcdServer etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = EtcdServer.start(dir.resolve("etcd-data"));
    }

    @AfterAll
    static void stopEtcd() throws Exception {
        if (etcd != null) etcd.close();
    }

    private static Process worker(String job, int id, String mode, Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx96m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                EtcdWorker.class.getName(), TestPluginPath.get().toString(), etcd.coordinator(), job, Integer.toString(id), "2", mode,
                out.toString());
        return new ProcessBuilder(cmd).redirectOutput(dir.resolve(job + "-" + id + ".out").toFile())
                .redirectError(dir.resolve(job + "-" + id + ".err").toFile()).start();
    }

    private static String read(Path p) throws Exception { return Files.exists(p) ? Files.readString(p) : ""; }

    @Test
    void twoProcessesTogetherGiveTheOneProcessResult() throws Exception {
        HostTensor single;
        try (PjrtExecutor one = PjrtExecutor.open(TestPluginPath.get(), PjrtExecutor.Options.defaults());
             PjrtExecutable exe = one.compile(EtcdWorker.SHARDED_ADD, new CompileOptions("main", 1, 4))) {
            single = exe.execute(List.of(EtcdWorker.input(1), EtcdWorker.input(100))).getFirst();
        }
        String job = "result-" + UUID.randomUUID();
        List<Process> workers = new ArrayList<>();
        for (int id = 0; id < 2; id++) workers.add(worker(job, id, "result", dir.resolve(job + "-" + id + ".shards")));
        for (int id = 0; id < 2; id++) {
            Process w = workers.get(id);
            assertTrue(w.waitFor(90, TimeUnit.SECONDS), "worker " + id + " did not finish");
            assertEquals(0, w.exitValue(), "worker " + id + ": " + read(dir.resolve(job + "-" + id + ".err")));
        }
        Map<Integer, HostTensor> shards = new TreeMap<>();
        for (int id = 0; id < 2; id++) {
            for (String line : Files.readAllLines(dir.resolve(job + "-" + id + ".shards"))) {
                String[] f = line.split(" ");
                ByteBuffer b = ByteBuffer.allocate(4 * (f.length - 1)).order(ByteOrder.LITTLE_ENDIAN);
                for (int k = 1; k < f.length; k++) b.putFloat(Float.parseFloat(f[k]));
                shards.put(Integer.parseInt(f[0]), new HostTensor(ElementType.F32, new long[] {2, 2}, b.array()));
            }
        }
        assertEquals(List.of(0, 1, 2, 3), List.copyOf(shards.keySet()), "process 0 ran partitions 0 and 2, process 1 ran 1 and 3");
        HostTensor assembled = ShardSplitter.assemble(List.copyOf(shards.values()),
                TensorSharding.fromGspmd("{devices=[4,1]0,1,2,3}", 2, 4), new long[] {8, 2});
        assertEquals(single, assembled);
    }

    @Test
    void killingOneProcessMakesTheOtherFailWithinThirtySeconds() throws Exception {
        String job = "kill-" + UUID.randomUUID();
        Process w0 = worker(job, 0, "loop", dir.resolve("unused0"));
        Process w1 = worker(job, 1, "loop", dir.resolve("unused1"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!(read(dir.resolve(job + "-0.out")).contains("looping") && read(dir.resolve(job + "-1.out")).contains("looping"))) {
                assertTrue(w0.isAlive() && w1.isAlive(), "a worker ended early: " + read(dir.resolve(job + "-0.err"))
                        + read(dir.resolve(job + "-1.err")));
                assertTrue(System.nanoTime() < deadline, "the workers did not start executing");
                Thread.sleep(100);
            }
            long killed = System.nanoTime();
            w1.destroyForcibly();
            assertTrue(w0.waitFor(30, TimeUnit.SECONDS), "process 0 still runs 30 s after process 1 was killed");
            double seconds = (System.nanoTime() - killed) / 1e9;
            String err = read(dir.resolve(job + "-0.err"));
            System.out.printf("EtcdMultiProcessTest: process 0 exited %.1f s after process 1 was killed: %s%n", seconds, err.strip());
            assertNotEquals(0, w0.exitValue());
            assertTrue(err.contains("process 1 of job " + job + " stopped"), err);
        } finally {
            w0.destroyForcibly();
            w1.destroyForcibly();
        }
    }

    @Test
    void aBarrierTimeoutNamesTheMissingProcesses() throws Exception {
        String job = "alone-" + UUID.randomUUID();
        ProcessIdentity me = ProcessIdentity.resolve(Optional.of(etcd.coordinator()), OptionalInt.of(1), OptionalInt.of(3),
                Optional.of(job), Map.of()).orElseThrow();
        var settings = new ProcessGroup.Settings(Duration.ofSeconds(3), Duration.ofMillis(800), Duration.ofMillis(200));
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.switchyard.hlo.exec.ExecutionException.class,
                () -> ProcessGroup.join(me, "fp", settings, m -> {}));
        assertEquals("processes 0, 2 of 3 did not join job " + job + " at " + etcd.coordinator() + " within 0.8 s", e.getMessage());
    }

    @Test
    void aRerunUnderTheSameJobIdDoesNotCountTheLastRunsProcesses() throws Exception {
        String job = "rerun-" + UUID.randomUUID();
        var settings = new ProcessGroup.Settings(Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofMillis(200));
        ProcessIdentity p0 = ProcessIdentity.resolve(Optional.of(etcd.coordinator()), OptionalInt.of(0), OptionalInt.of(2),
                Optional.of(job), Map.of()).orElseThrow();
        ProcessIdentity p1 = new ProcessIdentity(p0.coordinator(), 1, 2, job);
        Thread other = new Thread(() -> {
            try (ProcessGroup g = ProcessGroup.join(p1, "fp", settings, m -> {})) {
                // a short job: joins and leaves
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        other.start();
        try (ProcessGroup g = ProcessGroup.join(p0, "fp", settings, m -> {})) {
            other.join();
            Thread.sleep(600);
            assertEquals(Optional.empty(), g.failure(), "process 1 left normally: not a failure");
        }
        // the next run of the job: process 1's finished mark is the last run's
        var shortWait = new ProcessGroup.Settings(Duration.ofSeconds(3), Duration.ofMillis(800), Duration.ofMillis(200));
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.switchyard.hlo.exec.ExecutionException.class,
                () -> ProcessGroup.join(p0, "fp", shortWait, m -> {}));
        assertEquals("process 1 of 2 did not join job " + job + " at " + etcd.coordinator() + " within 0.8 s", e.getMessage());
    }

    @Test
    void processesOfDifferentArtifactsDoNotStart() throws Exception {
        String job = "mismatch-" + UUID.randomUUID();
        var settings = new ProcessGroup.Settings(Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofMillis(200));
        ProcessIdentity p0 = ProcessIdentity.resolve(Optional.of(etcd.coordinator()), OptionalInt.of(0), OptionalInt.of(2),
                Optional.of(job), Map.of()).orElseThrow();
        ProcessIdentity p1 = new ProcessIdentity(p0.coordinator(), 1, 2, job);
        String[] otherError = new String[1];
        Thread other = new Thread(() -> {
            try (ProcessGroup g = ProcessGroup.join(p1, "artifact sha256:bbbb", settings, m -> {})) {
                otherError[0] = "joined";
            } catch (Exception x) {
                otherError[0] = x.getMessage();
            }
        });
        other.start();
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.switchyard.hlo.exec.ExecutionException.class,
                () -> ProcessGroup.join(p0, "artifact sha256:aaaa", settings, m -> {}));
        other.join();
        // whichever saw the other first names both fingerprints; the other then waits for it in vain
        String mismatch0 = "runs artifact sha256:bbbb, but process 0 runs artifact sha256:aaaa";
        String mismatch1 = "runs artifact sha256:aaaa, but process 1 runs artifact sha256:bbbb";
        assertTrue(e.getMessage().contains(mismatch0) || String.valueOf(otherError[0]).contains(mismatch1),
                e.getMessage() + " / " + otherError[0]);
        assertTrue(!"joined".equals(otherError[0]), "process 1 must not start");
    }
}
