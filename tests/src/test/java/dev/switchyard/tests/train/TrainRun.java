package dev.switchyard.tests.train;

import dev.switchyard.compiler.TensorSpec;
import dev.switchyard.compiler.train.StateTensor;
import dev.switchyard.compiler.train.TrainStep;
import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.Executor;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.tests.support.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Runs a train step for a few steps the way a training loop does: the results' state is the next
 * step's state; returns every step's results. Also draws the starting state and the batches.
 */
public final class TrainRun {
    private TrainRun() {}

    static List<List<HostTensor>> run(Executor executor, TrainStep step, List<HostTensor> state, List<List<HostTensor>> batches)
            throws Exception {
        List<List<HostTensor>> out = new ArrayList<>();
        try (Executable exe = executor.compile(step.prettyText(), CompileOptions.defaults())) {
            for (List<HostTensor> batch : batches) {
                List<HostTensor> args = new ArrayList<>(state);
                args.addAll(batch);
                List<HostTensor> results = exe.execute(args);
                out.add(results);
                state = new ArrayList<>(results.subList(0, step.state().size()));
            }
        }
        return out;
    }

    /** Parameters uniform in ±scale, slots zero, step 0. */
    public static List<HostTensor> initialState(TrainStep step, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        List<HostTensor> out = new ArrayList<>();
        for (StateTensor s : step.state()) {
            long[] shape = s.shape().stream().mapToLong(Long::longValue).toArray();
            int n = Math.toIntExact(s.elementCount());
            out.add(switch (s.role()) {
                case PARAM -> random(ElementType.fromMlirName(s.dtype()).orElseThrow(), shape, n, r, scale);
                case OPTIMIZER -> HostTensor.ofDoubles(ElementType.fromMlirName(s.dtype()).orElseThrow(), shape, new double[n]);
                case STEP -> HostTensor.ofLongs(ElementType.I32, shape, 0);
            });
        }
        return out;
    }

    /** Per step, random inputs by type: floats in ±scale, integers (token ids) in [0, 4), unsigned (RNG keys) random. */
    public static List<List<HostTensor>> batches(TrainStep step, int steps, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        List<List<HostTensor>> out = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            List<HostTensor> batch = new ArrayList<>();
            for (TensorSpec in : step.inputs()) {
                long[] shape = in.shape().stream().mapToLong(Long::longValue).toArray();
                int n = Math.toIntExact(HostTensor.elementCount(shape));
                ElementType e = ElementType.fromMlirName(in.dtype()).orElseThrow();
                batch.add(switch (e) {
                    case I32, I64 -> Tensors.ints(e, shape, IntStream.range(0, n).map(i -> r.nextInt(4)).toArray());
                    case UI32, UI64 -> Tensors.ints(e, shape, r.ints(n).toArray());
                    case I1 -> Tensors.bool(shape, new boolean[n]);
                    default -> random(e, shape, n, r, scale);
                });
            }
            out.add(batch);
        }
        return out;
    }

    private static HostTensor random(ElementType e, long[] shape, int n, SplittableRandom r, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextDouble(-scale, scale);
        return HostTensor.ofDoubles(e, shape, v);
    }

    /** The name of result {@code i}: a state path or a metric name. */
    static String resultName(TrainStep step, int i) {
        if (i < step.state().size()) return step.state().get(i).path();
        Optional<TensorSpec> m = step.metrics().stream().filter(t -> t.argument() == i).findFirst();
        return m.map(TensorSpec::name).orElse("result " + i);
    }
}
