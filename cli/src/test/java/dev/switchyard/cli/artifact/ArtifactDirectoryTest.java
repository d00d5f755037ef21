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
