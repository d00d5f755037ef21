package dev.switchyard.cli;

import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.model.BuiltArtifact;
import dev.switchyard.cli.model.ModelCompilation;
import dev.switchyard.cli.model.ModelSpecs;
import dev.switchyard.compiler.CompileException;
import dev.switchyard.compiler.cost.CostModel;
import dev.switchyard.compiler.cost.CostReport;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.Executor;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.OpProfile;
import dev.switchyard.cli.train.StepKeys;
import dev.switchyard.cli.train.TrainState;
import dev.switchyard.compiler.TensorSpec;
import dev.switchyard.compiler.train.StateTensor;
import dev.switchyard.compiler.train.TrainConfig;
import dev.switchyard.compiler.train.TrainStep;
import dev.switchyard.hlo.exec.ResidentTensor;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code switchyard bench FILE.sy}: how long the model takes to compile (check and lowering, then
 * the executor's own compile) and to execute (median of {@code --steps} runs after
 * {@code --warmup} runs), and the FLOP rate that implies by the compiler's cost model.
 */
public final class BenchCommand implements Command, ValueChoices {

    private final RunCommand.Backends backends;

    public BenchCommand() { this(RunCommand::openBackend); }

    public BenchCommand(RunCommand.Backends backends) { this.backends = backends; }

    @Override public String name() { return "bench"; }

    @Override public String summary() { return "time compile and execute of a model spec; FLOP/s from the cost model"; }

    @Override public String usage() { return "FILE.sy [--backend interp|pjrt] [--plugin PATH] [--steps N] [--warmup N] [--seed N] [--mesh-shape a=N,...] [--set dim=N] [--entry forward|train] [--profile]"; }

    @Override public Map<String, List<String>> valueChoices() {
        return Map.of("backend", List.of("interp", "pjrt"), "entry", List.of("forward", "train"));
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("backend").hasArg().argName("B").desc("interp (default) or pjrt").get())
                .addOption(Option.builder().longOpt("plugin").hasArg().argName("PATH").desc("PJRT plugin library").get())
                .addOption(Option.builder().longOpt("steps").hasArg().argName("N").desc("timed runs (default 5)").get())
                .addOption(Option.builder().longOpt("warmup").hasArg().argName("N").desc("untimed runs first (default 1)").get())
                .addOption(Option.builder().longOpt("seed").hasArg().argName("N").desc("seed of parameters and inputs (default 0)").get())
                .addOption(Option.builder().longOpt("mesh").hasArg().argName("NAME").desc("the mesh to compile for").get())
                .addOption(Option.builder().longOpt("mesh-shape").hasArg().argName("AXIS=N,...").desc("override mesh axis sizes").get())
                .addOption(Option.builder().longOpt("entry").hasArg().argName("E")
                        .desc("forward (default), or train: the train step (grad pass, Adafactor) on resident state").get())
                .addOption(Option.builder().longOpt("profile")
                        .desc("interp: per op name, self time and work over the timed steps (time share / work share), and the ops over 3× their work share with ≥ 2 % of the time").get())
                .addOption(Option.builder().longOpt("set").hasArg().argName("NAME=VALUE").desc("override a top-level dim or const (repeatable)").get());
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        List<String> args = line.getArgList();
        if (args.size() != 1) throw new UserError("expected one FILE.sy, got " + args.size() + " arguments");
        if (!ModelSpecs.isModelSpec(Path.of(args.get(0)))) {
            throw new UserError(args.get(0) + ": expected a model spec (.sy); bench compiles it itself (for an artifact, use run --steps)");
        }
        Path spec = Path.of(args.get(0));
        int steps = (int) NumberOptions.inRange(line, "steps", 5, 1, NumberOptions.MAX_STEPS);
        int warmup = (int) NumberOptions.inRange(line, "warmup", 1, 0, NumberOptions.MAX_STEPS);
        long seed = NumberOptions.inRange(line, "seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
        String backend = RunCommand.backend(line);

        long t0 = System.nanoTime();
        Optional<ModelGraph> graph = ModelSpecs.check(spec, CheckCommand.options(line), console);
        if (graph.isEmpty()) return Main.USER_ERROR;
        String entry = line.getOptionValue("entry", "forward");
        if (!entry.equals("forward") && !entry.equals("train")) throw new UserError("--entry expects forward or train, got '" + entry + "'");
        if (entry.equals("train")) return benchTrain(spec, graph.get(), backend, line, steps, warmup, seed, t0, console);
        BuiltArtifact built;
        try {
            built = ModelCompilation.build(spec, graph.get(), dev.switchyard.compiler.CompileOptions.defaults());
        } catch (CompileException e) {
            throw new UserError(e.getMessage());
        }
        long frontNanos = System.nanoTime() - t0;
        CostReport cost = ModelSpecs.cost(graph.get());
        Manifest m = built.manifest();
        List<HostTensor> arguments = RunCommand.arguments(m, RunCommand.parameters(line, m, seed, console), RunCommand.inputs(line, m, seed, console));

        try (Executor executor = backends.open(backend, Optional.ofNullable(line.getOptionValue("plugin")).map(Path::of))) {
            long t1 = System.nanoTime();
            long[] times = new long[steps];
            long executorCompile;
            OpProfile profile;
            try (Executable exe = executor.compile(built.moduleText(), new CompileOptions(m.entryPoint(), m.numReplicas(), m.numPartitions()))) {
                executorCompile = System.nanoTime() - t1;
                for (int i = 0; i < warmup; i++) exe.execute(arguments);
                profile = startProfile(line, backend);
                try {
                    for (int i = 0; i < steps; i++) {
                        long ts = System.nanoTime();
                        exe.execute(arguments);
                        times[i] = System.nanoTime() - ts;
                    }
                } finally {
                    if (profile != null) profile.stop();
                }
            } catch (ExecutionException e) {
                throw new UserError(e.getMessage());
            }
            var out = console.out();
            out.printf(Locale.ROOT, "%s on %s (%d partitions declared)%n", spec.getFileName(), executor.name(), m.numPartitions());
            long median = printTimings(out, "check + lowering to StableHLO", frontNanos, executor.name(), executorCompile, "execute", times, warmup);
            out.printf(Locale.ROOT, "  work      %s per step (cost model), %s/s%n", InspectCommand.flops(cost.flopsPerStep()),
                    InspectCommand.flops(cost.flopsPerStep() / (median / 1e9)));
            printProfile(out, profile);
        }
        return Main.OK;
    }

