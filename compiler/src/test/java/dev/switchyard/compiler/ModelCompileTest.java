package dev.switchyard.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.compiler.testing.MlirOpt;
import dev.switchyard.compiler.testing.TransformerGraphs;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.hlo.ir.Operation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Whole Switch / T5 graphs: the signature, both sharding forms through mlir-opt, the expert constraint. */
class ModelCompileTest {

    static ModelGraph tinySwitch() {
        return TransformerGraphs.build(new TransformerGraphs.Config("switch_tiny", 8, 16, 2, 4, 2, 2, 4, 2, 32, 2, 8, 4,
                Map.of("data", 2L, "expert", 2L)));
    }

    @ParameterizedTest
    @EnumSource(ShardingForm.class)
    void tinySwitchCompilesAndPassesMlirOpt(ShardingForm form) {
        for (Dispatch d : Dispatch.values()) {
            CompiledModel m = Compiler.compile(tinySwitch(), CompileOptions.defaults().withSharding(form).withDispatch(d));
            MlirOpt.check(m.genericText());
            assertEquals(List.of(), dev.switchyard.hlo.verify.Verifier.verify(m.module()), form + " " + d);
        }
    }

    @Test
    void mainTakesParametersThenInputsAndReturnsOutputs() {
        ModelGraph g = tinySwitch();
        CompiledModel m = Compiler.compile(g, CompileOptions.defaults());
        var main = m.module().function("main").orElseThrow();
        int p = g.params().size();
        assertEquals(p + 2, main.arguments().size());
        assertEquals("shared", m.params().get(0).path());
        assertEquals(0, m.params().get(0).argument());
        assertEquals(List.of("src", "tgt"), m.inputs().stream().map(TensorSpec::name).toList());
        assertEquals(p, m.inputs().get(0).argument());
        assertEquals(List.of("batch", "seq"), m.inputs().get(0).dims());
        assertEquals(List.of(List.of("data"), List.of()), m.inputs().get(0).sharding());
        assertEquals(List.of("logits", "aux_loss", "z_loss"), m.outputs().stream().map(TensorSpec::name).toList());
        ParamSpec wi = m.params().stream().filter(s -> s.path().equals("encoder.layer_1.mlp.experts.wi")).findFirst().orElseThrow();
        assertEquals(List.of("experts", "d_model", "d_ff"), wi.dims());
        assertEquals(List.of(4L, 8L, 16L), wi.shape());
        assertEquals(List.of(List.of("expert"), List.of(), List.of()), wi.sharding());
        assertEquals(4 * 8 * 16 * 2, wi.bytes());
        assertEquals("truncated_normal(0.1, 8)", wi.initializer());
        assertEquals("bf16", wi.dtype());
        assertTrue(main.argumentAttributes(wi.argument()).get("sdy.sharding").orElseThrow().text().contains("[{\"expert\"}, {}, {}]"));
    }

    /** The pretty form (what {@code model.mlir} holds) reads back to the same module as the generic form. */
    @ParameterizedTest
    @EnumSource(ShardingForm.class)
    void prettyFormParsesBackToTheSameModule(ShardingForm form) throws Exception {
        CompiledModel m = Compiler.compile(tinySwitch(), CompileOptions.defaults().withSharding(form));
        var parsed = dev.switchyard.hlo.ir.HloParser.parse(m.prettyText(), "pretty.mlir");
        assertEquals(m.genericText(), dev.switchyard.hlo.ir.GenericPrinter.print(parsed));
    }

    /** Acceptance 2 (structure): every dispatched expert tensor is pinned to the expert split. */
    @ParameterizedTest
    @EnumSource(Dispatch.class)
    void dispatchedExpertTensorCarriesTheExpertAxisConstraint(Dispatch d) {
        CompiledModel m = Compiler.compile(tinySwitch(), CompileOptions.defaults().withDispatch(d));
        String producer = d == Dispatch.GATHER ? "stablehlo.scatter" : "stablehlo.reshape";
        int constrained = 0;
        for (Operation op : m.module().function("main").orElseThrow().body().operations()) {
            if (!op.name().equals("sdy.sharding_constraint")) continue;
            String s = op.attribute("sharding").orElseThrow().text();
            if (s.startsWith("#sdy.sharding<@mesh, [{\"expert\"}, {\"data\"}, {}, {}]>")) {
                constrained++;
                if (d == Dispatch.GATHER) assertEquals(producer, op.operand(0).definingOp().orElseThrow().name());
            }
        }
        assertEquals(2, constrained, "one constraint per sparse layer (layer 1 of encoder and decoder)");
    }
}
