package dev.switchyard.hlo.exec;

import dev.switchyard.hlo.tensor.HostTensor;
import java.util.List;

/** A compiled module's entry function, ready to run on host tensors. */
public interface Executable extends AutoCloseable {

    /** Runs the entry function; inputs in the order of its arguments, outputs in the order of its results. */
    List<HostTensor> execute(List<HostTensor> inputs) throws ExecutionException;

    @Override
    default void close() {}
}
