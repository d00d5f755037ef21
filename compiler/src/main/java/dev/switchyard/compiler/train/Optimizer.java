package dev.switchyard.compiler.train;

/**
 * An optimizer and its hyper-parameters. Formulas and defaults: {@code docs/compiler.md} (the train
 * step) and {@code ../shared/docs/training.md} (Adafactor as T5X, Switchyard's factoring rule).
 */
public sealed interface Optimizer {

    /** The name used on the command line and in the manifest. */
    String spelling();

    /**
     * Adafactor (T5X defaults): no momentum, decay rate 0.8 (β̂₂ = 1 − t^−0.8), update clipping at
     * {@code clippingThreshold} (≤ 0: off), parameter scale, factoring of tensors whose two parts are
     * both at least {@code minDimSizeToFactor}; a leading {@code experts} dim is a batch dim.
     */
    record Adafactor(double decayRate, double clippingThreshold, boolean multiplyByParameterScale,
                     boolean factored, long minDimSizeToFactor, double epsilon1, double epsilon2) implements Optimizer {
        public static Adafactor defaults() { return new Adafactor(0.8, 1.0, true, true, 128, 1e-30, 1e-3); }
        @Override public String spelling() { return "adafactor"; }
    }

    /** AdamW as optax's {@code adamw}: bias-corrected moments, decoupled weight decay scaled by the learning rate. */
    record AdamW(double beta1, double beta2, double epsilon, double weightDecay) implements Optimizer {
        public static AdamW defaults() { return new AdamW(0.9, 0.999, 1e-8, 1e-4); }
        @Override public String spelling() { return "adamw"; }
    }

    /** Plain SGD: {@code param − lr · grad}, no momentum, no state. */
    record Sgd() implements Optimizer {
        @Override public String spelling() { return "sgd"; }
    }
}
