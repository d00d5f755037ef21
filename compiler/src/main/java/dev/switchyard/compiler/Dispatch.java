package dev.switchyard.compiler;

import java.util.Locale;
import java.util.Optional;

/** {@code --dispatch}: how tokens travel to their experts and back (see {@code docs/compiler.md}). */
public enum Dispatch {
    /** One-hot dispatch/combine tensors contracted with einsums (Mesh TensorFlow). */
    EINSUM,
    /** Scatter to expert slots, gather back; no [tokens, experts, capacity] tensor. */
    GATHER;

    /**
     * The default: einsum. On XLA's CPU backend the two are within noise for a Switch-Base-8-shaped
     * model (2 layers, batch 1, seq 128, d_model 768, d_ff 3072, 8 experts, capacity 64; einsum's
     * best time ahead in both runs: 348 vs 480 and 366 vs 391 ms per forward), and einsum is faster
     * on the reference interpreter (tests' {@code DispatchLoweringTimes}, figures in
     * docs/performance.md). Gather's cost does not grow with experts × capacity, so the choice is to
     * be revisited on GPU/TPU, see docs/compiler.md.
     */
    public static final Dispatch DEFAULT = EINSUM;

    public static Optional<Dispatch> parse(String s) {
        for (Dispatch d : values()) if (d.name().toLowerCase(Locale.ROOT).equals(s)) return Optional.of(d);
        return Optional.empty();
    }

    public String spelling() { return name().toLowerCase(Locale.ROOT); }
}
