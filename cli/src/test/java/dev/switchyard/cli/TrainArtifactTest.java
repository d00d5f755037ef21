package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchyard train ARTIFACT_DIR}: a step compiled with {@code compile --entry train} trains
 * exactly as {@code train MODEL.sy} does with the same flags (the real grad pass on both paths),
 * resumes, and refuses what would need another compiled step.
 */
class TrainArtifactTest {

    @TempDir Path dir;

    /** Weighted least squares; the weights u come from the step's key, so the key path is exercised. */
    static final String MODEL = """
            model linfit
            dim batch = 4
            dim d = 3
            block forward(x: f32[batch, d], y: f32[batch], training: bool[], key: u32[rng_key]) {
              param w: f32[d] = normal(1.0)
              let u = random_uniform(key, [batch], 0.5, 1.5)
              let err = x @ w - y
              return (loss = mean(u * err * err))
            }
            """;

    /** The same step both ways: AdamW, cosine from 0.05 over 10 steps without warmup, clipping at 1. */
    static final String[] COMPILE_CONFIG = {"--optimizer", "adamw", "--lr-schedule", "cosine:base=0.05,warmup=0,total=10", "--clip-grad-norm", "1"};
    static final String[] TRAIN_CONFIG = {"--optimizer", "adamw", "--schedule", "cosine", "--lr", "0.05", "--decay-steps", "10",
            "--clip-global-norm", "1"};

    private static CliRun cli(String... args) { return CliRun.run(Commands.all(), args); }

    private Path spec() throws Exception {
        Path p = dir.resolve("linfit.sy");
        if (!Files.exists(p)) Files.writeString(p, MODEL);
        return p;
    }

    private Path artifact() throws Exception {
        Path out = dir.resolve("step");
        if (Files.exists(out)) return out;
        CliRun r = cli(concat(new String[] {"compile", spec().toString(), "--entry", "train", "-o", out.toString()}, COMPILE_CONFIG));
        assertEquals(0, r.exitCode(), r::toString);
        return out;
    }

