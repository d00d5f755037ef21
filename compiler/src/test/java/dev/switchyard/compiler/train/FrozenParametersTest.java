package dev.switchyard.compiler.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A frozen parameter is carried through the step unchanged (the very bits), owns no optimizer
 * slot, and its gradient is not in the global norm; the others train as without freezing.
 */
class FrozenParametersTest {

    static final String MODEL = """
            model frozen
            dim n = 3
            dim m = 4
            block forward(gv: f32[n], gw: f32[m], training: bool[]) {
              param v: f32[n] = ones
              param w: f32[m] = ones
              return (loss = sum(v * gv) + sum(w * gw), gv_out = gv, gw_out = gw)
            }
            """;

    static List<HostTensor> step(TrainStep ts, double[] gv, double[] gw) throws Exception {
        List<HostTensor> args = new ArrayList<>();
        for (StateTensor s : ts.state()) {
            long[] shape = s.shape().stream().mapToLong(Long::longValue).toArray();
            args.add(switch (s.role()) {
                case PARAM -> HostTensor.ofDoubles(ElementType.F32, shape, s.param().equals("v") ? new double[] {0.3, -0.7, 1.1}
                        : new double[] {0.5, 0.25, -2, 4});
                case OPTIMIZER -> HostTensor.zeros(ElementType.F32, shape);
                case STEP -> HostTensor.ofLongs(ElementType.I32, new long[0], 0);
            });
        }
        args.add(HostTensor.ofDoubles(ElementType.F32, new long[] {3}, gv));
        args.add(HostTensor.ofDoubles(ElementType.F32, new long[] {4}, gw));
        try (ReferenceExecutor ex = new ReferenceExecutor();
             Executable exe = ex.compile(ts.genericText(), dev.switchyard.hlo.exec.CompileOptions.defaults())) {
            return exe.execute(args);
        }
    }

    @Test
    void frozenParameterIsUnchangedSlotlessAndOutOfTheNorm() throws Exception {
        HandGrads.Pair p = HandGrads.of(MODEL, Map.of("v", "gv_out", "w", "gw_out"));
        TrainConfig sgd = new TrainConfig(new Optimizer.Sgd(), new Schedule.Constant(0.1), 0);
        TrainStep all = TrainStep.assemble(p.forward(), p.withGrads(), TrainConfig.defaults(), CompileOptions.defaults());
        TrainStep frozen = TrainStep.assemble(p.forward(), p.withGrads(), TrainConfig.defaults().withFrozen(Set.of("v")), CompileOptions.defaults());
        assertEquals(List.of("v", "w", "opt/v/v", "opt/w/v", "step"), all.state().stream().map(StateTensor::path).toList());
        assertEquals(List.of("v", "w", "opt/w/v", "step"), frozen.state().stream().map(StateTensor::path).toList(), "no slot for v");

        Random r = new Random(3);
        double[] gv = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()}, gw = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), 3};
        List<HostTensor> a = step(all, gv, gw), f = step(frozen, gv, gw);
        HostTensor v0 = HostTensor.ofDoubles(ElementType.F32, new long[] {3}, 0.3, -0.7, 1.1);
        assertEquals(v0, f.get(0), "frozen v: the same bits");
        assertNotEquals(v0, a.get(0), "v trains when not frozen");
        assertEquals(a.get(1), f.get(1), "w updates as without freezing (Adafactor is per tensor)");
        double normW = 0;
        for (double g : gw) normW += (float) g * (float) g;
        int gradNorm = frozen.metricNames().indexOf(TrainStep.GRAD_NORM);
        assertEquals(Math.sqrt(normW), f.get(frozen.metrics().get(gradNorm).argument()).toDoubles()[0], 1e-6, "the norm of w's gradient only");

        TrainStep sgdFrozen = TrainStep.assemble(p.forward(), p.withGrads(), sgd.withFrozen(Set.of("w")), CompileOptions.defaults());
        List<HostTensor> s = step(sgdFrozen, gv, gw);
        double[] v1 = s.get(0).toDoubles();
        double[] v = {0.3, -0.7, 1.1};
        for (int i = 0; i < 3; i++) assertEquals((float) v[i] - 0.1f * (float) gv[i], v1[i], 1e-6, "SGD on v: v − lr · g");
        assertEquals(HostTensor.ofDoubles(ElementType.F32, new long[] {4}, 0.5, 0.25, -2, 4), s.get(1), "frozen w");
    }
}
