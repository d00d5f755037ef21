package dev.switchyard.cli;

import dev.switchyard.cli.model.ModelSpecs;
import dev.switchyard.cli.train.ArrayData;
import dev.switchyard.cli.train.CheckpointStore;
import dev.switchyard.cli.train.Evaluator;
import dev.switchyard.cli.train.ObjectiveCheck;
import dev.switchyard.cli.train.InputSpec;
import dev.switchyard.cli.train.TeacherWeights;
import dev.switchyard.cli.train.TextCorpus;
import dev.switchyard.cli.train.TextData;
import dev.switchyard.cli.train.TrainConfigs;
import dev.switchyard.cli.train.TrainLogs;
import dev.switchyard.cli.train.TrainObjective;
import dev.switchyard.cli.train.TrainProgress;
import dev.switchyard.cli.train.TrainState;
import dev.switchyard.cli.train.Trainer;
import dev.switchyard.cli.train.TrainingData;
import dev.switchyard.compiler.CompileException;
import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.CompiledModel;
import dev.switchyard.compiler.Compiler;
import dev.switchyard.compiler.TensorSpec;
import dev.switchyard.compiler.train.Distillation;
import dev.switchyard.compiler.train.Gradients;
import dev.switchyard.compiler.train.TrainConfig;
import dev.switchyard.compiler.train.TrainStep;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.Executor;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.runtime.pjrt.PjrtPlugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code switchyard train MODEL.sy --data PATH --steps N}: compiles the model's train step, feeds
 * it text (span corruption or next-token) or {@code .npy} arrays, keeps state resident between
 * steps, logs metrics (metrics.jsonl, TensorBoard, a loss curve) and writes atomic checkpoints it
 * can resume from. {@code switchyard train ARTIFACT_DIR} trains a train-step artifact
 * ({@code compile --entry train}) as compiled: the same loop, without the flags that shape the step
 * ({@link TrainArtifact}). See {@code docs/training.md}.
 */
public final class TrainCommand implements Command, ValueChoices {

    /** Builds the train step of a checked forward graph (the grad pass, then the optimizer); tests substitute their own. */
    @FunctionalInterface
    public interface StepBuilder {
        TrainStep build(ModelGraph forward, TrainConfig config, CompileOptions options) throws UserError;

        /** The distillation step of {@code student} with {@code teacher} (the grad pass; the compiler's errors as user errors). */
        default TrainStep buildDistilled(ModelGraph student, ModelGraph teacher, double alpha, double temperature, TrainConfig config,
                                         CompileOptions options) throws UserError {
            try {
                return TrainStep.compileDistilled(student, teacher, alpha, temperature, Gradients.pass(), config, options);
            } catch (CompileException e) {
                throw new UserError(e.getMessage());
            }
        }
    }

    private final StepBuilder stepBuilder;
    private final RunCommand.Backends backends;

    public TrainCommand() { this(TrainCommand::gradPassStep, RunCommand.STANDARD); }

    public TrainCommand(StepBuilder steps, RunCommand.Backends backends) {
        this.stepBuilder = steps;
        this.backends = backends;
    }

    /** The compiler's path: the grad pass on the forward's {@code loss}, then the optimizer around it. */
    static TrainStep gradPassStep(ModelGraph forward, TrainConfig config, CompileOptions options) throws UserError {
        try {
            return TrainStep.compile(forward, Gradients.pass(), config, options);
        } catch (CompileException e) {
            throw new UserError(e.getMessage());
        }
    }

    @Override public String name() { return "train"; }

    @Override public String summary() { return "train a model (or a compiled train step) on text or arrays: resident state, checkpoints, TensorBoard metrics"; }

