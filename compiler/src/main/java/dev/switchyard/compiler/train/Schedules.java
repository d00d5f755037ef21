package dev.switchyard.compiler.train;

import dev.switchyard.hlo.ir.Value;

/** Emits a {@link Schedule} as scalar ops on the step counter (as a float, 0 on the first step). */
final class Schedules {
    private Schedules() {}

    static Value emit(StepOps ops, Schedule schedule, Value step) {
        return switch (schedule) {
            case Schedule.Constant c -> ops.scalar(c.lr(), step);
            case Schedule.Rsqrt r -> ops.mul(ops.rsqrt(ops.max(step, ops.scalar(r.warmup(), step))), r.base());
            case Schedule.WarmupCosine w -> {
                Value progress = ops.min(ops.scalar(1, step),
                        ops.div(ops.sub(step, ops.scalar(w.warmup(), step)), ops.scalar(w.total() - w.warmup(), step)));
                Value cosine = ops.mul(ops.add(ops.cos(ops.mul(progress, Math.PI)), 1), 0.5);
                Value decayed = ops.mul(ops.add(ops.mul(cosine, 1 - w.finalFraction()), w.finalFraction()), w.base());
                if (w.warmup() == 0) yield decayed;
                Value warm = ops.mul(ops.div(step, ops.scalar(w.warmup(), step)), w.base());
                yield ops.select(ops.lessThan(step, ops.scalar(w.warmup(), step)), warm, decayed);
            }
        };
    }
}
