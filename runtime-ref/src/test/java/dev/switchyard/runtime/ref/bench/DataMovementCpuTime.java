package dev.switchyard.runtime.ref.bench;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The interpreter's per-call cost outside arithmetic, at Switch-Base-8 block sizes: a splat
 * {@code 8×20×3072} constant, a scalar and a row broadcast to {@code 128×768}, a {@code 768×3072}
 * transpose, and host conversion of the inputs and results (f32 and i32). Wall and process CPU
 * time per call after 5 s of warm-up; run like {@link DotGeneralCpuTime}.
 */
public final class DataMovementCpuTime {
    private DataMovementCpuTime() {}

    public static void main(String[] a) throws Exception {
        String text = """
            func.func @main(%v: tensor<768xf32>, %w: tensor<768x3072xf32>, %i: tensor<128x768xi32>) -> (tensor<8x20x3072xf32>, tensor<128x768xf32>, tensor<128x768xf32>, tensor<3072x768xf32>, tensor<128x768xi32>) {
              %z = stablehlo.constant dense<0.0> : tensor<8x20x3072xf32>
              %s = stablehlo.constant dense<2.0> : tensor<f32>
              %b = stablehlo.broadcast_in_dim %s, dims = [] : (tensor<f32>) -> tensor<128x768xf32>
              %c = stablehlo.broadcast_in_dim %v, dims = [1] : (tensor<768xf32>) -> tensor<128x768xf32>
              %t = stablehlo.transpose %w, dims = [1, 0] : (tensor<768x3072xf32>) -> tensor<3072x768xf32>
              func.return %z, %b, %c, %t, %i : tensor<8x20x3072xf32>, tensor<128x768xf32>, tensor<128x768xf32>, tensor<3072x768xf32>, tensor<128x768xi32>
            }
            """;
        Executable exe = new ReferenceExecutor().compile(text, CompileOptions.defaults());
        float[] v = new float[768]; float[] w = new float[768 * 3072]; long[] ii = new long[128 * 768];
        List<HostTensor> in = List.of(HostTensor.ofFloats(ElementType.F32, new long[]{768}, v),
            HostTensor.ofFloats(ElementType.F32, new long[]{768, 3072}, w), HostTensor.ofLongs(ElementType.I32, new long[]{128, 768}, ii));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long t0 = System.nanoTime(); while (System.nanoTime() - t0 < 5_000_000_000L) exe.execute(in);
        int n = 30; long c0 = os.getProcessCpuTime(), w0 = System.nanoTime();
        for (int k = 0; k < n; k++) exe.execute(in);
        System.out.printf("%.2f ms/call wall, %.2f ms CPU/call%n", (System.nanoTime() - w0) / 1e6 / n, (os.getProcessCpuTime() - c0) / 1e6 / n);
    }
}
