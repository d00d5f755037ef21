package dev.switchyard.compiler.train;

/**
 * What one train step does besides the gradient: the optimizer, the learning-rate schedule,
 * optional clipping of the gradients' global norm ({@code clipGlobalNorm ≤ 0}: off, the default),
 * whether bf16/f16 parameters are kept as f32 master weights ({@code masterWeights}: the state
 * holds f32, the forward computes on a copy rounded to the declared type each step, so small
 * updates are not lost to bf16 rounding), and the {@code frozen} parameters (by path): carried in
 * the state and returned unchanged, with no optimizer slots and no part in the gradient norm.
 */
public record TrainConfig(Optimizer optimizer, Schedule schedule, double clipGlobalNorm, boolean masterWeights,
                          java.util.Set<String> frozen) {

    public TrainConfig {
        frozen = java.util.Set.copyOf(frozen);
    }

    public TrainConfig(Optimizer optimizer, Schedule schedule, double clipGlobalNorm, boolean masterWeights) {
        this(optimizer, schedule, clipGlobalNorm, masterWeights, java.util.Set.of());
    }

    public TrainConfig(Optimizer optimizer, Schedule schedule, double clipGlobalNorm) {
        this(optimizer, schedule, clipGlobalNorm, false);
    }

    /** T5X's MoE pre-training: Adafactor, {@code 1 / sqrt(max(step, 10000))}, no gradient clipping, parameters in their declared type. */
    public static TrainConfig defaults() {
        return new TrainConfig(Optimizer.Adafactor.defaults(), new Schedule.Rsqrt(1.0, 10_000), 0, false);
    }

    public TrainConfig withOptimizer(Optimizer o) { return new TrainConfig(o, schedule, clipGlobalNorm, masterWeights, frozen); }

    public TrainConfig withSchedule(Schedule s) { return new TrainConfig(optimizer, s, clipGlobalNorm, masterWeights, frozen); }

    public TrainConfig withClipGlobalNorm(double c) { return new TrainConfig(optimizer, schedule, c, masterWeights, frozen); }

    public TrainConfig withMasterWeights(boolean m) { return new TrainConfig(optimizer, schedule, clipGlobalNorm, m, frozen); }

    /** The same step with the parameters at these paths frozen. */
    public TrainConfig withFrozen(java.util.Set<String> paths) { return new TrainConfig(optimizer, schedule, clipGlobalNorm, masterWeights, paths); }

    public boolean isFrozen(String path) { return frozen.contains(path); }
}
