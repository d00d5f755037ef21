package dev.switchyard.compiler.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.compiler.CompileException;
import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.ShardingForm;
import dev.switchyard.compiler.testing.MlirOpt;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.verify.Verifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The train step's signature, donation, shardings and Switchyard's Adafactor factoring rule. */
class TrainStepStructureTest {

    static List<Dim> dims(String... spec) {
        List<Dim> out = new ArrayList<>();
        for (String s : spec) {
            String[] kv = s.split("=");
            out.add(new Dim(kv[0], Long.parseLong(kv[1])));
        }
        return out;
    }

    static AdafactorFactoring rule(String... spec) { return AdafactorFactoring.of(dims(spec), Optimizer.Adafactor.defaults()); }

    /** The examples of training.md, "Switchyard's rule". */
    @Test
    void factoringRuleFollowsTrainingMdExamples() {
        assertEquals(new AdafactorFactoring(List.of(), 0, List.of(1), true), rule("vocab=32128", "d_model=768"));
        assertEquals(new AdafactorFactoring(List.of(), 0, List.of(1, 2), true), rule("d_model=768", "heads=12", "d_kv=64"));
        assertEquals(new AdafactorFactoring(List.of(0), 2, List.of(1), true), rule("experts=8", "d_model=768", "d_ff=3072"));
        assertFalse(rule("d_model=768", "experts=8").factored(), "router: group of 8");
        assertEquals(List.of(), rule("d_model=768", "experts=8").batch(), "experts is a batch dim only when it leads");
        assertFalse(rule("rel_buckets=32", "heads=12").factored());
        assertFalse(rule("d_model=768").factored());
        assertEquals(0, rule("a=128", "b=128").d0(), "ties go to the earliest dim");
        assertFalse(rule("a=4096", "b=127").factored(), "both parts must be at least 128");
        assertFalse(AdafactorFactoring.of(dims("a=256", "b=256"), new Optimizer.Adafactor(0.8, 1, true, false, 128, 1e-30, 1e-3)).factored());
    }

    static final String SHARDED = """
            model sharded
            dim batch = 4
            dim d_model = 128
            dim d_ff = 256
            dim experts = 2
            mesh default { data = 2, expert = 2 }
            layout {
              batch -> data
              experts -> expert
            }
            block forward(x: f32[batch, d_model], gk: f32[experts, d_model, d_ff], key: u32[rng_key], training: bool[]) {
              param k: f32[experts, d_model, d_ff] = normal(0.1)
              param b: f32[d_model] = zeros
              let h = sum(x, batch)
              return (hidden = h, loss = sum(k * gk) + sum(b * h), gk_out = gk, gb_out = h)
            }
            """;

    static TrainStep sharded(ShardingForm form) {
        HandGrads.Pair p = HandGrads.of(SHARDED, Map.of("k", "gk_out", "b", "gb_out"));
        return TrainStep.assemble(p.forward(), p.withGrads(), TrainConfig.defaults(), CompileOptions.defaults().withSharding(form));
    }

    @ParameterizedTest
    @EnumSource(ShardingForm.class)
    void stateIsDonatedAndKeepsItsShardingInAndOut(ShardingForm form) {
        TrainStep ts = sharded(form);
        assertEquals(List.of("k", "b", "opt/k/r", "opt/k/c", "opt/b/v", "step"), ts.state().stream().map(StateTensor::path).toList());
        assertEquals(List.of(List.of("expert"), List.of()), ts.state().get(2).sharding(), "R of k stays split over the expert axis");
        assertEquals(List.of(List.of("expert"), List.of()), ts.state().get(3).sharding(), "C of k too");
        assertEquals(List.of("x", "gk", "key"), ts.inputs().stream().map(dev.switchyard.compiler.TensorSpec::name).toList());
        assertEquals(List.of(6, 7, 8), ts.inputArguments());
        assertEquals(List.of("loss", TrainStep.GRAD_NORM, TrainStep.LEARNING_RATE), ts.metricNames(), "only scalar outputs are metrics");
        assertEquals(List.of(6, 7, 8), ts.metricResults());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, -1, -1, -1), java.util.Arrays.stream(ts.aliasedResults()).boxed().toList());

        FuncOp main = ts.module().function("main").orElseThrow();
        assertEquals(1, ts.module().functions().size(), "the forward-backward body is inlined");
        String shardingKey = form == ShardingForm.SHARDY ? "sdy.sharding" : "mhlo.sharding";
        for (StateTensor s : ts.state()) {
            Attribute.DictionaryAttr args = main.argumentAttributes(s.argument());
            assertEquals(Attribute.IntegerAttr.i32(s.result()).text(), get(args, "tf.aliasing_output").text(), s.path());
            assertEquals(get(args, shardingKey).text(), get(main.resultAttributes(s.result()), shardingKey).text(), s.path() + " in and out");
            assertEquals(main.type().inputs().get(s.argument()), main.type().results().get(s.result()), s.path());
        }
        for (int a : ts.inputArguments()) assertTrue(get(main.argumentAttributes(a), "tf.aliasing_output") == null, "inputs are not donated");
        assertEquals(List.of(), Verifier.verify(ts.module()));
        String text = MlirOpt.check(ts.genericText());
        assertTrue(text.contains("tf.aliasing_output = 0 : i32"), "mlir-opt keeps the donation");
    }

    static Attribute get(Attribute.DictionaryAttr d, String name) {
        for (var e : d.entries()) if (e.name().equals(name)) return e.value();
        return null;
    }

    @Test
    void aModelWithoutLossIsAClearError() {
        HandGrads.Pair p = HandGrads.of(SHARDED.replace("loss =", "objective ="), Map.of("k", "gk_out", "b", "gb_out"));
        CompileException e = assertThrows(CompileException.class,
                () -> TrainStep.assemble(p.forward(), p.withGrads(), TrainConfig.defaults(), CompileOptions.defaults()));
        assertTrue(e.getMessage().contains("no") && e.getMessage().contains("objective: f32[]") && e.getMessage().contains("hidden: f32[d_model=128]"),
                e.getMessage());
    }
}
