package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.cli.safetensors.SafetensorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchyard train STUDENT --teacher TEACHER --teacher-weights FILE} end to end on the
 * interpreter with the sample pair (sparse teacher, dense student), the real grad pass and
 * Adafactor: the teacher's file is untouched, checkpoints hold the student only, the student starts
 * from the teacher's non-expert weights, a distilled run resumes exactly, a resume that would change
 * the objective (teacher, weights, α, temperature) is refused writing nothing, a run at temperature 2
 * records it and resumes exactly, and mistakes are exit-1 errors. (Whether distillation beats training alone is a benchmark: scripts/distill-benchmark.sh.)
 */
class TrainDistillTest {

    @TempDir static Path dir;

    static final String TEACHER = Path.of("..", "samples", "distill_teacher.sy").toString();
    static final String STUDENT = Path.of("..", "samples", "distill_student.sy").toString();
    static final String CORPUS = Path.of("..", "data", "corpus").toString();
    static Path teacherWeights;

    /** Any teacher weights do for data flow: two steps of the teacher's own training. */
    @BeforeAll
    static void trainTeacher() {
        Path ckpt = dir.resolve("teacher");
        CliRun r = CliRun.run(Commands.all(), "train", TEACHER, "--data", CORPUS, "--steps", "2", "--no-eval", "--checkpoint-dir", ckpt.toString());
        assertEquals(0, r.exitCode(), r::toString);
        teacherWeights = ckpt.resolve("step_00000002").resolve("params.safetensors");
    }

    static CliRun train(String... args) { return CliRun.run(Commands.all(), args); }

    static String[] distill(Path ckpt, String... more) {
        List<String> a = new ArrayList<>(List.of("train", STUDENT, "--data", CORPUS, "--no-eval", "--checkpoint-dir",
                ckpt.toString(), "--teacher", TEACHER, "--teacher-weights", teacherWeights.toString()));
        a.addAll(List.of(more));
        if (!a.contains("--resume")) a.addAll(List.of("--warmup", "100"));
        return a.toArray(String[]::new);
    }

