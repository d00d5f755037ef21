package dev.switchyard.runtime.ref.bench;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.runtime.ref.kernel.DotGeneral;
import dev.switchyard.runtime.ref.kernel.Tensor;
import java.lang.management.ManagementFactory;
import java.util.Random;

/**
 * GFLOP per CPU-second of the f32 dot_general kernel, next to wall-clock GFLOP/s: on a machine
 * shared with other jobs the wall-clock figure of {@link DotGeneralBenchmark} measures the load,
 * while process CPU time shows what the kernel does with the cycles it gets. Warm-up runs until
 * C2 has compiled the kernel (seconds on a loaded machine), then {@code reps} timed calls.
 * Run with the classpath of {@link DotGeneralBenchmark} plus {@code --add-modules jdk.incubator.vector}
 * (without it the plain-loop kernel is measured).
 */
public final class DotGeneralCpuTime {
    private DotGeneralCpuTime() {}

    public static void main(String[] args) {
        int[][] shapes = {{512, 512, 512}, {128, 768, 3072}, {128, 3072, 768}};
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var dims = new DotGeneral.Dims(new int[0], new int[0], new int[] {1}, new int[] {0});
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            Random r = new Random(1);
            float[] a = new float[m * k], b = new float[k * n];
            for (int i = 0; i < a.length; i++) a[i] = r.nextFloat();
            for (int i = 0; i < b.length; i++) b[i] = r.nextFloat();
            Tensor lhs = Tensor.ofFloats(ElementType.F32, new int[] {m, k}, a), rhs = Tensor.ofFloats(ElementType.F32, new int[] {k, n}, b);
            long warm = System.nanoTime();
            while (System.nanoTime() - warm < 8_000_000_000L) DotGeneral.dotGeneral(lhs, rhs, dims, ElementType.F32);
            int reps = 20;
            long cpu0 = os.getProcessCpuTime(), wall0 = System.nanoTime();
            for (int i = 0; i < reps; i++) DotGeneral.dotGeneral(lhs, rhs, dims, ElementType.F32);
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9, wall = (System.nanoTime() - wall0) / 1e9;
            double gflop = 2.0 * m * k * n * reps / 1e9;
            System.out.printf("%dx%dx%d f32: %.1f ms/call wall, %.1f GFLOP/s wall, %.1f GFLOP per CPU-second%n",
                    m, k, n, wall * 1e3 / reps, gflop / wall, gflop / cpu);
        }
    }
}
