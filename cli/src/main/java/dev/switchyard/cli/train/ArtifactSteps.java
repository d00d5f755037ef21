package dev.switchyard.cli.train;

import dev.switchyard.cli.UserError;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.compiler.CompileException;
import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.TensorSpec;
import dev.switchyard.compiler.train.Optimizer;
import dev.switchyard.compiler.train.Schedule;
import dev.switchyard.compiler.train.StateTensor;
import dev.switchyard.compiler.train.TrainConfig;
import dev.switchyard.compiler.train.TrainConfigText;
import dev.switchyard.compiler.train.TrainStep;
import dev.switchyard.dsl.graph.Mesh;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link TrainStep} a train-step artifact ({@code compile --entry train}) describes, read back
 * from its manifest and parsed module, so {@code train DIR} runs the artifact's own step through
 * the same loop as {@code train MODEL.sy} (no recompilation). What the manifest does not record is
 * left neutral: the compile options (the step is already compiled) and the forward's
 * {@code training} input (fixed inside the step).
 */
public final class ArtifactSteps {
    private ArtifactSteps() {}

    /** {@code module} is the artifact's parsed {@code model.mlir}; its symbol name is the model's (the compiler sets it). */
    public static TrainStep of(Manifest m, ModuleOp module, String fallbackName) throws UserError {
        if (!m.entry().kind().equals(Manifest.Entry.TRAIN)) throw new IllegalArgumentException("not a train artifact: " + m.entry().kind());
        List<StateTensor> state = new ArrayList<>();
        for (Manifest.StateSpec s : m.entry().state()) {
            StateTensor.Role role = switch (s.role()) {
                case "param" -> StateTensor.Role.PARAM;
                case "optimizer" -> StateTensor.Role.OPTIMIZER;
                case "step" -> StateTensor.Role.STEP;
                default -> throw new UserError("manifest.json: entry.state '" + s.path() + "' has an unknown role '" + s.role() + "'");
            };
            ElementType type = ElementType.fromMlirName(s.dtype())
                    .orElseThrow(() -> new UserError("manifest.json: entry.state '" + s.path() + "' has an unknown dtype " + s.dtype()));
            state.add(new StateTensor(s.path(), role, s.parameter(), s.slot(), s.dtype(), s.dims(), s.shape(), s.sharding(),
                    s.initializer().getClass().getSimpleName(), s.argumentIndex(), s.resultIndex(), type.byteSize()));
        }
        List<TensorSpec> inputs = new ArrayList<>();
        for (Manifest.TensorSpec t : m.inputs()) inputs.add(new TensorSpec(t.name(), t.argumentIndex(), t.dtype(), t.dims(), t.shape(), t.sharding()));
        List<TensorSpec> metrics = new ArrayList<>();
        for (Manifest.MetricSpec x : m.entry().metrics()) metrics.add(new TensorSpec(x.name(), x.resultIndex(), x.dtype(), List.of(), List.of(), List.of()));
        Mesh mesh = new Mesh(m.mesh().name(), m.mesh().axes().stream().map(a -> new Mesh.Axis(a.name(), a.size())).toList());
        return new TrainStep(module.name().orElse(fallbackName), module, config(m.entry().optimizer()), state, inputs, metrics,
                Optional.empty(), mesh, CompileOptions.defaults());
    }

    /**
     * The optimizer, schedule and clipping of {@code entry.optimizer} (the keys
     * {@link TrainConfigText#describe} writes), parsed by the same text forms as the compile flags.
     */
    public static TrainConfig config(Map<String, Object> o) throws UserError {
        try {
            String name = String.valueOf(o.get("optimizer"));
            List<String> optimizerKeys = switch (name) {
                case "adafactor" -> List.of("decay_rate", "clipping_threshold", "multiply_by_parameter_scale", "factored",
                        "min_dim_size_to_factor", "epsilon1", "epsilon2");
                case "adamw" -> List.of("beta1", "beta2", "epsilon", "weight_decay");
                default -> List.of();
            };
            String schedule = String.valueOf(o.get("schedule"));
            List<String> scheduleKeys = switch (schedule) {
                case "constant" -> List.of("lr");
                case "rsqrt" -> List.of("base", "warmup");
                case "cosine" -> List.of("base", "warmup", "total", "final_fraction");
                default -> List.of();
            };
            Optimizer optimizer = TrainConfigText.optimizer(text(name, optimizerKeys, o), "manifest.json entry.optimizer");
            Schedule s = TrainConfigText.schedule(text(schedule, scheduleKeys, o), "manifest.json entry.optimizer");
            // the step is compiled with every setting: one missing would be recorded as its default, a typo ignored
            List<String> settings = new java.util.ArrayList<>(optimizerKeys);
            settings.addAll(scheduleKeys);
            List<String> missing = settings.stream().filter(k -> !o.containsKey(k)).toList();
            if (!missing.isEmpty()) {
                throw new UserError("manifest.json entry.optimizer: " + name + " with schedule " + schedule + " lacks " + String.join(", ", missing)
                        + " (the artifact is damaged; compile it again)");
            }
            Set<String> known = new LinkedHashSet<>(List.of("optimizer", "schedule", "clip_global_norm", "master_weights", "frozen", "batch_dim"));
            known.addAll(settings);
            List<String> unknown = o.keySet().stream().filter(k -> !known.contains(k)).toList();
            if (!unknown.isEmpty()) {
                throw new UserError("manifest.json entry.optimizer: unknown key" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
                        + " for " + name + " with schedule " + schedule + " (known: " + String.join(", ", known) + ")");
            }
            // absent means off (written before the keys existed); present, each must be of its type, not read as off
            Object clipValue = o.getOrDefault("clip_global_norm", 0), masterValue = o.getOrDefault("master_weights", false);
            Object frozenValue = o.getOrDefault("frozen", List.of());
            if (!(clipValue instanceof Number clip) || !(clip.doubleValue() >= 0) || Double.isInfinite(clip.doubleValue())) {
                throw new UserError("manifest.json entry.optimizer: clip_global_norm must be a finite number >= 0 (0: no clipping), found " + json(clipValue));
            }
            if (!(masterValue instanceof Boolean master)) {
                throw new UserError("manifest.json entry.optimizer: master_weights must be true or false, found " + json(masterValue));
            }
            if (!(frozenValue instanceof List<?> l) || !l.stream().allMatch(String.class::isInstance)) {
                throw new UserError("manifest.json entry.optimizer: frozen must be a list of parameter paths, found " + json(frozenValue));
            }
            Set<String> frozen = new LinkedHashSet<>();
            l.forEach(p -> frozen.add((String) p));
            return new TrainConfig(optimizer, s, clip.doubleValue(), master, frozen);
        } catch (CompileException | IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static String json(Object v) { return v instanceof String t ? "\"" + t + "\"" : String.valueOf(v); }

    private static String text(String name, List<String> keys, Map<String, Object> o) {
        StringBuilder sb = new StringBuilder(name);
        String sep = ":";
        for (String k : keys) {
            if (!o.containsKey(k)) continue;
            Object v = o.get(k);
            // integers written as numbers (e.g. 10000) must stay integers for the integer settings
            String value = v instanceof Double d && d == Math.rint(d) && k.matches("warmup|total|min_dim_size_to_factor")
                    ? Long.toString(d.longValue()) : String.valueOf(v);
            sb.append(sep).append(k).append('=').append(value);
            sep = ",";
        }
        return sb.toString();
    }
}