    static Set<String> names(Path safetensors) throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(safetensors)) {
            return new TreeSet<>(f.entries().stream().map(e -> e.name()).toList());
        }
    }

    @Test
    void distilsWithTheTeacherUntouchedAndCheckpointsTheStudentOnly() throws Exception {
        byte[] before = Files.readAllBytes(teacherWeights);
        Path ckpt = dir.resolve("distilled");
        // a frozen copied parameter must end as the teacher's very tensor
        CliRun r = train(distill(ckpt, "--steps", "12", "--freeze", "encoder.final_norm.scale"));
        assertEquals(0, r.exitCode(), r::toString);
        assertArrayEquals(before, Files.readAllBytes(teacherWeights), "the teacher's weights file is unchanged");

        assertTrue(r.out().contains("initialised from the teacher: "), r::toString);
        String copied = r.out().lines().filter(l -> l.startsWith("  copied: ")).findFirst().orElseThrow();
        String studentOnly = r.out().lines().filter(l -> l.startsWith("  student-only (fresh): ")).findFirst().orElseThrow();
        assertTrue(copied.contains("embedding") && copied.contains("decoder.layer_1.cross_attention.q"), copied);
        assertFalse(copied.contains("mlp"), "the teacher's FFNs are experts; the student's dense FFNs are its own: " + copied);
        assertTrue(studentOnly.contains("encoder.layer_0.ffn.mlp.wi"), studentOnly);

        Path last = ckpt.resolve("step_00000012");
        Set<String> params = names(last.resolve("params.safetensors"));
        Set<String> teacherParams = names(teacherWeights);
        assertEquals(47, params.size(), "the student's parameters: " + params);
        assertTrue(params.stream().noneMatch(p -> p.contains("experts") || p.contains("router")), "no teacher tensor: " + params);
        assertFalse(params.containsAll(teacherParams));
        for (String slot : names(last.resolve("optimizer.safetensors"))) {
            assertTrue(slot.equals("step") || params.contains(slot.replaceFirst("^opt/", "").replaceFirst("/[^/]+$", "")), slot);
        }
        try (SafetensorsFile s = SafetensorsFile.open(last.resolve("params.safetensors"));
             SafetensorsFile t = SafetensorsFile.open(teacherWeights)) {
            assertEquals(t.read("encoder.final_norm.scale"), s.read("encoder.final_norm.scale"), "copied from the teacher, then frozen");
            assertFalse(Arrays.equals(t.read("embedding").toDoubles(), s.read("embedding").toDoubles()), "copied, then trained");
        }

        List<JsonNode> steps = TrainCommandTest.metrics(ckpt.resolve("logs"), "train");
        assertEquals(12, steps.size());
        assertTrue(steps.getLast().has("distill_loss") && steps.getLast().has("ce_loss"));
        double first = steps.getFirst().get("loss").asDouble();
        double lastThree = steps.subList(9, 12).stream().mapToDouble(n -> n.get("loss").asDouble()).average().orElseThrow();
        assertTrue(lastThree < first, "the distillation loss falls: " + first + " -> " + lastThree);
        for (JsonNode s : steps) {
            double want = 0.25 * s.get("ce_loss").asDouble() + 0.75 * s.get("distill_loss").asDouble() + s.get("aux_loss").asDouble();
            assertEquals(want, s.get("loss").asDouble(), 1e-5, "loss = 0.25 · ce + 0.75 · distill (+ aux, 0 for a dense student)");
        }
        assertTrue(r.out().contains("(ce "), "progress lines show the parts: " + r.out());
    }

    @Test
    void aDistilledRunResumesExactly() throws Exception {
        Path a = dir.resolve("whole"), b = dir.resolve("halves");
        assertEquals(0, train(distill(a, "--steps", "4")).exitCode());
        assertEquals(0, train(distill(b, "--steps", "2")).exitCode());
        CliRun rest = train(distill(b, "--steps", "2", "--resume"));
        assertEquals(0, rest.exitCode(), rest::toString);
        assertFalse(rest.out().contains("initialised from the teacher"), "a resumed student continues from its checkpoint");
        assertFalse(rest.err().contains("note: distill_teacher.sy changed"), rest::toString);
        for (String f : List.of("params.safetensors", "optimizer.safetensors")) {
            assertArrayEquals(Files.readAllBytes(a.resolve("step_00000004").resolve(f)), Files.readAllBytes(b.resolve("step_00000004").resolve(f)), f);
        }
        // checkpoint.json records the setup: the teacher, the SHA-256 of the weights file read, α
        JsonNode d = checkpointJson(b.resolve("step_00000004")).get("distillation");
        assertEquals(0.25, d.get("alpha").asDouble());
        assertEquals(sha256(teacherWeights), d.get("teacher_weights_sha256").asText());
        assertEquals("distill_teacher.sy", d.get("teacher").get("file").asText());
        assertEquals("distill_teacher", d.get("teacher").get("name").asText());
        assertEquals(sha256(Path.of(TEACHER)), d.get("teacher").get("source_sha256").asText());
        assertEquals(d, checkpointJson(a.resolve("step_00000004")).get("distillation"), "the same setup, the same record");
        assertEquals("none", checkpointJson(dir.resolve("teacher").resolve("step_00000002")).get("distillation").asText(), "a plain run");
    }

    @Test
    void aResumeTakesTheRecordedAlphaAndTheWeightsByContent() throws Exception {
        Path ckpt = dir.resolve("alpha_half");
        assertEquals(0, train(distill(ckpt, "--steps", "2", "--distill-alpha", "0.5")).exitCode());
        // no --distill-alpha: the checkpoint's 0.5, not the default; the weights as the teacher's checkpoint directory (the same file)
        List<String> a = new ArrayList<>(List.of(distill(ckpt, "--steps", "2", "--resume")));
        a.set(a.indexOf(teacherWeights.toString()), teacherWeights.getParent().getParent().toString());
        CliRun r = train(a.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("α = 0.5"), r::toString);
        List<JsonNode> steps = TrainCommandTest.metrics(ckpt.resolve("logs"), "train");
        assertEquals(4, steps.size());
        for (JsonNode s : steps.subList(2, 4)) {
            double want = 0.5 * s.get("ce_loss").asDouble() + 0.5 * s.get("distill_loss").asDouble() + s.get("aux_loss").asDouble();
            assertEquals(want, s.get("loss").asDouble(), 1e-5, "the resumed steps use α = 0.5");
        }
        assertEquals(0.5, checkpointJson(ckpt.resolve("step_00000004")).get("distillation").get("alpha").asDouble());
    }

    @Test
    void aResumeThatWouldChangeTheObjectiveIsRefusedAndWritesNothing() throws Exception {
        Path ckpt = dir.resolve("refusals");
        assertEquals(0, train(distill(ckpt, "--steps", "2")).exitCode());
        String weights12 = sha256(teacherWeights).substring(0, 12);

        // no teacher: it would go on as plain training
        assertRefusedUnchanged(ckpt, new String[] {"train", STUDENT, "--data", CORPUS, "--no-eval", "--checkpoint-dir", ckpt.toString(), "--steps", "1",
                "--resume"}, "was trained by distillation", "distill_teacher.sy", weights12, "α = 0.25", "--teacher", "--init-from");

        // another teacher: the same parameters, a larger capacity (other tokens dropped, other soft targets)
        Path other = Files.createDirectories(dir.resolve("other_teacher")).resolve("distill_teacher.sy");
        String text = Files.readString(Path.of(TEACHER));
        Files.writeString(other, text.replace("const capacity_factor = 1.25", "const capacity_factor = 2.0"));
        assertRefusedUnchanged(ckpt, with(distill(ckpt, "--steps", "1", "--resume"), TEACHER, other.toString()),
                "another setup", "teacher: recorded distill_teacher.sy", "graph", "--init-from");

        // other teacher weights: the teacher trained with another seed
        Path otherWeights = dir.resolve("teacher_seed1");
        assertEquals(0, train("train", TEACHER, "--data", CORPUS, "--steps", "1", "--no-eval", "--seed", "1", "--checkpoint-dir",
                otherWeights.toString()).exitCode());
        Path otherFile = otherWeights.resolve("step_00000001").resolve("params.safetensors");
        assertRefusedUnchanged(ckpt, with(distill(ckpt, "--steps", "1", "--resume"), teacherWeights.toString(), otherFile.toString()),
                "teacher weights: recorded sha256 " + weights12 + ", given " + sha256(otherFile).substring(0, 12));

        // another α
        CliRun alpha = assertRefusedUnchanged(ckpt, distill(ckpt, "--steps", "1", "--resume", "--distill-alpha", "0.5"),
                "--distill-alpha: recorded 0.25, given 0.5");
        assertFalse(alpha.err().contains("teacher:") || alpha.err().contains("teacher weights:"), "only what differs: " + alpha.err());

        // a teacher added to a plain run
        Path plain = dir.resolve("plain_then_teacher");
        assertEquals(0, train("train", STUDENT, "--data", CORPUS, "--steps", "2", "--no-eval", "--warmup", "100", "--checkpoint-dir",
                plain.toString()).exitCode());
        assertRefusedUnchanged(plain, distill(plain, "--steps", "1", "--resume"),
                "was trained without a teacher", "would change the objective", "--init-from " + plain.resolve("step_00000002"));

        // a comment in the teacher changes its text, not its graph: resumed, with a note
        Path commented = Files.createDirectories(dir.resolve("commented_teacher")).resolve("distill_teacher.sy");
        Files.writeString(commented, "// the same teacher, one line lower\n" + text);
        CliRun same = train(with(distill(ckpt, "--steps", "1", "--resume"), TEACHER, commented.toString()));
        assertEquals(0, same.exitCode(), same::toString);
        assertTrue(same.err().contains("note: distill_teacher.sy changed since step_00000002 was written; the teacher's graph is the same"), same::toString);
    }

    @Test
    void aRunAtATemperatureTrainsRecordsItAndResumesExactly() throws Exception {
        Path one = dir.resolve("temperature_1"), whole = dir.resolve("temperature_2"), halves = dir.resolve("temperature_2_halves");
        assertEquals(0, train(distill(one, "--steps", "1")).exitCode());
        CliRun hot = train(distill(whole, "--steps", "4", "--distill-temperature", "2"));
        assertEquals(0, hot.exitCode(), hot::toString);
        assertTrue(hot.out().contains("α = 0.25, T = 2.0"), hot::toString);
        List<JsonNode> steps = TrainCommandTest.metrics(whole.resolve("logs"), "train");
        assertEquals(4, steps.size());
        for (JsonNode s : steps) {
            for (String m : List.of("loss", "ce_loss", "distill_loss")) assertTrue(Double.isFinite(s.get(m).asDouble()), m + ": " + s);
            double want = 0.25 * s.get("ce_loss").asDouble() + 0.75 * s.get("distill_loss").asDouble() + s.get("aux_loss").asDouble();
            assertEquals(want, s.get("loss").asDouble(), 1e-5, "loss = 0.25 · ce + 0.75 · distill at T = 2 too");
        }
        // step 1 is the same student (fresh, the teacher's weights) on the same batch: the hard term agrees, the soft one not
        JsonNode atOne = TrainCommandTest.metrics(one.resolve("logs"), "train").getFirst(), atTwo = steps.getFirst();
        assertEquals(atOne.get("ce_loss").asDouble(), atTwo.get("ce_loss").asDouble(), 0.0, "the temperature leaves ce_loss alone");
        assertTrue(Math.abs(atOne.get("distill_loss").asDouble() - atTwo.get("distill_loss").asDouble()) > 1e-3,
                "T = 2 softens the soft term: " + atOne + " vs " + atTwo);
        assertEquals(2.0, checkpointJson(whole.resolve("step_00000004")).get("distillation").get("temperature").asDouble());
        assertEquals(1.0, checkpointJson(one.resolve("step_00000001")).get("distillation").get("temperature").asDouble());

        assertEquals(0, train(distill(halves, "--steps", "2", "--distill-temperature", "2")).exitCode());
        for (String other : List.of("3", "1")) {
            assertRefusedUnchanged(halves, distill(halves, "--steps", "2", "--resume", "--distill-temperature", other),
                    "--distill-temperature: recorded 2.0, given " + Double.parseDouble(other), "--init-from");
        }
        // no flag: the recorded T, continuing bitwise as the uninterrupted run
        CliRun rest = train(distill(halves, "--steps", "2", "--resume"));
        assertEquals(0, rest.exitCode(), rest::toString);
        assertTrue(rest.out().contains("T = 2.0"), rest::toString);
        for (String f : List.of("params.safetensors", "optimizer.safetensors")) {
            assertArrayEquals(Files.readAllBytes(whole.resolve("step_00000004").resolve(f)),
                    Files.readAllBytes(halves.resolve("step_00000004").resolve(f)), f);
        }
        assertEquals(checkpointJson(whole.resolve("step_00000004")).get("distillation"),
                checkpointJson(halves.resolve("step_00000004")).get("distillation"));
    }

    @Test
    void aCheckpointWrittenBeforeTemperaturesResumesAtOne() throws Exception {
        Path ckpt = dir.resolve("before_temperatures");
        assertEquals(0, train(distill(ckpt, "--steps", "1")).exitCode());
        Path json = ckpt.resolve("step_00000001").resolve("checkpoint.json");
        com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) checkpointJson(json.getParent());
        assertTrue(((com.fasterxml.jackson.databind.node.ObjectNode) o.get("distillation")).remove("temperature") != null);
        Files.writeString(json, new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(o));
        assertRefusedUnchanged(ckpt, distill(ckpt, "--steps", "1", "--resume", "--distill-temperature", "2"),
                "--distill-temperature: recorded 1.0, given 2.0");
        CliRun r = train(distill(ckpt, "--steps", "1", "--resume"));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("T = 1.0"), r::toString);
        assertEquals(1.0, checkpointJson(ckpt.resolve("step_00000002")).get("distillation").get("temperature").asDouble());
    }

    /** A distilled checkpoint as written before the setup was recorded: without the field. */
    static Path unrecorded(String name) throws Exception {
        Path ckpt = dir.resolve(name);
        assertEquals(0, train(distill(ckpt, "--steps", "2")).exitCode());
        Path json = ckpt.resolve("step_00000002").resolve("checkpoint.json");
        com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) checkpointJson(json.getParent());
        assertTrue(o.has("distillation"));
        o.remove("distillation");
        Files.writeString(json, new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(o));
        return ckpt;
    }

    @Test
    void aCheckpointWrittenBeforeTheSetupWasRecordedResumesAsBefore() throws Exception {
        // without --teacher: plain training, as such a resume always did
        Path plain = unrecorded("old_format_plain");
        CliRun r = train("train", STUDENT, "--data", CORPUS, "--no-eval", "--checkpoint-dir", plain.toString(), "--steps", "1", "--resume");
        assertEquals(0, r.exitCode(), r::toString);
        List<JsonNode> steps = TrainCommandTest.metrics(plain.resolve("logs"), "train");
        assertEquals(3, steps.size());
        assertTrue(steps.get(1).has("distill_loss") && !steps.getLast().has("distill_loss"), "step 3 is plain training: " + steps.getLast());
        assertEquals("none", checkpointJson(plain.resolve("step_00000003")).get("distillation").asText());

        // with its teacher: distilled, unchecked but said, and recorded from then on
        Path distilled = unrecorded("old_format_distilled");
        CliRun d = train(distill(distilled, "--steps", "1", "--resume"));
        assertEquals(0, d.exitCode(), d::toString);
        assertTrue(d.err().contains("note: step_00000002 was written before checkpoints recorded their teacher"), d::toString);
        assertTrue(TrainCommandTest.metrics(distilled.resolve("logs"), "train").getLast().has("distill_loss"));
        assertEquals(sha256(teacherWeights), checkpointJson(distilled.resolve("step_00000003")).get("distillation")
                .get("teacher_weights_sha256").asText());
    }

    static JsonNode checkpointJson(Path stepDir) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(stepDir.resolve("checkpoint.json")));
    }

    static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** {@code args} with one value replaced. */
    static String[] with(String[] args, String from, String to) {
        List<String> a = new ArrayList<>(List.of(args));
        a.set(a.indexOf(from), to);
        return a.toArray(String[]::new);
    }

    /** Every file under {@code root} (checkpoints, logs) by relative path, with its SHA-256. */
    static java.util.Map<String, String> tree(Path root) throws Exception {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path p : walk.toList()) out.put(root.relativize(p).toString(), Files.isRegularFile(p) ? sha256(p) : "dir");
        }
        return out;
    }

    /** Runs {@code args}, expecting exit 1 with {@code parts} on stderr and every file under {@code ckpt} as it was. */
    private static CliRun assertRefusedUnchanged(Path ckpt, String[] args, String... parts) throws Exception {
        java.util.Map<String, String> before = tree(ckpt);
        CliRun r = train(args);
        assertUserError(r, parts);
        assertEquals(before, tree(ckpt), "the refused resume wrote nothing in " + ckpt);
        return r;
    }

    private static void assertUserError(CliRun r, String... parts) {
        assertEquals(1, r.exitCode(), r::toString);
        for (String p : parts) assertTrue(r.err().contains(p), () -> "stderr lacks '" + p + "':\n" + r);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r::toString);
    }

    @Test
    void mistakesAreClearErrors() throws Exception {
        Path ckpt = dir.resolve("bad");
        assertUserError(train(distill(ckpt, "--steps", "1", "--distill-alpha", "1.5")), "--distill-alpha must be a number from 0 to 1", "1.5");
        assertUserError(train(distill(ckpt, "--steps", "1", "--distill-alpha", "half")), "--distill-alpha", "half");
        assertUserError(train("train", STUDENT, "--data", CORPUS, "--steps", "1", "--teacher-weights", teacherWeights.toString()),
                "--teacher-weights configures distillation; add --teacher");
        assertUserError(train("train", STUDENT, "--data", CORPUS, "--steps", "1", "--distill-alpha", "0.5"), "add --teacher");
        for (String bad : List.of("0", "-1", "NaN", "Infinity", "-Infinity", "hot", "")) {
            assertUserError(train(distill(ckpt, "--steps", "1", "--distill-temperature", bad)),
                    "--distill-temperature must be a number greater than 0, got '" + bad + "'");
        }
        for (String unusable : List.of("1e-30", "1e30")) {
            assertUserError(train(distill(ckpt, "--steps", "1", "--distill-temperature", unusable)), "--distill-temperature " + unusable, "f32");
        }
        assertUserError(train("train", STUDENT, "--data", CORPUS, "--steps", "1", "--checkpoint-dir", ckpt.toString(), "--distill-temperature", "2"),
                "--distill-temperature configures distillation; add --teacher");
        assertFalse(Files.exists(ckpt), "nothing written");
        assertUserError(train("train", STUDENT, "--data", CORPUS, "--steps", "1", "--teacher", TEACHER), "--teacher needs --teacher-weights");
        assertUserError(train("train", STUDENT, "--data", CORPUS, "--steps", "1", "--teacher", TEACHER, "--teacher-weights",
                dir.resolve("nothing.safetensors").toString()), "--teacher-weights", "no such file");
        // weights of another model: the student's own checkpoint
        Path own = dir.resolve("own");
        assertEquals(0, train("train", STUDENT, "--data", CORPUS, "--steps", "1", "--no-eval", "--checkpoint-dir", own.toString()).exitCode());
        assertUserError(train("train", STUDENT, "--data", CORPUS, "--steps", "1", "--checkpoint-dir", ckpt.toString(), "--teacher", TEACHER,
                "--teacher-weights", own.resolve("step_00000001").toString()), "weights of another model than the teacher", "is missing");
        // a teacher whose logits do not fit the student's
        Path wide = dir.resolve("wide_teacher.sy");
        Files.writeString(wide, Files.readString(Path.of(TEACHER)).replace("dim vocab = 384", "dim vocab = 400")
                .replace("model distill_teacher", "model wide_teacher"));
        assertUserError(train("train", STUDENT, "--data", CORPUS, "--steps", "1", "--checkpoint-dir", ckpt.toString(), "--teacher", wide.toString(),
                "--teacher-weights", teacherWeights.toString()), "wide_teacher", "distill_student", "vocab=400");
        assertFalse(Files.exists(ckpt.resolve("step_00000001")), "nothing trained");
    }

    @Test
    void helpListsTheDistillationFlags() {
        CliRun r = train("train", "--help");
        assertEquals(0, r.exitCode(), r::toString);
        for (String flag : List.of("--teacher ", "--teacher-weights", "--distill-alpha", "--distill-temperature")) assertTrue(r.out().contains(flag), flag);
    }
}
