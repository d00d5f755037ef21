package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, data loss: {@code compile -o}, {@code run --out} and {@code interpret --out} never
 * delete or overwrite a file Switchyard did not write; a non-empty target needs {@code --force};
 * a dead writer's hidden leftovers are removed by the next write; outputs are checked before work.
 */
class OutputDirectoryTest {

    @TempDir Path dir;

    private static final String TINY_SY = "model tiny\ndim n = 4\nblock forward(x: f32[n]) {\n  return (y = x)\n}\n";
    private static final String DOUBLE_MLIR = "func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {\n"
            + "  %0 = stablehlo.add %x, %x : tensor<2xf32>\n  return %0 : tensor<2xf32>\n}\n";

    private static CliRun cli(String... args) {
        return CliRun.run(Commands.all(), args);
    }

    private static void assertUserError(CliRun r, String message) {
        assertEquals(Main.USER_ERROR, r.exitCode(), r::toString);
        assertTrue(r.err().contains(message), () -> "expected '" + message + "' in\n" + r);
        assertFalse(r.err().contains("\tat "), r::toString);
        assertFalse(r.err().contains("Exception"), r::toString);
    }

    private static void assertOk(CliRun r) {
        assertEquals(Main.OK, r.exitCode(), r::toString);
    }

    private Path sy() throws Exception {
        return Files.writeString(dir.resolve("t.sy"), TINY_SY);
    }

    @Test
    void compileRefusesANonEmptyTargetAndForceNeverDeletesTheUsersFiles() throws Exception {
        Path sy = sy();
        Path art = dir.resolve("art");
        assertOk(cli("compile", sy.toString(), "-o", art.toString()));
        String module = Files.readString(art.resolve("model.mlir"));
        Files.writeString(art.resolve("notes.txt"), "my notes");

        assertUserError(cli("compile", sy.toString(), "-o", art.toString()), "-o " + art + ": exists and is not empty; pass --force");
        assertUserError(cli("compile", sy.toString(), "-o", art.toString(), "--force"),
                "-o " + art + ": holds files Switchyard did not write (notes.txt)");
        assertEquals("my notes", Files.readString(art.resolve("notes.txt")));
        assertEquals(module, Files.readString(art.resolve("model.mlir")), "the artifact is untouched too");

        Files.delete(art.resolve("notes.txt"));
        assertOk(cli("compile", sy.toString(), "-o", art.toString(), "--force"));
        assertUserError(cli("compile", sy.toString(), "-o", dir.toString(), "--force"), "holds files Switchyard did not write (art");
        assertTrue(Files.isRegularFile(sy), "the spec beside it survives");
    }

    /** A subdirectory of the user's inside the artifact counts as theirs, with everything in it. */
    @Test
    void forceRefusesAUsersSubdirectory() throws Exception {
        Path sy = sy();
        Path art = dir.resolve("art");
        assertOk(cli("compile", sy.toString(), "-o", art.toString()));
        Files.createDirectories(art.resolve("runs"));
        Files.writeString(art.resolve("runs/log.txt"), "keep");
        assertUserError(cli("compile", sy.toString(), "-o", art.toString(), "--force"), "(runs, runs/log.txt)");
        assertEquals("keep", Files.readString(art.resolve("runs/log.txt")));
    }

    /** Without the ownership record nothing is known to be ours, even files named like ours. */
    @Test
    void forceRefusesADirectoryWithoutARecord() throws Exception {
        Path sy = sy();
        Path art = dir.resolve("art");
        assertOk(cli("compile", sy.toString(), "-o", art.toString()));
        Files.delete(art.resolve(dev.switchyard.cli.artifact.ArtifactDirectory.OWNED));
        Files.writeString(art.resolve("model.mlir"), "the user's module");
        assertUserError(cli("compile", sy.toString(), "-o", art.toString(), "--force"),
                "holds files Switchyard did not write (compile_options.pb, manifest.json, model.mlir), and no .switchyard-owned record");
        assertEquals("the user's module", Files.readString(art.resolve("model.mlir")));
    }

