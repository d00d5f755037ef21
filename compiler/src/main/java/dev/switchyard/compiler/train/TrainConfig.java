package dev.switchyard.compiler.train;

/**
 * What one train step does besides the gradient: the optimizer, the learning-rate schedule, and
 * optional clipping of the gradients' global norm ({@code clipGlobalNorm ≤ 0}: off, the default).
 */
public record TrainConfig(Optimizer optimizer, Schedule schedule, double clipGlobalNorm) {

    /** T5X's MoE pre-training: Adafactor, {@code 1 / sqrt(max(step, 10000))}, no gradient clipping. */
    public static TrainConfig defaults() {
        return new TrainConfig(Optimizer.Adafactor.defaults(), new Schedule.Rsqrt(1.0, 10_000), 0);
    }

    public TrainConfig withOptimizer(Optimizer o) { return new TrainConfig(o, schedule, clipGlobalNorm); }

    public TrainConfig withSchedule(Schedule s) { return new TrainConfig(optimizer, s, clipGlobalNorm); }

    public TrainConfig withClipGlobalNorm(double c) { return new TrainConfig(optimizer, schedule, c); }
}
