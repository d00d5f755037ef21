package dev.switchyard.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.compiler.testing.MlirOpt;
import dev.switchyard.compiler.testing.StablehloOpt;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.verify.Verifier;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 1 and 2 on the real samples: every sample × both sharding forms × both dispatch
 * lowerings compiles and passes our verifier, mlir-opt and the official StableHLO verifier.
 */
class SamplesCompileTest {

    static Stream<Arguments> samplesFormsAndDispatches() {
        return Samples.ALL.stream().flatMap(s -> Stream.of(ShardingForm.values())
                .flatMap(f -> Stream.of(Dispatch.values()).map(d -> Arguments.of(s, f, d))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("samplesFormsAndDispatches")
    void compilesAndPassesOurVerifierMlirOptAndStablehloOpt(String sample, ShardingForm form, Dispatch dispatch) {
        CompiledModel m = Compiler.compile(Samples.graph(sample), CompileOptions.defaults().withSharding(form).withDispatch(dispatch));
        assertEquals(List.of(), Verifier.verify(m.module()));
        MlirOpt.check(m.genericText());
        StablehloOpt.check(m.module(), form);
    }

    /** Acceptance 2 (structure): switch_tiny's dispatched expert tensors are constrained to the expert axis. */
    @Test
    void switchTinyExpertTensorIsConstrainedToTheExpertAxis() {
        ModelGraph g = Samples.graph("switch_tiny");
        long dispatches = g.nodes().stream().filter(n -> n.op() == Primitive.MOE_DISPATCH).count();
        assertEquals(2, dispatches, "layer 1 of the encoder and of the decoder are sparse");
        for (Dispatch d : Dispatch.values()) {
            CompiledModel m = Compiler.compile(g, CompileOptions.defaults().withDispatch(d));
            int expertConstraints = 0;
            for (Operation op : m.module().function("main").orElseThrow().body().operations()) {
                if (!op.name().equals("sdy.sharding_constraint")) continue;
                String s = op.attribute("sharding").orElseThrow().text();
                // [experts, batch, capacity, d_model]: experts on the expert axis, batch on data.
                if (s.equals("#sdy.sharding<@mesh, [{\"expert\"}, {\"data\"}, {}, {}]>")) expertConstraints++;
            }
            assertEquals(dispatches, expertConstraints, d.spelling());
            assertTrue(m.genericText().contains("#sdy.mesh<[\"data\"=2, \"expert\"=2]>"));
        }
    }
}
