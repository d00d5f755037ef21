package dev.switchyard.tests.bench;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.Executor;
import dev.switchyard.hlo.tensor.HostTensor;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

/**
 * The interpreter alone on one workload in a warmed loop, for a profiler to attach to
 * ({@code -XX:StartFlightRecording}): prints median/best wall and median process CPU ms per
 * execute, and the heap pools' peaks over the timed runs. Arguments: {@code runs warmup workload} (a name of {@link Workload#named});
 * {@code -Dresident=true} uploads the inputs once and runs {@code executeResident} on them, as a trainer does.
 */
public final class InterpreterLoop {
    private InterpreterLoop() {}

    private static final boolean RESIDENT = Boolean.getBoolean("resident");

    /** One execute: on host tensors, or on the resident ones (results closed, nothing donated). */
    private static void run(Executable e, List<HostTensor> in, List<dev.switchyard.hlo.exec.ResidentTensor> kept) throws Exception {
        if (kept.isEmpty()) {
            e.execute(in);
            return;
        }
        for (var r : e.executeResident(kept, new java.util.BitSet())) r.close();
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        int warmup = Integer.parseInt(args[1]);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Workload w = Workload.named(args[2]);
        try (Executor interp = ExecutorsUnderTest.named("interp"); Executable e = interp.compile(w.module(), CompileOptions.defaults())) {
            List<HostTensor> in = w.inputs();
            // -Dresident=true: the inputs uploaded once and kept (not donated), as a trainer's weights are
            List<dev.switchyard.hlo.exec.ResidentTensor> kept = new java.util.ArrayList<>();
            if (RESIDENT) for (int i = 0; i < in.size(); i++) kept.add(e.upload(i, in.get(i)));
            for (int k = 0; k < warmup; k++) run(e, in, kept);
            System.gc();
            for (var pool : ManagementFactory.getMemoryPoolMXBeans()) if (pool.getType() == java.lang.management.MemoryType.HEAP) pool.resetPeakUsage();
            double[] wall = new double[runs], cpu = new double[runs];
            for (int k = 0; k < runs; k++) {
                long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
                run(e, in, kept);
                wall[k] = (System.nanoTime() - t0) / 1e6;
                cpu[k] = (os.getProcessCpuTime() - c0) / 1e6;
            }
            long peak = 0;
            for (var pool : ManagementFactory.getMemoryPoolMXBeans()) if (pool.getType() == java.lang.management.MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
            Arrays.sort(wall);
            Arrays.sort(cpu);
            System.out.printf("%s interp: wall %.2f ms median (best %.2f), CPU %.2f ms median over %d runs after %d; heap pools' peaks %d MiB (-Xmx %d MiB)%n",
                    w.name(), wall[runs / 2], wall[0], cpu[runs / 2], runs, warmup, peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
        }
    }
}
