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
 * from the teacher's non-expert weights, a distilled run resumes exactly, and mistakes are exit-1
 * errors. (Whether distillation beats training alone is a benchmark: scripts/distill-benchmark.sh.)
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
        for (String f : List.of("params.safetensors", "optimizer.safetensors")) {
            assertArrayEquals(Files.readAllBytes(a.resolve("step_00000004").resolve(f)), Files.readAllBytes(b.resolve("step_00000004").resolve(f)), f);
        }
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
        for (String flag : List.of("--teacher ", "--teacher-weights", "--distill-alpha")) assertTrue(r.out().contains(flag), flag);
    }
}
