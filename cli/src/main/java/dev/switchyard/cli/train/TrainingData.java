package dev.switchyard.cli.train;

import dev.switchyard.hlo.tensor.HostTensor;
import java.util.Map;

/**
 * Batches for the per-step inputs that data supplies, addressed by position (the number of
 * batches drawn before it), so a checkpoint needs only that number to resume the stream.
 */
public interface TrainingData {

    /** Full batches in one pass over the examples. */
    long batchesPerEpoch();

    /** Tokens (or positions) one batch feeds the model, for tokens/s. */
    long tokensPerBatch();

    /** The batch at {@code position}, one tensor per input name. */
    Map<String, HostTensor> batch(long position);
}
