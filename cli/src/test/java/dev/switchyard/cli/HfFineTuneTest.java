package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.cli.safetensors.SafetensorsEntry;
import dev.switchyard.cli.safetensors.SafetensorsFile;
import dev.switchyard.cli.safetensors.SafetensorsWriter;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 3 of the Hugging Face issue: fine-tuning from imported weights with the non-expert
 * parameters frozen ({@code --train-only '*.experts.*'}) for a few steps leaves every frozen
 * tensor bitwise unchanged, changes the expert tensors, keeps no optimizer state for the frozen
 * ones, and lowers the loss.
 */
class HfFineTuneTest {

    @TempDir Path dir;

    static final HfCheckpoints.Config CONFIG = new HfCheckpoints.Config(13, 8, 12, 2, 4, 2, 2, 4, 2, 32);
    static final int BATCH = 2, SEQ = 8, TGT = 6;

    /** The test spec of {@link HfCheckpoints#spec} with targets and a loss (cross-entropy plus a small load-balancing term), no dropout. */
    static String trainSpec() {
        // no dropout, so the loss on the one batch is a function of the weights alone
        return HfCheckpoints.spec(CONFIG, "f32", BATCH, SEQ, TGT, SEQ).replace("rate = 0.1", "rate = 0.0")
                .replace("decoder_inputs: i32[batch, tgt],", "decoder_inputs: i32[batch, tgt], targets: i32[batch, tgt],")
                .replace("return (hidden = encoded, logits = logits)",
                        "return (hidden = encoded, logits = logits, loss = cross_entropy(logits, targets) + 0.01 * (enc_aux + dec_aux))");
    }

    @Test
    void frozenNonExpertParametersStayBitwiseWhileExpertsLearn() throws Exception {
        Random random = new Random(15);
        SequencedMap<String, HostTensor> hf = HfCheckpoints.tensors(CONFIG, ElementType.F32,
                (name, k) -> name.endsWith("layer_norm.weight") ? 1.0 : 0.5 * random.nextGaussian());
        Path hfDir = Files.createDirectories(dir.resolve("hf"));
        SafetensorsWriter.write(hfDir.resolve("model.safetensors"), hf, Map.of("format", "pt"));
        Path spec = dir.resolve("hf_tiny_train.sy");
        Files.writeString(spec, trainSpec());
        Path imported = dir.resolve("imported.safetensors");
        CliRun imp = CliRun.run(Commands.all(), "import", "hf", hfDir.toString(), "--model", spec.toString(), "-o", imported.toString());
        assertEquals(0, imp.exitCode(), imp::toString);

        Path data = writeData(dir.resolve("data"), random);

        Path runs = dir.resolve("runs");
        CliRun train = CliRun.run(Commands.all(), "train", spec.toString(), "--data", data.toString(), "--steps", "6",
                "--init-from", imported.toString(), "--train-only", "*.experts.*", "--optimizer", "adafactor", "--schedule", "constant",
                "--lr", "0.01", "--checkpoint-dir", runs.toString(), "--no-eval", "--no-shuffle", "--log-every", "1");
        assertEquals(0, train.exitCode(), train::toString);
        assertTrue(train.err().contains("frozen (unchanged, no optimizer state)"), train::toString);

        Path last = runs.resolve("step_00000006");
        int experts = 0, frozen = 0;
        try (SafetensorsFile before = SafetensorsFile.open(imported); SafetensorsFile after = SafetensorsFile.open(last.resolve("params.safetensors"))) {
            for (SafetensorsEntry e : before.entries()) {
                HostTensor a = before.read(e.name()), b = after.read(e.name());
                if (e.name().contains(".experts.")) {
                    experts++;
                    assertNotEquals(a, b, e.name() + " is trained");
                } else {
                    frozen++;
                    assertEquals(a, b, e.name() + " is frozen: bitwise unchanged");
                }
            }
        }
        assertEquals(4, experts, "wi and wo of one sparse layer per stack");
        assertTrue(frozen > 30, "frozen: " + frozen);
        try (SafetensorsFile opt = SafetensorsFile.open(last.resolve("optimizer.safetensors"))) {
            List<String> slots = opt.entries().stream().map(SafetensorsEntry::name).filter(n -> !n.equals("step")).toList();
            assertFalse(slots.isEmpty());
            for (String n : slots) assertTrue(n.startsWith("opt/") && n.contains(".experts."), "optimizer state only for trained tensors: " + n);
        }

        List<Double> losses = losses(runs.resolve("logs/metrics.jsonl"), "train");
        assertEquals(6, losses.size(), losses::toString);
        for (int i = 1; i < losses.size(); i++) assertTrue(losses.get(i) < losses.get(i - 1), "the loss falls every step: " + losses);
    }