    /**
     * The train step as {@code switchyard train} runs it: state uploaded once and donated each
     * step, one random batch uploaded per step (as the loop uploads each batch). Prints step time,
     * tokens per second (the encoder and decoder tokens of a batch) and the JVM's peak heap over
     * the timed steps (the interpreter's working memory; PJRT's device memory is not in it).
     */
    private int benchTrain(Path spec, ModelGraph forward, String backend, CommandLine line, int steps, int warmup, long seed,
                           long t0, Console console) throws Exception {
        TrainStep step = TrainCommand.gradPassStep(forward, TrainConfig.defaults(), CompileCommand.compileOptions(line));
        long frontNanos = System.nanoTime() - t0;
        RunCommand.requireHostRoom(spec + ": the train state", TrainState.stateBytes(step, spec.toString()));
        TrainState.Start start = TrainState.fresh(step, forward, seed);
        Manifest m;
        try {
            m = ModelCompilation.build(spec, forward, dev.switchyard.compiler.CompileOptions.defaults()).manifest();
        } catch (CompileException e) {
            throw new UserError(e.getMessage());
        }
        Map<String, HostTensor> forwardInputs = RunCommand.inputs(line, m, seed, console);
        long tokens = 0;
        for (String name : List.of("inputs", "decoder_inputs")) {
            if (forwardInputs.containsKey(name)) tokens += forwardInputs.get(name).elementCount();
        }
        BitSet donated = new BitSet();
        for (StateTensor s : step.state()) donated.set(s.argument());
        try (Executor executor = backends.open(backend, Optional.ofNullable(line.getOptionValue("plugin")).map(Path::of))) {
            long t1 = System.nanoTime();
            long[] times = new long[steps];
            long executorCompile, peak;
            OpProfile profile = null;
            try (Executable exe = executor.compile(step.genericText(), new CompileOptions("main", 1, Math.toIntExact(step.numPartitions())))) {
                executorCompile = System.nanoTime() - t1;
                ResidentTensor[] state = new ResidentTensor[step.state().size()];
                for (StateTensor s : step.state()) state[s.argument()] = exe.upload(s.argument(), start.values().get(s.path()));
                for (int i = 0; i < warmup + steps; i++) {
                    if (i == warmup) {
                        System.gc();
                        resetHeapPeaks();
                        profile = startProfile(line, backend);
                    }
                    List<ResidentTensor> args = new ArrayList<>(List.of(state));
                    List<ResidentTensor> batch = new ArrayList<>();
                    for (TensorSpec in : step.inputs()) {
                        HostTensor v = forwardInputs.containsKey(in.name()) ? forwardInputs.get(in.name()) : StepKeys.tensor(seed, i);
                        batch.add(exe.upload(in.argument(), v));
                    }
                    args.addAll(batch);
                    long ts = System.nanoTime();
                    List<ResidentTensor> results = exe.executeResident(args, donated);
                    if (i >= warmup) times[i - warmup] = System.nanoTime() - ts;
                    batch.forEach(ResidentTensor::close);
                    BitSet kept = new BitSet();
                    for (StateTensor s : step.state()) {
                        state[s.argument()] = results.get(s.result());
                        kept.set(s.result());
                    }
                    for (int r = 0; r < results.size(); r++) if (!kept.get(r)) results.get(r).close(); // metrics
                }
                peak = heapPeak();
                for (ResidentTensor r : state) r.close();
            } catch (ExecutionException e) {
                throw new UserError(e.getMessage());
            } finally {
                if (profile != null) profile.stop();
            }
            var out = console.out();
            out.printf(Locale.ROOT, "%s train step on %s (%d partitions)%n", spec.getFileName(), executor.name(), step.numPartitions());
            long median = printTimings(out, "check, grad pass, optimizer, lowering to StableHLO", frontNanos, executor.name(), executorCompile,
                    "step", times, warmup);
            out.printf(Locale.ROOT, "  tokens    %9.0f /s   %d per step%n", tokens / (median / 1e9), tokens);
            out.printf(Locale.ROOT, "  memory    %9.1f MiB  peak JVM heap over the timed steps (sum of the heap pools' peaks)%n", peak / 1048576.0);
            printProfile(out, profile);
        }
        return Main.OK;
    }

