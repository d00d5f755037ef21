package dev.switchyard.compiler.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.testing.MlirOpt;
import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.CheckResult;
import dev.switchyard.dsl.Frontend;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.verify.Verifier;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Acceptance 3 (structure): the train step of every sample, with the real grad pass, verifies and
 * passes mlir-opt; every state tensor is donated to its own result with the same sharding, and
 * an expert kernel's optimizer slots stay split on the expert axis.
 */
class SamplesTrainStepTest {

    @ParameterizedTest
    @ValueSource(strings = {"switch_tiny", "moe_top2", "t5_base", "switch_base_8", "switch_base_128", "switch_large_128", "switch_c_2048"})
    void trainStepVerifiesAndPassesMlirOpt(String sample) {
        CheckResult r = Frontend.check(Path.of(System.getProperty("switchyard.root", ".."), "samples", sample + ".sy"), CheckOptions.defaults());
        assertTrue(r.ok(), r::render);
        ModelGraph g = r.graph().orElseThrow();
        TrainStep ts = TrainStep.compile(g, TrainConfig.defaults(), CompileOptions.defaults());
        assertEquals(java.util.List.of(), Verifier.verify(ts.module()));
        MlirOpt.check(ts.genericText());

        FuncOp main = ts.module().function("main").orElseThrow();
        assertEquals(ts.state().size() + ts.inputs().size(), main.type().inputs().size());
        assertEquals(ts.state().size() + ts.metrics().size(), main.type().results().size());
        for (StateTensor s : ts.state()) {
            String in = main.argumentAttributes(s.argument()).entries().stream().filter(e -> e.name().equals("sdy.sharding"))
                    .findFirst().orElseThrow().value().text();
            String out = main.resultAttributes(s.result()).entries().stream().filter(e -> e.name().equals("sdy.sharding"))
                    .findFirst().orElseThrow().value().text();
            assertEquals(in, out, s.path());
            assertTrue(main.argumentAttributes(s.argument()).entries().stream()
                    .anyMatch(e -> e.name().equals("tf.aliasing_output") && e.value().equals(Attribute.IntegerAttr.i32(s.result()))), s.path());
        }
        // Every optimizer slot keeps its parameter's split on each dim it keeps (R of an expert kernel on experts).
        for (StateTensor s : ts.state(StateTensor.Role.OPTIMIZER)) {
            StateTensor param = ts.state().stream().filter(p -> p.path().equals(s.param())).findFirst().orElseThrow();
            for (int d = 0; d < s.dims().size(); d++) {
                int inParam = param.dims().indexOf(s.dims().get(d));
                assertEquals(param.sharding().get(inParam), s.sharding().get(d), s.path() + " dim " + s.dims().get(d));
            }
        }
    }
}
