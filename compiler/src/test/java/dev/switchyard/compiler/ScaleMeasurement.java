package dev.switchyard.compiler;

import dev.switchyard.compiler.testing.MlirOpt;
import dev.switchyard.compiler.testing.TransformerGraphs;
import dev.switchyard.dsl.graph.ModelGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Acceptance 5 figures (a measurement, not a test): compile time of Switch-C-2048 at 12…48 layers per
 * stack, and compile of Switch-Base-128 against mlir-opt parsing and printing the generic form of the
 * same output. Run with a small heap to show the compiler's footprint:
 * <pre>
 * java -Xmx512m -cp "compiler/target/classes:compiler/target/test-classes:dsl/target/classes:hlo/target/classes:$(cat compiler/target/cp.txt)" \
 *     dev.switchyard.compiler.ScaleMeasurement
 * </pre>
 * Each figure is the best of several runs after warm-up (JIT), wall clock.
 */
public final class ScaleMeasurement {
    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.printf("max heap %d MiB%n", Runtime.getRuntime().maxMemory() >> 20);
        for (int layers : new int[] {12, 15, 24, 48}) {
            ModelGraph g = TransformerGraphs.build(TransformerGraphs.switchC2048(layers, 64, 512));
            long best = Long.MAX_VALUE;
            int chars = 0;
            for (int i = 0; i < reps + 2; i++) {
                long t0 = System.nanoTime();
                CompiledModel m = Compiler.compile(g, CompileOptions.defaults());
                chars = m.genericText().length();
                long t = System.nanoTime() - t0;
                if (i >= 2) best = Math.min(best, t);
            }
            System.out.printf("switch_c_2048 %2d+%2d layers: %6d graph nodes, %6.3f T params, compile+print %7.1f ms, %d chars%n",
                    layers, layers, g.nodes().size(), g.parameterCount() / 1e12, best / 1e6, chars);
        }
        ModelGraph base = TransformerGraphs.build(TransformerGraphs.switchBase(128, 8, 512));
        long best = Long.MAX_VALUE;
        String text = "";
        for (int i = 0; i < reps + 2; i++) {
            long t0 = System.nanoTime();
            text = Compiler.compile(base, CompileOptions.defaults()).genericText();
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
        System.out.printf("switch_base_128: compile+print %.1f ms, mlir-opt parse+print %.1f ms, ratio %.2f (%d chars)%n",
                best / 1e6, optBest / 1e6, (double) best / optBest, text.length());
    }
}
