package dev.switchyard.tests.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.PrecisionOverride;
import dev.switchyard.compiler.ShardingForm;
import dev.switchyard.compiler.train.Schedule;
import dev.switchyard.compiler.train.TrainConfig;
import dev.switchyard.compiler.train.TrainStep;
import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.CheckResult;
import dev.switchyard.dsl.Frontend;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.hlo.exec.Executor;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import dev.switchyard.tests.xla.XlaCpuExecutor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Acceptance 3 (numerics): the train step of {@code switch_tiny} and of a one-layer Switch FFN
 * block (resources/train/switch_block.sy), with the real grad pass, Adafactor and dropout on, run
 * three steps (state fed back) on the interpreter and on XLA CPU: parameters, optimizer slots,
 * the step counter and every metric agree within f32 1e-5 at every step. Both in f32 throughout
 * ({@link PrecisionOverride}): switch_tiny is declared bf16, where the two backends round
 * differently (XLA keeps excess precision across converts), which is a bf16 ulp, not a bug.
 */
class SampleTrainStepXlaTest {
    private static final Executor INTERP = new ReferenceExecutor();
    private static final Executor XLA = new XlaCpuExecutor();

    @AfterAll
    static void close() {
        INTERP.close();
        XLA.close();
    }

    static Path model(String name) {
        Path root = Path.of(System.getProperty("switchyard.root", ".."));
        return name.equals("switch_block") ? root.resolve("tests/src/test/resources/train/switch_block.sy")
                : root.resolve("samples/" + name + ".sy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"switch_block", "switch_tiny"})
    void threeTrainStepsAgreeOnInterpreterAndXla(String name) throws Exception {
        CheckResult r = Frontend.check(model(name), CheckOptions.defaults().withMesh("single"));
        assertTrue(r.ok(), r::render);
        ModelGraph graph = PrecisionOverride.apply(r.graph().orElseThrow(), ElemType.F32);
        TrainConfig config = TrainConfig.defaults().withSchedule(new Schedule.Constant(1e-2));
        TrainStep step = TrainStep.compile(graph, config, CompileOptions.defaults().withSharding(ShardingForm.GSPMD));
        assertTrue(step.trainingInput().isPresent(), "dropout is on inside the step");
        List<HostTensor> state = TrainRun.initialState(step, 3, 0.5);
        List<List<HostTensor>> batches = TrainRun.batches(step, 3, 4, 1.0);
        List<List<HostTensor>> interp = TrainRun.run(INTERP, step, state, batches);
        List<List<HostTensor>> xla = TrainRun.run(XLA, step, state, batches);
        TrainStepXlaTest.assertAgree(step, interp, xla);
        for (int i = 0; i < step.state().size() - 1; i++) {
            if (step.state().get(i).role() != dev.switchyard.compiler.train.StateTensor.Role.PARAM) continue;
            assertTrue(!java.util.Arrays.equals(state.get(i).toDoubles(), interp.get(2).get(i).toDoubles()),
                    step.state().get(i).path() + " is trained (the agreement is not that of an idle step)");
        }
    }
}
