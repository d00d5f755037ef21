package dev.switchyard.cli;

import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.train.ArtifactSteps;
import dev.switchyard.cli.train.CheckpointStore;
import dev.switchyard.compiler.train.TrainStep;
import dev.switchyard.hlo.ir.HloParseException;
import dev.switchyard.hlo.ir.HloParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;

/**
 * A train-step artifact given to {@code train DIR}: its manifest, its module text (checked against
 * the manifest as {@code run} checks a forward artifact) and the {@link TrainStep} they describe.
 * The step — optimizer, schedule, clipping, frozen parameters, mesh, overrides — was fixed when it
 * was compiled, so the flags that would change it are refused here.
 */
record TrainArtifact(Manifest manifest, String moduleText, TrainStep step) {

    /** The flags of {@code train MODEL.sy} that shape the compiled step; an artifact's step is already compiled. */
    static final List<String> STEP_FLAGS = List.of("optimizer", "lr", "schedule", "warmup", "decay-steps", "clip-global-norm",
            "freeze", "train-only", "set", "mesh", "mesh-shape", "teacher", "teacher-weights", "distill-alpha",
            "distill-temperature", "eval-set");

    static TrainArtifact read(Path dir) throws UserError, IOException {
        Manifest m = RunCommand.readManifest(dir);
        if (!m.entry().kind().equals(Manifest.Entry.TRAIN)) {
            throw new UserError(dir + ": is a " + m.entry().kind() + " artifact (the model's forward pass); train needs a train-step"
                    + " artifact (entry.kind train): compile " + m.source().file() + " --entry train -o DIR, or train " + m.source().file() + " itself");
        }
        // the state is allocated (initialised or read back) before the step runs: its sizes are the manifest's word
        Map<String, Long> sizes = new java.util.LinkedHashMap<>();
        for (Manifest.StateSpec s : m.entry().state()) sizes.put(dir.resolve("manifest.json") + ": state tensor '" + s.path() + "'", s.byteSize());
        RunCommand.requireHostRoom(dir.resolve("manifest.json") + ": the train state", sizes);
        String text = RunCommand.readModule(dir, m);
        Path module = dir.resolve(m.files().module());
        try {
            TrainStep step = ArtifactSteps.of(m, HloParser.parse(text, module.toString()), modelName(m));
            return new TrainArtifact(m, text, step);
        } catch (HloParseException e) {
            throw new UserError(e.getMessage() + " (the artifact is damaged; compile it again)");
        }
    }

    /** The name a module without a symbol name trains under: its source file's, without {@code .sy}. */
    private static String modelName(Manifest m) {
        String f = m.source().file();
        return f.endsWith(".sy") ? f.substring(0, f.length() - 3) : f;
    }

    static void refuseStepFlags(CommandLine line, Path dir) throws UserError {
        for (String flag : STEP_FLAGS) {
            if (line.hasOption(flag)) {
                throw new UserError("--" + flag + ": " + dir + " is a compiled train step; its optimizer, schedule, clipping, frozen"
                        + " parameters, dims and mesh were fixed at compile time. Drop the flag, or rebuild the step with"
                        + " 'switchyard compile MODEL.sy --entry train …' (or train MODEL.sy directly)");
            }
        }
    }

    /**
     * A checkpoint resumed by {@code train DIR} must come from a run of this step's optimizer and
     * schedule (checkpoint.json records them as {@code train MODEL.sy} would for the same config).
     */
    static void checkResumedConfig(TrainStep step, CheckpointStore.Loaded c) throws UserError {
        Map<String, Object> optimizer = dev.switchyard.cli.train.TrainConfigs.recordedOptimizer(step.config());
        Map<String, Object> schedule = dev.switchyard.cli.train.TrainConfigs.recordedSchedule(step.config());
        if (!sameNumbers(optimizer, c.info().optimizer()) || !sameNumbers(schedule, c.info().schedule())) {
            throw new UserError(c.directory() + ": was trained with " + c.info().optimizer() + " and schedule " + c.info().schedule()
                    + ", but this artifact's step is compiled with " + optimizer + " and schedule " + schedule
                    + "; resume with the artifact (or MODEL.sy and flags) that wrote it");
        }
    }

    /** Equal maps, numbers compared by value (JSON reads 10000 back as an integer, the step holds a double). */
    private static boolean sameNumbers(Map<String, Object> a, Map<String, Object> b) {
        if (!a.keySet().equals(b.keySet())) return false;
        for (String k : a.keySet()) {
            Object x = a.get(k), y = b.get(k);
            boolean same = x instanceof Number n && y instanceof Number o ? n.doubleValue() == o.doubleValue() : String.valueOf(x).equals(String.valueOf(y));
            if (!same) return false;
        }
        return true;
    }

    /** The vocabulary of a token model: the size of its parameters' {@code vocab} dim (0 when none has one). */
    static long vocab(Manifest m) {
        for (Manifest.ParameterSpec p : m.parameters()) {
            for (int i = 0; i < p.dims().size(); i++) if (p.dims().get(i).equals("vocab")) return p.shape().get(i);
        }
        return 0;
    }
}
