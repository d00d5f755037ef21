package dev.switchyard.compiler.train;

import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.autodiff.GradPass;
import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.CheckResult;
import dev.switchyard.dsl.Frontend;
import dev.switchyard.dsl.graph.ModelGraph;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * docs/performance.md figures for {@code switchyard compile switch_c_2048.sy --entry train} (a
 * measurement, not a test): front end, grad pass, train-step assembly (lowering, optimizer,
 * donation) and generic print, best of N after two warm-up runs, and the peak heap. From the
 * repository root, after {@code mvn -pl compiler -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt}:
 * <pre>
 * java -Xmx512m -Dswitchyard.root=. -cp "compiler/target/classes:compiler/target/test-classes:dsl/target/classes:hlo/target/classes:$(cat compiler/target/cp.txt)" \
 *     dev.switchyard.compiler.train.TrainScaleMeasurement 5
 * </pre>
 */
public final class TrainScaleMeasurement {
    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String sample = args.length > 1 ? args[1] : "switch_c_2048";
        Path spec = Path.of(System.getProperty("switchyard.root", ".."), "samples", sample + ".sy");
        System.out.printf("max heap %d MiB, %d cpus%n", Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        long front = Long.MAX_VALUE, grad = Long.MAX_VALUE, assemble = Long.MAX_VALUE, print = Long.MAX_VALUE, total = Long.MAX_VALUE;
        int chars = 0, state = 0;
        for (int i = 0; i < reps + 2; i++) {
            long t0 = System.nanoTime();
            CheckResult r = Frontend.check(spec, CheckOptions.defaults());
            ModelGraph g = r.graph().orElseThrow(() -> new IllegalStateException(r.render()));
            long t1 = System.nanoTime();
            ModelGraph withGrads = GradPass.apply(g, TrainStep.LOSS);
            long t2 = System.nanoTime();
            TrainStep step = TrainStep.assemble(g, withGrads, TrainConfig.defaults(), CompileOptions.defaults());
            long t3 = System.nanoTime();
            chars = step.genericText().length();
            long t4 = System.nanoTime();
            state = step.state().size();
            if (i >= 2) {
                front = Math.min(front, t1 - t0);
                grad = Math.min(grad, t2 - t1);
                assemble = Math.min(assemble, t3 - t2);
                print = Math.min(print, t4 - t3);
                total = Math.min(total, t4 - t0);
            }
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        System.out.printf("%s --entry train: front end %.1f ms, grad pass %.1f ms, assemble %.1f ms, generic print %.1f ms, total %.1f ms;"
                + " %d state tensors, %d chars; peak heap (sum of pools' peaks) %d MiB%n",
                sample, front / 1e6, grad / 1e6, assemble / 1e6, print / 1e6, total / 1e6, state, chars, peak >> 20);
    }
}
