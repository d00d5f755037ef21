package dev.switchyard.cli.train;

import dev.switchyard.compiler.CompiledModel;
import dev.switchyard.compiler.ParamSpec;
import dev.switchyard.compiler.TensorSpec;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.ResidentTensor;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Eval loss: the model's forward (compiled separately, {@code training = false}) run on the train
 * loop's resident parameters, never donating them, averaged over the eval batches.
 */
public final class Evaluator implements AutoCloseable {
    private final CompiledModel forward;
    private final Executable exe;
    private final int lossOutput;

    public Evaluator(CompiledModel forward, Executable exe) {
        this.forward = forward;
        this.exe = exe;
        int loss = -1;
        for (int i = 0; i < forward.outputs().size(); i++) if (forward.outputs().get(i).name().equals("loss")) loss = i;
        if (loss < 0) throw new IllegalArgumentException(forward.name() + " has no output 'loss'");
        this.lossOutput = loss;
    }

    /** Mean loss over {@code batches} batches of {@code data} from position 0. */
    public double loss(Map<String, ResidentTensor> params, TrainingData data, int batches, long seed) throws ExecutionException {
        double sum = 0;
        int n = (int) Math.min(batches, data.batchesPerEpoch());
        for (int b = 0; b < n; b++) {
            Map<String, HostTensor> batch = data.batch(b);
            ResidentTensor[] args = new ResidentTensor[forward.params().size() + forward.inputs().size()];
            List<ResidentTensor> uploaded = new ArrayList<>();
            for (ParamSpec p : forward.params()) args[p.argument()] = params.get(p.path());
            for (TensorSpec in : forward.inputs()) {
                HostTensor value = batch.containsKey(in.name()) ? batch.get(in.name())
                        : in.dtype().equals("i1") ? HostTensor.ofLongs(ElementType.I1, new long[0], 0)
                        : StepKeys.tensor(seed ^ 0x6576616CL, b);
                ResidentTensor r = exe.upload(in.argument(), value);
                uploaded.add(r);
                args[in.argument()] = r;
            }
            List<ResidentTensor> out = exe.executeResident(List.of(args), new BitSet());
            try {
                sum += out.get(lossOutput).toHost().toDoubles()[0];
            } finally {
                out.forEach(ResidentTensor::close);
                uploaded.forEach(ResidentTensor::close);
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    @Override
    public void close() { exe.close(); }
}
