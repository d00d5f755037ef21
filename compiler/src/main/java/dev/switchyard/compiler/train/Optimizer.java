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
        public Adafactor {
            // decay > 0, else β̂₂ = 1 − t^0 = 0 forever; ε₁ > 0 keeps R, C and V away from 0 (u = g·V^−½);
            // the threshold is a divisor where it is on.
            require(decayRate > 0, "decay_rate", decayRate, "> 0 (beta2 hat = 1 - t^-decay_rate)");
            require(clippingThreshold >= 0, "clipping_threshold", clippingThreshold, ">= 0 (0: no update clipping)");
            require(minDimSizeToFactor >= 0, "min_dim_size_to_factor", minDimSizeToFactor, ">= 0");
            require(epsilon1 > 0, "epsilon1", epsilon1, "> 0 (it keeps the second moment from 0)");
            require(epsilon2 >= 0, "epsilon2", epsilon2, ">= 0");
        }
        public static Adafactor defaults() { return new Adafactor(0.8, 1.0, true, true, 128, 1e-30, 1e-3); }
        @Override public String spelling() { return "adafactor"; }
    }

    /** AdamW as optax's {@code adamw}: bias-corrected moments, decoupled weight decay scaled by the learning rate. */
    record AdamW(double beta1, double beta2, double epsilon, double weightDecay) implements Optimizer {
        public AdamW {
            // β = 1 makes the bias correction 1 − β^t zero; ε = 0 divides 0 by 0 where a gradient is 0.
            require(beta1 >= 0 && beta1 < 1, "beta1", beta1, "in [0, 1)");
            require(beta2 >= 0 && beta2 < 1, "beta2", beta2, "in [0, 1)");
            require(epsilon > 0, "epsilon", epsilon, "> 0");
            require(weightDecay >= 0, "weight_decay", weightDecay, ">= 0");
        }
        public static AdamW defaults() { return new AdamW(0.9, 0.999, 1e-8, 1e-4); }
        @Override public String spelling() { return "adamw"; }
    }

    /** Refuses a hyper-parameter outside its range, naming it as {@code TrainConfigText} spells it. */
    private static void require(boolean ok, String key, double value, String range) {
        if (!ok || Double.isNaN(value)) {
            String shown = value == Math.rint(value) && !Double.isInfinite(value) ? Long.toString((long) value) : Double.toString(value);
            throw new IllegalArgumentException(key + " must be " + range + ", got " + shown);
        }
    }

    /** Plain SGD: {@code param − lr · grad}, no momentum, no state. */
    record Sgd() implements Optimizer {
        @Override public String spelling() { return "sgd"; }
    }
}
