package dev.switchyard.runtime.ref.bench;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * One Switch-Base-8 sparse FFN sublayer forward (batch 1, seq 128, f32; resource
 * {@code bench/switch_base_8_ffn_block.mlir}) on the interpreter: wall time and process CPU time per
 * call after a warm-up long enough for C2 on a loaded machine, and GFLOP/s over the block's
 * multiply-adds (router, one-hot dispatch, two expert matmuls, one-hot combine). Run like
 * {@link DotGeneralCpuTime}.
 */
public final class SwitchBlockCpuTime {
    private SwitchBlockCpuTime() {}

    public static void main(String[] args) throws Exception {
        String text;
        try (InputStream in = SwitchBlockCpuTime.class.getResourceAsStream("/bench/switch_base_8_ffn_block.mlir")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int t = 128, d = 768, f = 3072, e = 8, c = 20;
        Random r = new Random(3);
        List<HostTensor> inputs = List.of(
                random(r, 1.0f, t, d), random(r, 1.0f, d), random(r, 0.05f, d, e),
                random(r, 0.03f, e, d, f), random(r, 0.03f, e, f, d));
        Executable exe = new ReferenceExecutor().compile(text, CompileOptions.defaults());
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long warm = System.nanoTime();
        int warmCalls = 0;
        while (System.nanoTime() - warm < 10_000_000_000L || warmCalls < 3) {
            exe.execute(inputs);
            warmCalls++;
        }
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        long cpu0 = os.getProcessCpuTime(), wall0 = System.nanoTime();
        for (int i = 0; i < reps; i++) exe.execute(inputs);
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9 / reps, wall = (System.nanoTime() - wall0) / 1e9 / reps;
        double gflop = 2.0 * ((long) t * d * e + (long) t * e * c * d + (long) e * c * d * f * 2 + (long) t * e * c * d) / 1e9;
        System.out.printf("switch-base-8 FFN block (T=%d, d=%d, f=%d, E=%d, C=%d): %.1f ms/call wall, %.1f ms CPU/call, "
                + "%.1f GFLOP/s wall, %.1f GFLOP per CPU-second%n", t, d, f, e, c, wall * 1e3, cpu * 1e3, gflop / wall, gflop / cpu);
    }

    private static HostTensor random(Random r, float scale, long... shape) {
        float[] v = new float[(int) HostTensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (r.nextFloat() * 2 - 1) * scale;
        return HostTensor.ofFloats(ElementType.F32, shape, v);
    }
}
