package dev.switchyard.hlo.exec;

import dev.switchyard.hlo.tensor.HostTensor;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A compiled module's entry function, ready to run on host tensors, or on {@link ResidentTensor}s
 * that stay in the executor's memory between calls (a training loop's parameters and optimizer
 * state). The resident methods have host-copying defaults so every executor supports them; the
 * interpreter and PJRT override them to keep state where it is.
 */
public interface Executable extends AutoCloseable {

    /** Runs the entry function; inputs in the order of its arguments, outputs in the order of its results. */
    List<HostTensor> execute(List<HostTensor> inputs) throws ExecutionException;

    /**
     * Copies {@code value} into the executor's memory, laid out as argument {@code argumentIndex}
     * expects (its sharding, for a partitioned module).
     */
    default ResidentTensor upload(int argumentIndex, HostTensor value) throws ExecutionException {
        return new HostResidentTensor(value);
    }

    /**
     * Runs the entry function on resident arguments and leaves the results resident. Arguments whose
     * index is in {@code donated} are consumed (their memory may be reused for the results they alias);
     * the others stay live. Every argument must be live and come from this executable's executor.
     */
    default List<ResidentTensor> executeResident(List<? extends ResidentTensor> arguments, BitSet donated)
            throws ExecutionException {
        List<HostTensor> host = new ArrayList<>(arguments.size());
        for (ResidentTensor a : arguments) {
            if (!a.isLive()) throw new IllegalStateException("resident tensor used after it was donated or closed");
            host.add(a.toHost());
        }
        List<HostTensor> results = execute(host);
        for (int i = donated.nextSetBit(0); i >= 0; i = donated.nextSetBit(i + 1)) arguments.get(i).close();
        List<ResidentTensor> out = new ArrayList<>(results.size());
        for (HostTensor r : results) out.add(new HostResidentTensor(r));
        return out;
    }

    @Override
    default void close() {}
}
