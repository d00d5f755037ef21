package dev.switchyard.compiler;

import java.util.Locale;
import java.util.Optional;

/** {@code --dispatch}: how tokens travel to their experts and back (see {@code docs/compiler.md}). */
public enum Dispatch {
    /** One-hot dispatch/combine tensors contracted with einsums (Mesh TensorFlow). */
    EINSUM,
    /** Scatter to expert slots, gather back; no [tokens, experts, capacity] tensor. */
    GATHER;

    /** The default: gather/scatter, whose cost does not grow with experts × capacity. */
    public static final Dispatch DEFAULT = GATHER;

    public static Optional<Dispatch> parse(String s) {
        for (Dispatch d : values()) if (d.name().toLowerCase(Locale.ROOT).equals(s)) return Optional.of(d);
        return Optional.empty();
    }

    public String spelling() { return name().toLowerCase(Locale.ROOT); }
}
