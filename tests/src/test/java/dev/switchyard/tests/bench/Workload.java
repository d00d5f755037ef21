package dev.switchyard.tests.bench;

import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.Compiler;
import dev.switchyard.compiler.ShardingForm;
import dev.switchyard.compiler.autodiff.GradPass;
import dev.switchyard.compiler.cost.CostModel;
import dev.switchyard.compiler.train.TrainConfig;
import dev.switchyard.compiler.train.TrainStep;
import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.CheckResult;
import dev.switchyard.dsl.Frontend;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.tests.models.SwitchFfnBlock;
import dev.switchyard.tests.models.SwitchFfnInputs;
import dev.switchyard.tests.support.Tensors;
import dev.switchyard.tests.train.TrainRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A module and its inputs, the same for every executor measured. */
public record Workload(String name, String module, List<HostTensor> inputs, long flops) {

    public static Workload named(String name) {
        return switch (name) {
            case "dot512" -> dot(512);
            case "switchBase8Block" -> switchBlock(SwitchFfnBlock.switchBase8());
            case "switchBase8BlockBf16" -> switchBlockBf16(SwitchFfnBlock.switchBase8());
            // the shipped sample as users run it (bf16), cut so one dense and one sparse block per stack remain
            case "switchBase8Sample" -> sample("switchBase8Sample", "switch_base_8",
                    Map.of("layers", 2.0, "batch", 1.0, "seq", 128.0, "tgt", 128.0, "vocab", 512.0));
            case "switchTinySample" -> sample("switchTinySample", "switch_tiny", Map.of());
            // their train steps: forward, the grad pass's backward, Adafactor (the train command's defaults)
            case "switchBase8Train" -> train("switchBase8Train", "switch_base_8",
                    Map.of("layers", 2.0, "batch", 1.0, "seq", 128.0, "tgt", 128.0, "vocab", 512.0));
            case "switchTinyTrain" -> train("switchTinyTrain", "switch_tiny", Map.of());
            // the block's heaviest ops alone, to see where an executor spends the block's time
            case "blockExpertMatmul" -> einsum("blockExpertMatmul", "batching_dims = [0] x [0], contracting_dims = [2] x [1]",
                    new long[] {8, 20, 768}, new long[] {8, 768, 3072}, new long[] {8, 20, 3072}, 2L * 8 * 20 * 768 * 3072);
            case "blockDispatch" -> einsum("blockDispatch", "contracting_dims = [0] x [0]",
                    new long[] {128, 8, 20}, new long[] {128, 768}, new long[] {8, 20, 768}, 2L * 128 * 8 * 20 * 768);
            case "blockCombine" -> einsum("blockCombine", "contracting_dims = [1, 2] x [0, 1]",
                    new long[] {128, 8, 20}, new long[] {8, 20, 768}, new long[] {128, 768}, 2L * 128 * 8 * 20 * 768);
            default -> throw new IllegalArgumentException("unknown workload " + name
                    + " (dot512, switchBase8Block, switchBase8BlockBf16, switchBase8Sample, switchTinySample, switchBase8Train, switchTinyTrain,"
                    + " blockExpertMatmul, blockDispatch, blockCombine)");
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

    /** One f32 {@code dot_general} with the given dimension numbers, on random operands. */
    public static Workload einsum(String name, String dims, long[] lhs, long[] rhs, long[] out, long flops) {
        String l = f32(lhs), r = f32(rhs), o = f32(out);
        String module = "func.func public @main(%a: " + l + ", %b: " + r + ") -> " + o + " {\n"
                + "  %0 = stablehlo.dot_general %a, %b, " + dims + " : (" + l + ", " + r + ") -> " + o + "\n"
                + "  return %0 : " + o + "\n}\n";
        return new Workload(name, module, List.of(random(lhs, 1), random(rhs, 2)), flops);
    }

    private static String f32(long[] shape) {
        StringBuilder t = new StringBuilder("tensor<");
        for (long d : shape) t.append(d).append('x');
        return t.append("f32>").toString();
    }

    private static HostTensor random(long[] shape, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(HostTensor.elementCount(shape))];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble(-1, 1);
        return Tensors.f32(shape, v);
    }

    /** {@link #switchBlock} with every float in bf16. */
    public static Workload switchBlockBf16(SwitchFfnBlock block) {
        return new Workload("switchBlockBf16", block.mlirBf16(), SwitchFfnInputs.random(block, 3).bf16Tensors(), block.flops());
    }

    /**
     * A sample compiled on its one-device mesh in the GSPMD form with {@code dims} overridden, on the
     * random arguments {@link DispatchLoweringTimes} uses (training false); FLOPs from the cost model.
     */
    public static Workload sample(String name, String sample, Map<String, Double> dims) {
        try {
            Path file = Path.of(System.getProperty("switchyard.root", "."), "samples", sample + ".sy");
            CheckResult checked = Frontend.check(file, CheckOptions.defaults().withMesh("single").withDimOverrides(dims));
            if (!checked.ok()) throw new IllegalStateException(checked.render());
            String module = Compiler.compile(checked.graph().orElseThrow(),
                    CompileOptions.defaults().withSharding(ShardingForm.GSPMD)).prettyText();
            long flops = CostModel.of(checked.graph().orElseThrow()).flopsPerStep();
            return new Workload(name, module, DispatchLoweringTimes.arguments(module), flops);
        } catch (Exception e) {
            throw new IllegalStateException("cannot compile " + sample + ": " + e.getMessage(), e);
        }
    }

    /**
     * The train step of a sample as {@code switchyard train} builds it (grad pass on the loss, then
     * the default optimizer and schedule), on a random starting state and one random batch;
     * FLOPs are 3× the cost model's forward (forward plus a backward of twice its work).
     */
    public static Workload train(String name, String sample, Map<String, Double> dims) {
        try {
            Path file = Path.of(System.getProperty("switchyard.root", "."), "samples", sample + ".sy");
            CheckResult checked = Frontend.check(file, CheckOptions.defaults().withMesh("single").withDimOverrides(dims));
            if (!checked.ok()) throw new IllegalStateException(checked.render());
            var forward = checked.graph().orElseThrow();
            TrainStep step = TrainStep.assemble(forward, GradPass.apply(forward, TrainStep.LOSS), TrainConfig.defaults(),
                    CompileOptions.defaults().withSharding(ShardingForm.GSPMD));
            List<HostTensor> args = new java.util.ArrayList<>(TrainRun.initialState(step, 7, 0.05));
            args.addAll(TrainRun.batches(step, 1, 8, 1.0).getFirst());
            return new Workload(name, step.prettyText(), args, 3 * CostModel.of(forward).flopsPerStep());
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the train step of " + sample + ": " + e.getMessage(), e);
        }
    }

    /** One Switch FFN sublayer forward (rms_norm, router, dispatch, experts, combine, residual). */
    public static Workload switchBlock(SwitchFfnBlock block) {
        return new Workload("switchBlock", block.mlir(), SwitchFfnInputs.random(block, 3).tensors(), block.flops());
    }
}
