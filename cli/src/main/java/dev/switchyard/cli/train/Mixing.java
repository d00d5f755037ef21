package dev.switchyard.cli.train;

/** Seeds derived from a run's seed and counters (epoch, example, step) by SplitMix64's finaliser. */
final class Mixing {
    private Mixing() {}

    static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) h = finalise(h ^ finalise(p + 0x9E3779B97F4A7C15L));
        return h;
    }

    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
