package dev.switchyard.cli.train;

import dev.switchyard.cli.UserError;
import dev.switchyard.compiler.TensorSpec;
import dev.switchyard.compiler.train.Distillation;
import dev.switchyard.compiler.train.Optimizer;
import dev.switchyard.compiler.train.Schedule;
import dev.switchyard.compiler.train.StateTensor;
import dev.switchyard.compiler.train.TrainStep;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.ResidentTensor;
import dev.switchyard.hlo.tensor.HostTensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The training loop: the train step's state is uploaded once and stays resident — each step
 * donates it and continues with the results it aliases — while the next batch is cut on another
 * thread. Every step's metrics go to {@code metrics.jsonl} and TensorBoard; checkpoints are written
 * every {@code checkpointEvery} steps, at the end, and when {@link #requestStop} is called (SIGINT,
 * SIGTERM). A non-finite loss stops the run before anything of that step is saved.
 */
public final class Trainer {

    /**
     * @param steps           the step counter's value to stop at
     * @param checkpointEvery 0: only at the end
     * @param evalEvery       0: no eval
     */
    public record Settings(long steps, long checkpointEvery, int keep, long evalEvery, int evalBatches, long logEvery, long seed) {}

    /** What identifies the model and what it is trained on in checkpoints. */
    public record ModelId(String name, String sourceSha256, TrainObjective objective) {}

    public record Result(long firstStep, long lastStep, double finalLoss, double bestLoss, long bestStep, double tokensPerSecond,
                         double seconds, Optional<Path> checkpoint, boolean interrupted) {}

    private final TrainStep step;
    private final Executable exe;
    private final TrainingData data;
    private final Optional<TrainingData> evalData;
    private final Optional<Evaluator> evaluator;
    private final CheckpointStore store;
    private final TrainLogs logs;
    private final Settings settings;
    private final ModelId model;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final boolean writesCheckpoints;

    public Trainer(TrainStep step, Executable exe, TrainingData data, Optional<TrainingData> evalData, Optional<Evaluator> evaluator,
                   CheckpointStore store, TrainLogs logs, Settings settings, ModelId model, PrintStream out, PrintStream err, boolean terminal) {
        this(step, exe, data, evalData, evaluator, store, logs, settings, model, out, err, terminal, true);
    }

