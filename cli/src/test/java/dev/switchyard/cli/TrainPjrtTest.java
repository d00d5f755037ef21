package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.TensorSpec;
import dev.switchyard.compiler.train.StateTensor;
import dev.switchyard.compiler.train.TrainConfig;
import dev.switchyard.compiler.train.TrainStep;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.hlo.ir.HloParser;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --backend pjrt} against the C test plugin, which computes nothing but an identity:
 * so the train step here is one, {@code @main(state…, x, y, key) → (state…, x, y, key)} with every
 * state argument donated to its result, and its "loss" metric is the result that echoes {@code y}.
 * What the plugin can check is the path a real plugin takes: the client opened as {@code run} opens
 * it, state uploaded once and donated every step (a reused donated buffer is an error in the
 * plugin), metrics and checkpoints fetched from the device. The losses must be the data's
 * {@code y} of each batch in order, and equal the interpreter's run of the same step; the
 * checkpointed parameters must be the initial ones, byte for byte as the interpreter writes them.
 */
class TrainPjrtTest {

    @TempDir Path dir;

    /** The hand-grad step's state, inputs and config around an identity module. */
    static TrainStep identityStep(ModelGraph g, TrainConfig config, CompileOptions options) throws UserError {
        TrainStep real = HandGradSteps.build(g, config, options);
        int n = real.state().size() + real.inputs().size();
        String[] types = new String[n];
        String[] attrs = new String[n];
        for (StateTensor s : real.state()) {
            assertEquals(s.argument(), s.result(), "the identity gives argument i back as result i");
            types[s.argument()] = type(s.dtype(), s.shape());
            attrs[s.argument()] = " {tf.aliasing_output = " + s.result() + " : i32}";
        }
        TensorSpec y = null;
        for (TensorSpec in : real.inputs()) {
            types[in.argument()] = type(in.dtype(), in.shape());
            attrs[in.argument()] = "";
            if (in.name().equals("y")) y = in;
        }
        String text = PjrtTestFixtures.identityMain(List.of(types), List.of(attrs));
        try {
            TensorSpec loss = new TensorSpec(TrainStep.LOSS, y.argument(), y.dtype(), y.dims(), y.shape(), y.sharding());
            return new TrainStep(real.name(), HloParser.parse(text, "identity-step"), real.config(), real.state(), real.inputs(),
                    List.of(loss), real.trainingInput(), real.mesh(), real.options());
        } catch (dev.switchyard.hlo.ir.HloParseException e) {
            throw new AssertionError(e);
        }
    }

    private static String type(String dtype, List<Long> shape) { return PjrtTestFixtures.tensorType(dtype, shape); }

    private static List<Command> commands() {
        List<Command> all = new ArrayList<>();
        for (Command c : Commands.all()) all.add(c instanceof TrainCommand ? new TrainCommand(TrainPjrtTest::identityStep, RunCommand.STANDARD) : c);
        return all;
    }

    private Path plugin() throws Exception { return PjrtTestFixtures.testPlugin(dir); }

