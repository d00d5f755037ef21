package dev.switchyard.tests.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.ShardingForm;
import dev.switchyard.compiler.train.Optimizer;
import dev.switchyard.compiler.train.Schedule;
import dev.switchyard.compiler.train.TrainConfig;
import dev.switchyard.compiler.train.TrainStep;
import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.CheckResult;
import dev.switchyard.dsl.Frontend;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Output;
import dev.switchyard.dsl.graph.Param;
import dev.switchyard.hlo.exec.Executor;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import dev.switchyard.tests.support.Closeness;
import dev.switchyard.tests.xla.XlaCpuExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The emitted train step, run for three steps (state fed back) by the interpreter and by XLA on
 * the CPU: every parameter, optimizer slot, the step counter and every metric agree within f32
 * 1e-5 at every step. Here the gradients are exact by construction (loss = Σ w·g); the samples'
 * real gradients need the grad pass.
 */
class TrainStepXlaTest {

    private static final Executor INTERP = new ReferenceExecutor();
    private static final Executor XLA = new XlaCpuExecutor();

    @AfterAll
    static void close() {
        INTERP.close();
        XLA.close();
    }

    static final String HAND = """
            model hand
            dim n = 4
            dim big = 256
            dim small = 128
            dim experts = 2
            dim d_model = 128
            dim d_ff = 256
            block forward(gv: f32[n], gm: f32[big, small], ge: f32[experts, d_model, d_ff], training: bool[]) {
              param v: f32[n] = zeros
              param m: f32[big, small] = zeros
              param k: f32[experts, d_model, d_ff] = zeros
              let gvt = where(training, gv, 0.0 * gv)
              return (loss = sum(v * gvt) + sum(m * gm) + sum(k * ge), gv_out = gvt, gm_out = gm, ge_out = ge)
            }
            """;

    /** The forward and its hand-made gradient graph (outputs renamed grad/PATH as the grad pass's contract says). */
    static TrainStep handStep(TrainConfig config) {
        CheckResult r = Frontend.checkText("hand.sy", HAND, CheckOptions.defaults());
        assertTrue(r.ok(), r::render);
        ModelGraph g = r.graph().orElseThrow();
        Map<String, String> grads = Map.of("v", "gv_out", "m", "gm_out", "k", "ge_out");
        List<Output> fwd = g.outputs().stream().filter(o -> !grads.containsValue(o.name())).toList();
        List<Output> all = new ArrayList<>(fwd);
        for (Param p : g.params()) {
            all.add(new Output("grad/" + p.path(), g.outputs().stream().filter(o -> o.name().equals(grads.get(p.path()))).findFirst().orElseThrow().value()));
        }
        ModelGraph forward = new ModelGraph(g.name(), g.mesh(), g.layout(), g.params(), g.inputs(), g.nodes(), fwd);
        ModelGraph withGrads = new ModelGraph(g.name(), g.mesh(), g.layout(), g.params(), g.inputs(), g.nodes(), all);
        return TrainStep.assemble(forward, withGrads, config, CompileOptions.defaults().withSharding(ShardingForm.GSPMD));
    }

    static Stream<TrainConfig> configs() {
        return Stream.of(TrainConfig.defaults().withSchedule(new Schedule.Rsqrt(0.5, 2)),
                new TrainConfig(Optimizer.AdamW.defaults(), new Schedule.WarmupCosine(1e-2, 1, 4, 0.1), 0),
                new TrainConfig(new Optimizer.Sgd(), new Schedule.Constant(0.1), 5.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void threeStepsAgreeOnInterpreterAndXla(TrainConfig config) throws Exception {
        TrainStep step = handStep(config);
        List<HostTensor> state = TrainRun.initialState(step, 7, 0.1);
        List<List<HostTensor>> batches = TrainRun.batches(step, 3, 8, 1.0);
        List<List<HostTensor>> interp = TrainRun.run(INTERP, step, state, batches);
        List<List<HostTensor>> xla = TrainRun.run(XLA, step, state, batches);
        assertAgree(step, interp, xla);
    }

    static void assertAgree(TrainStep step, List<List<HostTensor>> interp, List<List<HostTensor>> xla) {
        for (int s = 0; s < interp.size(); s++) {
            assertEquals(xla.get(s).size(), interp.get(s).size());
            for (int i = 0; i < interp.get(s).size(); i++) {
                Optional<String> d = Closeness.compare(interp.get(s).get(i), xla.get(s).get(i), 1e-5);
                int at = i, stepNo = s + 1;
                assertEquals(Optional.empty(), d, () -> "step " + stepNo + ", " + TrainRun.resultName(step, at));
            }
        }
    }
}
