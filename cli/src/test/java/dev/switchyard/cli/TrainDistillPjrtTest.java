package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.cli.safetensors.SafetensorsFile;
import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.TensorSpec;
import dev.switchyard.compiler.train.StateTensor;
import dev.switchyard.compiler.train.TrainConfig;
import dev.switchyard.compiler.train.TrainStep;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Param;
import dev.switchyard.hlo.ir.HloParser;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A distillation step's teacher arguments through {@code train --backend pjrt} with the C test
 * plugin, which computes an identity: the step is {@code @main(state…, inputs…, teacher…)} returning
 * every argument, state donated, and its "loss" is the result echoing the teacher's {@code w}. So
 * each step's loss must be the teacher file's {@code w[0]} — the teacher uploaded once and passed
 * every step after the inputs; had the loop donated it, the plugin would refuse the second step.
 */
class TrainDistillPjrtTest {

    @TempDir Path dir;

    static TrainStep identityStep(ModelGraph g, List<Param> teacherParams, TrainConfig config, CompileOptions options) throws UserError {
        TrainStep real = HandGradSteps.build(g, config, options);
        int n = real.state().size() + real.inputs().size();
        List<String> types = new ArrayList<>(), attrs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            types.add(null);
            attrs.add("");
        }
        for (StateTensor s : real.state()) {
            types.set(s.argument(), type(s.dtype(), s.shape()));
            attrs.set(s.argument(), " {tf.aliasing_output = " + s.result() + " : i32}");
        }
        for (TensorSpec in : real.inputs()) types.set(in.argument(), type(in.dtype(), in.shape()));
        List<TensorSpec> teacher = new ArrayList<>();
        for (Param p : teacherParams) {
            List<Long> shape = p.type().dims().stream().map(Dim::size).toList();
            teacher.add(new TensorSpec(p.path(), types.size(), p.type().elem().mlir(), p.type().dimNames(), shape, shape.stream().map(d -> List.<String>of()).toList()));
            types.add(type(p.type().elem().mlir(), shape));
            attrs.add("");
        }
        String text = PjrtTestFixtures.identityMain(types, attrs);
        TensorSpec w = teacher.getFirst();
        TensorSpec loss = new TensorSpec(TrainStep.LOSS, w.argument(), w.dtype(), w.dims(), w.shape(), w.sharding());
        try {
            return new TrainStep(real.name(), HloParser.parse(text, "identity-distill-step"), real.config(), real.state(), real.inputs(),
                    List.of(loss), real.trainingInput(), real.mesh(), real.options(), teacher);
        } catch (dev.switchyard.hlo.ir.HloParseException e) {
            throw new AssertionError(e);
        }
    }

    private static String type(String dtype, List<Long> shape) { return PjrtTestFixtures.tensorType(dtype, shape); }

    private static List<Command> commands() {
        TrainCommand.StepBuilder builder = new TrainCommand.StepBuilder() {
            @Override public TrainStep build(ModelGraph forward, TrainConfig config, CompileOptions options) throws UserError {
                return HandGradSteps.build(forward, config, options);
            }

            @Override public TrainStep buildDistilled(ModelGraph student, ModelGraph teacher, double alpha, double temperature, TrainConfig config,
                                                      CompileOptions options) throws UserError {
                return identityStep(student, teacher.params(), config, options);
            }
        };
        List<Command> all = new ArrayList<>();
        for (Command c : Commands.all()) all.add(c instanceof TrainCommand ? new TrainCommand(builder, RunCommand.STANDARD) : c);
        return all;
    }

    @Test
    void teacherArgumentsReachEveryStepOnPjrtAndTheInterpreter() throws Exception {
        Path model = Files.writeString(dir.resolve("linreg.sy"), HandGradSteps.LINREG);
        float[] x = new float[8 * 3], y = new float[8];
        for (int i = 0; i < 8; i++) {
            y[i] = i;
            for (int j = 0; j < 3; j++) x[i * 3 + j] = i + j;
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        Npy.write(data.resolve("x.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {8, 3}, x));
        Npy.write(data.resolve("y.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {8}, y));
        String[] common = {"train", model.toString(), "--data", data.toString(), "--steps", "3", "--no-eval", "--optimizer", "sgd",
                "--schedule", "constant", "--lr", "0.1"};
        // the teacher: linreg itself, trained for 3 real steps
        Path teacherRun = dir.resolve("teacher");
        assertEquals(0, CliRun.run(commands(), concat(common, "--checkpoint-dir", teacherRun.toString())).exitCode());
        Path weights = teacherRun.resolve("step_00000003/params.safetensors");
        byte[] before = Files.readAllBytes(weights);
        double w0;
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            w0 = f.read("w").toDoubles()[0];
        }
        String[] distill = concat(common, "--teacher", model.toString(), "--teacher-weights", weights.toString());
        CliRun interp = CliRun.run(commands(), concat(distill, "--checkpoint-dir", dir.resolve("interp").toString()));
        assertEquals(0, interp.exitCode(), interp::toString);
        CliRun pjrt = CliRun.run(commands(), concat(distill, "--checkpoint-dir", dir.resolve("pjrt").toString(), "--backend", "pjrt",
                "--plugin", plugin().toString()));
        assertEquals(0, pjrt.exitCode(), pjrt::toString);
        assertTrue(pjrt.out().contains("on pjrt:sytest"), pjrt.out());
        for (String run : List.of("interp", "pjrt")) {
            List<JsonNode> steps = TrainCommandTest.metrics(dir.resolve(run).resolve("logs"), "train");
            assertEquals(3, steps.size());
            for (JsonNode s : steps) assertEquals((float) w0, s.get("loss").asDouble(), 0.0, run + ": the teacher's w[0] at every step");
        }
        assertArrayEquals(before, Files.readAllBytes(weights), "the teacher's file is unchanged");
    }

    private Path plugin() throws Exception { return PjrtTestFixtures.testPlugin(dir); }

    private static String[] concat(String[] a, String... b) { return PjrtTestFixtures.concat(a, b); }
}