    /** {@code writesCheckpoints} false: a process of a multi-process job other than process 0, which writes them. */
    public Trainer(TrainStep step, Executable exe, TrainingData data, Optional<TrainingData> evalData, Optional<Evaluator> evaluator,
                   CheckpointStore store, TrainLogs logs, Settings settings, ModelId model, PrintStream out, PrintStream err, boolean terminal,
                   boolean writesCheckpoints) {
        this.writesCheckpoints = writesCheckpoints;
        this.step = step;
        this.exe = exe;
        this.data = data;
        this.evalData = evalData;
        this.evaluator = evaluator;
        this.store = store;
        this.logs = logs;
        this.settings = settings;
        this.model = model;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Asks the loop to checkpoint after the step in flight and return (from a signal handler's thread). */
    public void requestStop() { stop.set(true); }

    public Result run(TrainState.Start start) throws UserError, IOException, ExecutionException, InterruptedException {
        return run(start, Map.of());
    }

    /**
     * With a distillation step's {@code teacher} parameters (by path): uploaded once, passed to
     * every step after the inputs, never donated (so never changed), and not checkpointed.
     */
    public Result run(TrainState.Start start, Map<String, HostTensor> teacher)
            throws UserError, IOException, ExecutionException, InterruptedException {
        List<StateTensor> state = step.state();
        List<TensorSpec> inputs = step.inputs();
        BitSet donated = new BitSet();
        for (StateTensor s : state) donated.set(s.argument());
        ResidentTensor[] resident = new ResidentTensor[state.size()];
        for (StateTensor s : state) resident[s.argument()] = exe.upload(s.argument(), start.values().get(s.path()));
        List<ResidentTensor> teacherResident = new ArrayList<>();
        for (TensorSpec t : step.teacher()) teacherResident.add(exe.upload(t.argument(), teacher.get(t.name())));

        long first = start.step();
        long last = settings.steps();
        long position = start.dataPosition();
        double bestLoss = Double.POSITIVE_INFINITY, finalLoss = Double.NaN;
        long bestStep = first;
        Optional<Path> saved = Optional.empty();
        long tokens = 0;
        long t0 = System.nanoTime();
        ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "switchyard-batches");
            t.setDaemon(true);
            return t;
        });
        long finalPosition = position;
        Future<Map<String, HostTensor>> next = prefetch.submit(() -> data.batch(finalPosition));
        boolean interrupted = false;
        long done = first;
        try (TrainProgress progress = new TrainProgress(out, err, first, last, settings.logEvery(), terminal, System::nanoTime)) {
            for (long s = first; s < last; s++) {
                Map<String, HostTensor> batch = get(next);
                long nextPosition = position + 1;
                next = prefetch.submit(() -> data.batch(nextPosition));
                List<ResidentTensor> args = new ArrayList<>(state.size() + inputs.size());
                for (ResidentTensor r : resident) args.add(r);
                List<ResidentTensor> uploaded = new ArrayList<>();
                for (TensorSpec in : inputs) {
                    HostTensor v = batch.containsKey(in.name()) ? batch.get(in.name()) : StepKeys.tensor(settings.seed(), s);
                    ResidentTensor r = exe.upload(in.argument(), v);
                    uploaded.add(r);
                    args.add(r);
                }
                args.addAll(teacherResident);
                List<ResidentTensor> results = exe.executeResident(args, donated);
                uploaded.forEach(ResidentTensor::close);
                for (StateTensor st : state) resident[st.argument()] = results.get(st.result());
                position = nextPosition;
                done = s + 1;
                tokens += data.tokensPerBatch();

                SequencedMap<String, Double> metrics = new LinkedHashMap<>();
                for (TensorSpec m : step.metrics()) {
                    ResidentTensor r = results.get(m.argument());
                    metrics.put(m.name(), r.toHost().toDoubles()[0]);
                    r.close();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double tps = tokens / Math.max(seconds, 1e-9);
                metrics.put("tokens_per_second", tps);
                double loss = metrics.getOrDefault(TrainStep.LOSS, Double.NaN);
                logs.train(done, metrics);
                if (!Double.isFinite(loss)) {
                    progress.clear();
                    String lastGood = store.steps().isEmpty() ? "no checkpoint was written yet"
                            : "the last good checkpoint, " + store.steps().getLast() + ", is intact";
                    throw new UserError(String.format(Locale.ROOT, "step %d: the loss is %s; stopping (%s). Try a lower --lr, or --warmup",
                            done, loss, lastGood));
                }
                finalLoss = loss;
                if (loss < bestLoss) {
                    bestLoss = loss;
                    bestStep = done;
                }
                progress.step(done, loss, detail(metrics), tps);
                if (settings.evalEvery() > 0 && evaluator.isPresent() && evalData.isPresent() && done % settings.evalEvery() == 0) {
                    double evalLoss = evaluator.get().loss(state(resident), evalData.get(), settings.evalBatches(), settings.seed());
                    logs.eval(done, evalLoss);
                    progress.clear();
                    out.printf(Locale.ROOT, "step %d: eval loss %.4f%n", done, evalLoss);
                }
                boolean stopping = stop.get();
                if (writesCheckpoints && (stopping || done == last || (settings.checkpointEvery() > 0 && done % settings.checkpointEvery() == 0))) {
                    progress.clear();
                    saved = Optional.of(save(resident, done, position));
                }
                if (stopping) {
                    interrupted = true;
                    out.println("interrupted after step " + done + "; checkpoint " + saved.map(Path::toString).orElse("by process 0") + " written");
                    break;
                }
            }
        } finally {
            prefetch.shutdownNow();
            for (ResidentTensor r : resident) if (r != null) r.close();
            teacherResident.forEach(ResidentTensor::close);
        }
        return new Result(first, done, finalLoss, bestLoss, bestStep, tokens / Math.max((System.nanoTime() - t0) / 1e9, 1e-9),
                (System.nanoTime() - t0) / 1e9, saved, interrupted);
    }

