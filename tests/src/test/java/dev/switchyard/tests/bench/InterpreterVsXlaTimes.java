package dev.switchyard.tests.bench;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.Executor;
import dev.switchyard.hlo.tensor.HostTensor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The interpreter against XLA on the CPU on the same modules and inputs, in one JVM, with their
 * runs interleaved (interp, xla, interp, ...) so that a shared machine's changing load falls on
 * both alike. Per workload: median and best wall milliseconds per execute, process CPU
 * milliseconds per execute (the figure that survives a loaded machine), the ratio, and the
 * interpreter's peak heap over its timed runs (every heap pool's peak, summed, after a GC).
 * Compilation and the first (compiling) run are excluded; {@code warmup} interleaved pairs run
 * untimed first. Arguments: {@code runs warmup workload...} (names of {@link Workload#named}).
 * Command and figures: {@code docs/performance.md}.
 */
public final class InterpreterVsXlaTimes {
    private InterpreterVsXlaTimes() {}

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        int warmup = Integer.parseInt(args[1]);
        List<String> rows = new ArrayList<>();
        try (Executor interp = ExecutorsUnderTest.named("interp"); Executor xla = ExecutorsUnderTest.named("xla")) {
            for (String name : Arrays.copyOfRange(args, 2, args.length)) {
                Workload w = Workload.named(name);
                try (Executable i = interp.compile(w.module(), CompileOptions.defaults());
                     Executable x = xla.compile(w.module(), CompileOptions.defaults())) {
                    List<HostTensor> in = w.inputs();
                    i.execute(in);
                    x.execute(in);
                    for (int k = 0; k < warmup; k++) {
                        i.execute(in);
                        x.execute(in);
                    }
                    double[] iWall = new double[runs], xWall = new double[runs], iCpu = new double[runs], xCpu = new double[runs];
                    System.gc();
                    long heapBefore = heapUsed();
                    resetPeaks();
                    for (int k = 0; k < runs; k++) {
                        long c0 = OS.getProcessCpuTime(), t0 = System.nanoTime();
                        i.execute(in);
                        long c1 = OS.getProcessCpuTime(), t1 = System.nanoTime();
                        x.execute(in);
                        long c2 = OS.getProcessCpuTime(), t2 = System.nanoTime();
                        iWall[k] = (t1 - t0) / 1e6;
                        xWall[k] = (t2 - t1) / 1e6;
                        iCpu[k] = (c1 - c0) / 1e6;
                        xCpu[k] = (c2 - c1) / 1e6;
                    }
                    long peak = peakHeap();
                    String row = String.format("| `%s` | %.1f (best %.1f) | %.1f | %.1f (best %.1f) | %.1f | %.2f× | %.2f× | %d MiB (%d resident before) |",
                            name, median(iWall), min(iWall), median(iCpu), median(xWall), min(xWall), median(xCpu),
                            median(iWall) / median(xWall), median(iCpu) / median(xCpu), peak >> 20, heapBefore >> 20);
                    System.out.println(row);
                    rows.add(row);
                }
            }
        }
        System.out.println();
        System.out.println("| workload | interp wall ms | interp CPU ms | XLA wall ms | XLA CPU ms | wall ratio | CPU ratio | interp+XLA peak heap |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static long heapUsed() {
        long s = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) s += p.getUsage().getUsed();
        return s;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
    }

    private static long peakHeap() {
        long s = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) s += p.getPeakUsage().getUsed();
        return s;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double min(double[] v) { return Arrays.stream(v).min().orElse(Double.NaN); }
}
