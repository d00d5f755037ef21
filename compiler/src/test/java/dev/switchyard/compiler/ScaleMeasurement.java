package dev.switchyard.compiler;

import dev.switchyard.compiler.testing.MlirOpt;
import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.CheckResult;
import dev.switchyard.dsl.Frontend;
import dev.switchyard.dsl.graph.ModelGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Acceptance 5 figures (a measurement, not a test): {@code switchyard compile}'s work (front end +
 * lowering + generic print) for samples/switch_c_2048.sy at 12…48 layers per stack (the sample's
 * {@code layers} constant overridden), and for samples/switch_base_128.sy against mlir-opt parsing
 * and printing the generic form of the same output. From the repository root, after
 * {@code mvn -pl compiler -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt}:
 * <pre>
 * java -Xmx512m -Dswitchyard.root=. -cp "compiler/target/classes:compiler/target/test-classes:dsl/target/classes:hlo/target/classes:$(cat compiler/target/cp.txt)" \
 *     dev.switchyard.compiler.ScaleMeasurement 10
 * </pre>
 * Each figure is the best of N runs after two warm-up runs (JIT), wall clock, one thread.
 */
public final class ScaleMeasurement {
    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.printf("max heap %d MiB, %d cpus%n", Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        for (int layers : new int[] {12, 15, 24, 48}) {
            CheckOptions o = CheckOptions.defaults().withDimOverrides(Map.of("layers", (double) layers));
            long bestFront = Long.MAX_VALUE, bestBack = Long.MAX_VALUE;
            ModelGraph g = null;
            int chars = 0;
            for (int i = 0; i < reps + 2; i++) {
                long t0 = System.nanoTime();
                g = check(Samples.path("switch_c_2048"), o);
                long t1 = System.nanoTime();
                chars = Compiler.compile(g, CompileOptions.defaults()).genericText().length();
                long t2 = System.nanoTime();
                if (i >= 2) {
                    bestFront = Math.min(bestFront, t1 - t0);
                    bestBack = Math.min(bestBack, t2 - t1);
                }
            }
            System.out.printf("switch_c_2048 %2d+%2d layers: %5d nodes, %.3f T params; front end %6.1f ms, lower+print %6.1f ms, %d chars%n",
                    layers, layers, g.nodes().size(), g.parameterCount() / 1e12, bestFront / 1e6, bestBack / 1e6, chars);
        }
        long best = Long.MAX_VALUE;
        String text = "";
        for (int i = 0; i < reps + 2; i++) {
            long t0 = System.nanoTime();
            text = Compiler.compile(check(Samples.path("switch_base_128"), CheckOptions.defaults()), CompileOptions.defaults()).genericText();
            long t = System.nanoTime() - t0;
            if (i >= 2) best = Math.min(best, t);
        }
        Path file = Files.createTempFile("switch_base_128", ".mlir");
        Files.writeString(file, text);
        long optBest = Long.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(MlirOpt.binary().toString(), "--allow-unregistered-dialect", "--mlir-print-op-generic",
                    file.toString(), "-o", "/dev/null").inheritIO().start();
            p.waitFor(600, TimeUnit.SECONDS);
            long t = System.nanoTime() - t0;
            if (p.exitValue() != 0) throw new IllegalStateException("mlir-opt failed");
            optBest = Math.min(optBest, t);
        }
        Files.delete(file);
        System.out.printf("switch_base_128: check+compile+print %.1f ms, mlir-opt parse+print %.1f ms, ratio %.2f (%d chars)%n",
                best / 1e6, optBest / 1e6, (double) best / optBest, text.length());
    }

    private static ModelGraph check(Path file, CheckOptions o) {
        CheckResult r = Frontend.check(file, o);
        if (!r.ok()) throw new IllegalStateException(r.render());
        return r.graph().orElseThrow();
    }
}
