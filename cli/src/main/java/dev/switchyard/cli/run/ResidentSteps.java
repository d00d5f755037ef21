package dev.switchyard.cli.run;

import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.ResidentTensor;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * {@code run --steps N} on resident arguments: parameters and inputs are uploaded once and stay in
 * the executor's memory (interpreter tensors, PJRT device buffers); each step executes on them
 * without donating any and fetches its outputs, so a step's time is the execute plus the outputs'
 * copy to the host, not the parameters' upload.
 */
public final class ResidentSteps {
    private ResidentSteps() {}

    /**
     * @param nanos      per step, filled in
     * @param fetch      copy the outputs to the host (false: a process of a job that prints nothing)
     * @param afterStep  called with the number of steps done
     * @return the last step's outputs on the host, or an empty list when {@code fetch} is false
     */
    public static List<HostTensor> run(Executable exe, List<HostTensor> arguments, long[] nanos, boolean fetch, IntConsumer afterStep)
            throws ExecutionException {
        List<ResidentTensor> resident = new ArrayList<>(arguments.size());
        try {
            for (int i = 0; i < arguments.size(); i++) resident.add(exe.upload(i, arguments.get(i)));
            List<HostTensor> outputs = List.of();
            BitSet keep = new BitSet(); // nothing donated: every step reads the same arguments
            for (int s = 0; s < nanos.length; s++) {
                long t0 = System.nanoTime();
                List<ResidentTensor> results = exe.executeResident(resident, keep);
                try {
                    if (fetch) {
                        List<HostTensor> host = new ArrayList<>(results.size());
                        for (ResidentTensor r : results) host.add(r.toHost());
                        outputs = host;
                    }
                } finally {
                    results.forEach(ResidentTensor::close);
                }
                nanos[s] = System.nanoTime() - t0;
                afterStep.accept(s + 1);
            }
            return outputs;
        } finally {
            resident.forEach(ResidentTensor::close);
        }
    }
}
