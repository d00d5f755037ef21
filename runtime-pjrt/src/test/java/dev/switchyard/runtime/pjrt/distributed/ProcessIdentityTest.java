package dev.switchyard.runtime.pjrt.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.runtime.pjrt.NamedValue;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Where a process learns its place: flags first, then the TPU VM or GKE environment. */
class ProcessIdentityTest {

    private static Optional<ProcessIdentity> resolve(Map<String, String> env) {
        return ProcessIdentity.resolve(Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), env);
    }

    @Test
    void nothingGivenIsASingleProcessRun() {
        assertEquals(Optional.empty(), resolve(Map.of()));
        assertEquals(Optional.empty(), ProcessIdentity.resolve(Optional.empty(), OptionalInt.of(0), OptionalInt.of(1),
                Optional.empty(), Map.of()));
    }

    @Test
    void flags() {
        ProcessIdentity p = ProcessIdentity.resolve(Optional.of("etcd://10.0.0.2:2400"), OptionalInt.of(3), OptionalInt.of(4),
                Optional.of("run-7"), Map.of("TPU_WORKER_ID", "1")).orElseThrow();
        assertEquals(new ProcessIdentity(URI.create("http://10.0.0.2:2400"), 3, 4, "run-7"), p, "flags win over the environment");
        assertEquals("etcd://10.0.0.2:2400", p.coordinatorText());
    }

    @Test
    void tpuVmEnvironment() {
        ProcessIdentity p = resolve(Map.of("TPU_WORKER_ID", "2", "TPU_WORKER_HOSTNAMES", "t1k-w-0,t1k-w-1,t1k-w-2,t1k-w-3")).orElseThrow();
        assertEquals(2, p.processId());
        assertEquals(4, p.numProcesses());
        assertEquals(URI.create("http://t1k-w-0:2379"), p.coordinator(), "the coordinator is etcd on worker 0");
        assertEquals("switchyard", p.jobId());
    }

    @Test
    void gkeIndexedJobEnvironment() {
        ProcessIdentity p = resolve(Map.of("JOB_COMPLETION_INDEX", "1", "SWITCHYARD_NUM_PROCESSES", "2",
                "SWITCHYARD_COORDINATOR", "etcd://train-etcd:2379", "SWITCHYARD_JOB_ID", "train")).orElseThrow();
        assertEquals(new ProcessIdentity(URI.create("http://train-etcd:2379"), 1, 2, "train"), p);
    }

    @Test
    void partialOrWrongInformationIsAClearError() {
        assertEquals("a multi-process run needs --num-processes (or SWITCHYARD_NUM_PROCESSES); JOB_COMPLETION_INDEX gives only this process's id",
                assertThrows(IllegalArgumentException.class, () -> resolve(Map.of("JOB_COMPLETION_INDEX", "1"))).getMessage());
        assertEquals("a multi-process run needs --coordinator etcd://HOST:2379 (or SWITCHYARD_COORDINATOR)",
                assertThrows(IllegalArgumentException.class, () -> ProcessIdentity.resolve(Optional.empty(), OptionalInt.of(0),
                        OptionalInt.of(2), Optional.empty(), Map.of())).getMessage());
        assertEquals("process id 4 is not in 0..3", assertThrows(IllegalArgumentException.class, () -> ProcessIdentity.resolve(
                Optional.of("etcd://h"), OptionalInt.of(4), OptionalInt.of(4), Optional.empty(), Map.of())).getMessage());
        assertEquals("coordinator 'http://h:2379' must look like etcd://HOST:2379", assertThrows(IllegalArgumentException.class,
                () -> ProcessIdentity.parseCoordinator("http://h:2379")).getMessage());
        assertEquals("TPU_WORKER_ID=x is not a process number",
                assertThrows(IllegalArgumentException.class, () -> resolve(Map.of("TPU_WORKER_ID", "x"))).getMessage());
        assertEquals(URI.create("http://h:2379"), ProcessIdentity.parseCoordinator("etcd://h"), "the port defaults to 2379");
    }

    @Test
    void pluginOptionsAreTheCudaNamesExceptForLibtpu() {
        ProcessIdentity p = new ProcessIdentity(URI.create("http://h:2379"), 1, 2, "j");
        assertEquals(Map.of("node_id", new NamedValue.Int64Value(1), "num_nodes", new NamedValue.Int64Value(2)),
                p.pluginOptions(Path.of("/site-packages/jax_plugins/xla_cuda13/xla_cuda_plugin.so")));
        assertTrue(p.pluginOptions(Path.of("/lib/libtpu.so")).isEmpty());
    }
}
