package dev.switchyard.hlo.exec;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;

/**
 * A tensor that lives in an executor's own memory (interpreter tensors, PJRT device buffers) between
 * executes, so a training loop uploads parameters and optimizer state once and fetches them only for
 * checkpoints and summaries. Made by {@link Executable#upload} or returned by
 * {@link Executable#executeResident}. Donating it to an execute consumes it: any later use is an
 * {@link IllegalStateException}, never a native crash.
 */
public interface ResidentTensor extends AutoCloseable {

    ElementType elementType();

    /** The global (unsharded) shape. */
    long[] shape();

    /** False once donated to an execute or closed. */
    boolean isLive();

    /** Copies the (assembled) value to the host; the tensor stays live. */
    HostTensor toHost() throws ExecutionException;

    /** Frees the memory; idempotent. */
    @Override
    void close();
}
