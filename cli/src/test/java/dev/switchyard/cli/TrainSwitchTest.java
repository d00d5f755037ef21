package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing on the embedded interpreter: {@code samples/switch_byte.sy}'s train step (grad
 * pass + Adafactor) on the shipped corpus with span corruption (acceptance 2), and resume
 * exactness with dropout on (acceptance 3).
 */
class TrainSwitchTest {

    @TempDir Path dir;

    static final String SAMPLE = Path.of("..", "samples", "switch_byte.sy").toString();
    static final String CORPUS = Path.of("..", "data", "corpus").toString();

    @Test
    void switchModelLearnsTheShippedCorpus() throws Exception {
        Path ckpt = dir.resolve("run");
        CliRun r = CliRun.run(Commands.all(), "train", SAMPLE, "--data", CORPUS, "--steps", "16", "--warmup", "100",
                "--checkpoint-dir", ckpt.toString());
        assertEquals(0, r.exitCode(), r::toString);
        List<JsonNode> steps = TrainCommandTest.metrics(ckpt.resolve("logs"), "train");
        assertEquals(16, steps.size());
        double first = steps.getFirst().get("loss").asDouble();
        double lastFour = steps.subList(12, 16).stream().mapToDouble(n -> n.get("loss").asDouble()).average().orElseThrow();
        assertTrue(lastFour < 0.6 * first, "loss " + first + " -> " + lastFour + " (mean of the last 4 steps)");
        for (String metric : List.of("ce_loss", "aux_loss", "z_loss", "grad_norm", "learning_rate", "tokens_per_second")) {
            assertTrue(steps.getLast().has(metric), metric);
        }
        assertEquals(0.1, steps.getFirst().get("learning_rate").asDouble(), 1e-7, "1 / sqrt(max(step, 100))");
        assertEquals(1, TrainCommandTest.metrics(ckpt.resolve("logs"), "eval").size(), "held-out eval at the end");
    }

    @Test
    void resumeIsBitwiseExactWithDropout() throws Exception {
        Path a = dir.resolve("a"), b = dir.resolve("b");
        String[] common = {"--data", CORPUS, "--set", "dropout_rate=0.1", "--warmup", "100", "--seed", "3", "--no-eval"};
        assertEquals(0, CliRun.run(Commands.all(), cat(new String[] {"train", SAMPLE, "--steps", "10", "--checkpoint-dir", a.toString()}, common)).exitCode());
        CliRun half = CliRun.run(Commands.all(), cat(new String[] {"train", SAMPLE, "--steps", "5", "--checkpoint-dir", b.toString()}, common));
        assertEquals(0, half.exitCode(), half::toString);
        CliRun rest = CliRun.run(Commands.all(), "train", SAMPLE, "--data", CORPUS, "--set", "dropout_rate=0.1", "--steps", "5", "--resume", "--no-eval",
                "--checkpoint-dir", b.toString());
        assertEquals(0, rest.exitCode(), rest::toString);
        for (String f : List.of("params.safetensors", "optimizer.safetensors")) {
            assertArrayEquals(Files.readAllBytes(a.resolve("step_00000010").resolve(f)), Files.readAllBytes(b.resolve("step_00000010").resolve(f)), f);
        }
    }

    private static String[] cat(String[] x, String[] y) {
        String[] out = java.util.Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }
}
