package dev.switchyard.runtime.pjrt.distributed;

import dev.switchyard.runtime.pjrt.NamedValue;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Who this process is in a multi-process job: its id among {@code numProcesses}, the etcd that
 * coordinates them, and the job id that prefixes every key. Given by flags
 * ({@code --coordinator etcd://HOST:2379 --process-id I --num-processes N [--job-id J]}) or read
 * from the environment of the schedulers {@code submit} writes for: {@code TPU_WORKER_ID} and
 * {@code TPU_WORKER_HOSTNAMES} on TPU VMs (coordinator: worker 0, port 2379), or
 * {@code JOB_COMPLETION_INDEX} on GKE Indexed Jobs / JobSets with {@code SWITCHYARD_NUM_PROCESSES}
 * and {@code SWITCHYARD_COORDINATOR}.
 */
public record ProcessIdentity(URI coordinator, int processId, int numProcesses, String jobId) {

    public static final int ETCD_CLIENT_PORT = 2379;
    public static final String DEFAULT_JOB_ID = "switchyard";

    public ProcessIdentity {
        if (numProcesses < 1) throw new IllegalArgumentException("the number of processes must be at least 1, got " + numProcesses);
        if (processId < 0 || processId >= numProcesses) {
            throw new IllegalArgumentException("process id " + processId + " is not in 0.." + (numProcesses - 1));
        }
        if (!jobId.matches("[A-Za-z0-9._-]+")) throw new IllegalArgumentException("job id '" + jobId + "' must be letters, digits, '.', '_' or '-'");
    }

    /** {@code etcd://host:port} (port optional) as the HTTP endpoint of etcd's JSON gateway. */
    public static URI parseCoordinator(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("coordinator '" + text + "' is not a URI like etcd://HOST:2379");
        }
        if (!"etcd".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("coordinator '" + text + "' must look like etcd://HOST:2379");
        }
        int port = uri.getPort() < 0 ? ETCD_CLIENT_PORT : uri.getPort();
        return URI.create("http://" + uri.getHost() + ":" + port);
    }

    /**
     * The identity from flags, else from the environment; empty for a single-process run (nothing
     * given, or one process and no coordinator). Flags given only in part are an
     * {@link IllegalArgumentException} saying what is missing.
     */
    public static Optional<ProcessIdentity> resolve(Optional<String> coordinator, OptionalInt processId, OptionalInt numProcesses,
                                                    Optional<String> jobId, Map<String, String> env) {
        OptionalInt id = processId;
        OptionalInt n = numProcesses;
        Optional<String> coord = coordinator.or(() -> Optional.ofNullable(env.get("SWITCHYARD_COORDINATOR")));
        String idSource = "--process-id";
        String[] tpuHosts = Optional.ofNullable(env.get("TPU_WORKER_HOSTNAMES")).filter(s -> !s.isBlank())
                .map(s -> Arrays.stream(s.split(",")).map(String::strip).filter(h -> !h.isEmpty()).toArray(String[]::new))
                .orElse(new String[0]);
        if (id.isEmpty() && env.containsKey("TPU_WORKER_ID")) {
            id = OptionalInt.of(parse("TPU_WORKER_ID", env.get("TPU_WORKER_ID")));
            idSource = "TPU_WORKER_ID";
        } else if (id.isEmpty() && env.containsKey("JOB_COMPLETION_INDEX")) {
            id = OptionalInt.of(parse("JOB_COMPLETION_INDEX", env.get("JOB_COMPLETION_INDEX")));
            idSource = "JOB_COMPLETION_INDEX";
        }
        if (n.isEmpty() && tpuHosts.length > 0) n = OptionalInt.of(tpuHosts.length);
        if (n.isEmpty() && env.containsKey("SWITCHYARD_NUM_PROCESSES")) {
            n = OptionalInt.of(parse("SWITCHYARD_NUM_PROCESSES", env.get("SWITCHYARD_NUM_PROCESSES")));
        }
        if (coord.isEmpty() && tpuHosts.length > 1) coord = Optional.of("etcd://" + tpuHosts[0] + ":" + ETCD_CLIENT_PORT);
        if (id.isEmpty() && n.isEmpty() && coord.isEmpty()) return Optional.empty();
        if (n.isPresent() && n.getAsInt() == 1 && coord.isEmpty()) return Optional.empty();
        if (id.isEmpty()) throw new IllegalArgumentException("a multi-process run needs --process-id (or TPU_WORKER_ID / JOB_COMPLETION_INDEX)");
        if (n.isEmpty()) throw new IllegalArgumentException("a multi-process run needs --num-processes (or SWITCHYARD_NUM_PROCESSES); "
                + idSource + " gives only this process's id");
        if (coord.isEmpty()) throw new IllegalArgumentException("a multi-process run needs --coordinator etcd://HOST:2379 (or SWITCHYARD_COORDINATOR)");
        String job = jobId.or(() -> Optional.ofNullable(env.get("SWITCHYARD_JOB_ID"))).orElse(DEFAULT_JOB_ID);
        return Optional.of(new ProcessIdentity(parseCoordinator(coord.get()), id.getAsInt(), n.getAsInt(), job));
    }

    private static int parse(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + value + " is not a process number");
        }
    }

    /**
     * The client create options that tell a plugin its place: {@code node_id} and {@code num_nodes},
     * as the CUDA plugin (and the test plugin) read them. libtpu learns its topology from the TPU VM
     * itself and rejects unknown options, so it gets none.
     */
    public Map<String, NamedValue> pluginOptions(Path plugin) {
        Map<String, NamedValue> options = new LinkedHashMap<>();
        if (plugin.getFileName().toString().contains("libtpu")) return options;
        options.put("node_id", new NamedValue.Int64Value(processId));
        options.put("num_nodes", new NamedValue.Int64Value(numProcesses));
        return options;
    }

    @Override
    public String toString() { return "process " + processId + " of " + numProcesses + " (job " + jobId + ", coordinator " + coordinatorText() + ")"; }

    /** The coordinator as the user writes it: {@code etcd://HOST:PORT}. */
    public String coordinatorText() { return "etcd://" + coordinator.getHost() + ":" + coordinator.getPort(); }
}
