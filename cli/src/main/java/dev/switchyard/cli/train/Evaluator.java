package dev.switchyard.cli.train;

import dev.switchyard.compiler.CompiledModel;
import dev.switchyard.compiler.ParamSpec;
import dev.switchyard.compiler.TensorSpec;
import dev.switchyard.compiler.train.StateTensor;
import dev.switchyard.compiler.train.TrainStep;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.ResidentTensor;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Eval loss, averaged over the eval batches, on the train loop's resident state, never donating
 * it: the model's forward (compiled separately, {@code training = false}), or — for a train-step
 * artifact, which holds no forward — the train step itself, reading its {@code loss} metric (the
 * loss before the update, with {@code training} fixed to true as the step was compiled) and
 * discarding the updated state.
 */
public final class Evaluator implements AutoCloseable {
    private final Executable exe;
    private final boolean ownsExecutable;
    /** state or parameter path → argument */
    private final Map<String, Integer> arguments;
    private final List<TensorSpec> inputs;
    private final int arity;
    private final int lossResult;

    public Evaluator(CompiledModel forward, Executable exe) {
        this(exe, true, paramArguments(forward), forward.inputs(), forward.params().size() + forward.inputs().size(), lossOutput(forward));
    }

    private Evaluator(Executable exe, boolean ownsExecutable, Map<String, Integer> arguments, List<TensorSpec> inputs, int arity, int lossResult) {
        this.exe = exe;
        this.ownsExecutable = ownsExecutable;
        this.arguments = arguments;
        this.inputs = List.copyOf(inputs);
        this.arity = arity;
        this.lossResult = lossResult;
    }

    /** The eval loss of a train step run without donation on {@code exe}, the loop's own executable (not closed here). */
    public static Evaluator ofStep(TrainStep step, Executable exe) {
        Map<String, Integer> args = new LinkedHashMap<>();
        for (StateTensor s : step.state()) args.put(s.path(), s.argument());
        int loss = step.metrics().stream().filter(m -> m.name().equals(TrainStep.LOSS)).mapToInt(TensorSpec::argument).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(step.name() + " has no metric 'loss'"));
        return new Evaluator(exe, false, args, step.inputs(), step.state().size() + step.inputs().size(), loss);
    }

    private static Map<String, Integer> paramArguments(CompiledModel forward) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (ParamSpec p : forward.params()) m.put(p.path(), p.argument());
        return m;
    }

    private static int lossOutput(CompiledModel forward) {
        for (int i = 0; i < forward.outputs().size(); i++) if (forward.outputs().get(i).name().equals("loss")) return i;
        throw new IllegalArgumentException(forward.name() + " has no output 'loss'");
    }

    /** Mean loss over {@code batches} batches of {@code data} from position 0; {@code state} by path holds at least what it takes. */
    public double loss(Map<String, ResidentTensor> state, TrainingData data, int batches, long seed) throws ExecutionException {
        double sum = 0;
        int n = (int) Math.min(batches, data.batchesPerEpoch());
        for (int b = 0; b < n; b++) {
            Map<String, HostTensor> batch = data.batch(b);
            ResidentTensor[] args = new ResidentTensor[arity];
            List<ResidentTensor> uploaded = new ArrayList<>();
            for (var a : arguments.entrySet()) args[a.getValue()] = state.get(a.getKey());
            for (TensorSpec in : inputs) {
                HostTensor value = batch.containsKey(in.name()) ? batch.get(in.name())
                        : in.dtype().equals("i1") ? HostTensor.ofLongs(ElementType.I1, new long[0], 0)
                        : StepKeys.tensor(seed ^ 0x6576616CL, b);
                ResidentTensor r = exe.upload(in.argument(), value);
                uploaded.add(r);
                args[in.argument()] = r;
            }
            List<ResidentTensor> out = exe.executeResident(List.of(args), new BitSet());
            try {
                sum += out.get(lossResult).toHost().toDoubles()[0];
            } finally {
                out.forEach(ResidentTensor::close);
                uploaded.forEach(ResidentTensor::close);
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    @Override
    public void close() { if (ownsExecutable) exe.close(); }
}
