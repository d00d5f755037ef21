package dev.switchyard.cli.train;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;

/**
 * The RNG key ({@code u32[rng_key]}, two words) of each train step: a function of the run's seed
 * and the step number only, so a resumed run draws the dropout masks an uninterrupted one would.
 * Eval batches get keys of their own (the forward ignores them with {@code training = false}).
 */
public final class StepKeys {
    private StepKeys() {}

    /** The two words of step {@code step}'s key (0-based: the value of the step counter before it). */
    public static long[] words(long seed, long step) {
        long h = Mixing.mix(seed, 0x6B65_79L, step);
        return new long[] {h >>> 32, h & 0xffffffffL};
    }

    public static HostTensor tensor(long seed, long step) {
        return HostTensor.ofLongs(ElementType.UI32, new long[] {2}, words(seed, step));
    }
}
