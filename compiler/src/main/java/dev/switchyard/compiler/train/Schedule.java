package dev.switchyard.compiler.train;

/**
 * A learning-rate schedule as a function of the step counter {@code step} (0 on the first step),
 * the value the train step reads before incrementing it.
 */
public sealed interface Schedule {

    /** The rate at {@code step}, in double: what the emitted ops compute in f32 (docs and tests). */
    double at(long step);

    String spelling();

    /** {@code lr}. */
    record Constant(double lr) implements Schedule {
        public Constant {
            if (!(lr >= 0)) throw new IllegalArgumentException("lr must be >= 0, got " + lr);
        }
        @Override public double at(long step) { return lr; }
        @Override public String spelling() { return "constant"; }
    }

    /** T5's {@code constant * rsqrt_decay}: {@code base / sqrt(max(step, warmup))}. */
    record Rsqrt(double base, long warmup) implements Schedule {
        public Rsqrt {
            if (warmup < 1) throw new IllegalArgumentException("rsqrt warmup must be at least 1 step, got " + warmup);
            if (!(base >= 0)) throw new IllegalArgumentException("base must be >= 0, got " + base);
        }
        @Override public double at(long step) { return base / Math.sqrt(Math.max(step, warmup)); }
        @Override public String spelling() { return "rsqrt"; }
    }

    /**
     * optax's {@code warmup_cosine_decay_schedule} from 0: {@code base · step / warmup} while
     * {@code step < warmup}, then {@code base · (f + (1 − f) · ½(1 + cos(π · min(1, (step − warmup) / (total − warmup)))))}
     * with {@code f = finalFraction}.
     */
    record WarmupCosine(double base, long warmup, long total, double finalFraction) implements Schedule {
        public WarmupCosine {
            if (warmup < 0 || total <= warmup) throw new IllegalArgumentException("cosine schedule needs 0 <= warmup < total steps, got warmup " + warmup + ", total " + total);
            if (!(base >= 0)) throw new IllegalArgumentException("base must be >= 0, got " + base);
            if (!(finalFraction >= 0 && finalFraction <= 1)) throw new IllegalArgumentException("final_fraction must be in [0, 1], got " + finalFraction);
        }
        @Override public double at(long step) {
            if (step < warmup) return base * step / warmup;
            double p = Math.min(1.0, (double) (step - warmup) / (total - warmup));
            return base * (finalFraction + (1 - finalFraction) * 0.5 * (1 + Math.cos(Math.PI * p)));
        }
        @Override public String spelling() { return "cosine"; }
    }
}
