package dev.switchyard.cli.train;

import java.util.SplittableRandom;

/**
 * Which example comes at each position of the stream of batches: epoch after epoch over
 * {@code examples} examples, each epoch a fresh permutation drawn from the seed and the epoch
 * number (or the identity with shuffling off), so batch {@code b} is the same in every run with
 * the same seed — what makes a resumed run see the data an uninterrupted one would. Each epoch
 * uses {@code batchesPerEpoch · batchSize} examples; the rest (the last partial batch) is dropped.
 */
public final class ExampleOrder {
    private final int examples;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private long cachedEpoch = -1;
    private int[] permutation;

    public ExampleOrder(int examples, int batchSize, long seed, boolean shuffle) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1");
        this.examples = examples;
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
    }

    public long batchesPerEpoch() { return examples / batchSize; }

    public int batchSize() { return batchSize; }

    /** The epoch batch {@code position} (counted from 0 over all epochs) falls in. */
    public long epoch(long position) { return position / batchesPerEpoch(); }

    /** The example at row {@code row} of batch {@code position}. */
    public synchronized int example(long position, int row) {
        long epoch = epoch(position);
        int index = Math.toIntExact((position % batchesPerEpoch()) * batchSize + row);
        if (!shuffle) return index;
        if (epoch != cachedEpoch) {
            permutation = permutation(examples, Mixing.mix(seed, 0x5EED_0F_DA7AL, epoch));
            cachedEpoch = epoch;
        }
        return permutation[index];
    }

    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
