package dev.switchyard.cli.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void pruneKeepsTheNewest() throws Exception {
        CheckpointStore store = storeWith(5, 10, 15, 20);
        store.prune(2);
        assertEquals(List.of(dir.resolve("ckpt/step_00000015"), dir.resolve("ckpt/step_00000020")), store.steps());
    }

    @Test
    void stalePartialsAreRemovedButForeignDirectoriesKept() throws Exception {
        CheckpointStore store = storeWith(1);
        Path stale = Files.createDirectories(dir.resolve("ckpt/.step_00000002.partial-123"));
        Files.writeString(stale.resolve("params.safetensors"), "half");
        Path foreign = Files.createDirectories(dir.resolve("ckpt/.step_00000003.partial-456"));
        Files.writeString(foreign.resolve("notes.txt"), "not ours");
        Path other = Files.createDirectories(dir.resolve("ckpt/step_00000000"));
        Files.writeString(other.resolve("thesis.tex"), "someone's work");
        store.save(CheckpointKillChild.info(2), CheckpointKillChild.tensors("", 2), CheckpointKillChild.tensors("opt/", 2));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(foreign.resolve("notes.txt")));
        store.prune(1);
        assertTrue(Files.exists(other.resolve("thesis.tex")), "prune deletes only checkpoint directories");
        assertFalse(Files.exists(dir.resolve("ckpt/step_00000001")));
    }

    @Test
    void checkpointJsonRoundTrips() throws Exception {
        CheckpointInfo info = CheckpointKillChild.info(3).withFiles(java.util.Map.of("params.safetensors", new CheckpointInfo.FileDigest(5, "ab")));
        CheckpointInfo back = CheckpointInfo.parse(info.toJson());
        assertEquals(info.parameters(), back.parameters());
        assertArrayEquals(info.nextKey(), back.nextKey());
        assertEquals(info.files(), back.files());
        assertEquals(info.toJson(), back.toJson());
    }
}
