package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.cli.safetensors.SafetensorsFile;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchyard train} end to end in-process on models with hand-written gradients ({@link HandGradSteps}). */
class TrainCommandTest {

    @TempDir Path dir;

    private CliRun train(String... args) { return CliRun.run(HandGradSteps.commands(), args); }

    private Path model(String name, String text) throws Exception {
        Path p = dir.resolve(name + ".sy");
        Files.writeString(p, text);
        return p;
    }

    /** y = x·(1, −2, 0.5) + noise, N examples. */
    private Path regressionData(String name, int n, double poisonFrom) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Random r = new Random(5);
        float[] x = new float[n * 3], y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) x[i * 3 + j] = (float) r.nextGaussian();
            y[i] = (float) (x[i * 3] - 2 * x[i * 3 + 1] + 0.5 * x[i * 3 + 2] + 0.01 * r.nextGaussian());
            if (i >= poisonFrom) y[i] = 3e38f;
        }
        Npy.write(d.resolve("x.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {n, 3}, x));
        Npy.write(d.resolve("y.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {n}, y));
        return d;
    }

    static List<JsonNode> metrics(Path logDir, String kind) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(logDir.resolve("metrics.jsonl"))) {
            JsonNode n = new ObjectMapper().readTree(line);
            if (n.get("kind").asText().equals(kind)) out.add(n);
        }
        return out;
    }

    @Test
    void trainsOnArraysAndWritesCheckpointLogsAndCurve() throws Exception {
        Path m = model("linreg", HandGradSteps.LINREG);
        Path data = regressionData("data", 64, Double.POSITIVE_INFINITY);
        Path ckpt = dir.resolve("run");
        CliRun r = train("train", m.toString(), "--data", data.toString(), "--steps", "40", "--optimizer", "sgd", "--schedule", "constant",
                "--lr", "0.1", "--checkpoint-dir", ckpt.toString(), "--checkpoint-every", "10", "--keep", "2");
        assertEquals(0, r.exitCode(), r::toString);
        List<JsonNode> steps = metrics(ckpt.resolve("logs"), "train");
        assertEquals(40, steps.size());
        assertEquals(1, steps.getFirst().get("step").asLong());
        double first = steps.getFirst().get("loss").asDouble(), last = steps.getLast().get("loss").asDouble();
        assertTrue(last < 0.1 * first, "loss " + first + " -> " + last);
        assertEquals(0.1, steps.getFirst().get("learning_rate").asDouble(), 1e-7);
        assertTrue(steps.getFirst().has("grad_norm") && steps.getFirst().has("tokens_per_second"));
        try (var list = Files.list(ckpt)) {
            assertEquals(List.of("logs", "step_00000030", "step_00000040"), list.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (SafetensorsFile f = SafetensorsFile.open(ckpt.resolve("step_00000040/params.safetensors"))) {
            float[] w = f.read("w").toFloats();
            assertEquals(1.0, w[0], 0.05);
            assertEquals(-2.0, w[1], 0.05);
            assertEquals(0.5, w[2], 0.05);
        }
        JsonNode info = new ObjectMapper().readTree(ckpt.resolve("step_00000040/checkpoint.json").toFile());
        assertEquals(40, info.get("step").asLong());
        assertEquals("sgd", info.get("optimizer").get("name").asText());
        assertEquals(0.0, info.get("optimizer").get("clip_global_norm").asDouble(), "recorded, so a resumed run clips as the first did");
        assertEquals("w", info.get("parameters").get(0).get("path").asText());
        try (var list = Files.list(ckpt.resolve("logs"))) {
            List<String> names = list.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.contains("loss.svg") && names.stream().anyMatch(n -> n.startsWith("events.out.tfevents.")), names.toString());
        }
        assertTrue(r.out().contains("step 10/40") && r.out().contains("done: steps 1–40"), r.out());
    }

    @Test
    void aResumedCheckpointWithAnOutOfRangeSettingIsAUserError() throws Exception {
        Path m = model("linreg", HandGradSteps.LINREG);
        Path data = regressionData("data", 40, Double.POSITIVE_INFINITY);
        Path ckpt = dir.resolve("edited");
        assertEquals(0, train("train", m.toString(), "--data", data.toString(), "--steps", "2", "--optimizer", "adamw",
                "--schedule", "constant", "--checkpoint-dir", ckpt.toString()).exitCode());
        Path info = ckpt.resolve("step_00000002/checkpoint.json");
        String json = Files.readString(info);
        String edited = json.replaceFirst("\"beta1\"\\s*:\\s*[0-9.eE+-]+", "\"beta1\": 2");
        assertNotEquals(json, edited, "the checkpoint records beta1");
        Files.writeString(info, edited);
        CliRun r = train("train", m.toString(), "--data", data.toString(), "--steps", "1", "--resume", "--checkpoint-dir", ckpt.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("checkpoint.json") && r.err().contains("beta1"), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    @Test
    void resumeIsBitwiseExact() throws Exception {
        Path m = model("linreg", HandGradSteps.LINREG);
        Path data = regressionData("data", 40, Double.POSITIVE_INFINITY);
        String[] common = {"--data", data.toString(), "--optimizer", "adamw", "--schedule", "cosine", "--decay-steps", "10", "--lr", "0.05", "--seed", "9"};
        Path a = dir.resolve("a"), b = dir.resolve("b");
        assertEquals(0, train(concat(new String[] {"train", m.toString(), "--steps", "10", "--checkpoint-dir", a.toString()}, common)).exitCode());
        CliRun half = train(concat(new String[] {"train", m.toString(), "--steps", "5", "--checkpoint-dir", b.toString()}, common));
        assertEquals(0, half.exitCode(), half::toString);
        // the resumed run takes its optimizer, schedule (cosine over 10 steps) and seed from the checkpoint
        CliRun rest = train("train", m.toString(), "--data", data.toString(), "--steps", "5", "--resume", "--checkpoint-dir", b.toString());
        assertEquals(0, rest.exitCode(), rest::toString);
        assertTrue(rest.out().contains("resumed from"), rest.out());
        List<JsonNode> la = metrics(a.resolve("logs"), "train"), lb = metrics(b.resolve("logs"), "train");
        assertEquals(10, lb.size());
        for (int i = 0; i < 10; i++) assertEquals(la.get(i).get("loss").asDouble(), lb.get(i).get("loss").asDouble(), 0.0, "step " + (i + 1));
        for (String f : List.of("params.safetensors", "optimizer.safetensors")) {
            assertArrayEquals(Files.readAllBytes(a.resolve("step_00000010").resolve(f)), Files.readAllBytes(b.resolve("step_00000010").resolve(f)), f);
        }
        try (SafetensorsFile f = SafetensorsFile.open(b.resolve("step_00000010/optimizer.safetensors"))) {
            assertEquals(10, f.read("step").toLongs()[0]);
            assertTrue(f.entries().size() >= 3, "adamw moments and the step: " + f.entries());
        }
    }

    @Test
    void initFromStartsANewRunFromGivenWeights() throws Exception {
        Path m = model("linreg", HandGradSteps.LINREG);
        Path data = regressionData("data", 32, Double.POSITIVE_INFINITY);
        Path a = dir.resolve("a"), b = dir.resolve("b");
        String[] sgd = {"--data", data.toString(), "--optimizer", "sgd", "--schedule", "constant", "--lr", "0.1", "--no-eval"};
        assertEquals(0, train(concat(new String[] {"train", m.toString(), "--steps", "20", "--checkpoint-dir", a.toString()}, sgd)).exitCode());
        CliRun r = train(concat(new String[] {"train", m.toString(), "--steps", "1", "--checkpoint-dir", b.toString(), "--init-from",
                a.resolve("step_00000020").toString()}, sgd));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("weights from"), r.out());
        JsonNode info = new ObjectMapper().readTree(b.resolve("step_00000001/checkpoint.json").toFile());
        assertEquals(1, info.get("step").asLong(), "a new run: the step counter starts at 0");
        double trainedLoss = metrics(a.resolve("logs"), "train").getLast().get("loss").asDouble();
        double firstOfB = metrics(b.resolve("logs"), "train").getFirst().get("loss").asDouble();
        double firstOfA = metrics(a.resolve("logs"), "train").getFirst().get("loss").asDouble();
        assertTrue(firstOfB < 0.1 * firstOfA && firstOfB < 10 * trainedLoss + 1e-3, firstOfA + " " + trainedLoss + " " + firstOfB);
    }

    @Test
    void nonFiniteLossStopsAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path m = model("linreg", HandGradSteps.LINREG);
        Path data = regressionData("data", 40, 12); // examples from 12 on overflow: batch 4 (step 4) is the first bad one
        Path ckpt = dir.resolve("run");
        CliRun r = train("train", m.toString(), "--data", data.toString(), "--steps", "20", "--no-shuffle", "--optimizer", "sgd",
                "--schedule", "constant", "--lr", "0.01", "--checkpoint-every", "2", "--checkpoint-dir", ckpt.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("step 4: the loss is") && r.err().contains("step_00000002"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        try (var list = Files.list(ckpt)) {
            assertEquals(List.of("logs", "step_00000002"), list.map(p -> p.getFileName().toString()).sorted().toList());
        }
        CliRun again = train("train", m.toString(), "--data", data.toString(), "--steps", "1", "--resume", "--checkpoint-dir", ckpt.toString());
        assertTrue(again.out().contains("resumed from"), again::toString);
    }

    @Test
    void bigramLearnsTheShippedCorpus() throws Exception {
        Path m = model("bigram", HandGradSteps.BIGRAM);
        Path ckpt = dir.resolve("run");
        CliRun r = train("train", m.toString(), "--data", Path.of("..", "data", "corpus").toString(), "--steps", "60", "--optimizer", "sgd",
                "--schedule", "constant", "--lr", "20", "--checkpoint-dir", ckpt.toString(), "--eval-every", "30");
        assertEquals(0, r.exitCode(), r::toString);
        List<JsonNode> steps = metrics(ckpt.resolve("logs"), "train");
        double first = steps.getFirst().get("loss").asDouble(), last = steps.getLast().get("loss").asDouble();
        assertEquals(Math.log(300), first, 1e-4, "a zero table predicts uniformly");
        assertTrue(last < 0.6 * first, "loss " + first + " -> " + last);
        List<JsonNode> eval = metrics(ckpt.resolve("logs"), "eval");
        assertEquals(2, eval.size());
        assertTrue(eval.getLast().get("loss").asDouble() < 0.7 * first, eval.toString());
    }

    // ---- bad input: a clear error, exit 1, nothing half-written ------------------------------------

    private void assertUserError(CliRun r, String... parts) {
        assertEquals(1, r.exitCode(), r::toString);
        for (String p : parts) assertTrue(r.err().contains(p), () -> "stderr lacks '" + p + "':\n" + r);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r::toString);
    }

    @Test
    void emptyCorpus() throws Exception {
        Path m = model("bigram", HandGradSteps.BIGRAM);
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(corpus.resolve("a.txt"), "\n \n");
        Path ckpt = dir.resolve("run");
        assertUserError(train("train", m.toString(), "--data", corpus.toString(), "--steps", "2", "--checkpoint-dir", ckpt.toString()), "empty");
        assertFalse(Files.exists(ckpt), "nothing written");
    }

    @Test
    void vocabularyTooSmallForBytes() throws Exception {
        Path m = model("bigram", HandGradSteps.BIGRAM);
        Path ckpt = dir.resolve("run");
        assertUserError(train("train", m.toString(), "--set", "vocab=64", "--data", Path.of("..", "data", "corpus").toString(), "--steps", "2",
                "--checkpoint-dir", ckpt.toString()), "64", "259");
        assertFalse(Files.exists(ckpt));
    }

    @Test
    void arraysOfWrongDtypeOrShape() throws Exception {
        Path m = model("linreg", HandGradSteps.LINREG);
        Path data = regressionData("data", 8, Double.POSITIVE_INFINITY);
        Npy.write(data.resolve("y.npy"), HostTensor.ofLongs(ElementType.I32, new long[] {8}, new long[8]));
        Path ckpt = dir.resolve("run");
        assertUserError(train("train", m.toString(), "--data", data.toString(), "--steps", "2", "--checkpoint-dir", ckpt.toString()),
                "'y'", "i32", "f32");
        Npy.write(data.resolve("y.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {8, 2}, new float[16]));
        assertUserError(train("train", m.toString(), "--data", data.toString(), "--steps", "2", "--checkpoint-dir", ckpt.toString()),
                "'y'", "[8, 2]", "[N]");
        assertFalse(Files.exists(ckpt));
    }

    @Test
    void checkpointOfAnotherModelIsRefusedNamingTheTensor() throws Exception {
        Path m = model("linreg", HandGradSteps.LINREG);
        Path data = regressionData("data", 16, Double.POSITIVE_INFINITY);
        Path ckpt = dir.resolve("run");
        assertEquals(0, train("train", m.toString(), "--data", data.toString(), "--steps", "2", "--checkpoint-dir", ckpt.toString()).exitCode());
        Path wider = model("wider", HandGradSteps.LINREG.replace("dim d = 3", "dim d = 4"));
        Path data4 = Files.createDirectories(dir.resolve("data4"));
        Npy.write(data4.resolve("x.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {8, 4}, new float[32]));
        Npy.write(data4.resolve("y.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {8}, new float[8]));
        assertUserError(train("train", wider.toString(), "--data", data4.toString(), "--steps", "2", "--resume", "--checkpoint-dir", ckpt.toString()),
                "another model", "'w'", "f32[3]", "f32[4]");
        assertUserError(train("train", wider.toString(), "--data", data4.toString(), "--steps", "2", "--init-from",
                ckpt.resolve("step_00000002").toString(), "--checkpoint-dir", dir.resolve("other").toString()), "'w'");
        try (var list = Files.list(ckpt)) {
            assertEquals(List.of("logs", "step_00000002"), list.map(p -> p.getFileName().toString()).sorted().toList());
        }
        // and a run without --resume does not write over an existing run
        assertUserError(train("train", m.toString(), "--data", data.toString(), "--steps", "2", "--checkpoint-dir", ckpt.toString()),
                "already holds checkpoints", "--resume");
    }

    @Test
    void readOnlyCheckpointDirectory() throws Exception {
        Path m = model("linreg", HandGradSteps.LINREG);
        Path data = regressionData("data", 16, Double.POSITIVE_INFINITY);
        Path ro = Files.createDirectories(dir.resolve("ro"));
        ro.toFile().setWritable(false, false);
        // root may write anywhere; /proc/self is a directory no one can create files in
        Path target = Files.isWritable(ro) ? Path.of("/proc/self") : ro;
        assertUserError(train("train", m.toString(), "--data", data.toString(), "--steps", "2", "--checkpoint-dir", target.toString(),
                "--log-dir", dir.resolve("logs").toString()), "--checkpoint-dir", "cannot write");
        ro.toFile().setWritable(true, false);
        try (var list = Files.list(ro)) {
            assertEquals(0, list.count());
        }
        assertFalse(Files.exists(dir.resolve("logs")), "nothing half-written");
    }

    @Test
    void helpListsEveryFlag() {
        CliRun r = train("train", "--help");
        assertEquals(0, r.exitCode(), r::toString);
        for (String flag : List.of("--data", "--steps", "--optimizer", "--lr", "--schedule", "--warmup", "--init-from", "--checkpoint-dir",
                "--checkpoint-every", "--keep", "--resume", "--eval-data", "--eval-every", "--log-dir", "--seed", "--backend", "--plugin",
                "--mesh-shape", "--set", "--no-shuffle")) {
            assertTrue(r.out().contains(flag), () -> "help lacks " + flag + ":\n" + r.out());
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