    /** The hard and soft parts of a distillation step's loss, for the progress line; empty otherwise. */
    static String detail(Map<String, Double> metrics) {
        Double soft = metrics.get(Distillation.DISTILL_LOSS), hard = metrics.get(Distillation.CE_LOSS);
        if (soft == null) return "";
        return String.format(Locale.ROOT, "  (ce %.4f  distill %.4f)", hard == null ? Double.NaN : hard, soft);
    }

    private static Map<String, HostTensor> get(Future<Map<String, HostTensor>> f) throws InterruptedException {
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Every state tensor by path (a forward evaluator takes the parameters, a step evaluator all of it). */
    private Map<String, ResidentTensor> state(ResidentTensor[] resident) {
        Map<String, ResidentTensor> m = new LinkedHashMap<>();
        for (StateTensor s : step.state()) m.put(s.path(), resident[s.argument()]);
        return m;
    }

    private Path save(ResidentTensor[] resident, long done, long position) throws IOException, ExecutionException {
        SequencedMap<String, HostTensor> params = new LinkedHashMap<>(), rest = new LinkedHashMap<>();
        List<CheckpointInfo.Tensor> paramList = new ArrayList<>(), restList = new ArrayList<>();
        for (StateTensor s : step.state()) {
            HostTensor v = resident[s.argument()].toHost();
            boolean isParam = s.role() == StateTensor.Role.PARAM;
            (isParam ? params : rest).put(s.path(), v);
            (isParam ? paramList : restList).add(new CheckpointInfo.Tensor(s.path(), s.dtype(), s.shape()));
        }
        CheckpointInfo info = new CheckpointInfo(done, position, settings.seed(), StepKeys.words(settings.seed(), done),
                describe(step.config()), describe(step.config().schedule()), model.name(), model.sourceSha256(),
                paramList, restList, Map.of(), model.objective());
        Path dir = store.save(info, params, rest);
        store.prune(settings.keep(), w -> err.println("warning: " + w));
        return dir;
    }

    /** The optimizer's name and hyper-parameters and the gradient clipping (0: off), as recorded in {@code checkpoint.json}. */
    static Map<String, Object> describe(dev.switchyard.compiler.train.TrainConfig config) {
        Map<String, Object> m = describe(config.optimizer());
        m.put("clip_global_norm", config.clipGlobalNorm());
        return m;
    }

    static Map<String, Object> describe(Optimizer o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", o.spelling());
        switch (o) {
            case Optimizer.Adafactor a -> {
                m.put("decay_rate", a.decayRate());
                m.put("clipping_threshold", a.clippingThreshold());
                m.put("multiply_by_parameter_scale", a.multiplyByParameterScale());
                m.put("factored", a.factored());
                m.put("min_dim_size_to_factor", a.minDimSizeToFactor());
                m.put("epsilon1", a.epsilon1());
                m.put("epsilon2", a.epsilon2());
            }
            case Optimizer.AdamW a -> {
                m.put("beta1", a.beta1());
                m.put("beta2", a.beta2());
                m.put("epsilon", a.epsilon());
                m.put("weight_decay", a.weightDecay());
            }
            case Optimizer.Sgd s -> { }
        }
        return m;
    }

    static Map<String, Object> describe(Schedule s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.spelling());
        switch (s) {
            case Schedule.Constant c -> m.put("lr", c.lr());
            case Schedule.Rsqrt r -> {
                m.put("base", r.base());
                m.put("warmup", r.warmup());
            }
            case Schedule.WarmupCosine c -> {
                m.put("base", c.base());
                m.put("warmup", c.warmup());
                m.put("total", c.total());
                m.put("final_fraction", c.finalFraction());
            }
        }
        return m;
    }
}
