package dev.switchyard.compiler.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs {@code mlir-opt --allow-unregistered-dialect} on module text; a test fails clearly when it is missing. */
public final class MlirOpt {
    private MlirOpt() {}

    /** {@code -Dswitchyard.mlirOpt=…} overrides the default LLVM 22 location. */
    public static Path binary() {
        Path p = Path.of(System.getProperty("switchyard.mlirOpt", "/usr/lib/llvm-22/bin/mlir-opt"));
        if (!Files.isExecutable(p)) {
            fail("mlir-opt not found at " + p + ": install LLVM 22's mlir-tools (CI does) or pass -Dswitchyard.mlirOpt=PATH");
        }
        return p;
    }

    /** Asserts that mlir-opt parses and verifies {@code text}; returns its output (the module re-printed). */
    public static String check(String text) { return check(text, new String[0]); }

    /** As {@link #check(String)} with extra mlir-opt flags (e.g. {@code --split-input-file}). */
    public static String check(String text, String... flags) {
        try {
            Path in = Files.createTempFile("switchyard", ".mlir");
            try {
                Files.writeString(in, text);
                java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(binary().toString(), "--allow-unregistered-dialect"));
                cmd.addAll(java.util.List.of(flags));
                cmd.add(in.toString());
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail("mlir-opt timed out");
                }
                assertEquals(0, p.exitValue(), () -> "mlir-opt rejected the module:\n" + out + "\n--- module ---\n" + text);
                return out;
            } finally {
                Files.deleteIfExists(in);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
