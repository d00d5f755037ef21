package dev.switchyard.cli.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir Path dir;

    private CheckpointStore storeWith(long... steps) throws Exception {
        CheckpointStore store = new CheckpointStore(dir.resolve("ckpt"));
        for (long s : steps) store.save(CheckpointKillChild.info(s), CheckpointKillChild.tensors("", s), CheckpointKillChild.tensors("opt/", s));
        return store;
    }

    @Test
    void saveThenLoadRoundTrips() throws Exception {
        CheckpointStore store = storeWith(12);
        Path step = dir.resolve("ckpt/step_00000012");
        assertTrue(Files.isRegularFile(step.resolve("params.safetensors")));
        assertTrue(Files.isRegularFile(step.resolve("optimizer.safetensors")));
        CheckpointStore.Loaded l = CheckpointStore.load(step);
        assertEquals(12, l.info().step());
        assertEquals(12, l.info().dataPosition());
        assertEquals("sgd", l.info().optimizer().get("name"));
        assertEquals(0.1, ((Number) l.info().schedule().get("lr")).doubleValue());
        assertEquals(CheckpointKillChild.tensors("", 12), new java.util.LinkedHashMap<>(l.params()));
        assertEquals(CheckpointKillChild.tensors("opt/", 12), new java.util.LinkedHashMap<>(l.optimizerState()));
        assertEquals(List.of(step), store.steps());
        // nothing else is left in the directory: no temporary files
        try (var list = Files.list(dir.resolve("ckpt"))) {
            assertEquals(List.of(step), list.toList());
        }
    }

    @Test
    void newestSkipsCorruptAndPartialOnesNamingThem() throws Exception {
        CheckpointStore store = storeWith(1, 2, 3, 4);
        // 4: a truncated tensor file; 3: no checkpoint.json; 2: a bit flipped in the data
        try (FileChannel ch = FileChannel.open(dir.resolve("ckpt/step_00000004/params.safetensors"), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 100);
        }
        Files.delete(dir.resolve("ckpt/step_00000003/checkpoint.json"));
        Path p2 = dir.resolve("ckpt/step_00000002/optimizer.safetensors");
        byte[] b = Files.readAllBytes(p2);
        b[b.length - 5] ^= 1;
        Files.write(p2, b);
        List<String> warnings = new ArrayList<>();
        CheckpointStore.Loaded l = store.newest(warnings::add).orElseThrow();
        assertEquals(1, l.info().step());
        assertEquals(3, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("step_00000004") && warnings.get(0).contains("params.safetensors"), warnings.get(0));
        assertTrue(warnings.get(1).contains("step_00000003") && warnings.get(1).contains("incomplete"), warnings.get(1));
        assertTrue(warnings.get(2).contains("step_00000002") && warnings.get(2).contains("SHA-256"), warnings.get(2));
    }

    /** A directory step_99999999999999999999 (past a long) made --resume die with a NumberFormatException; it is not one of ours. */
    @Test
    void aStepNumberPastALongIsNotACheckpointOfOurs() throws Exception {
        CheckpointStore store = storeWith(3);
        Path foreign = Files.createDirectories(dir.resolve("ckpt/step_99999999999999999999"));
        assertEquals(List.of(dir.resolve("ckpt/step_00000003")), store.steps());
        assertEquals(3, store.newest(w -> { throw new AssertionError(w); }).orElseThrow().info().step());
        store.prune(1, w -> { throw new AssertionError(w); });
        assertTrue(Files.isDirectory(foreign), "never pruned");
    }

    @Test
    void pruneKeepsTheNewest() throws Exception {
        CheckpointStore store = storeWith(5, 10, 15, 20);
        store.prune(2, w -> { throw new AssertionError(w); });
        assertEquals(List.of(dir.resolve("ckpt/step_00000015"), dir.resolve("ckpt/step_00000020")), store.steps());
    }

    /**
     * --keep used to stop a run when an old checkpoint could not be removed ("kp/step_00000001 ->
     * kp/.step_00000001.old-pid…-pruned: operation not permitted", exit 1 after the new checkpoint was
     * saved, the remaining steps never run). Now it is a warning and the checkpoint stays.
     */
    @Test
    void aCheckpointThatCannotBeRemovedIsWarnedAboutAndKept() throws Exception {
        CheckpointStore store = storeWith(5, 10, 15);
        Path stuck = dir.resolve("ckpt/step_00000005");
        boolean immutable = false;
        try {
            Files.setPosixFilePermissions(stuck, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
            if (Files.isWritable(stuck)) {
                // root ignores modes; an immutable directory (ext4 and others) refuses root too
                try {
                    Process p = new ProcessBuilder("chattr", "+i", stuck.toString()).redirectErrorStream(true).start();
                    immutable = p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
                } catch (IOException noChattr) {
                    immutable = false; // no chattr on this machine: the assumption below skips the test
                }
            }
            boolean undeletable;
            try {
                Files.delete(Files.createFile(stuck.resolve("probe")));
                undeletable = false;
            } catch (IOException e) {
                undeletable = true;
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(undeletable, "needs a directory this user cannot change (chmod, or chattr +i as root)");
            List<String> warnings = new ArrayList<>();
            List<Path> removed = store.prune(1, warnings::add);
            assertEquals(List.of(dir.resolve("ckpt/step_00000010")), removed);
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("could not") && warnings.get(0).contains("step_00000005") && warnings.get(0).contains("--keep 1"),
                    warnings.get(0));
            assertTrue(Files.exists(dir.resolve("ckpt/step_00000015/checkpoint.json")), "the newest is kept");
        } finally {
            if (immutable) new ProcessBuilder("chattr", "-i", stuck.toString()).start().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            for (Path p : List.of(stuck, dir.resolve("ckpt").resolve("." + stuck.getFileName() + ".old-pid" + ProcessHandle.current().pid() + "-pruned"))) {
                if (Files.exists(p)) Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    @Test
    void stalePartialsOfDeadWritersAreRemovedAndForeignDirectoriesKept() throws Exception {
        CheckpointStore store = storeWith(1);
        long dead = deadPid();
        Path stale = Files.createDirectories(dir.resolve("ckpt/.step_00000007.partial-pid" + dead + "-123"));
        Files.writeString(stale.resolve("params.safetensors"), "half");
        Path live = Files.createDirectories(dir.resolve("ckpt/.step_00000008.partial-pid" + ProcessHandle.current().pid() + "-456"));
        Path other = Files.createDirectories(dir.resolve("ckpt/step_00000000"));
        Files.writeString(other.resolve("thesis.tex"), "someone's work");
        store.save(CheckpointKillChild.info(2), CheckpointKillChild.tensors("", 2), CheckpointKillChild.tensors("opt/", 2));
        assertFalse(Files.exists(stale), "a dead writer's leftover of another step is removed");
        assertTrue(Files.exists(live), "a live writer's is not");
        store.prune(1, w -> { throw new AssertionError(w); });
        assertTrue(Files.exists(other.resolve("thesis.tex")), "prune deletes only checkpoint directories");
        assertFalse(Files.exists(dir.resolve("ckpt/step_00000001")));
        assertTrue(Files.exists(dir.resolve("ckpt/step_00000002/checkpoint.json")));
    }

    /** A pid with no process: one past a finished child's, searched upward. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long pid = p.pid();
        while (ProcessHandle.of(pid).isPresent()) pid++;
        return pid;
    }

    /**
     * A hand-edited checkpoint.json used to crash --resume (NullPointerException for a short
     * next_rng_key, IllegalArgumentException for a non-object optimizer, an index out of bounds for a
     * negative data_position) or resume on a default (seed "x" read as 0). Each is now a corrupt
     * checkpoint naming the field, which newest() skips with a warning.
     */
    @Test
    void aHandEditedCheckpointJsonIsCorruptNamingTheField() throws Exception {
        CheckpointStore store = storeWith(1, 2);
        Path json = dir.resolve("ckpt/step_00000002/checkpoint.json");
        String good = Files.readString(json);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        record Edit(String field, String value) {}
        for (Edit e : List.of(new Edit("next_rng_key", "[]"), new Edit("next_rng_key", "7"), new Edit("next_rng_key", "[1, \"x\"]"),
                new Edit("optimizer", "5"), new Edit("schedule", "\"x\""), new Edit("data_position", "-5"),
                new Edit("step", "\"abc\""), new Edit("step", "3.5"), new Edit("step", "1e30"), new Edit("seed", "\"x\""),
                new Edit("format_version", "\"1\""), new Edit("parameters", "7"), new Edit("model", "\"m\""), new Edit("files", "[]"))) {
            var o = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(good);
            o.set(e.field(), mapper.readTree(e.value()));
            Files.writeString(json, o.toString());
            CheckpointStore.CorruptException c = assertThrows(CheckpointStore.CorruptException.class,
                    () -> CheckpointStore.load(json.getParent()), e.toString());
            assertTrue(c.getMessage().contains("'" + e.field() + "'"), e + ": " + c.getMessage());
            List<String> warnings = new ArrayList<>();
            assertEquals(1, store.newest(warnings::add).orElseThrow().info().step(), e.toString());
            assertTrue(warnings.size() == 1 && warnings.get(0).contains("step_00000002"), warnings.toString());
        }
        var o = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(good);
        ((com.fasterxml.jackson.databind.node.ObjectNode) o.get("parameters").get(0)).set("shape", mapper.readTree("[\"x\"]"));
        Files.writeString(json, o.toString());
        assertTrue(assertThrows(CheckpointStore.CorruptException.class, () -> CheckpointStore.load(json.getParent()))
                .getMessage().contains("shape"));
    }

    @Test
    void checkpointJsonRoundTrips() throws Exception {
        CheckpointInfo info = CheckpointKillChild.info(3).withFiles(java.util.Map.of("params.safetensors", new CheckpointInfo.FileDigest(5, "ab")));
        CheckpointInfo back = CheckpointInfo.parse(info.toJson());
        assertEquals(info.parameters(), back.parameters());
        assertArrayEquals(info.nextKey(), back.nextKey());
        assertEquals(info.files(), back.files());
        assertEquals(info.toJson(), back.toJson());
        assertEquals(new TrainObjective.Plain(), back.objective());
        assertTrue(info.toJson().contains("\"distillation\" : \"none\""), "a plain run says so: " + info.toJson());
    }

    @Test
    void aDistillationSetupRoundTripsAndItsAbsenceIsUnrecorded() throws Exception {
        TrainObjective.Distilled d = new TrainObjective.Distilled("t.sy", "t", "a".repeat(64), "b".repeat(64), "c".repeat(64), 0.3, 2.5);
        CheckpointInfo plain = CheckpointKillChild.info(3);
        CheckpointInfo info = new CheckpointInfo(plain.step(), plain.dataPosition(), plain.seed(), plain.nextKey(), plain.optimizer(),
                plain.schedule(), plain.model(), plain.sourceSha256(), plain.parameters(), plain.optimizerState(), plain.files(), d);
        String json = info.toJson();
        assertEquals(d, CheckpointInfo.parse(json).objective());
        com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertEquals(0.3, o.get("distillation").get("alpha").asDouble());
        assertEquals("c".repeat(64), o.get("distillation").get("teacher_weights_sha256").asText());
        assertEquals(2.5, o.get("distillation").get("temperature").asDouble());
        com.fasterxml.jackson.databind.node.ObjectNode record = (com.fasterxml.jackson.databind.node.ObjectNode) o.get("distillation");
        record.remove("temperature");
        assertEquals(1.0, ((TrainObjective.Distilled) CheckpointInfo.parse(o.toString()).objective()).temperature(),
                "a record written before temperatures distilled at T = 1");
        for (String bad : List.of("0", "-2", "\"hot\"")) {
            record.set("temperature", new com.fasterxml.jackson.databind.ObjectMapper().readTree(bad));
            IOException t = assertThrows(IOException.class, () -> CheckpointInfo.parse(o.toString()), bad);
            assertTrue(t.getMessage().contains("'temperature' is not a positive finite number"), t.getMessage());
        }
        o.remove("distillation");
        CheckpointInfo old = CheckpointInfo.parse(o.toString());
        assertEquals(new TrainObjective.Unrecorded(), old.objective(), "written before the field: plain or distilled, unknown");
        assertFalse(old.toJson().contains("distillation"), "and written back as it was read");
        o.putObject("distillation").put("alpha", 0.3);
        IOException e = assertThrows(IOException.class, () -> CheckpointInfo.parse(o.toString()));
        assertTrue(e.getMessage().contains("teacher"), e.getMessage());
        o.putObject("distillation").put("alpha", 1.5).putObject("teacher");
        e = assertThrows(IOException.class, () -> CheckpointInfo.parse(o.toString()));
        assertTrue(e.getMessage().contains("'alpha' is not a number from 0 to 1"), e.getMessage());
        o.put("distillation", "no");
        e = assertThrows(IOException.class, () -> CheckpointInfo.parse(o.toString()));
        assertTrue(e.getMessage().contains("'distillation'"), e.getMessage());
    }
}