    @Override public String usage() {
        return "MODEL.sy|ARTIFACT_DIR --data PATH --steps N [--optimizer adafactor|adamw|sgd] [--lr X] [--schedule constant|rsqrt|cosine]"
                + " [--warmup N] [--decay-steps N] [--init-from FILE|DIR] [--teacher TEACHER.sy --teacher-weights FILE|DIR [--distill-alpha X] [--distill-temperature T]] [--freeze PATTERN] [--train-only PATTERN] [--checkpoint-dir DIR] [--checkpoint-every N] [--keep N] [--resume]"
                + " [--eval-data PATH] [--eval-every N] [--eval-set NAME=VALUE] [--log-dir DIR] [--seed N] [--backend interp|pjrt] [--plugin PATH]"
                + " [--mesh-shape a=N,…] [--set dim=N] " + ProcessFlags.USAGE;
    }

    @Override
    public Map<String, List<String>> valueChoices() {
        return Map.of("optimizer", List.of("adafactor", "adamw", "sgd"), "schedule", List.of("constant", "rsqrt", "cosine"),
                "backend", List.of("interp", "pjrt"));
    }

    @Override
    public Options options() {
        return ProcessFlags.addTo(new Options())
                .addOption(opt("data", "PATH", "training data: a .txt file or directory of them (byte-level), or a directory of NAME.npy arrays, one per input"))
                .addOption(opt("steps", "N", "steps to run (after a --resume: more steps)"))
                .addOption(opt("optimizer", "NAME", "adafactor (default; T5X's), adamw or sgd (.sy only)"))
                .addOption(opt("lr", "X", "learning rate; for rsqrt the base: lr / sqrt(max(step, warmup)) (default 1.0 for rsqrt, 1e-3 otherwise) (.sy only)"))
                .addOption(opt("schedule", "NAME", "rsqrt (default; T5's), constant, or cosine (linear warmup, cosine decay to 0) (.sy only)"))
                .addOption(opt("decay-steps", "N", "steps the cosine schedule decays over (default: --steps of the run that starts it) (.sy only)"))
                .addOption(opt("warmup", "N", "warmup steps (default 10000 for rsqrt, 0 for cosine) (.sy only)"))
                .addOption(opt("clip-global-norm", "X", "clip gradients to this global norm (default: off) (.sy only)"))
                .addOption(opt("init-from", "FILE|DIR", "start from these weights (a safetensors file or a checkpoint) with fresh optimizer state"))
                .addOption(opt("teacher", "TEACHER.sy", "distil from this model: loss = α · CE(labels) + (1 − α) · CE(teacher"
                        + " probabilities); it runs forward only in the same step, and a fresh student starts from its non-expert weights (.sy only)"))
                .addOption(opt("teacher-weights", "FILE|DIR", "the trained --teacher's weights: a safetensors file or a checkpoint"
                        + " (every teacher parameter, nothing else; give the same again on --resume: checkpoints record which)"))
                .addOption(opt("distill-alpha", "X", "weight α of the hard labels, 0 ≤ α ≤ 1 (default 0.25, the Switch paper's; on --resume the checkpoint's)"))
                .addOption(opt("distill-temperature", "T", "soften both models' logits by T > 0 (Hinton et al. 2015): distill_loss ="
                        + " T² · CE(softmax(teacher/T), softmax(student/T)) (default 1, the Switch paper's; on --resume the checkpoint's)"))
                .addOption(opt("freeze", "PATTERN", "keep the parameters whose path matches unchanged, with no optimizer state"
                        + " (repeatable; * matches any characters; give again on --resume) (.sy only)"))
                .addOption(opt("train-only", "PATTERN", "freeze every parameter whose path matches none of these patterns"
                        + " (repeatable; e.g. *.experts.*; give again on --resume) (.sy only)"))
                .addOption(opt("checkpoint-dir", "DIR", "where step_NNNNNNNN/ checkpoints go (default runs/MODEL)"))
                .addOption(opt("checkpoint-every", "N", "also checkpoint every N steps (default: only at the end and on interrupt)"))
                .addOption(opt("keep", "N", "keep the newest N checkpoints (default 3)"))
                .addOption(Option.builder().longOpt("resume").desc("continue from the newest complete checkpoint in --checkpoint-dir").get())
                .addOption(opt("eval-data", "PATH", "eval data like --data (default: 1% of a text corpus held out)"))
                .addOption(opt("eval-every", "N", "eval loss every N steps (default: at the end only, when there is eval data)"))
                .addOption(opt("eval-batches", "N", "batches per eval (default 16)"))
                .addOption(opt("eval-set", "NAME=VALUE", "override a dim or const for eval only, e.g. a larger capacity"
                        + " (repeatable; the parameters' shapes must stay the same) (.sy only)"))
                .addOption(Option.builder().longOpt("no-eval").desc("no eval loss (not even the held-out 1% at the end)").get())
                .addOption(opt("log-dir", "DIR", "metrics.jsonl, TensorBoard events, loss.svg (default CHECKPOINT_DIR/logs)"))
                .addOption(opt("log-every", "N", "print a summary line every N steps (default 10)"))
                .addOption(opt("seed", "N", "seed of initialisation, data order, noise masks and dropout keys (default 0)"))
                .addOption(Option.builder().longOpt("no-shuffle").desc("batches in data order (default: shuffled by --seed each epoch)").get())
                .addOption(opt("backend", "B", "interp (default) or pjrt"))
                .addOption(opt("plugin", "PATH", "PJRT plugin library (default: $" + PjrtPlugin.ENVIRONMENT_VARIABLE + ")"))
                .addOption(opt("mesh", "NAME", "the mesh to train on (default: the first declared) (.sy only)"))
                .addOption(opt("mesh-shape", "AXIS=N,...", "override mesh axis sizes (.sy only)"))
                .addOption(Option.builder().longOpt("set").hasArg().argName("NAME=VALUE").desc("override a top-level dim or const (repeatable; .sy only)").get());
    }

