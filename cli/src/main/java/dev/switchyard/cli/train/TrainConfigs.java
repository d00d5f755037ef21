package dev.switchyard.cli.train;

import dev.switchyard.cli.UserError;
import dev.switchyard.compiler.train.Optimizer;
import dev.switchyard.compiler.train.Schedule;
import dev.switchyard.compiler.train.TrainConfig;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;

/**
 * The optimizer and schedule of a run: from the flags of a new run, or from {@code checkpoint.json}
 * when resuming (the step was compiled with them; a resumed run continues with exactly them, so
 * those flags must then agree or be left out).
 */
public final class TrainConfigs {
    private TrainConfigs() {}

    public static TrainConfig fromOptions(CommandLine line, long steps) throws UserError {
        String opt = line.getOptionValue("optimizer", "adafactor");
        Optimizer optimizer = switch (opt) {
            case "adafactor" -> Optimizer.Adafactor.defaults();
            case "adamw" -> Optimizer.AdamW.defaults();
            case "sgd" -> new Optimizer.Sgd();
            default -> throw new UserError("--optimizer must be adafactor, adamw or sgd, got '" + opt + "'");
        };
        String sched = line.getOptionValue("schedule", "rsqrt");
        double lr = line.hasOption("lr") ? positive(line, "lr") : sched.equals("rsqrt") ? 1.0 : 1e-3;
        Schedule schedule = switch (sched) {
            case "constant" -> {
                if (line.hasOption("decay-steps")) throw new UserError("--decay-steps applies to the cosine schedule");
                if (line.hasOption("warmup")) throw new UserError("--warmup applies to the rsqrt and cosine schedules, not constant");
                yield new Schedule.Constant(lr);
            }
            case "rsqrt" -> {
                if (line.hasOption("decay-steps")) throw new UserError("--decay-steps applies to the cosine schedule");
                yield new Schedule.Rsqrt(lr, whole(line, "warmup", 10_000, 1));
            }
            case "cosine" -> {
                long warmup = whole(line, "warmup", 0, 0);
                long total = whole(line, "decay-steps", steps, 1);
                if (warmup >= total) throw new UserError("--warmup " + warmup + " must be less than the " + total + " steps the cosine schedule decays over");
                yield new Schedule.WarmupCosine(lr, warmup, total, 0.0);
            }
            default -> throw new UserError("--schedule must be constant, rsqrt or cosine, got '" + sched + "'");
        };
        double clip = line.hasOption("clip-global-norm") ? positive(line, "clip-global-norm") : 0;
        return new TrainConfig(optimizer, schedule, clip);
    }

    /** The configuration recorded in a checkpoint; flags that would change it are refused. */
    public static TrainConfig fromCheckpoint(CheckpointInfo info, CommandLine line) throws UserError {
        for (String flag : List.of("optimizer", "lr", "schedule", "warmup", "decay-steps", "clip-global-norm")) {
            if (line.hasOption(flag)) {
                throw new UserError("--" + flag + ": a resumed run continues with the optimizer and schedule of its checkpoint ("
                        + info.optimizer().get("name") + ", " + info.schedule().get("name") + "); drop the flag, or start a new run with --init-from");
            }
        }
        try {
            return recorded(info);
        } catch (IllegalArgumentException e) {
            // the records check their ranges; a hand-edited or damaged checkpoint.json is the user's to fix
            throw new UserError("checkpoint.json: the recorded optimizer or schedule is not usable: " + e.getMessage());
        }
    }

    /** The optimizer and clipping as a run of {@code c} records them in {@code checkpoint.json}. */
    public static Map<String, Object> recordedOptimizer(TrainConfig c) { return Trainer.describe(c); }

    /** The schedule as a run of {@code c} records it in {@code checkpoint.json}. */
    public static Map<String, Object> recordedSchedule(TrainConfig c) { return Trainer.describe(c.schedule()); }

    private static TrainConfig recorded(CheckpointInfo info) throws UserError {
        Map<String, Object> o = info.optimizer(), s = info.schedule();
        Optimizer optimizer = switch (String.valueOf(o.get("name"))) {
            case "adafactor" -> new Optimizer.Adafactor(d(o, "decay_rate"), d(o, "clipping_threshold"),
                    b(o, "multiply_by_parameter_scale"), b(o, "factored"), (long) d(o, "min_dim_size_to_factor"),
                    d(o, "epsilon1"), d(o, "epsilon2"));
            case "adamw" -> new Optimizer.AdamW(d(o, "beta1"), d(o, "beta2"), d(o, "epsilon"), d(o, "weight_decay"));
            case "sgd" -> new Optimizer.Sgd();
            default -> throw new UserError("checkpoint.json names an unknown optimizer '" + o.get("name") + "'");
        };
        Schedule schedule = switch (String.valueOf(s.get("name"))) {
            case "constant" -> new Schedule.Constant(d(s, "lr"));
            case "rsqrt" -> new Schedule.Rsqrt(d(s, "base"), (long) d(s, "warmup"));
            case "cosine" -> new Schedule.WarmupCosine(d(s, "base"), (long) d(s, "warmup"), (long) d(s, "total"), d(s, "final_fraction"));
            default -> throw new UserError("checkpoint.json names an unknown schedule '" + s.get("name") + "'");
        };
        double clip = info.optimizer().containsKey("clip_global_norm") ? d(o, "clip_global_norm") : 0;
        return new TrainConfig(optimizer, schedule, clip);
    }

    private static boolean b(Map<String, Object> m, String key) throws UserError {
        if (!(m.get(key) instanceof Boolean v)) throw new UserError("checkpoint.json lacks the boolean '" + key + "'");
        return v;
    }

    private static double d(Map<String, Object> m, String key) throws UserError {
        if (!(m.get(key) instanceof Number n)) throw new UserError("checkpoint.json lacks the number '" + key + "'");
        return n.doubleValue();
    }

    private static double positive(CommandLine line, String name) throws UserError {
        String text = line.getOptionValue(name);
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new UserError("--" + name + " expects a number, got '" + text + "'");
        }
        if (!(v > 0) || !Double.isFinite(v)) throw new UserError("--" + name + " must be a positive number, got " + text);
        return v;
    }

    private static long whole(CommandLine line, String name, long fallback, long min) throws UserError {
        if (!line.hasOption(name)) return fallback;
        String text = line.getOptionValue(name);
        try {
            long v = Long.parseLong(text.trim());
            if (v < min) throw new UserError("--" + name + " must be at least " + min + ", got " + v);
            return v;
        } catch (NumberFormatException e) {
            throw new UserError("--" + name + " expects a whole number, got '" + text + "'");
        }
    }
}
