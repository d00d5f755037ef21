package dev.switchyard.runtime.pjrt.distributed;

import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.runtime.pjrt.KeyValueStore;
import dev.switchyard.runtime.pjrt.PjrtErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The processes of one job, met in etcd. {@link #join} holds a lease (kept alive in the
 * background), announces this process under {@code JOB/members/ID} (on the lease) with a
 * fingerprint (plugin, version), and waits until all N are there with the same fingerprint: a
 * timeout names the missing ids. Data that outlives a process (kv store, agreements) goes under
 * {@code JOB/run-INCARNATION/}, not on a lease. Afterwards a monitor checks every {@code pollInterval} that every member
 * is still there; a process that died loses its key when its lease expires, and then every other
 * process fails (within lease TTL + poll interval): {@link #failure()} is set, blocking gets of
 * {@link #keyValueStore} abort with it, and {@code onFailure} runs once.
 */
public final class ProcessGroup implements AutoCloseable {

    /** @param leaseTtl how long a silent process counts as alive; {@code pollInterval} is also the keep-alive period */
    public record Settings(Duration leaseTtl, Duration barrierTimeout, Duration pollInterval) {
        public static Settings defaults() { return new Settings(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(1)); }
    }

    private final ProcessIdentity identity;
    private final EtcdClient etcd;
    private final long lease;
    private final Settings settings;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final Consumer<String> onFailure;
    private final ScheduledExecutorService monitor;
    private volatile boolean closed;
    /** This run of the job: process 0's lease id, learnt at the barrier; data keys live under it. */
    private long incarnation;
    private byte[] memberValue = new byte[0];
    /** The revision of our member key: finished marks of this run are newer, an older run's are not. */
    private long joinedAt;

    private ProcessGroup(ProcessIdentity identity, EtcdClient etcd, long lease, Settings settings, Consumer<String> onFailure) {
        this.identity = identity;
        this.etcd = etcd;
        this.lease = lease;
        this.settings = settings;
        this.onFailure = onFailure;
        this.monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchyard-process-group-monitor");
            t.setDaemon(true);
            return t;
        });
    }

    private String prefix() { return identity.jobId() + "/"; }

    private String membersPrefix() { return prefix() + "members/"; }

    private static final String LEASE_SEPARATOR = " lease=";

    /**
     * Where this run's data goes: keys another process may still read after their writer ended
     * (a plugin's topology, launch marks, agreements), so not on a lease, and under this run's
     * incarnation so that a rerun under the same job id never reads an older run's values.
     */
    private String dataPrefix() { return prefix() + "run-" + incarnation + "/"; }

    /** A process that left normally says so here (outside its lease), so the others do not take it for dead. */
    private String finishedPrefix() { return prefix() + "finished/"; }

    /** Joins the job: blocks until every process is there with the same {@code fingerprint}. */
    public static ProcessGroup join(ProcessIdentity identity, String fingerprint, Settings settings, Consumer<String> onFailure)
            throws ExecutionException {
        EtcdClient etcd = new EtcdClient(identity.coordinator(), Duration.ofSeconds(10));
        long lease;
        try {
            lease = etcd.grantLease(settings.leaseTtl());
        } catch (EtcdClient.EtcdException e) {
            throw new ExecutionException(identity + " cannot reach its coordinator: " + e.getMessage(), e);
        }
        ProcessGroup group = new ProcessGroup(identity, etcd, lease, settings, onFailure);
        try {
            group.barrier(fingerprint);
        } catch (ExecutionException | RuntimeException e) {
            group.close();
            throw e;
        }
        long period = Math.max(50, settings.pollInterval().toMillis());
        group.monitor.scheduleWithFixedDelay(group::check, period, period, TimeUnit.MILLISECONDS);
        return group;
    }

    private void barrier(String fingerprint) throws ExecutionException {
        String me = membersPrefix() + identity.processId();
        long deadline = System.nanoTime() + settings.barrierTimeout().toNanos();
        long lastKeepAlive = System.nanoTime();
        try {
            etcd.delete(finishedPrefix() + identity.processId());
            memberValue = (fingerprint + LEASE_SEPARATOR + lease).getBytes(StandardCharsets.UTF_8);
            joinedAt = etcd.put(me, memberValue, lease);
            while (true) {
                // a process that already finished (a fast one, in a short job) still counts as having joined
                Map<String, byte[]> members = new java.util.TreeMap<>(etcd.getPrefix(membersPrefix()));
                for (Map.Entry<String, byte[]> f : finishedThisRun().entrySet()) {
                    members.putIfAbsent(membersPrefix() + f.getKey().substring(finishedPrefix().length()), f.getValue());
                }
                List<Integer> missing = missing(members);
                for (Map.Entry<String, byte[]> m : members.entrySet()) {
                    String value = new String(m.getValue(), StandardCharsets.UTF_8);
                    String theirs = value.substring(0, Math.max(0, value.lastIndexOf(LEASE_SEPARATOR)));
                    if (!theirs.equals(fingerprint)) {
                        throw new ExecutionException("process " + m.getKey().substring(membersPrefix().length()) + " of job "
                                + identity.jobId() + " runs " + theirs + ", but process " + identity.processId() + " runs "
                                + fingerprint + ": every process must run the same artifact on the same plugin");
                    }
                }
                if (missing.isEmpty()) {
                    String first = new String(members.get(membersPrefix() + 0), StandardCharsets.UTF_8);
                    incarnation = Long.parseLong(first.substring(first.lastIndexOf(LEASE_SEPARATOR) + LEASE_SEPARATOR.length()));
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new ExecutionException("process" + (missing.size() == 1 ? " " : "es ") + join(missing) + " of "
                            + identity.numProcesses() + " did not join job " + identity.jobId() + " at "
                            + identity.coordinatorText() + " within " + seconds(settings.barrierTimeout()));
                }
                if (System.nanoTime() - lastKeepAlive > settings.leaseTtl().toNanos() / 3) {
                    etcd.keepAlive(lease);
                    lastKeepAlive = System.nanoTime();
                }
                Thread.sleep(Math.min(200, Math.max(10, settings.pollInterval().toMillis())));
            }
        } catch (EtcdClient.EtcdException e) {
            throw new ExecutionException(identity + " lost its coordinator while waiting for the others: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException("interrupted while waiting for the other processes", e);
        }
    }

    /** Finished marks written after we joined: of this run, not left over from an earlier one under the same job id. */
    private Map<String, byte[]> finishedThisRun() throws EtcdClient.EtcdException {
        Map<String, byte[]> out = new java.util.TreeMap<>();
        for (Map.Entry<String, EtcdClient.Entry> e : etcd.entries(finishedPrefix()).entrySet()) {
            if (e.getValue().modRevision() > joinedAt) out.put(e.getKey(), e.getValue().value());
        }
        return out;
    }

    private List<Integer> missing(Map<String, byte[]> members) {
        List<Integer> missing = new ArrayList<>();
        for (int p = 0; p < identity.numProcesses(); p++) if (!members.containsKey(membersPrefix() + p)) missing.add(p);
        return missing;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String join(List<Integer> ids) {
        return String.join(", ", ids.stream().map(String::valueOf).toList());
    }

    /**
     * Checks that every process reached {@code topic} with the same {@code value} (e.g. the hash of
     * the module each is about to compile, so all run the same computations in the same order):
     * waits for all N, at most the barrier timeout, and names any process that differs.
     */
    public void agree(String topic, String value) throws ExecutionException {
        String base = dataPrefix() + "agree/" + topic + "/";
        long deadline = System.nanoTime() + settings.barrierTimeout().toNanos();
        try {
            etcd.put(base + identity.processId(), value.getBytes(StandardCharsets.UTF_8), 0);
            while (true) {
                String why = failure.get();
                if (why != null) throw new ExecutionException(why);
                Map<String, byte[]> all = etcd.getPrefix(base);
                for (Map.Entry<String, byte[]> e : all.entrySet()) {
                    String theirs = new String(e.getValue(), StandardCharsets.UTF_8);
                    if (!theirs.equals(value)) {
                        throw new ExecutionException("process " + e.getKey().substring(base.length()) + " has " + theirs + " at " + topic
                                + ", process " + identity.processId() + " has " + value + ": every process must run the same computations in the same order");
                    }
                }
                if (all.size() >= identity.numProcesses()) return;
                if (System.nanoTime() > deadline) {
                    List<Integer> missing = new ArrayList<>();
                    for (int p = 0; p < identity.numProcesses(); p++) if (!all.containsKey(base + p)) missing.add(p);
                    throw new ExecutionException("process" + (missing.size() == 1 ? " " : "es ") + join(missing) + " did not reach "
                            + topic + " within " + seconds(settings.barrierTimeout()));
                }
                Thread.sleep(20);
            }
        } catch (EtcdClient.EtcdException e) {
            throw new ExecutionException(identity + " lost its coordinator at " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException("interrupted at " + topic, e);
        }
    }

    /** One monitor round: renew our lease, then look for members that vanished. */
    private void check() {
        if (closed || failure.get() != null) return;
        try {
            etcd.keepAlive(lease);
            List<Integer> gone = missing(etcd.getPrefix(membersPrefix()));
            if (!gone.isEmpty()) {
                Map<String, byte[]> finished = finishedThisRun();
                gone.removeIf(p -> finished.containsKey(finishedPrefix() + p));
            }
            if (!gone.isEmpty()) {
                fail("process" + (gone.size() == 1 ? " " : "es ") + join(gone) + " of job " + identity.jobId()
                        + " stopped: " + (gone.size() == 1 ? "its" : "their") + " lease at " + identity.coordinatorText()
                        + " expired (the process died or lost the coordinator)");
            }
        } catch (EtcdClient.EtcdException e) {
            fail("process " + identity.processId() + " lost its coordinator: " + e.getMessage());
        }
    }

    private void fail(String message) {
        if (failure.compareAndSet(null, message)) onFailure.accept(message);
    }

    public ProcessIdentity identity() { return identity; }

    /** Why the job can no longer go on, once a member died or the coordinator went away. */
    public Optional<String> failure() { return Optional.ofNullable(failure.get()); }

    /**
     * The store a plugin shares with its peers, under {@code JOB/run-INCARNATION/kv/NAMESPACE/}; a
     * blocking get polls until the key appears, its timeout passes, or the group fails.
     */
    public KeyValueStore keyValueStore(String namespace) {
        String base = dataPrefix() + "kv/" + namespace + "/";
        return new KeyValueStore() {
            @Override
            public void put(String key, byte[] value) throws KeyValueException {
                try {
                    etcd.put(base + key, value, 0);
                } catch (EtcdClient.EtcdException e) {
                    throw new KeyValueException(PjrtErrorCode.UNAVAILABLE, e.getMessage(), e);
                }
            }

            @Override
            public byte[] get(String key, Duration timeout) throws KeyValueException {
                long deadline = System.nanoTime() + timeout.toNanos();
                long sleep = 5;
                while (true) {
                    String why = failure.get();
                    if (why != null) throw new KeyValueException(PjrtErrorCode.ABORTED, why);
                    Optional<byte[]> v = tryGet(key);
                    if (v.isPresent()) return v.get();
                    if (System.nanoTime() > deadline) {
                        throw new KeyValueException(PjrtErrorCode.DEADLINE_EXCEEDED, "key " + key + " did not appear in "
                                + identity.coordinatorText() + " within " + timeout.toMillis() + " ms");
                    }
                    try {
                        Thread.sleep(sleep);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new KeyValueException(PjrtErrorCode.CANCELLED, "interrupted while waiting for key " + key);
                    }
                    sleep = Math.min(100, sleep * 2);
                }
            }

            @Override
            public Optional<byte[]> tryGet(String key) throws KeyValueException {
                try {
                    return etcd.get(base + key);
                } catch (EtcdClient.EtcdException e) {
                    throw new KeyValueException(PjrtErrorCode.UNAVAILABLE, e.getMessage(), e);
                }
            }
        };
    }

    /**
     * An {@code onFailure} for command-line runs: says why on stderr and, if the process has not
     * ended by itself after {@code grace} (it may be stuck in a collective inside the plugin),
     * halts it with exit code 1.
     */
    public static Consumer<String> haltAfter(Duration grace) {
        return message -> {
            Thread t = new Thread(() -> {
                System.err.println("switchyard: " + message);
                try {
                    Thread.sleep(grace.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                System.err.println("switchyard: stopping this process (it did not end within " + grace.toSeconds() + " s of the failure)");
                Runtime.getRuntime().halt(1);
            }, "switchyard-process-group-halt");
            t.setDaemon(true);
            t.start();
        };
    }

    /**
     * Leaves the job: marks this process finished (so the others, maybe still at work, do not take it
     * for dead), stops the monitor and revokes the lease, which deletes this process's other keys.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        monitor.shutdownNow();
        try {
            etcd.put(finishedPrefix() + identity.processId(), memberValue, 0);
            etcd.revoke(lease);
        } catch (EtcdClient.EtcdException e) {
            // The lease expires by itself within its TTL.
        }
    }
}