    @Test
    void trainOnPjrtGivesTheInterpretersLossesAndCheckpoint() throws Exception {
        Path model = Files.writeString(dir.resolve("linreg.sy"), HandGradSteps.LINREG);
        int examples = 12; // three batches of 4: 5 steps wrap around
        float[] x = new float[examples * 3], y = new float[examples];
        for (int i = 0; i < examples; i++) {
            y[i] = 0.5f + i;
            for (int j = 0; j < 3; j++) x[i * 3 + j] = i - j;
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        Npy.write(data.resolve("x.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {examples, 3}, x));
        Npy.write(data.resolve("y.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {examples}, y));
        String[] common = {"train", model.toString(), "--data", data.toString(), "--steps", "5", "--no-shuffle", "--no-eval",
                "--optimizer", "adamw", "--schedule", "constant", "--seed", "3"};
        Path interp = dir.resolve("interp"), pjrt = dir.resolve("pjrt");
        CliRun a = CliRun.run(commands(), concat(common, "--checkpoint-dir", interp.toString()));
        assertEquals(0, a.exitCode(), a::toString);
        CliRun b = CliRun.run(commands(), concat(common, "--checkpoint-dir", pjrt.toString(), "--backend", "pjrt", "--plugin", plugin().toString()));
        assertEquals(0, b.exitCode(), b::toString);
        assertTrue(b.out().contains("on pjrt:sytest"), b.out());

        List<JsonNode> la = TrainCommandTest.metrics(interp.resolve("logs"), "train"), lb = TrainCommandTest.metrics(pjrt.resolve("logs"), "train");
        assertEquals(5, lb.size());
        for (int s = 0; s < 5; s++) {
            double expected = y[(4 * s) % examples]; // the first example of batch s, in data order
            assertEquals(expected, la.get(s).get("loss").asDouble(), 0.0, "interp step " + (s + 1));
            assertEquals(la.get(s).get("loss").asDouble(), lb.get(s).get("loss").asDouble(), 1e-6, "pjrt step " + (s + 1));
        }
        for (String f : List.of("params.safetensors", "optimizer.safetensors")) {
            assertArrayEquals(Files.readAllBytes(interp.resolve("step_00000005").resolve(f)), Files.readAllBytes(pjrt.resolve("step_00000005").resolve(f)), f);
        }
    }

    /** LINREG on a 4-device data-parallel mesh: the batch split, the state replicated. */
    static final String LINREG_DP = HandGradSteps.LINREG.replace("dim d = 3\n", "dim d = 3\nmesh default { data = 4 }\nlayout { batch -> data }\n");

    @Test
    void twoProcessesTrainAsOneJobAndProcessZeroWritesTheCheckpoint() throws Exception {
        Path model = Files.writeString(dir.resolve("linreg.sy"), LINREG_DP);
        Path data = Files.createDirectories(dir.resolve("data"));
        float[] x = new float[8 * 3], y = new float[8];
        for (int i = 0; i < 8; i++) {
            y[i] = 2.5f * i - 1;
            for (int j = 0; j < 3; j++) x[i * 3 + j] = i * j;
        }
        Npy.write(data.resolve("x.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {8, 3}, x));
        Npy.write(data.resolve("y.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {8}, y));
        String[] common = {"train", model.toString(), "--data", data.toString(), "--steps", "3", "--no-shuffle", "--no-eval",
                "--optimizer", "sgd", "--schedule", "constant"};
        Path interp = dir.resolve("interp"), job = dir.resolve("job");
        CliRun alone = CliRun.run(commands(), concat(common, "--checkpoint-dir", interp.toString()));
        assertEquals(0, alone.exitCode(), alone::toString);

        Path portFile = dir.resolve("port");
        Process standIn = new ProcessBuilder("python3", "../scripts/device_check/kv_standin.py", "--port-file", portFile.toString())
                .redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(portFile); i++) Thread.sleep(50);
            String coordinator = "etcd://127.0.0.1:" + Files.readString(portFile).strip();
            Path lib = plugin();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            List<java.util.concurrent.Future<CliRun>> runs = new ArrayList<>();
            for (int id = 0; id < 2; id++) {
                String[] args = concat(common, "--checkpoint-dir", job.toString(), "--backend", "pjrt", "--plugin", lib.toString(),
                        "--coordinator", coordinator, "--process-id", Integer.toString(id), "--num-processes", "2", "--job-id", "train-job");
                runs.add(pool.submit(() -> CliRun.run(commands(), args)));
            }
            pool.shutdown();
            CliRun zero = runs.get(0).get(120, TimeUnit.SECONDS), one = runs.get(1).get(120, TimeUnit.SECONDS);
            assertEquals(0, zero.exitCode(), zero::toString);
            assertEquals(0, one.exitCode(), one::toString);
            assertTrue(zero.out().contains("on pjrt:sytest (process 0 of 2)") && zero.out().contains("done: steps 1–3"), zero.out());
            assertEquals("", one.out(), "process 1 prints nothing");
        } finally {
            standIn.destroy();
        }
        try (var list = Files.list(job)) {
            assertEquals(List.of("logs", "step_00000003"), list.map(p -> p.getFileName().toString()).sorted().toList(), "one checkpoint, process 0's");
        }
        List<JsonNode> la = TrainCommandTest.metrics(interp.resolve("logs"), "train"), lb = TrainCommandTest.metrics(job.resolve("logs"), "train");
        for (int s = 0; s < 3; s++) {
            assertEquals(y[(4 * s) % 8], la.get(s).get("loss").asDouble(), 0.0, "interp step " + (s + 1));
            assertEquals(la.get(s).get("loss").asDouble(), lb.get(s).get("loss").asDouble(), 1e-6, "job step " + (s + 1));
        }
        assertEquals(3, TrainCommandTest.metrics(job.resolve("logs/process-1"), "train").size(), "process 1 logs apart");
        assertArrayEquals(Files.readAllBytes(interp.resolve("step_00000003/params.safetensors")),
                Files.readAllBytes(job.resolve("step_00000003/params.safetensors")));
    }

    @Test
    void aJobRefusesStateSplitOverDevicesBeforeTraining() throws Exception {
        String split = HandGradSteps.LINREG.replace("dim d = 3\n", "dim d = 4\nmesh default { model = 2 }\nlayout { d -> model }\n");
        Path spec = Files.writeString(dir.resolve("split.sy"), split);
        ModelGraph g = dev.switchyard.cli.model.ModelSpecs.check(spec, dev.switchyard.dsl.CheckOptions.defaults(),
                new Console(RunCommand.NOWHERE, RunCommand.NOWHERE)).orElseThrow();
        TrainStep step = HandGradSteps.build(g, TrainConfig.defaults(), CompileOptions.defaults());
        JobProcess.requireWholeState(step, 1); // one process holds every shard
        UserError e = org.junit.jupiter.api.Assertions.assertThrows(UserError.class, () -> JobProcess.requireWholeState(step, 2));
        assertTrue(e.getMessage().startsWith("'w' is split over devices ([[model]])"), e.getMessage());
        Path replicated = Files.writeString(dir.resolve("dp.sy"), LINREG_DP);
        ModelGraph dp = dev.switchyard.cli.model.ModelSpecs.check(replicated, dev.switchyard.dsl.CheckOptions.defaults(),
                new Console(RunCommand.NOWHERE, RunCommand.NOWHERE)).orElseThrow();
        JobProcess.requireWholeState(HandGradSteps.build(dp, TrainConfig.defaults(), CompileOptions.defaults()), 2);
    }

    private static String[] concat(String[] a, String... b) { return PjrtTestFixtures.concat(a, b); }
}
