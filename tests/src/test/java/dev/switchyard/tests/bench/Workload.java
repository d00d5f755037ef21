package dev.switchyard.tests.bench;

import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.tests.models.SwitchFfnBlock;
import dev.switchyard.tests.models.SwitchFfnInputs;
import dev.switchyard.tests.support.Tensors;
import java.util.List;
import java.util.SplittableRandom;

/** A module and its inputs, the same for every executor measured. */
public record Workload(String name, String module, List<HostTensor> inputs, long flops) {

    public static Workload named(String name) {
        return switch (name) {
            case "dot512" -> dot(512);
            case "switchBase8Block" -> switchBlock(SwitchFfnBlock.switchBase8());
            default -> throw new IllegalArgumentException("unknown workload " + name + " (dot512, switchBase8Block)");
        };
    }

    /** {@code n x n x n} f32 matrix product. */
    public static Workload dot(int n) {
        String t = "tensor<" + n + "x" + n + "xf32>";
        String module = "func.func public @main(%a: " + t + ", %b: " + t + ") -> " + t + " {\n"
                + "  %0 = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (" + t + ", " + t + ") -> " + t + "\n"
                + "  return %0 : " + t + "\n}\n";
        SplittableRandom r = new SplittableRandom(1);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
            b[i] = (float) r.nextDouble(-1, 1);
        }
        long[] shape = {n, n};
        return new Workload("dot" + n, module, List.of(Tensors.f32(shape, a), Tensors.f32(shape, b)), 2L * n * n * n);
    }

    /** One Switch FFN sublayer forward (rms_norm, router, dispatch, experts, combine, residual). */
    public static Workload switchBlock(SwitchFfnBlock block) {
        return new Workload("switchBlock", block.mlir(), SwitchFfnInputs.random(block, 3).tensors(), block.flops());
    }
}