    /** One batch of random tokens: inputs, targets, and the targets shifted right as decoder inputs. */
    static Path writeData(Path dir, Random random) throws Exception {
        Path data = Files.createDirectories(dir);
        long[] inputs = new long[BATCH * SEQ], decoderInputs = new long[BATCH * TGT], targets = new long[BATCH * TGT];
        for (int i = 0; i < inputs.length; i++) inputs[i] = random.nextInt(CONFIG.vocab());
        for (int i = 0; i < targets.length; i++) {
            targets[i] = random.nextInt(CONFIG.vocab());
            decoderInputs[i] = i % TGT == 0 ? 0 : targets[i - 1]; // shifted right, T5's decoder start 0
        }
        Npy.write(data.resolve("inputs.npy"), HostTensor.ofLongs(ElementType.I32, new long[] {BATCH, SEQ}, inputs));
        Npy.write(data.resolve("decoder_inputs.npy"), HostTensor.ofLongs(ElementType.I32, new long[] {BATCH, TGT}, decoderInputs));
        Npy.write(data.resolve("targets.npy"), HostTensor.ofLongs(ElementType.I32, new long[] {BATCH, TGT}, targets));

        return data;
    }

    static List<Double> losses(Path metrics, String kind) throws Exception {
        List<Double> out = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            JsonNode j = new ObjectMapper().readTree(line);
            if (kind.equals(j.path("kind").asText()) && j.has("loss")) out.add(j.get("loss").asDouble());
        }
        return out;
    }

    /** Train and eval capacities are separate knobs: --set for the step, --eval-set for the evaluator. */
    @Test
    void evalSetChangesOnlyTheEvaluatorsModel() throws Exception {
        Path spec = dir.resolve("hf_tiny_train.sy");
        Files.writeString(spec, trainSpec());
        Path data = writeData(dir.resolve("data"), new Random(4));
        List<List<Double>> train = new ArrayList<>(), eval = new ArrayList<>();
        for (String capacity : List.of("", "1")) {
            Path runs = dir.resolve("runs" + capacity);
            List<String> args = new ArrayList<>(List.of("train", spec.toString(), "--data", data.toString(), "--steps", "2", "--eval-data",
                    data.toString(), "--eval-every", "1", "--eval-batches", "1", "--schedule", "constant", "--lr", "0.01",
                    "--checkpoint-dir", runs.toString(), "--no-shuffle"));
            if (!capacity.isEmpty()) args.addAll(List.of("--eval-set", "capacity=" + capacity));
            CliRun r = CliRun.run(Commands.all(), args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r::toString);
            train.add(losses(runs.resolve("logs/metrics.jsonl"), "train"));
            eval.add(losses(runs.resolve("logs/metrics.jsonl"), "eval"));
        }
        assertEquals(train.get(0), train.get(1), "the train step is the same");
        assertEquals(2, eval.get(0).size(), eval::toString);
        for (int i = 0; i < 2; i++) assertNotEquals(eval.get(0).get(i), eval.get(1).get(i), "capacity 1 drops tokens in eval: " + eval);

        CliRun shapes = CliRun.run(Commands.all(), "train", spec.toString(), "--data", data.toString(), "--steps", "1", "--eval-data",
                data.toString(), "--eval-set", "d_ff=5", "--checkpoint-dir", dir.resolve("bad").toString());
        assertEquals(1, shapes.exitCode(), shapes::toString);
        assertTrue(shapes.err().contains("changes the parameters"), shapes::toString);
    }

    @Test
    void aPatternThatMatchesNothingIsAnError() throws Exception {
        Path spec = dir.resolve("hf_tiny_train.sy");
        Files.writeString(spec, trainSpec());
        Path data = Files.createDirectories(dir.resolve("d"));
        Npy.write(data.resolve("inputs.npy"), HostTensor.ofLongs(ElementType.I32, new long[] {BATCH, SEQ}, new long[BATCH * SEQ]));
        CliRun r = CliRun.run(Commands.all(), "train", spec.toString(), "--data", data.toString(), "--steps", "1", "--freeze", "*.expert.*",
                "--checkpoint-dir", dir.resolve("runs").toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--freeze '*.expert.*' matches no parameter"), r::toString);
        CliRun all = CliRun.run(Commands.all(), "train", spec.toString(), "--data", data.toString(), "--steps", "1", "--freeze", "*",
                "--checkpoint-dir", dir.resolve("runs").toString());
        assertEquals(1, all.exitCode(), all::toString);
        assertTrue(all.err().contains("nothing would train"), all::toString);
    }
}