    @Test
    void aKilledWritersLeftoverIsRemovedByTheNextWriteAndALiveOnesIsNot() throws Exception {
        Path sy = sy();
        long dead = deadPid();
        Path stale = Files.createDirectories(dir.resolve(".art.partial-pid" + dead + "-123"));
        Files.writeString(stale.resolve("model.mlir"), "half");
        Path staleAside = Files.createDirectories(dir.resolve(".art.old-pid" + dead + "-9"));
        Path live = Files.createDirectories(dir.resolve(".art.partial-pid" + ProcessHandle.current().pid() + "-456"));
        Path users = Files.createDirectories(dir.resolve(".art.partial-mine"));
        Path otherTarget = Files.createDirectories(dir.resolve(".other.partial-pid" + dead + "-1"));

        assertOk(cli("compile", sy.toString(), "-o", dir.resolve("art").toString()));
        assertFalse(Files.exists(stale), "the dead compile's temporary directory is gone");
        assertFalse(Files.exists(staleAside));
        assertTrue(Files.isDirectory(live), "a running writer's directory is left alone");
        assertTrue(Files.isDirectory(users), "a name without our owner pid is not ours");
        assertTrue(Files.isDirectory(otherTarget), "only leftovers of the target being written");
    }

    @Test
    void runOutRefusesTheUsersFilesBeforeRunning() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("art"));
        List<Command> neverRuns = List.of(new RunCommand((backend, plugin) -> {
            throw new AssertionError("the backend must not be opened when --out will be refused");
        }));
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("y.npy"), "the user's own y.npy");
        assertUserError(CliRun.run(neverRuns, "run", art.toString(), "--out", out.toString()), "--out " + out + ": exists and is not empty");
        assertUserError(CliRun.run(neverRuns, "run", art.toString(), "--out", out.toString(), "--force"),
                "--out " + out + ": holds files Switchyard did not write (y.npy)");
        assertEquals("the user's own y.npy", Files.readString(out.resolve("y.npy")));

        Path inputs = Files.createDirectories(dir.resolve("in"));
        Npy.write(inputs.resolve("x.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {8}, 1, 2, 3, 4, 5, 6, 7, 8));
        byte[] x = Files.readAllBytes(inputs.resolve("x.npy"));
        assertUserError(CliRun.run(neverRuns, "run", art.toString(), "--inputs", inputs.toString(), "--out", inputs.toString(), "--force"),
                "--out " + inputs + ": is --inputs");
        assertUserError(CliRun.run(neverRuns, "run", art.toString(), "--out", art.toString(), "--force"), ": is the artifact");
        assertUserError(CliRun.run(neverRuns, "run", art.toString(), "--out", dir.toString(), "--force"), ": holds the artifact");
        assertEquals(List.of("x.npy"), names(inputs));
        assertTrue(java.util.Arrays.equals(x, Files.readAllBytes(inputs.resolve("x.npy"))));

        // an earlier run's outputs are ours: --force replaces them
        Path fresh = dir.resolve("fresh");
        assertOk(cli("run", art.toString(), "--out", fresh.toString()));
        assertUserError(cli("run", art.toString(), "--out", fresh.toString()), "pass --force");
        assertOk(cli("run", art.toString(), "--out", fresh.toString(), "--force"));
        assertEquals(List.of(".switchyard-owned", "y.npy"), names(fresh));
    }

    @Test
    void interpretOutIsRequiredAndNeverOverwritesTheUsersFiles() throws Exception {
        Path module = Files.writeString(dir.resolve("double.mlir"), DOUBLE_MLIR);
        Path in = Files.createDirectories(dir.resolve("in"));
        Npy.write(in.resolve("arg0.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {2}, 1, 2));
        assertUserError(cli("interpret", module.toString(), "--inputs", in.toString()), "--inputs needs --out DIR");
        assertUserError(cli("interpret", module.toString(), "--inputs", in.toString(), "--out", in.toString()), "is --inputs");
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("result0.npy"), "mine");
        assertUserError(cli("interpret", module.toString(), "--inputs", in.toString(), "--out", out.toString(), "--force"),
                "holds files Switchyard did not write (result0.npy)");
        assertEquals("mine", Files.readString(out.resolve("result0.npy")));
        Path fresh = dir.resolve("fresh");
        assertOk(cli("interpret", module.toString(), "--inputs", in.toString(), "--out", fresh.toString()));
        assertOk(cli("interpret", module.toString(), "--inputs", in.toString(), "--out", fresh.toString(), "--force"));
        assertEquals(HostTensor.ofFloats(ElementType.F32, new long[] {2}, 2, 4), Npy.read(fresh.resolve("result0.npy")));
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.pid();
    }

    private static List<String> names(Path d) throws java.io.IOException {
        try (var entries = Files.list(d)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
