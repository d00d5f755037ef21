package dev.switchyard.compiler;

import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.Frontend;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Einsum against gather dispatch on the reference interpreter (a measurement for choosing
 * {@link Dispatch#DEFAULT}, not a test): one forward step of a sample on its single-device mesh,
 * best of N after a warm-up. Arguments: sample name (default switch_tiny), runs, then dim overrides
 * {@code name=value} (e.g. {@code seq=64 experts=16}).
 */
public final class DispatchMeasurement {
    public static void main(String[] args) throws Exception {
        String sample = args.length > 0 ? args[0] : "switch_tiny";
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Map<String, Double> dims = new java.util.HashMap<>();
        for (int i = 2; i < args.length; i++) dims.put(args[i].split("=")[0], Double.parseDouble(args[i].split("=")[1]));
        ModelGraph g = Frontend.check(Samples.path(sample), CheckOptions.defaults().withMesh("single").withDimOverrides(dims))
                .graph().orElseThrow();
        System.out.printf("%s %s%n", sample, dims);
        for (Dispatch d : Dispatch.values()) {
            CompiledModel m = Compiler.compile(g, CompileOptions.defaults().withDispatch(d));
            List<HostTensor> inputs = randomInputs(m, new Random(1));
            try (ReferenceExecutor ex = new ReferenceExecutor();
                 Executable exe = ex.compile(m.genericText(), dev.switchyard.hlo.exec.CompileOptions.defaults())) {
                long best = Long.MAX_VALUE;
                for (int i = 0; i < reps + 1; i++) {
                    long t0 = System.nanoTime();
                    exe.execute(inputs);
                    long t = System.nanoTime() - t0;
                    if (i >= 1) best = Math.min(best, t);
                }
                System.out.printf("%s --dispatch %s: forward %.1f ms on the interpreter%n", sample, d.spelling(), best / 1e6);
            }
        }
    }

    static List<HostTensor> randomInputs(CompiledModel m, Random rnd) {
        List<HostTensor> out = new ArrayList<>();
        for (ParamSpec p : m.params()) out.add(random(p.dtype(), p.shape(), rnd, 1));
        for (TensorSpec s : m.inputs()) out.add(random(s.dtype(), s.shape(), rnd, 8));
        return out;
    }

    static HostTensor random(String dtype, List<Long> shape, Random rnd, int range) {
        ElementType e = ElementType.fromMlirName(dtype).orElseThrow();
        long[] s = shape.stream().mapToLong(Long::longValue).toArray();
        int n = (int) HostTensor.elementCount(s);
        if (e.isFloat()) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (float) (0.3 * rnd.nextGaussian());
            return HostTensor.ofFloats(e, s, v);
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = e == ElementType.I1 ? 0 : rnd.nextInt(range);
        return HostTensor.ofLongs(e, s, v);
    }
}
