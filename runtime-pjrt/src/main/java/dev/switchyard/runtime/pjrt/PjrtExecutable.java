package dev.switchyard.runtime.pjrt;

import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.ResidentTensor;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled module sharded over its partitions, on this process's devices. Host tensors are split
 * by the entry signature's shardings and only the shards of this process's devices are uploaded
 * ({@code PJRT_LoadedExecutable_AddressableDevices} order); results come back as
 * {@link PjrtResidentTensor}s that stay on the devices until someone asks for them.
 */
public final class PjrtExecutable implements Executable {

    private final PjrtLoadedExecutable loaded;
    private final EntrySignature signature;
    private final int numPartitions;
    /** Partition (index in the device assignment) run by each addressable device, in addressable order. */
    private final int[] partitions;

    PjrtExecutable(PjrtLoadedExecutable loaded, EntrySignature signature, List<Long> deviceAssignment) throws ExecutionException {
        this.loaded = loaded;
        this.signature = signature;
        this.numPartitions = deviceAssignment.size();
        List<PjrtDevice> devices = loaded.addressableDevices();
        this.partitions = new int[devices.size()];
        for (int d = 0; d < devices.size(); d++) {
            int p = deviceAssignment.indexOf((long) devices.get(d).id());
            if (p < 0) {
                throw new ExecutionException("the plugin runs the executable on " + devices.get(d)
                        + ", which is not in the device assignment " + deviceAssignment);
            }
            partitions[d] = p;
        }
    }

    public PjrtLoadedExecutable loaded() { return loaded; }

    /** The partition each of this process's devices runs, in {@code loaded().addressableDevices()} order. */
    public int[] localPartitions() { return partitions.clone(); }

    public int numPartitions() { return numPartitions; }

    @Override
    public List<HostTensor> execute(List<HostTensor> inputs) throws ExecutionException {
        List<PjrtResidentTensor> arguments = new ArrayList<>();
        List<ResidentTensor> results = List.of();
        try {
            for (int i = 0; i < inputs.size(); i++) arguments.add(upload(i, inputs.get(i)));
            // The uploads are ours alone and die here: let the plugin reuse their memory.
            BitSet all = new BitSet();
            all.set(0, inputs.size());
            results = executeResident(arguments, all);
            List<HostTensor> out = new ArrayList<>();
            for (ResidentTensor r : results) out.add(r.toHost());
            return out;
        } finally {
            for (PjrtResidentTensor a : arguments) a.close();
            for (ResidentTensor r : results) r.close();
        }
    }

    private TensorSharding argumentSharding(int index, int rank) {
        return signature.argument(index).orElse(TensorSharding.replicated(rank, numPartitions));
    }

    @Override
    public PjrtResidentTensor upload(int argumentIndex, HostTensor value) throws ExecutionException {
        TensorSharding sharding = argumentSharding(argumentIndex, value.rank());
        List<HostTensor> shards;
        try {
            shards = sharding.isReplicated() ? Collections.nCopies(numPartitions, value) : ShardSplitter.split(value, sharding);
        } catch (IllegalArgumentException e) {
            throw new ExecutionException("cannot shard argument " + argumentIndex + ": " + e.getMessage(), e);
        }
        List<PjrtDevice> devices = loaded.addressableDevices();
        List<PjrtBuffer> buffers = new ArrayList<>();
        try {
            for (int d = 0; d < devices.size(); d++) buffers.add(loaded.client().toDevice(shards.get(partitions[d]), devices.get(d)));
        } catch (PjrtException | RuntimeException e) {
            for (PjrtBuffer b : buffers) b.closeIfOpen();
            if (e instanceof PjrtException p) throw new ExecutionException("uploading argument " + argumentIndex + " failed: " + p.getMessage(), p);
            throw (RuntimeException) e;
        }
        return new PjrtResidentTensor(loaded.client(), value.elementType(), value.shape(), sharding, partitions, devices, buffers);
    }

    @Override
    public List<ResidentTensor> executeResident(List<? extends ResidentTensor> arguments, BitSet donated) throws ExecutionException {
        if (donated.length() > arguments.size()) {
            throw new IllegalArgumentException("donated argument " + (donated.length() - 1) + " of " + arguments.size());
        }
        List<PjrtDevice> devices = loaded.addressableDevices();
        List<PjrtResidentTensor> args = new ArrayList<>();
        Map<PjrtResidentTensor, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < arguments.size(); i++) {
            if (!(arguments.get(i) instanceof PjrtResidentTensor t) || t.client() != loaded.client()) {
                throw new IllegalArgumentException("argument " + i + " is not a device tensor of this PJRT client: " + arguments.get(i));
            }
            Integer before = seen.put(t, i);
            if (before != null && (donated.get(i) || donated.get(before))) {
                throw new IllegalArgumentException("arguments " + before + " and " + i + " are one tensor, and it is donated");
            }
            if (!t.devices().equals(devices)) {
                throw new IllegalArgumentException("argument " + i + " lives on " + t.devices() + ", the executable runs on " + devices);
            }
            TensorSharding expected = argumentSharding(i, t.shape().length);
            if (!t.sharding().equals(expected)) {
                throw new IllegalArgumentException("argument " + i + " is sharded " + t.sharding() + ", the executable expects " + expected);
            }
            args.add(t);
        }
        List<List<PjrtBuffer>> lists = new ArrayList<>();
        for (int d = 0; d < devices.size(); d++) lists.add(new ArrayList<>());
        for (PjrtResidentTensor t : args) {
            List<PjrtBuffer> b = t.buffers();
            for (int d = 0; d < devices.size(); d++) lists.get(d).add(b.get(d));
        }
        long[] keep = new long[arguments.size() - donated.cardinality()];
        for (int i = 0, k = 0; i < arguments.size(); i++) if (!donated.get(i)) keep[k++] = i;
        List<List<PjrtBuffer>> outputs;
        try {
            outputs = loaded.execute(lists, keep);
        } catch (PjrtException e) {
            throw new ExecutionException("executing on " + loaded.client().platformName() + " failed: " + e.getMessage(), e);
        }
        for (int i = donated.nextSetBit(0); i >= 0; i = donated.nextSetBit(i + 1)) args.get(i).consume();
        List<ResidentTensor> results = new ArrayList<>();
        try {
            for (int o = 0; o < loaded.numOutputs(); o++) {
                List<PjrtBuffer> shards = new ArrayList<>();
                for (int d = 0; d < devices.size(); d++) shards.add(outputs.get(d).get(o));
                long[] shape = shards.getFirst().shape();
                TensorSharding sharding = o < signature.results().size() ? signature.results().get(o)
                        : TensorSharding.replicated(shape.length, numPartitions);
                int[] tiles = sharding.tilesPerDim();
                if (tiles.length != shape.length) {
                    throw new ExecutionException("result " + o + " has rank " + shape.length + " but its sharding " + sharding + " rank " + tiles.length);
                }
                for (int k = 0; k < shape.length; k++) shape[k] *= tiles[k];
                results.add(new PjrtResidentTensor(loaded.client(), shards.getFirst().elementType(), shape, sharding,
                        partitions, devices, shards));
            }
        } catch (ExecutionException | RuntimeException e) {
            for (List<PjrtBuffer> l : outputs) for (PjrtBuffer b : l) b.closeIfOpen();
            throw e;
        }
        return results;
    }

    @Override
    public void close() { loaded.close(); }
}
