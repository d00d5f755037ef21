package dev.switchyard.runtime.ref.bench;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.runtime.ref.kernel.DotGeneral;
import dev.switchyard.runtime.ref.kernel.Tensor;
import java.lang.management.ManagementFactory;
import java.util.Random;

/**
 * GFLOP per CPU-second of the f32 dot_general kernel, next to wall-clock GFLOP/s: on a machine
 * shared with other jobs the wall-clock figure of {@link DotGeneralBenchmark} measures the load,
 * while process CPU time shows what the kernel does with the cycles it gets. All shapes run for 15 s of
 * warm-up first (C2 is slow on a loaded machine), then 20 timed calls each.
 * Run with the classpath of {@link DotGeneralBenchmark} plus {@code --add-modules jdk.incubator.vector}
 * (without it the plain-loop kernel is measured).
 */
public final class DotGeneralCpuTime {
    private DotGeneralCpuTime() {}

    public static void main(String[] args) {
        // arguments: shapes m x k x n (default: 512³ and the Switch-Base expert shapes)
        String[] names = args.length > 0 ? args : new String[] {"512x512x512", "128x768x3072", "128x3072x768"};
        int[][] shapes = new int[names.length][];
        for (int i = 0; i < names.length; i++) shapes[i] = java.util.Arrays.stream(names[i].split("x")).mapToInt(Integer::parseInt).toArray();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var dims = new DotGeneral.Dims(new int[0], new int[0], new int[] {1}, new int[] {0});
        Tensor[][] operands = new Tensor[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            int m = shapes[i][0], k = shapes[i][1], n = shapes[i][2];
            Random r = new Random(1);
            float[] a = new float[m * k], b = new float[k * n];
            for (int j = 0; j < a.length; j++) a[j] = r.nextFloat();
            for (int j = 0; j < b.length; j++) b[j] = r.nextFloat();
            operands[i] = new Tensor[] {Tensor.ofFloats(ElementType.F32, new int[] {m, k}, a), Tensor.ofFloats(ElementType.F32, new int[] {k, n}, b)};
        }
        // every shape through the kernel until C2 is done with it (seconds on a loaded machine)
        long warm = System.nanoTime();
        while (System.nanoTime() - warm < 15_000_000_000L) {
            for (Tensor[] ab : operands) DotGeneral.dotGeneral(ab[0], ab[1], dims, ElementType.F32);
        }
        for (int i = 0; i < shapes.length; i++) {
            int m = shapes[i][0], k = shapes[i][1], n = shapes[i][2];
            int reps = 20;
            long cpu0 = os.getProcessCpuTime(), wall0 = System.nanoTime();
            for (int j = 0; j < reps; j++) DotGeneral.dotGeneral(operands[i][0], operands[i][1], dims, ElementType.F32);
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9, wall = (System.nanoTime() - wall0) / 1e9;
            double gflop = 2.0 * m * k * n * reps / 1e9;
            System.out.printf("%dx%dx%d f32: %.1f ms/call wall, %.1f GFLOP/s wall, %.1f GFLOP per CPU-second%n",
                    m, k, n, wall * 1e3 / reps, gflop / wall, gflop / cpu);
        }
    }
}
