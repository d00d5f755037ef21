package dev.switchyard.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real shaded {@code cli/target/switchyard.jar} as a child JVM, as a user's shell would,
 * and captures its exit code, stdout and stderr.
 */
final class Cli {
    private Cli() {}

    /** C1 only and class data sharing: these children are short-lived, so start-up time dominates. */
    static final List<String> JVM_FLAGS = List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "-Xss16m", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private static final long TIMEOUT_SECONDS = 120;

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }

        Result assertOk() {
            assertEquals(0, exitCode, this::toString);
            assertNoStackTrace();
            return this;
        }

        /** A user mistake: exit 1, the message on stderr, and no Java stack trace anywhere. */
        Result assertUserError(String messagePart) {
            assertEquals(1, exitCode, this::toString);
            assertTrue(err.contains(messagePart), () -> "stderr lacks '" + messagePart + "':\n" + this);
            assertNoStackTrace();
            return this;
        }

        void assertNoStackTrace() {
            for (String stream : List.of(out, err)) {
                assertFalse(stream.contains("\tat "), () -> "stack trace printed:\n" + this);
                assertFalse(stream.contains("Exception"), () -> "exception named in the output:\n" + this);
            }
        }
    }

    static Path root() {
        return Path.of(System.getProperty("switchyard.root", "..")).toAbsolutePath().normalize();
    }

    static Path jar() {
        Path jar = root().resolve("cli/target/switchyard.jar");
        if (!Files.isRegularFile(jar)) fail(jar + " is missing: build the cli module first (mvn -pl tests -am verify does)");
        return jar;
    }

    static Path sample(String name) {
        return root().resolve("samples/" + name + ".sy");
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static Result run(Path workDir, String... args) {
        return run(workDir, Map.of(), List.of(), args);
    }

    /** {@code env} entries replace the inherited ones; {@code extraJvmFlags} go before {@code -jar}. */
    static Result run(Path workDir, Map<String, String> env, List<String> extraJvmFlags, String... args) {
        try {
            Process p = start(workDir, env, extraJvmFlags, args);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail("switchyard " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), Files.readString(stdout(workDir)), Files.readString(stderr(workDir)));
        } catch (IOException e) {
            throw new AssertionError("could not run the CLI", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Captured output lives beside {@code workDir}, not in it, so that tests can list the directory. */
    private static Path stdout(Path workDir) { return workDir.resolveSibling(workDir.getFileName() + ".stdout"); }

    private static Path stderr(Path workDir) { return workDir.resolveSibling(workDir.getFileName() + ".stderr"); }

    /** Starts the child in {@code workDir}; its stdout and stderr go to files beside it. */
    static Process start(Path workDir, Map<String, String> env, List<String> extraJvmFlags, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java().toString());
        command.addAll(JVM_FLAGS);
        command.addAll(extraJvmFlags);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        Files.createDirectories(workDir);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(stdout(workDir).toFile())
                .redirectError(stderr(workDir).toFile());
        pb.environment().remove("SWITCHYARD_PJRT_PLUGIN");
        pb.environment().putAll(env);
        return pb.start();
    }
}
