package dev.switchyard.tests.bench;

import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.Compiler;
import dev.switchyard.compiler.Dispatch;
import dev.switchyard.compiler.ShardingForm;
import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.CheckResult;
import dev.switchyard.dsl.Frontend;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.Executor;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.tests.support.Tensors;
import dev.switchyard.tests.xla.MainSignatureParser;
import dev.switchyard.tests.xla.TensorType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Milliseconds per forward of a compiled sample under both {@code --dispatch} lowerings on both
 * executors (reference interpreter, XLA on the CPU), all in one JVM: the measurement behind
 * {@link Dispatch#DEFAULT} (command and figures in {@code docs/performance.md}). Each combination
 * is compiled, run once (XLA compiles on its first run), warmed for {@code warmup} runs and then
 * timed for {@code runs} runs; the median and the best are printed. The executors run in turn, one
 * lowering after the other, so load on a shared machine hits them alike only roughly: read the
 * ratio einsum/gather per executor.
 *
 * <p>Arguments: {@code runs warmup [executors]} (executors: {@code interp,xla}, the default, or one of them). Models: {@code switch_base_8} with 2 layers (one dense and one
 * sparse block per stack), batch 1, seq and tgt 128, vocab 512 (so the tied output projection does not
 * drown the sparse layers; every sparse-layer dim is the sample's: d_model 768, d_ff 3072, 8 experts,
 * capacity 64), and {@code switch_tiny} as declared; both on the one-device mesh, GSPMD form (the
 * interpreter gets the {@code @Sharding} calls as identities).
 */
public final class DispatchLoweringTimes {

    private record Model(String sample, Map<String, Double> dims) {}

    private static final List<Model> MODELS = List.of(
            new Model("switch_base_8", Map.of("layers", 2.0, "batch", 1.0, "seq", 128.0, "tgt", 128.0, "vocab", 512.0)),
            new Model("switch_tiny", Map.of()));

    private DispatchLoweringTimes() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> executors = List.of((args.length > 2 ? args[2] : "interp,xla").split(","));
        Path samples = Path.of(System.getProperty("switchyard.root", "."), "samples");
        List<String> table = new ArrayList<>();
        try (Executor interp = ExecutorsUnderTest.named("interp"); Executor xla = ExecutorsUnderTest.named("xla")) {
            for (Model m : MODELS) {
                CheckResult checked = Frontend.check(samples.resolve(m.sample() + ".sy"),
                        CheckOptions.defaults().withMesh("single").withDimOverrides(m.dims()));
                if (!checked.ok()) throw new IllegalStateException(checked.render());
                for (Dispatch d : Dispatch.values()) {
                    String module = Compiler.compile(checked.graph().orElseThrow(),
                            CompileOptions.defaults().withSharding(ShardingForm.GSPMD).withDispatch(d)).prettyText();
                    List<HostTensor> inputs = arguments(module);
                    String interpMs = executors.contains("interp") ? time(interp, module, inputs, runs, warmup) : "-";
                    String xlaMs = executors.contains("xla") ? time(xla, module, inputs, runs, warmup) : "-";
                    String row = String.format("| %s | %s | %s | %s |", m.sample(), d.spelling(), interpMs, xlaMs);
                    System.out.println(row);
                    table.add(row);
                }
            }
        }
        System.out.println();
        System.out.println("| model | --dispatch | interpreter ms (median) | XLA CPU ms (median) |");
        System.out.println("|---|---|---|---|");
        table.forEach(System.out::println);
    }

    /** Median and best milliseconds per forward. */
    private static String time(Executor executor, String module, List<HostTensor> inputs, int runs, int warmup) throws Exception {
        try (Executable exe = executor.compile(module, dev.switchyard.hlo.exec.CompileOptions.defaults())) {
            for (int i = 0; i < warmup + 1; i++) exe.execute(inputs);
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                exe.execute(inputs);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            return String.format("%.1f (best %.1f)", ms[runs / 2], ms[0]);
        }
    }

    /** Random arguments by @main's signature, as the sample differential test makes them (training false). */
    static List<HostTensor> arguments(String module) throws Exception {
        SplittableRandom r = new SplittableRandom(42);
        List<HostTensor> out = new ArrayList<>();
        for (TensorType t : MainSignatureParser.parse(module, "main").arguments()) {
            int n = Math.toIntExact(HostTensor.elementCount(t.shape()));
            out.add(switch (t.elementType()) {
                case F32 -> Tensors.f32(t.shape(), floats(r, n));
                case BF16 -> Tensors.bf16(t.shape(), floats(r, n));
                case I1 -> Tensors.bool(t.shape(), new boolean[n]);
                case I32, I64 -> Tensors.ints(t.elementType(), t.shape(), IntStream.range(0, n).map(i -> r.nextInt(4)).toArray());
                case UI32, UI64 -> Tensors.ints(t.elementType(), t.shape(), r.ints(n).toArray());
                default -> throw new IllegalStateException("no generator for " + t);
            });
        }
        return out;
    }

    private static float[] floats(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextDouble(-0.1, 0.1);
        return v;
    }
}