    /** The compile lines and the median-of-steps line both benches print; returns the median step in ns. */
    /** The interpreter's per-op profile when {@code --profile} asks for one (the interpreter only: PJRT runs compiled code). */
    private static OpProfile startProfile(CommandLine line, String backend) throws UserError {
        if (!line.hasOption("profile")) return null;
        if (!backend.equals("interp")) throw new UserError("--profile times the interpreter's ops; it needs --backend interp");
        return OpProfile.start();
    }

    private static void printProfile(PrintStream out, OpProfile profile) {
        if (profile == null) return;
        out.println("  profile   self time per op over the timed steps; work = 2·M·N·K per contraction, else elements:");
        out.print(profile.table());
    }

    private static long printTimings(PrintStream out, String frontWork, long frontNanos, String executorName, long executorCompile,
                                     String stepLabel, long[] times, int warmup) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        long median = sorted[sorted.length / 2];
        out.printf(Locale.ROOT, "  compile   %9.1f ms  %s%n", frontNanos / 1e6, frontWork);
        out.printf(Locale.ROOT, "            %9.1f ms  %s compile%n", executorCompile / 1e6, executorName);
        out.printf(Locale.ROOT, "  %-9s %9.1f ms  median of %d after %d warm-up (min %.1f, max %.1f)%n", stepLabel, median / 1e6, sorted.length,
                warmup, sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6);
        return median;
    }

    private static void resetHeapPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
    }

    /** An upper bound of the peak heap: the pools may peak at different moments. */
    private static long heapPeak() {
        long s = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) s += p.getPeakUsage().getUsed();
        return s;
    }
}