    private static Option opt(String name, String arg, String desc) {
        return Option.builder().longOpt(name).hasArg().argName(arg).desc(desc).get();
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        List<String> args = line.getArgList();
        if (args.size() != 1) throw new UserError("expected one MODEL.sy or ARTIFACT_DIR, got " + args.size() + " arguments");
        Path spec = Path.of(args.get(0));
        // a directory: a train-step artifact (compile --entry train), whose step is used as compiled
        Optional<TrainArtifact> artifact = ModelSpecs.isModelSpec(spec) ? Optional.empty() : Optional.of(TrainArtifact.read(spec));
        if (artifact.isPresent()) TrainArtifact.refuseStepFlags(line, spec);
        if (!line.hasOption("data")) throw new UserError("--data PATH is required (text or a directory of .npy arrays)");
        if (!line.hasOption("steps")) throw new UserError("--steps N is required");
        long steps = NumberOptions.inRange(line, "steps", 1, NumberOptions.MAX_STEPS * 100);
        long seedOption = NumberOptions.inRange(line, "seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
        long checkpointEvery = NumberOptions.inRange(line, "checkpoint-every", 0, 1, Long.MAX_VALUE);
        int keep = (int) NumberOptions.inRange(line, "keep", 3, 1, 1_000_000);
        long evalEvery = NumberOptions.inRange(line, "eval-every", 0, 1, Long.MAX_VALUE);
        int evalBatches = (int) NumberOptions.inRange(line, "eval-batches", 16, 1, 1_000_000);
        long logEvery = NumberOptions.inRange(line, "log-every", 10, 1, Long.MAX_VALUE);
        boolean resume = line.hasOption("resume");
        if (resume && line.hasOption("init-from")) throw new UserError("--resume continues a run; --init-from starts a new one: give one");
        String backend = RunCommand.backend(line);
        ProcessFlags process = ProcessFlags.of(line, backend);
        Path data = Path.of(line.getOptionValue("data"));
        if (!Files.exists(data)) throw new UserError("--data " + data + ": no such file or directory");

        Optional<Path> teacherSpec = teacherSpec(line);
        double alpha = distillAlpha(line);
        double temperature = distillTemperature(line);

        Optional<ModelGraph> checked = artifact.isPresent() ? Optional.empty() : ModelSpecs.check(spec, CheckCommand.options(line), console);
        if (artifact.isEmpty() && checked.isEmpty()) return Main.USER_ERROR;
        ModelGraph forward = checked.orElse(null); // null for an artifact: it holds the step, not the forward
        String modelName = artifact.isPresent() ? artifact.get().step().name() : forward.name();
        Optional<ModelGraph> teacher = Optional.empty();
        if (teacherSpec.isPresent()) {
            // the teacher is checked with its own defaults: --set and --mesh are the student's
            teacher = ModelSpecs.check(teacherSpec.get(), dev.switchyard.dsl.CheckOptions.defaults(), console);
            if (teacher.isEmpty()) return Main.USER_ERROR;
        }
        Path ckptDir = Path.of(line.getOptionValue("checkpoint-dir", Path.of("runs", modelName).toString()));
        Path logDir = Path.of(line.getOptionValue("log-dir", ckptDir.resolve("logs").toString()));
        UserFiles.checkOutputDirectory(ckptDir, "--checkpoint-dir");
        UserFiles.checkOutputDirectory(logDir, "--log-dir");
        CheckpointStore store = new CheckpointStore(ckptDir);

        // ---- where the run starts: a checkpoint, given weights, or fresh ---------------------------------
        Optional<CheckpointStore.Loaded> resumed = Optional.empty();
        if (resume) {
            resumed = store.newest(w -> console.err().println("warning: " + w));
            if (resumed.isEmpty()) throw new UserError("--resume: no complete checkpoint in " + ckptDir);
        } else if (!store.steps().isEmpty()) {
            throw new UserError(ckptDir + " already holds checkpoints (newest " + store.steps().getLast().getFileName()
                    + "); pass --resume to continue that run, or choose another --checkpoint-dir");
        }
        long seed = resumed.map(r -> r.info().seed()).orElse(seedOption);
        if (resumed.isPresent() && line.hasOption("seed") && seedOption != seed) {
            console.err().println("note: resuming with the checkpoint's seed " + seed + " (data order and dropout keys continue), not --seed " + seedOption);
        }
        // ---- the objective: a resumed run must be the same run (its teacher is not in the checkpoint) ----
        TrainObjective recorded = resumed.map(r -> r.info().objective()).orElse(new TrainObjective.Plain());
        if (recorded instanceof TrainObjective.Distilled d && !line.hasOption("distill-alpha")) alpha = d.alpha();
        if (recorded instanceof TrainObjective.Distilled d && !line.hasOption("distill-temperature")) temperature = d.temperature();
        Optional<TrainObjective.Distilled> setup = Optional.empty();
        if (teacher.isPresent()) {
            setup = Optional.of(new TrainObjective.Distilled(teacherSpec.get().getFileName().toString(), teacher.get().name(),
                    TrainObjective.graphSha256(teacher.get()), Sha256.hex(Files.readAllBytes(teacherSpec.get())),
                    TeacherWeights.sha256(Path.of(line.getOptionValue("teacher-weights"))), alpha, temperature));
        }
        if (resumed.isPresent()) {
            ObjectiveCheck.onResume(recorded, setup, resumed.get().directory()).ifPresent(n -> console.err().println("note: " + n));
        }
        TrainObjective objective = setup.<TrainObjective>map(d -> d).orElse(new TrainObjective.Plain());
        CompileOptions compileOptions = CompileCommand.compileOptions(line);
        TrainStep step;
        if (artifact.isPresent()) {
            step = artifact.get().step();
            if (resumed.isPresent()) TrainArtifact.checkResumedConfig(step, resumed.get());
        } else {
            TrainConfig config = resumed.isPresent()
                    ? TrainConfigs.fromCheckpoint(resumed.get().info(), line)
                    : TrainConfigs.fromOptions(line, steps);
            config = config.withFrozen(frozen(forward, line, console));
            step = teacher.isPresent() ? stepBuilder.buildDistilled(forward, teacher.get(), alpha, temperature, config, compileOptions)
                    : stepBuilder.build(forward, config, compileOptions);
            // before the state is initialised, read back or copied (an artifact's was checked from its manifest)
            RunCommand.requireHostRoom(spec + ": the train state", TrainState.stateBytes(step, spec.toString()));
        }
        TrainConfig config = step.config();
        Map<String, dev.switchyard.hlo.tensor.HostTensor> teacherWeights = teacher.isEmpty() ? Map.of()
                : TeacherWeights.load(step, Path.of(line.getOptionValue("teacher-weights")));
        String sourceSha = artifact.isPresent() ? artifact.get().manifest().source().sha256() : Sha256.hex(Files.readAllBytes(spec));
        TrainState.Start start = resumed.isPresent() ? TrainState.fromCheckpoint(step, resumed.get())
                : line.hasOption("init-from") ? TrainState.initFrom(step, Path.of(line.getOptionValue("init-from")))
                : artifact.isPresent() ? TrainState.fresh(step, artifact.get().manifest().parameters(), seed)
                : TrainState.fresh(step, forward, seed);
        // said only once fromCheckpoint has found that they do match
        resumed.ifPresent(r -> {
            if (!r.info().sourceSha256().equals(sourceSha)) {
                console.err().println("note: " + spec + (artifact.isPresent() ? " was compiled from another source than " : " changed since ")
                        + r.directory().getFileName() + (artifact.isPresent() ? " was trained from" : " was written") + "; its parameters still match");
            }
        });
        Optional<TeacherWeights.Report> initReport = Optional.empty();
        if (teacher.isPresent() && resumed.isEmpty() && !line.hasOption("init-from")) {
            // the paper: "initialize the student with the non-expert weights of the teacher"
            TeacherWeights.Initialised init = TeacherWeights.initialise(step, start, teacherWeights,
                    Distillation.nonExpertParameters(teacher.get()));
            start = init.start();
            initReport = Optional.of(init.report());
        }

        // ---- data --------------------------------------------------------------------------------------
        List<InputSpec> batchInputs = batchInputs(step);
        long vocab = artifact.isPresent() ? TrainArtifact.vocab(artifact.get().manifest()) : vocab(forward);
        boolean shuffle = !line.hasOption("no-shuffle");
        TrainingData train;
        Optional<TrainingData> eval = Optional.empty();
        Optional<Path> evalPath = Optional.ofNullable(line.getOptionValue("eval-data")).map(Path::of);
        boolean noEval = line.hasOption("no-eval");
        if (noEval && (evalPath.isPresent() || line.hasOption("eval-every"))) throw new UserError("--no-eval contradicts --eval-data and --eval-every");
        if (ArrayData.isArrayDirectory(data)) {
            train = ArrayData.load(data, batchInputs, seed, shuffle);
            if (evalPath.isPresent()) eval = Optional.of(loadData(evalPath.get(), batchInputs, vocab, modelName, seed, List.of()));
        } else {
            List<String> docs = TextCorpus.documents(data);
            List<String> trainDocs = docs;
            if (noEval) {
                // train on every document
            } else if (evalPath.isEmpty()) {
                TextCorpus.Split split = TextCorpus.holdOut(docs);
                trainDocs = split.train();
                if (!split.eval().isEmpty()) eval = heldOut(split.eval(), batchInputs, vocab, spec.toString(), seed, console);
            } else {
                eval = Optional.of(loadData(evalPath.get(), batchInputs, vocab, spec.toString(), seed, List.of()));
            }
            train = TextData.of(trainDocs, batchInputs, vocab, spec.toString(), data.toString(), seed, shuffle);
        }

        // ---- writable outputs before any work ---------------------------------------------------------
        requireWritable(ckptDir, "--checkpoint-dir");
        requireWritable(logDir, "--log-dir");

        long last = start.step() + steps;
        Trainer.Settings settings = new Trainer.Settings(last, checkpointEvery, keep, evalEvery == 0 ? last : evalEvery, evalBatches, logEvery, seed);
        try (Executor executor = backends.open(backend, Optional.ofNullable(line.getOptionValue("plugin")).map(Path::of), process);
             Executable exe = executor.compile(artifact.map(TrainArtifact::moduleText).orElseGet(step::genericText),
                     new dev.switchyard.hlo.exec.CompileOptions("main", 1, Math.toIntExact(step.numPartitions())));
             TrainLogs logs = TrainLogs.open(JobProcess.logDirectory(executor, logDir))) {
            JobProcess job = JobProcess.of(executor, step);
            Console report = job.reporting(console);
            Optional<Evaluator> evaluator = Optional.empty();
            if (eval.isPresent() && artifact.isPresent()) {
                evaluator = Optional.of(Evaluator.ofStep(step, exe));
                report.err().println("note: eval runs the artifact's train step without updating (it holds no forward pass):"
                        + " the loss before the update, with training = true, so any dropout stays on");
            } else if (eval.isPresent()) {
                CompiledModel fwd = Compiler.compile(evalForward(spec, forward, line, console), compileOptions);
                evaluator = Optional.of(new Evaluator(fwd, executor.compile(fwd.genericText(),
                        new dev.switchyard.hlo.exec.CompileOptions("main", 1, Math.toIntExact(fwd.numPartitions())))));
            }
            report.out().printf(Locale.ROOT, "training %s on %s: steps %d–%d, %s, %s schedule, %d tokens per batch, %s%n", modelName,
                    executor.name(), start.step() + 1, last, config.optimizer().spelling(), config.schedule().spelling(), train.tokensPerBatch(),
                    resumed.map(r -> "resumed from " + r.directory()).orElse(line.hasOption("init-from") ? "weights from " + line.getOptionValue("init-from")
                            : teacher.isPresent() ? "fresh parameters (seed " + seed + ") and the teacher's non-expert weights"
                            : "fresh parameters (seed " + seed + ")"));
            if (teacher.isPresent()) {
                report.out().printf(Locale.ROOT, "distillation: teacher %s (%d tensors from %s), α = %s, T = %s: loss = α · ce_loss + (1 − α) · distill_loss + the rest%n",
                        teacher.get().name(), teacherWeights.size(), line.getOptionValue("teacher-weights"), alpha, temperature);
            }
            initReport.ifPresent(r -> printInitReport(r, report));
            Trainer trainer = new Trainer(step, exe, train, eval, evaluator, store, logs, settings,
                    new Trainer.ModelId(modelName, sourceSha, objective), report.out(), report.err(), TrainProgress.stderrIsTerminal(),
                    job.writesCheckpoints());
            Trainer.Result result;
            try (SignalStop signals = SignalStop.install(trainer)) {
                result = trainer.run(start, teacherWeights);
            } finally {
                evaluator.ifPresent(Evaluator::close);
            }
            List<Path> curve = logs.lossCurve(modelName + " loss");
            summarise(result, ckptDir, logDir, curve, report);
        } catch (ExecutionException e) {
            throw new UserError(e.getMessage());
        } catch (CompileException e) {
            throw new UserError(e.getMessage());
        }
        return Main.OK;
    }

    /** {@code --teacher}, checked with its companions: {@code --teacher-weights} required, both refused alone. */
    static Optional<Path> teacherSpec(CommandLine line) throws UserError {
        if (!line.hasOption("teacher")) {
            for (String o : List.of("teacher-weights", "distill-alpha", "distill-temperature")) {
                if (line.hasOption(o)) throw new UserError("--" + o + " configures distillation; add --teacher TEACHER.sy");
            }
            return Optional.empty();
        }
        Path spec = Path.of(line.getOptionValue("teacher"));
        if (!ModelSpecs.isModelSpec(spec)) throw new UserError("--teacher " + spec + ": expected the teacher's model spec (.sy)");
        if (!Files.isRegularFile(spec)) throw new UserError("--teacher " + spec + ": no such file");
        if (!line.hasOption("teacher-weights")) {
            throw new UserError("--teacher needs --teacher-weights FILE|DIR: the trained teacher's weights (a safetensors file or a checkpoint)");
        }
        Path weights = Path.of(line.getOptionValue("teacher-weights"));
        if (!Files.exists(weights)) throw new UserError("--teacher-weights " + weights + ": no such file or directory");
        return Optional.of(spec);
    }

    /** {@code --distill-alpha}: a number in [0, 1], default {@link Distillation#DEFAULT_ALPHA}. */
    static double distillAlpha(CommandLine line) throws UserError {
        if (!line.hasOption("distill-alpha")) return Distillation.DEFAULT_ALPHA;
        String v = line.getOptionValue("distill-alpha");
        double a;
        try {
            a = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            a = Double.NaN;
        }
        if (!(a >= 0 && a <= 1)) throw new UserError("--distill-alpha must be a number from 0 to 1, got '" + v + "'");
        return a;
    }

    /**
     * {@code --distill-temperature}: a positive finite number, default {@link Distillation#DEFAULT_TEMPERATURE};
     * one an f32 cannot use (T or T² rounding to 0 or overflowing) is refused here too, before anything is compiled.
     */
    static double distillTemperature(CommandLine line) throws UserError {
        if (!line.hasOption("distill-temperature")) return Distillation.DEFAULT_TEMPERATURE;
        String v = line.getOptionValue("distill-temperature");
        double t;
        try {
            t = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            t = Double.NaN;
        }
        if (!(t > 0 && Double.isFinite(t))) throw new UserError("--distill-temperature must be a number greater than 0, got '" + v + "'");
        try {
            Distillation.checkTemperature(t);
        } catch (CompileException e) {
            throw new UserError("--distill-temperature " + v + ": " + e.getMessage());
        }
        return t;
    }

    private static void printInitReport(TeacherWeights.Report r, Console console) {
        int total = r.copied().size() + r.otherShape().size() + r.studentOnly().size();
        console.out().printf(Locale.ROOT, "initialised from the teacher: %d of %d parameters copied (non-expert, same path and shape),"
                + " %d with another shape, %d student-only (fresh)%n", r.copied().size(), total, r.otherShape().size(), r.studentOnly().size());
        if (!r.copied().isEmpty()) console.out().println("  copied: " + String.join(", ", r.copied()));
        if (!r.otherShape().isEmpty()) console.out().println("  another shape (fresh): " + String.join(", ", r.otherShape()));
        if (!r.studentOnly().isEmpty()) console.out().println("  student-only (fresh): " + String.join(", ", r.studentOnly()));
    }

    /**
     * The forward the evaluator runs: the trained one, or with {@code --eval-set} the spec checked
     * again with those overrides on top of {@code --set} (Mesh TF's eval capacity factor 2.0 vs 1.25
     * in training is {@code --set capacity=…  --eval-set capacity=…}). The parameters must keep their
     * paths and shapes, so the trained values fit.
     */
    static ModelGraph evalForward(Path spec, ModelGraph forward, CommandLine line, Console console) throws UserError {
        List<String> sets = values(line, "eval-set");
        if (sets.isEmpty()) return forward;
        dev.switchyard.dsl.CheckOptions base = CheckCommand.options(line);
        Map<String, Double> overrides = new java.util.LinkedHashMap<>(base.dimOverrides());
        for (String part : sets) {
            String[] kv = part.split("=", 2);
            try {
                overrides.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
            } catch (RuntimeException e) {
                throw new UserError("--eval-set expects name=number, got '" + part + "'");
            }
        }
        ModelGraph eval = ModelSpecs.check(spec, base.withDimOverrides(overrides), console)
                .orElseThrow(() -> new UserError("--eval-set: the model does not check with " + String.join(", ", sets)));
        List<String> a = forward.params().stream().map(p -> p.path() + p.type()).toList();
        List<String> b = eval.params().stream().map(p -> p.path() + p.type()).toList();
        if (!a.equals(b)) {
            throw new UserError("--eval-set " + String.join(", ", sets) + " changes the parameters (" + a.size() + " vs " + b.size()
                    + " or other shapes); eval overrides may change capacity, dropout or lengths, not parameter shapes");
        }
        return eval;
    }

    /** {@code --freeze} and {@code --train-only} resolved to parameter paths; says how many are frozen. */
    static java.util.Set<String> frozen(ModelGraph forward, CommandLine line, Console console) throws UserError {
        List<String> freeze = values(line, "freeze"), trainOnly = values(line, "train-only");
        if (freeze.isEmpty() && trainOnly.isEmpty()) return java.util.Set.of();
        List<String> paths = forward.params().stream().map(p -> p.path()).toList();
        java.util.Set<String> frozen = ParameterPatterns.frozen(paths, freeze, trainOnly);
        console.err().println("note: " + frozen.size() + " of " + paths.size() + " parameters frozen (unchanged, no optimizer state)");
        return frozen;
    }

    private static List<String> values(CommandLine line, String option) {
        String[] v = line.getOptionValues(option);
        return v == null ? List.of() : List.of(v);
    }

    private static Optional<TrainingData> heldOut(List<String> docs, List<InputSpec> inputs, long vocab, String model, long seed, Console console) {
        try {
            return Optional.of(TextData.of(docs, inputs, vocab, model, "held-out eval data", seed, false));
        } catch (UserError e) {
            console.err().println("note: no eval: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static TrainingData loadData(Path path, List<InputSpec> inputs, long vocab, String model, long seed, List<String> unused)
            throws UserError, IOException {
        if (!Files.exists(path)) throw new UserError("--eval-data " + path + ": no such file or directory");
        if (ArrayData.isArrayDirectory(path)) return ArrayData.load(path, inputs, seed, false);
        return TextData.of(TextCorpus.documents(path), inputs, vocab, model, path.toString(), seed, false);
    }

    /** The train step's per-step inputs that data supplies: all but the RNG key. */
    static List<InputSpec> batchInputs(TrainStep step) {
        List<InputSpec> out = new ArrayList<>();
        for (TensorSpec in : step.inputs()) {
            if (isKey(in)) continue;
            ElementType type = ElementType.fromMlirName(in.dtype()).orElseThrow();
            out.add(new InputSpec(in.name(), type, in.dims(), in.shape().stream().mapToLong(Long::longValue).toArray()));
        }
        return out;
    }

    static boolean isKey(TensorSpec in) { return in.dims().equals(List.of("rng_key")); }

    /** The vocabulary of a token model: the size of its {@code vocab} dim (0 when it has none). */
    static long vocab(ModelGraph g) {
        for (var p : g.params()) {
            for (var d : p.type().dims()) if (d.name().equals("vocab")) return d.size();
        }
        return 0;
    }

    private static void requireWritable(Path dir, String option) throws UserError {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".switchyard-write-check-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new UserError(option + " " + dir + ": cannot write there (" + UserFiles.describe(e).replaceFirst("^.*: ", "") + ")");
        }
    }

    private static void summarise(Trainer.Result r, Path ckptDir, Path logDir, List<Path> curve, Console console) {
        console.out().printf(Locale.ROOT, "%s steps %d–%d in %.1f s: final loss %.4f, best %.4f (step %d), %,.0f tokens/s%n",
                r.interrupted() ? "interrupted:" : "done:", r.firstStep() + 1, r.lastStep(), r.seconds(), r.finalLoss(), r.bestLoss(),
                r.bestStep(), r.tokensPerSecond());
        r.checkpoint().ifPresent(c -> console.out().println("checkpoint: " + c));
        console.out().println("logs: " + logDir + " (tensorboard --logdir " + logDir + "); loss curve: "
                + String.join(", ", curve.stream().map(Path::toString).toList()));
    }
}
