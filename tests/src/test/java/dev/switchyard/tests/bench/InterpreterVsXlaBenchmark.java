package dev.switchyard.tests.bench;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.Executor;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Time per forward of the same StableHLO module and inputs through the reference interpreter and
 * through XLA on the CPU (compilation excluded: it happens in setup). {@link #main} runs every
 * combination and prints the interpreter/XLA ratio per workload; the command is in
 * {@code docs/performance.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m", "--enable-native-access=ALL-UNNAMED"})
public class InterpreterVsXlaBenchmark {

    @Param({"dot512", "switchBase8Block"}) // also: blockExpertMatmul, blockDispatch, blockCombine (-p workload=...)
    public String workload;

    @Param({"interp", "xla"})
    public String executor;

    private Executor runner;
    private Executable executable;
    private List<HostTensor> inputs;

    @Setup(Level.Trial)
    public void compile() throws ExecutionException {
        Workload w = Workload.named(workload);
        runner = ExecutorsUnderTest.named(executor);
        executable = runner.compile(w.module(), CompileOptions.defaults());
        inputs = w.inputs();
        executable.execute(inputs); // XLA compiles on the first run; keep that out of the warmup figures
    }

    @Benchmark
    public List<HostTensor> forward() throws ExecutionException {
        return executable.execute(inputs);
    }

    @TearDown(Level.Trial)
    public void close() {
        executable.close();
        runner.close();
    }

    /** Runs the benchmark (JMH command-line options accepted, e.g. {@code -p executor=xla}) and prints ratios. */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        Collection<RunResult> results = new Runner(new OptionsBuilder().parent(cli)
                .include(InterpreterVsXlaBenchmark.class.getSimpleName()).build()).run();
        Map<String, Map<String, Double>> msPerOp = new HashMap<>();
        for (RunResult r : results) {
            var params = r.getParams();
            msPerOp.computeIfAbsent(params.getParam("workload"), k -> new HashMap<>())
                    .put(params.getParam("executor"), r.getPrimaryResult().getScore());
        }
        System.out.println();
        System.out.printf("%-18s %12s %12s %10s %14s%n", "workload", "interp ms", "xla ms", "ratio", "xla GFLOP/s");
        for (var e : msPerOp.entrySet()) {
            Double interp = e.getValue().get("interp");
            Double xla = e.getValue().get("xla");
            double gflops = xla == null ? Double.NaN : Workload.named(e.getKey()).flops() / (xla * 1e6);
            System.out.printf("%-18s %12s %12s %10s %14.1f%n", e.getKey(), fmt(interp), fmt(xla),
                    interp == null || xla == null ? "-" : String.format("%.1fx", interp / xla), gflops);
        }
    }

    private static String fmt(Double ms) { return ms == null ? "-" : String.format("%.2f", ms); }
}
