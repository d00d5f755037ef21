package dev.switchyard.runtime.ref;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Which StableHLO process an interpreter runs as (replica id, partition id, of how many), and the
 * rendezvous its collectives meet at. One process alone is the default; {@code
 * interpreter.run_parallel} runs several, one thread each.
 */
final class ProcessContext {
    final int replicaId;
    final int partitionId;
    final int numReplicas;
    final int numPartitions;
    private final Rendezvous rendezvous;
    /** Collectives this process has entered, so the n-th collective of each member meets the n-th of the others. */
    private long collectiveCount;

    ProcessContext(int replicaId, int partitionId, int numReplicas, int numPartitions, Rendezvous rendezvous) {
        this.replicaId = replicaId;
        this.partitionId = partitionId;
        this.numReplicas = numReplicas;
        this.numPartitions = numPartitions;
        this.rendezvous = rendezvous;
    }

    static ProcessContext single() { return new ProcessContext(0, 0, 1, 1, new Rendezvous()); }

    int flatId() { return replicaId * numPartitions + partitionId; }

    /**
     * Gives {@code value} to every member of {@code group} (flat process ids, this process among
     * them) and returns all members' values in group order.
     */
    List<Object> exchange(List<Integer> group, Object value) {
        long seq = collectiveCount++;
        return rendezvous.exchange(seq + ":" + group, group.size(), group.indexOf(flatId()), value);
    }

    /** Where the processes of one run_parallel meet; waits at most a few seconds for stragglers. */
    static final class Rendezvous {
        private final Map<String, Slot> slots = new HashMap<>();

        private static final class Slot {
            final Object[] values;
            int arrived;
            Slot(int n) { values = new Object[n]; }
        }

        List<Object> exchange(String key, int size, int position, Object value) {
            Slot slot;
            synchronized (this) {
                slot = slots.computeIfAbsent(key, k -> new Slot(size));
            }
            synchronized (slot) {
                slot.values[position] = value;
                slot.arrived++;
                slot.notifyAll();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (slot.arrived < size) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) throw new InterpretException("collective never completed: " + slot.arrived + " of " + size + " processes arrived (mismatched collectives?)");
                    try {
                        TimeUnit.NANOSECONDS.timedWait(slot, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterpretException("interrupted while waiting for other processes");
                    }
                }
                return new ArrayList<>(java.util.Arrays.asList(slot.values));
            }
        }
    }
}
