package dev.switchyard.compiler.train;

import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.TensorSpec;
import dev.switchyard.dsl.graph.Mesh;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.hlo.ir.GenericPrinter;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.PrettyPrinter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A compiled training step: {@code @main(state…, inputs…) → (state…, metrics…)} where the state is
 * every parameter, every optimizer slot and the step counter, in that order, and state result
 * {@code i} is the update of state argument {@code i} (which is donated to it). See
 * {@code docs/compiler.md}, "The train step".
 *
 * @param name           the model's name
 * @param module         the StableHLO module
 * @param config         optimizer, schedule and clipping it was built with
 * @param state          the state tensors, in argument order (= result order)
 * @param inputs         the per-step inputs (the forward's inputs but {@code training}), with their argument positions
 * @param metrics        scalar results after the state: the forward's scalar outputs, then {@code grad_norm} and {@code learning_rate}
 * @param trainingInput  the forward input fixed to {@code true} inside the step, if the forward has one
 * @param mesh           the mesh after {@code --mesh-shape}
 * @param options        the compile options
 * @param teacher        a distillation step's teacher parameters (by path), with their argument positions after the
 *                       inputs: read only (never donated, not returned); empty without a teacher
 */
public record TrainStep(String name, ModuleOp module, TrainConfig config, List<StateTensor> state, List<TensorSpec> inputs,
                        List<TensorSpec> metrics, Optional<String> trainingInput, Mesh mesh, CompileOptions options,
                        List<TensorSpec> teacher) {

    /** The metric names the step adds after the forward's scalar outputs. */
    public static final String GRAD_NORM = "grad_norm", LEARNING_RATE = "learning_rate";

    public TrainStep {
        state = List.copyOf(state);
        inputs = List.copyOf(inputs);
        metrics = List.copyOf(metrics);
        teacher = List.copyOf(teacher);
    }

    /** A step without a teacher. */
    public TrainStep(String name, ModuleOp module, TrainConfig config, List<StateTensor> state, List<TensorSpec> inputs,
                     List<TensorSpec> metrics, Optional<String> trainingInput, Mesh mesh, CompileOptions options) {
        this(name, module, config, state, inputs, metrics, trainingInput, mesh, options, List.of());
    }

    /**
     * Assembles the train step from {@code withGrads}, a graph satisfying the grad pass's contract
     * for {@code forward}: the same parameters and inputs, outputs = the forward's outputs followed
     * by {@code grad/PATH} for every parameter in parameter order (elem f32 for a bf16/f16 parameter,
     * else the parameter's; sharded like it).
     */
    public static TrainStep assemble(ModelGraph forward, ModelGraph withGrads, TrainConfig config, CompileOptions options) {
        return TrainStepAssembly.assemble(forward, withGrads, config, options);
    }

    /**
     * The grad pass as the train step uses it: {@code apply(forward, loss)} returns a graph with
     * the contract of {@link #assemble}'s {@code withGrads}.
     */
    @FunctionalInterface
    public interface Differentiator {
        ModelGraph apply(ModelGraph forward, String lossOutput);
    }

    /** Checks the objective, differentiates {@code forward} with {@code grad} and assembles the step. */
    public static TrainStep compile(ModelGraph forward, Differentiator grad, TrainConfig config, CompileOptions options) {
        requireLoss(forward);
        return assemble(forward, grad.apply(forward, LOSS), config, options);
    }

    /** {@link #compile(ModelGraph, Differentiator, TrainConfig, CompileOptions)} with the build's grad pass ({@link Gradients#pass()}). */
    public static TrainStep compile(ModelGraph forward, TrainConfig config, CompileOptions options) {
        return compile(forward, Gradients.pass(), config, options);
    }

    /**
     * The distillation step (docs/training.md, "Distillation"): {@code student}'s loss becomes
     * {@link Distillation#objective} with weight {@code alpha} on the hard labels, differentiated by
     * {@code grad}; {@code teacher}'s inference forward runs in the same module and feeds it.
     */
    public static TrainStep compileDistilled(ModelGraph student, ModelGraph teacher, double alpha, Differentiator grad,
                                             TrainConfig config, CompileOptions options) {
        return compileDistilled(student, teacher, alpha, Distillation.DEFAULT_TEMPERATURE, grad, config, options);
    }

    /** As above, the soft term at {@code temperature} ({@link Distillation#objective(ModelGraph, double, double)}). */
    public static TrainStep compileDistilled(ModelGraph student, ModelGraph teacher, double alpha, double temperature, Differentiator grad,
                                             TrainConfig config, CompileOptions options) {
        requireLoss(student);
        Distillation.teacherForward(teacher, student); // fail on a mismatch before differentiating
        ModelGraph objective = Distillation.objective(student, alpha, temperature);
        return TrainStepAssembly.assemble(objective, grad.apply(objective, LOSS), config, options, Optional.of(teacher));
    }

    /** Argument positions of the teacher's parameters (never donated). */
    public List<Integer> teacherArguments() { return teacher.stream().map(TensorSpec::argument).toList(); }

    /** The output the step minimises. */
    public static final String LOSS = "loss";

    /** Fails with a {@link dev.switchyard.compiler.CompileException} naming the outputs when {@code forward} has no scalar float {@code loss}. */
    public static void requireLoss(ModelGraph forward) { TrainStepAssembly.requireLoss(forward); }

    public long numPartitions() { return mesh.devices(); }

    /** The module in MLIR's generic form. */
    public String genericText() { return GenericPrinter.print(module); }

    /** The module in StableHLO's pretty form. */
    public String prettyText() { return PrettyPrinter.print(module); }

    public List<StateTensor> state(StateTensor.Role role) { return state.stream().filter(s -> s.role() == role).toList(); }

    /** Argument positions of the state tensors (all donated). */
    public List<Integer> stateArguments() { return state.stream().map(StateTensor::argument).toList(); }

    /** Argument positions of the per-step inputs. */
    public List<Integer> inputArguments() { return inputs.stream().map(TensorSpec::argument).toList(); }

    /** Result positions of the metrics. */
    public List<Integer> metricResults() { return metrics.stream().map(TensorSpec::argument).toList(); }

    /** For each {@code @main} argument, the result it is donated to, or -1 (per-step inputs, teacher parameters). */
    public int[] aliasedResults() {
        int[] out = new int[state.size() + inputs.size() + teacher.size()];
        java.util.Arrays.fill(out, -1);
        for (StateTensor s : state) out[s.argument()] = s.result();
        return out;
    }

    /** Optimizer-slot bytes, all devices together. */
    public long optimizerStateBytes() { return bytes(state(StateTensor.Role.OPTIMIZER), false); }

    /** Optimizer-slot bytes on one device. */
    public long optimizerStateBytesPerDevice() { return bytes(state(StateTensor.Role.OPTIMIZER), true); }

    /** Parameters + optimizer slots + step counter, on one device. */
    public long stateBytesPerDevice() { return bytes(state, true); }

    private long bytes(List<StateTensor> ts, boolean perDevice) {
        long n = 0;
        for (StateTensor t : ts) n += perDevice ? t.bytesPerDevice(mesh) : t.bytes();
        return n;
    }

    /** The metric names in result order. */
    public List<String> metricNames() {
        List<String> out = new ArrayList<>();
        for (TensorSpec m : metrics) out.add(m.name());
        return out;
    }
}