    /** y = x·(1, −2, 0.5), 24 examples. */
    private Path data() throws Exception {
        Path d = dir.resolve("data");
        if (Files.exists(d)) return d;
        Files.createDirectories(d);
        Random r = new Random(11);
        int n = 24;
        float[] x = new float[n * 3], y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) x[i * 3 + j] = (float) r.nextGaussian();
            y[i] = (float) (x[i * 3] - 2 * x[i * 3 + 1] + 0.5 * x[i * 3 + 2]);
        }
        Npy.write(d.resolve("x.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {n, 3}, x));
        Npy.write(d.resolve("y.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {n}, y));
        return d;
    }

    private String[] loop(Path ckpt, int steps) throws Exception {
        return new String[] {"--data", data().toString(), "--steps", Integer.toString(steps), "--seed", "7", "--checkpoint-dir", ckpt.toString(),
                "--eval-data", data().toString(), "--eval-every", "2", "--eval-batches", "2"};
    }

    private static List<Double> column(Path ckpt, String kind, String key) throws Exception {
        List<Double> out = new ArrayList<>();
        for (JsonNode n : TrainCommandTest.metrics(ckpt.resolve("logs"), kind)) out.add(n.get(key).asDouble());
        return out;
    }

    private static byte[] bytes(Path p) throws Exception { return Files.readAllBytes(p); }

    @Test
    void anArtifactTrainsStepForStepAsItsModelSpec() throws Exception {
        Path bySpec = dir.resolve("by-spec"), byArtifact = dir.resolve("by-artifact");
        CliRun a = cli(concat(concat(new String[] {"train", spec().toString()}, loop(bySpec, 4)), TRAIN_CONFIG));
        assertEquals(0, a.exitCode(), a::toString);
        CliRun b = cli(concat(new String[] {"train", artifact().toString()}, loop(byArtifact, 4)));
        assertEquals(0, b.exitCode(), b::toString);

        List<Double> losses = column(bySpec, "train", "loss");
        assertEquals(4, losses.size());
        assertTrue(losses.getLast() < losses.getFirst(), "it learns: " + losses);
        assertEquals(losses, column(byArtifact, "train", "loss"));
        assertEquals(column(bySpec, "train", "grad_norm"), column(byArtifact, "train", "grad_norm"));
        assertEquals(column(bySpec, "train", "learning_rate"), column(byArtifact, "train", "learning_rate"));
        // the cosine schedule: lr at step s (counter s − 1 before the update) is 0.05 · (1 + cos(π (s−1) / 10)) / 2
        List<Double> lr = column(byArtifact, "train", "learning_rate");
        for (int s = 1; s <= 4; s++) assertEquals(0.05 * (1 + Math.cos(Math.PI * (s - 1) / 10)) / 2, lr.get(s - 1), 1e-7, "step " + s);
        // eval: the artifact has no forward; its step's pre-update loss equals the forward's here (nothing depends on training)
        List<Double> eval = column(bySpec, "eval", "loss");
        assertEquals(2, eval.size());
        assertEquals(eval, column(byArtifact, "eval", "loss"));

        for (String f : List.of("params.safetensors", "optimizer.safetensors", "checkpoint.json")) {
            assertArrayEquals(bytes(bySpec.resolve("step_00000004").resolve(f)), bytes(byArtifact.resolve("step_00000004").resolve(f)), f);
        }
        // --init-from: the artifact's step from the .sy run's weights, with fresh optimizer state, as the .sy would
        Path fromSpec = dir.resolve("from-spec"), fromArtifact = dir.resolve("from-artifact");
        String weights = bySpec.resolve("step_00000004").toString();
        CliRun c = cli(concat(concat(new String[] {"train", spec().toString(), "--init-from", weights, "--no-eval"},
                new String[] {"--data", data().toString(), "--steps", "2", "--checkpoint-dir", fromSpec.toString()}), TRAIN_CONFIG));
        assertEquals(0, c.exitCode(), c::toString);
        CliRun d = cli("train", artifact().toString(), "--init-from", weights, "--no-eval", "--data", data().toString(), "--steps", "2",
                "--checkpoint-dir", fromArtifact.toString());
        assertEquals(0, d.exitCode(), d::toString);
        assertEquals(column(fromSpec, "train", "loss"), column(fromArtifact, "train", "loss"));
        assertArrayEquals(bytes(fromSpec.resolve("step_00000002/params.safetensors")), bytes(fromArtifact.resolve("step_00000002/params.safetensors")));
        assertTrue(b.out().contains("training linfit"), b.out());
        assertTrue(b.err().contains("eval runs the artifact's train step") && !a.err().contains("train step"), b.err());
    }

    /**
     * The sample Switch model on the shipped corpus (span corruption, its vocab read from the
     * manifest) with the default Adafactor + rsqrt step: 3 steps of its compiled step equal 3 steps
     * of the .sy, on the same held-out split (compile has no --set, so the sample's own dropout).
     */
    @Test
    void theSwitchSampleTrainsAsItsArtifact() throws Exception {
        Path art = dir.resolve("switch-step"), bySpec = dir.resolve("switch-spec"), byArtifact = dir.resolve("switch-artifact");
        CliRun c = cli("compile", TrainSwitchTest.SAMPLE, "--entry", "train", "-o", art.toString());
        assertEquals(0, c.exitCode(), c::toString);
        String[] common = {"--data", TrainSwitchTest.CORPUS, "--steps", "3", "--seed", "5"};
        CliRun a = cli(concat(new String[] {"train", TrainSwitchTest.SAMPLE, "--checkpoint-dir", bySpec.toString()}, common));
        assertEquals(0, a.exitCode(), a::toString);
        CliRun b = cli(concat(new String[] {"train", art.toString(), "--checkpoint-dir", byArtifact.toString()}, common));
        assertEquals(0, b.exitCode(), b::toString);
        for (String metric : List.of("loss", "ce_loss", "aux_loss", "z_loss", "grad_norm", "learning_rate")) {
            List<Double> expected = column(bySpec, "train", metric);
            assertEquals(3, expected.size(), metric);
            assertEquals(expected, column(byArtifact, "train", metric), metric);
        }
        assertEquals(1.0 / Math.sqrt(10_000), column(byArtifact, "train", "learning_rate").getFirst(), 1e-9, "rsqrt, warmup 10000");
        // the held-out eval at the end: through the step (training = true) it equals the forward's, as the sample's dropout is 0
        assertEquals(1, column(byArtifact, "eval", "loss").size());
        assertEquals(column(bySpec, "eval", "loss"), column(byArtifact, "eval", "loss"));
        for (String f : List.of("params.safetensors", "optimizer.safetensors", "checkpoint.json")) {
            assertArrayEquals(bytes(bySpec.resolve("step_00000003").resolve(f)), bytes(byArtifact.resolve("step_00000003").resolve(f)), f);
        }
    }

    /**
     * Across processes: the artifact trained by a child JVM writes the same checkpoint bytes as the
     * .sy trained here (map orders in checkpoint.json and the safetensors headers are fixed, not
     * the per-JVM iteration order of Map.of).
     */
    @Test
    void anotherProcessWritesTheSameCheckpointBytes() throws Exception {
        Path here = dir.resolve("here"), there = dir.resolve("there");
        String[] common = {"--data", data().toString(), "--steps", "2", "--seed", "3", "--no-eval"};
        CliRun a = cli(concat(concat(new String[] {"train", spec().toString(), "--checkpoint-dir", here.toString()}, common), TRAIN_CONFIG));
        assertEquals(0, a.exitCode(), a::toString);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-Xss8m",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", artifact().toString(), "--checkpoint-dir", there.toString()));
        command.addAll(List.of(common));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("child.txt").toFile()).start();
        assertTrue(child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the child finishes");
        assertEquals(0, child.exitValue(), () -> readQuietly(dir.resolve("child.txt")));
        for (String f : List.of("params.safetensors", "optimizer.safetensors", "checkpoint.json")) {
            assertArrayEquals(bytes(here.resolve("step_00000002").resolve(f)), bytes(there.resolve("step_00000002").resolve(f)), f);
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void aRunOfTheArtifactResumesExactly() throws Exception {
        Path whole = dir.resolve("whole"), split = dir.resolve("split");
        Path art = artifact();
        String manifest = Files.readString(art.resolve("manifest.json")), module = Files.readString(art.resolve("model.mlir"));
        assertEquals(0, cli(concat(new String[] {"train", art.toString()}, loop(whole, 4))).exitCode());
        assertEquals(0, cli(concat(new String[] {"train", art.toString()}, loop(split, 2))).exitCode());
        CliRun r = cli(concat(new String[] {"train", art.toString(), "--resume"}, loop(split, 2)));
        assertEquals(0, r.exitCode(), r::toString);
        for (String f : List.of("params.safetensors", "optimizer.safetensors", "checkpoint.json")) {
            assertArrayEquals(bytes(whole.resolve("step_00000004").resolve(f)), bytes(split.resolve("step_00000004").resolve(f)), f);
        }
        assertEquals(column(whole, "train", "loss"), column(split, "train", "loss"));
        assertEquals(manifest, Files.readString(art.resolve("manifest.json")), "the artifact is read, never written");
        assertEquals(module, Files.readString(art.resolve("model.mlir")));
        try (Stream<Path> files = Files.list(art)) {
            assertEquals(List.of(".switchyard-owned", "compile_options.pb", "manifest.json", "model.mlir"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aCheckpointOfAnotherStepIsNotResumedByTheArtifact() throws Exception {
        Path ckpt = dir.resolve("sgd-run");
        assertEquals(0, cli("train", spec().toString(), "--data", data().toString(), "--steps", "1", "--optimizer", "adamw",
                "--schedule", "constant", "--lr", "0.01", "--checkpoint-dir", ckpt.toString()).exitCode());
        CliRun r = cli("train", artifact().toString(), "--data", data().toString(), "--steps", "1", "--resume", "--checkpoint-dir", ckpt.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("was trained with") && r.err().contains("constant") && r.err().contains("cosine"), r.err());
        assertNoTrace(r);
    }

    @Test
    void flagsThatShapeTheStepAreRefused() throws Exception {
        Path art = artifact();
        Path tea = spec();
        List<String[]> cases = List.of(new String[] {"--optimizer", "sgd"}, new String[] {"--lr", "0.1"}, new String[] {"--schedule", "constant"},
                new String[] {"--warmup", "3"}, new String[] {"--decay-steps", "5"}, new String[] {"--clip-global-norm", "2"},
                new String[] {"--freeze", "w"}, new String[] {"--train-only", "w"}, new String[] {"--set", "d=4"},
                new String[] {"--mesh-shape", "data=1"}, new String[] {"--eval-set", "d=4"}, new String[] {"--distill-temperature", "2"},
                new String[] {"--teacher", tea.toString(), "--teacher-weights", tea.toString()});
        for (String[] flag : cases) {
            Path ckpt = dir.resolve("refused");
            CliRun r = cli(concat(new String[] {"train", art.toString(), "--data", data().toString(), "--steps", "1",
                    "--checkpoint-dir", ckpt.toString()}, flag));
            assertEquals(1, r.exitCode(), String.join(" ", flag) + ": " + r);
            assertTrue(r.err().contains(flag[0] + ":") && r.err().contains("fixed at compile time") && r.err().contains("compile MODEL.sy --entry train"),
                    r.err());
            assertNoTrace(r);
            assertFalse(Files.exists(ckpt), "nothing written for " + flag[0]);
        }
    }

    @Test
    void aForwardArtifactOrAPlainDirectoryIsAClearError() throws Exception {
        Path fwd = dir.resolve("fwd");
        assertEquals(0, cli("compile", spec().toString(), "-o", fwd.toString()).exitCode());
        CliRun r = cli("train", fwd.toString(), "--data", data().toString(), "--steps", "1", "--checkpoint-dir", dir.resolve("c").toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("forward artifact") && r.err().contains("--entry train") && r.err().contains("linfit.sy"), r.err());
        assertNoTrace(r);

        Path plain = Files.createDirectories(dir.resolve("plain"));
        r = cli("train", plain.toString(), "--data", data().toString(), "--steps", "1");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("no manifest.json"), r.err());
        assertNoTrace(r);

        r = cli("train", dir.resolve("absent").toString(), "--data", data().toString(), "--steps", "1");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("no such artifact directory"), r.err());
        assertFalse(Files.exists(dir.resolve("c")));
    }

    /**
     * A manifest and module edited to declare w as f32[10^12] (consistent, so every check passed)
     * used to reach the parameter initialiser and die there with an IllegalArgumentException and a
     * stack trace (exit 2); the state's sizes are now refused before anything is allocated.
     */
    @Test
    void aStateTooLargeForTheHostIsRefusedBeforeAllocating() throws Exception {
        Path art = dir.resolve("huge");
        copyTree(artifact(), art);
        long n = 1_000_000_000_000L;
        Files.writeString(art.resolve("manifest.json"), Files.readString(art.resolve("manifest.json"))
                .replaceAll("\"shape\" : \\[ 3 \\],", "\"shape\" : [ " + n + " ],")
                .replaceAll("\"byte_size\" : 12,", "\"byte_size\" : " + 4 * n + ","));
        Files.writeString(art.resolve("model.mlir"), Files.readString(art.resolve("model.mlir")).replace("tensor<3xf32>", "tensor<" + n + "xf32>"));
        CliRun r = cli("train", art.toString(), "--data", data().toString(), "--steps", "1", "--checkpoint-dir", dir.resolve("c").toString());
        assertEquals(1, r.exitCode(), r::toString);
        // one f32[10^12] is past a host array, and the three together past any heap; the heap is checked first
        assertTrue(r.err().contains(art.resolve("manifest.json") + ": the train state need ") && r.err().contains("but this JVM may use at most"),
                r.err());
        assertNoTrace(r);
        assertFalse(Files.exists(dir.resolve("c")));
    }

    /**
     * entry.optimizer's clip_global_norm "x", master_weights "yes" and frozen "w" used to be read as
     * off (no clipping, no master weights, nothing frozen), a missing beta1 as its default and a
     * typo (beta_1) ignored, all recorded so in checkpoint.json, which then disagreed with the
     * compiled step; each is now refused naming the key.
     */
    @Test
    void aMistypedOptimizerRecordIsRefusedNotReadAsOff() throws Exception {
        Path art = dir.resolve("mistyped");
        copyTree(artifact(), art);
        String manifest = Files.readString(art.resolve("manifest.json"));
        assertTrue(manifest.contains("\"clip_global_norm\" : 1.0,") && manifest.contains("\"master_weights\" : false")
                && manifest.contains("\"beta1\" : 0.9,"), manifest);
        record Edit(String from, String to, String message) {}
        for (Edit e : List.of(
                new Edit("\"clip_global_norm\" : 1.0,", "\"clip_global_norm\" : \"x\",", "clip_global_norm must be a finite number >= 0 (0: no clipping), found \"x\""),
                new Edit("\"clip_global_norm\" : 1.0,", "\"clip_global_norm\" : -1,", "clip_global_norm must be a finite number >= 0 (0: no clipping), found -1"),
                new Edit("\"master_weights\" : false", "\"master_weights\" : \"yes\"", "master_weights must be true or false, found \"yes\""),
                new Edit("\"master_weights\" : false", "\"master_weights\" : false, \"frozen\" : \"w\"", "frozen must be a list of parameter paths, found \"w\""),
                new Edit("\"beta1\" : 0.9,", "", "adamw with schedule cosine lacks beta1 (the artifact is damaged; compile it again)"),
                new Edit("\"beta1\" : 0.9,", "\"beta_1\" : 0.9, \"beta1\" : 0.9,", "unknown key beta_1 for adamw with schedule cosine (known: "))) {
            Files.writeString(art.resolve("manifest.json"), manifest.replace(e.from(), e.to()));
            CliRun r = cli("train", art.toString(), "--data", data().toString(), "--steps", "1", "--checkpoint-dir", dir.resolve("c").toString());
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.err().contains("manifest.json entry.optimizer: " + e.message()), e + "\n" + r.err());
            assertNoTrace(r);
            assertFalse(Files.exists(dir.resolve("c")));
        }
    }

    /**
     * --resume with a checkpoint of another model (w: f32[3] there, f32[4] here) printed "note:
     * ... changed since step_00000001 was written; its parameters still match" just before the
     * error saying they do not. The note now comes only after the parameters are found to match.
     */
    @Test
    void aResumedCheckpointOfAnotherShapeIsNotSaidToMatch() throws Exception {
        Path ckpt = dir.resolve("d3");
        assertEquals(0, cli("train", spec().toString(), "--data", data().toString(), "--steps", "1", "--checkpoint-dir", ckpt.toString()).exitCode());
        Path wider = Files.writeString(dir.resolve("linfit4.sy"), MODEL.replace("dim d = 3", "dim d = 4"));
        CliRun r = cli("train", wider.toString(), "--data", data().toString(), "--steps", "1", "--resume", "--checkpoint-dir", ckpt.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("a checkpoint of another model: tensor 'w' is f32[3] there, the model has f32[4]"), r.err());
        assertFalse(r.err().contains("still match"), r.err());
        assertNoTrace(r);
        Path same = Files.writeString(dir.resolve("linfit_renamed.sy"), MODEL + "// a comment changes the source, not the parameters\n");
        r = cli("train", same.toString(), "--data", data().toString(), "--steps", "1", "--resume", "--checkpoint-dir", ckpt.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("changed since step_00000001 was written; its parameters still match"), r.err());
    }

    /**
     * A model.mlir whose @main lost its func.return line parses; it used to fail only inside the
     * interpreter, as "block ends without a terminator (func.return / stablehlo.return)" with no
     * file or line. Now the artifact check names the file and the line of the body's last op.
     */
    @Test
    void anEntryWithoutItsReturnIsALocatedError() throws Exception {
        Path art = dir.resolve("no-return");
        copyTree(artifact(), art);
        List<String> lines = new ArrayList<>(Files.readAllLines(art.resolve("model.mlir")));
        int ret = -1;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).trim().startsWith("func.return")) ret = i;
        assertTrue(ret > 0, "the compiled module returns with func.return");
        lines.remove(ret);
        Files.write(art.resolve("model.mlir"), lines);
        int lastOp = ret; // 1-based line of the op before the removed return
        CliRun r = cli("train", art.toString(), "--data", data().toString(), "--steps", "1", "--checkpoint-dir", dir.resolve("c").toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains(art.resolve("model.mlir") + ":" + lastOp + ":"), r.err());
        assertTrue(r.err().contains("@main does not end with func.return (the artifact is damaged; compile it again)"), r.err());
        assertNoTrace(r);
        assertFalse(Files.exists(dir.resolve("c")));
    }

    private static void copyTree(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
    }

    @Test
    void helpNamesBothForms() {
        CliRun r = cli("train", "--help");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("MODEL.sy|ARTIFACT_DIR"), r.out());
        // every step-shaping flag but --teacher's companions (refused without --teacher) says it applies to a .sy
        String text = r.out().replaceAll("\\s+", " ");
        assertEquals(TrainArtifact.STEP_FLAGS.size() - 3, text.split("\\.sy only\\)", -1).length - 1, r.out());
    }

    private static void assertNoTrace(CliRun r) {
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
