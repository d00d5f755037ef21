package dev.switchyard.cli.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactDirectoryTest {

    @TempDir Path parent;

    @Test
    void writesEveryFile() throws IOException {
        Path out = parent.resolve("out");
        ArtifactDirectory.write(out, d -> {
            Files.writeString(d.resolve("model.mlir"), "module {}\n");
            Files.writeString(d.resolve("manifest.json"), "{}\n");
        });
        assertEquals("module {}\n", Files.readString(out.resolve("model.mlir")));
        assertEquals(List.of(out), list(parent), "nothing but the artifact in the parent");
    }

    @Test
    void failureMidWriteLeavesNoDirectory() throws IOException {
        Path out = parent.resolve("out");
        IOException e = assertThrows(IOException.class, () -> ArtifactDirectory.write(out, d -> {
            Files.writeString(d.resolve("model.mlir"), "module {}\n");
            throw new IOException("disk full (injected)");
        }));
        assertEquals("disk full (injected)", e.getMessage());
        assertFalse(Files.exists(out));
        assertEquals(List.of(), list(parent), "the temporary directory is removed too");
    }

    @Test
    void failureWhileReplacingKeepsTheOldArtifact() throws IOException {
        Path out = parent.resolve("out");
        ArtifactDirectory.write(out, d -> Files.writeString(d.resolve("manifest.json"), "old"));
        assertThrows(IllegalStateException.class, () -> ArtifactDirectory.write(out, d -> {
            Files.writeString(d.resolve("manifest.json"), "new");
            throw new IllegalStateException("compiler bug (injected)");
        }));
        assertEquals("old", Files.readString(out.resolve("manifest.json")));
        ArtifactDirectory.write(out, d -> Files.writeString(d.resolve("manifest.json"), "new"));
        assertEquals("new", Files.readString(out.resolve("manifest.json")));
        assertEquals(List.of(out), list(parent));
    }

    @Test
    void refusesToReplaceSomethingThatIsNotAnArtifact() throws IOException {
        Path out = parent.resolve("home");
        Files.createDirectories(out);
        Files.writeString(out.resolve("thesis.tex"), "precious");
        var e = assertThrows(ArtifactDirectory.RefusedException.class,
                () -> ArtifactDirectory.write(out, d -> Files.writeString(d.resolve("manifest.json"), "{}")));
        assertTrue(e.getMessage().contains("holds files Switchyard did not write (thesis.tex)"), e.getMessage());
        assertEquals("precious", Files.readString(out.resolve("thesis.tex")));
    }

    /** The API other writers (checkpoints) call: REFUSE needs an empty target; REPLACE_OURS replaces only what the record lists. */
    @Test
    void ownershipRecordDecidesWhatMayBeReplaced() throws IOException {
        Path out = parent.resolve("ckpt");
        ArtifactDirectory.write(out, ArtifactDirectory.IfExists.REFUSE, d -> {
            Files.createDirectories(d.resolve("shards"));
            Files.writeString(d.resolve("shards/0.bin"), "a");
        });
        assertEquals(List.of("# written by Switchyard; the files below are replaced by the next write with --force", "shards", "shards/0.bin"),
                Files.readAllLines(out.resolve(ArtifactDirectory.OWNED)));
        var refused = assertThrows(ArtifactDirectory.RefusedException.class,
                () -> ArtifactDirectory.checkTarget(out, ArtifactDirectory.IfExists.REFUSE, "--out"));
        assertTrue(refused.getMessage().startsWith("--out " + out + ": exists and is not empty; pass --force"), refused.getMessage());
        ArtifactDirectory.checkTarget(out, ArtifactDirectory.IfExists.REPLACE_OURS, "--out");
        ArtifactDirectory.write(out, ArtifactDirectory.IfExists.REPLACE_OURS, d -> Files.writeString(d.resolve("step.json"), "{}"));
        assertEquals(List.of(out.resolve(ArtifactDirectory.OWNED), out.resolve("step.json")), list(out), "the old shards were ours");
        Files.writeString(out.resolve("shards.txt"), "the user's");
        assertThrows(ArtifactDirectory.RefusedException.class,
                () -> ArtifactDirectory.write(out, ArtifactDirectory.IfExists.REPLACE_OURS, d -> Files.writeString(d.resolve("x"), "")));
        assertEquals("the user's", Files.readString(out.resolve("shards.txt")));
        assertEquals(List.of(out), list(parent), "no temporary directory left after a refusal");
    }

    /** A JVM killed (SIGKILL) while writing leaves no DIR: only a hidden partial directory. */
    @Test
    void killMidWriteLeavesNoDirectory() throws Exception {
        Path out = parent.resolve("out");
        Path started = parent.resolve("started");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SlowWriter.class.getName(), out.toString(), started.toString())
                .redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(started)) {
                assertTrue(p.isAlive(), () -> "writer exited early: " + output(p));
                assertTrue(System.nanoTime() < deadline, "writer did not start");
                Thread.sleep(20);
            }
            p.destroyForcibly(); // SIGKILL: no finally blocks, no shutdown hooks
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertFalse(Files.exists(out), "a killed write must not leave " + out);
        for (Path left : list(parent)) {
            assertTrue(left.equals(started) || left.getFileName().toString().startsWith(".out.partial-"), left.toString());
        }
    }

    /** Run in a child JVM: writes one file, signals, then blocks until killed. */
    public static final class SlowWriter {
        public static void main(String[] args) throws IOException {
            ArtifactDirectory.write(Path.of(args[0]), d -> {
                Files.writeString(d.resolve("model.mlir"), "module {}\n");
                Files.writeString(Path.of(args[1]), "");
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    private static String output(Process p) {
        try {
            return new String(p.getInputStream().readAllBytes());
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
