package dev.switchyard.runtime.pjrt;

import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.ResidentTensor;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tensor kept in device memory between executes: one {@link PjrtBuffer} per addressable device
 * of the executable that made it, each holding the shard of its partition. In a multi-process job
 * a process holds only its own devices' shards; {@link #toHost} then works only when those cover
 * every tile (a replicated tensor), and {@link #localShards} gives what this process has.
 */
public final class PjrtResidentTensor implements ResidentTensor {

    private final PjrtClient client;
    private final ElementType elementType;
    private final long[] shape;
    private final TensorSharding sharding;
    private final int[] partitions;
    private final List<PjrtDevice> devices;
    private List<PjrtBuffer> shards;
    private String gone;

    /** {@code shards.get(d)} lives on {@code devices.get(d)} and holds the tile of partition {@code partitions[d]}. */
    PjrtResidentTensor(PjrtClient client, ElementType elementType, long[] shape, TensorSharding sharding,
                       int[] partitions, List<PjrtDevice> devices, List<PjrtBuffer> shards) {
        this.client = client;
        this.elementType = elementType;
        this.shape = shape.clone();
        this.sharding = sharding;
        this.partitions = partitions.clone();
        this.devices = List.copyOf(devices);
        this.shards = List.copyOf(shards);
    }

    @Override public ElementType elementType() { return elementType; }

    @Override public long[] shape() { return shape.clone(); }

    public TensorSharding sharding() { return sharding; }

    PjrtClient client() { return client; }

    List<PjrtDevice> devices() { return devices; }

    @Override public synchronized boolean isLive() { return shards != null; }

    /** The device buffers, in device order; {@link IllegalStateException} once donated or closed. */
    synchronized List<PjrtBuffer> buffers() {
        if (shards == null) throw new IllegalStateException("resident tensor " + describe() + " used after it was " + gone);
        for (PjrtBuffer b : shards) {
            if (b.isClosed()) throw new IllegalStateException("resident tensor " + describe() + " used after its client was closed");
        }
        return shards;
    }

    /** Marks the tensor consumed by a donating execute: the plugin gave its memory to an output. */
    synchronized void consume() {
        release("donated to an execute");
    }

    private void release(String why) {
        if (shards == null) return;
        for (PjrtBuffer b : shards) b.closeIfOpen();
        shards = null;
        gone = why;
    }

    /** This process's shards by partition index (every partition when the job has one process). */
    public Map<Integer, HostTensor> localShards() throws ExecutionException {
        Map<Integer, HostTensor> out = new LinkedHashMap<>();
        List<PjrtBuffer> b = buffers();
        try {
            for (int d = 0; d < b.size(); d++) out.put(partitions[d], b.get(d).toHost());
        } catch (PjrtException e) {
            throw new ExecutionException("copying " + describe() + " to the host failed: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public HostTensor toHost() throws ExecutionException {
        List<PjrtBuffer> b = buffers();
        try {
            if (sharding.isReplicated()) return b.getFirst().toHost();
            int[] tiles = sharding.tilesPerDim();
            int numTiles = Arrays.stream(tiles).reduce(1, Math::multiplyExact);
            int[] localOfTile = new int[numTiles];
            Arrays.fill(localOfTile, -1);
            for (int d = 0; d < partitions.length; d++) {
                int t = TensorSharding.ravel(sharding.tileOf(partitions[d]), tiles);
                if (localOfTile[t] < 0) localOfTile[t] = d;
            }
            HostTensor[] copied = new HostTensor[partitions.length];
            List<HostTensor> perPartition = new ArrayList<>();
            for (int p = 0; p < sharding.numDevices(); p++) {
                int d = localOfTile[TensorSharding.ravel(sharding.tileOf(p), tiles)];
                if (d < 0) {
                    throw new ExecutionException(describe() + " is split over processes: this process holds partitions "
                            + Arrays.toString(partitions) + " but not partition " + p + "; use localShards()");
                }
                if (copied[d] == null) copied[d] = b.get(d).toHost();
                perPartition.add(copied[d]);
            }
            return ShardSplitter.assemble(perPartition, sharding, shape);
        } catch (PjrtException e) {
            throw new ExecutionException("copying " + describe() + " to the host failed: " + e.getMessage(), e);
        }
    }

    private String describe() { return elementType + Arrays.toString(shape); }

    @Override
    public synchronized void close() { release("closed"); }

    @Override
    public String toString() { return "resident " + describe() + (shards == null ? " (" + gone + ")" : ""); }
}
