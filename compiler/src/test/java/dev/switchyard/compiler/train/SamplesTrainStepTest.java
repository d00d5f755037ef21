package dev.switchyard.compiler.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.Dispatch;
import dev.switchyard.compiler.ShardingForm;
import dev.switchyard.compiler.testing.MlirOpt;
import dev.switchyard.compiler.testing.StablehloOpt;
import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.CheckResult;
import dev.switchyard.dsl.Frontend;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.verify.Verifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 3 (structure): the train step of every sample under {@code samples/}, with the real
 * grad pass, in both sharding forms and both dispatch lowerings, passes our verifier, mlir-opt and
 * the official StableHLO verifier (stablehlo-opt); every state tensor is donated to its own result
 * with the same sharding, and an expert kernel's optimizer slots stay split on the expert axis.
 */
class SamplesTrainStepTest {

    static Path samples() { return Path.of(System.getProperty("switchyard.root", ".."), "samples"); }

    /** Every sample on disk, so a new one is covered without editing this list. */
    static Stream<Arguments> samplesFormsAndDispatches() {
        List<String> names;
        try (Stream<Path> files = Files.list(samples())) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sy"))
                    .map(n -> n.substring(0, n.length() - 3)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(names.size() >= 9, "samples/ lists " + names);
        return names.stream().flatMap(s -> Stream.of(ShardingForm.values())
                .flatMap(f -> Stream.of(Dispatch.values()).map(d -> Arguments.of(s, f, d))));
    }

    /** Every optimizer, schedule, clipping and master weights (switch_tiny is bf16) through stablehlo-opt, both forms. */
    @ParameterizedTest(name = "{0} {1} {2} clip={3} master={4}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "adafactor | rsqrt | shardy | 0 | false",
        "adamw:weight_decay=0.01 | cosine:base=0.001,warmup=10,total=100 | gspmd | 1.0 | true",
        "adamw | constant:lr=0.1 | shardy | 0.5 | true",
        "sgd | constant:lr=0.1 | gspmd | 0 | false",
        "sgd | rsqrt:warmup=3 | shardy | 2.0 | true",
        "adafactor:factored=false,multiply_by_parameter_scale=false | cosine | gspmd | 1.0 | true",
    })
    void everyOptimizerAndSchedulePassesStablehloOpt(String optimizer, String schedule, String form, double clip, boolean master) {
        CheckResult r = Frontend.check(samples().resolve("switch_tiny.sy"), CheckOptions.defaults());
        assertTrue(r.ok(), r::render);
        ShardingForm f = ShardingForm.parse(form).orElseThrow();
        TrainConfig config = TrainConfig.defaults().withOptimizer(TrainConfigText.optimizer(optimizer, "--optimizer"))
                .withSchedule(TrainConfigText.schedule(schedule, "--lr-schedule")).withClipGlobalNorm(clip).withMasterWeights(master);
        TrainStep ts = TrainStep.compile(r.graph().orElseThrow(), config, CompileOptions.defaults().withSharding(f));
        assertEquals(List.of(), Verifier.verify(ts.module()));
        MlirOpt.check(ts.genericText());
        StablehloOpt.check(ts.module(), f);
    }

    /**
     * The forward draws dropout masks inside {@code stablehlo.if} on its {@code training} input; the
     * train step fixes that input to true, so its ifs are replaced by the branch they take.
     */
    @org.junit.jupiter.api.Test
    void trainStepRunsTheTrainingBranchWithoutIfs() {
        CheckResult r = Frontend.check(samples().resolve("switch_tiny.sy"), CheckOptions.defaults());
        assertTrue(r.ok(), r::render);
        ModelGraph g = r.graph().orElseThrow();
        long forwardIfs = count(dev.switchyard.compiler.Compiler.compile(g, CompileOptions.defaults()).module().body().operations(), "stablehlo.if");
        assertTrue(forwardIfs > 0, "switch_tiny's dropout is drawn under if in the forward");
        TrainStep ts = TrainStep.compile(g, TrainConfig.defaults(), CompileOptions.defaults());
        assertEquals(0, count(ts.module().body().operations(), "stablehlo.if"));
        // the mask is still drawn: its counter hashing is inlined, not dropped
        assertTrue(count(ts.module().body().operations(), "stablehlo.shift_right_logical") > 0);
    }

    private static long count(List<dev.switchyard.hlo.ir.Operation> ops, String name) {
        long n = 0;
        for (var op : ops) {
            if (op.name().equals(name)) n++;
            for (var region : op.regions()) for (var block : region.blocks()) n += count(block.operations(), name);
        }
        return n;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("samplesFormsAndDispatches")
    void trainStepPassesOurVerifierMlirOptAndStablehloOpt(String sample, ShardingForm form, Dispatch dispatch) {
        CheckResult r = Frontend.check(samples().resolve(sample + ".sy"), CheckOptions.defaults());
        assertTrue(r.ok(), r::render);
        ModelGraph g = r.graph().orElseThrow();
        TrainStep ts = TrainStep.compile(g, TrainConfig.defaults(), CompileOptions.defaults().withSharding(form).withDispatch(dispatch));
        assertEquals(List.of(), Verifier.verify(ts.module()));
        MlirOpt.check(ts.genericText());
        StablehloOpt.check(ts.module(), form);

        String shardingAttr = switch (form) {
            case SHARDY -> "sdy.sharding";
            case GSPMD -> "mhlo.sharding";
        };
        FuncOp main = ts.module().function("main").orElseThrow();
        assertEquals(ts.state().size() + ts.inputs().size(), main.type().inputs().size());
        assertEquals(ts.state().size() + ts.metrics().size(), main.type().results().size());
        for (StateTensor s : ts.state()) {
            String in = main.argumentAttributes(s.argument()).entries().stream().filter(e -> e.name().equals(shardingAttr))
                    .findFirst().orElseThrow().value().text();
            String out = main.resultAttributes(s.result()).entries().stream().filter(e -> e.name().equals(shardingAttr))
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
