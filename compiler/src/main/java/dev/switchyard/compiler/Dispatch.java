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
     * The default: einsum, measured faster on the reference interpreter (switch_tiny: 159 vs 292 ms per
     * forward step; at seq 64, 16 experts: 4.5 vs 7.2 s), where dot_general is a blocked kernel and
     * scatter/gather are element loops. Gather's cost does not grow with experts × capacity, so the
     * choice is to be revisited on XLA (GPU/TPU), see docs/compiler.md.
     */
    public static final Dispatch DEFAULT = EINSUM;

    public static Optional<Dispatch> parse(String s) {
        for (Dispatch d : values()) if (d.name().toLowerCase(Locale.ROOT).equals(s)) return Optional.of(d);
        return Optional.empty();
    }

    public String spelling() { return name().toLowerCase(Locale.ROOT); }
}
