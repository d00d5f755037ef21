package dev.switchyard.compiler.train;

/**
 * What one train step does besides the gradient: the optimizer, the learning-rate schedule,
 * optional clipping of the gradients' global norm ({@code clipGlobalNorm ≤ 0}: off, the default),
 * and whether bf16/f16 parameters are kept as f32 master weights ({@code masterWeights}: the state
 * holds f32, the forward computes on a copy rounded to the declared type each step, so small
 * updates are not lost to bf16 rounding).
 */
public record TrainConfig(Optimizer optimizer, Schedule schedule, double clipGlobalNorm, boolean masterWeights) {

    public TrainConfig(Optimizer optimizer, Schedule schedule, double clipGlobalNorm) {
        this(optimizer, schedule, clipGlobalNorm, false);
    }

    /** T5X's MoE pre-training: Adafactor, {@code 1 / sqrt(max(step, 10000))}, no gradient clipping, parameters in their declared type. */
    public static TrainConfig defaults() {
        return new TrainConfig(Optimizer.Adafactor.defaults(), new Schedule.Rsqrt(1.0, 10_000), 0, false);
    }

    public TrainConfig withOptimizer(Optimizer o) { return new TrainConfig(o, schedule, clipGlobalNorm, masterWeights); }

    public TrainConfig withSchedule(Schedule s) { return new TrainConfig(optimizer, s, clipGlobalNorm, masterWeights); }

    public TrainConfig withClipGlobalNorm(double c) { return new TrainConfig(optimizer, schedule, c, masterWeights); }

    public TrainConfig withMasterWeights(boolean m) { return new TrainConfig(optimizer, schedule, clipGlobalNorm, m); }
}
