package dev.switchyard.tests.differential;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.Executor;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.tests.support.Closeness;
import dev.switchyard.tests.support.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Runs one module through two executors and says, readably, where their results differ. */
public final class Differential {

    private static final int SHOWN_ELEMENTS = 32;

    private Differential() {}

    /** The outputs of {@code module} on {@code executor}. */
    public static List<HostTensor> run(Executor executor, String module, List<HostTensor> inputs) throws ExecutionException {
        try (Executable exe = executor.compile(module, CompileOptions.defaults())) {
            return exe.execute(inputs);
        }
    }

    /**
     * Empty when every output agrees within {@link Tolerance}; otherwise a report with the module,
     * the inputs and both executors' outputs.
     */
    public static Optional<String> disagreement(String module, List<HostTensor> inputs,
                                                Executor subject, List<HostTensor> subjectOut,
                                                Executor oracle, List<HostTensor> oracleOut) {
        List<String> problems = new ArrayList<>();
        if (subjectOut.size() != oracleOut.size()) {
            problems.add(subject.name() + " returned " + subjectOut.size() + " results, " + oracle.name() + " " + oracleOut.size());
        } else {
            for (int i = 0; i < subjectOut.size(); i++) {
                int index = i;
                HostTensor s = subjectOut.get(i);
                HostTensor o = oracleOut.get(i);
                Closeness.compare(s, o, tolerance(module, o.elementType()))
                        .ifPresent(d -> problems.add("result " + index + ": " + d));
            }
        }
        if (problems.isEmpty()) return Optional.empty();
        StringBuilder r = new StringBuilder();
        r.append(subject.name()).append(" and ").append(oracle.name()).append(" disagree: ")
                .append(String.join("; ", problems)).append("\nmodule:\n").append(module);
        for (int i = 0; i < inputs.size(); i++) r.append("\ninput ").append(i).append(": ").append(show(inputs.get(i)));
        for (int i = 0; i < subjectOut.size(); i++) r.append("\n").append(subject.name()).append(" result ").append(i).append(": ").append(show(subjectOut.get(i)));
        for (int i = 0; i < oracleOut.size(); i++) r.append("\n").append(oracle.name()).append(" result ").append(i).append(": ").append(show(oracleOut.get(i)));
        return Optional.of(r.toString());
    }

    /**
     * The tolerance of the result's type, loosened to bf16's or f16's when the module computes in
     * them: XLA on the CPU keeps excess precision across a convert (xla_allow_excess_precision),
     * so an f32 result of a bf16 tanh may miss the bf16 rounding the spec asks for.
     */
    static double tolerance(String module, dev.switchyard.hlo.tensor.ElementType result) {
        double t = Tolerance.of(result);
        if (!result.isFloat()) return t;
        if (module.contains("bf16>")) t = Math.max(t, Tolerance.of(dev.switchyard.hlo.tensor.ElementType.BF16));
        if (java.util.regex.Pattern.compile("[x<]f16>").matcher(module).find()) t = Math.max(t, Tolerance.of(dev.switchyard.hlo.tensor.ElementType.F16));
        return t;
    }

    public static String show(HostTensor t) {
        String values;
        if (t.elementType().isFloat() || t.elementType() == dev.switchyard.hlo.tensor.ElementType.I1) {
            double[] v = Tensors.toDoubles(t);
            values = Arrays.toString(Arrays.copyOf(v, Math.min(v.length, SHOWN_ELEMENTS)));
        } else if (t.elementType().isInteger()) {
            long[] v = Tensors.toLongs(t);
            values = Arrays.toString(Arrays.copyOf(v, Math.min(v.length, SHOWN_ELEMENTS)));
        } else {
            double[] v = Tensors.toDoubles(Closeness.parts(t));
            values = "(re, im interleaved) " + Arrays.toString(Arrays.copyOf(v, Math.min(v.length, 2 * SHOWN_ELEMENTS)));
        }
        return t.elementType() + Arrays.toString(t.shape()) + " " + values + (t.elementCount() > SHOWN_ELEMENTS ? " ..." : "");
    }
}
