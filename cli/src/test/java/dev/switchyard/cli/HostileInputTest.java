package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.artifact.ManifestJson;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User mistakes found by trying every command with wrong input: each is exit 1 with a message
 * naming the file or option, never a stack trace (exit 2), and none leaves files behind.
 */
class HostileInputTest {

    @TempDir Path dir;

    private static final String TINY_SY = "model tiny\ndim n = 4\nblock forward(x: f32[n]) {\n  return (y = x)\n}\n";

    private static CliRun cli(String... args) {
        return CliRun.run(Commands.all(), args);
    }

    /** Exit 1, no stack trace, and the message on stderr. */
    private static void assertUserError(CliRun r, String message) {
        assertEquals(Main.USER_ERROR, r.exitCode(), r::toString);
        assertTrue(r.err().contains(message), () -> "expected '" + message + "' in\n" + r);
        assertFalse(r.err().contains("\tat "), r::toString);
    }

    private static List<String> names(Path d) throws java.io.IOException {
        try (var entries = Files.list(d)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    /** The dsl divides by axis sizes; a zero used to escape as ArithmeticException (exit 2). */
    @Test
    void meshShapeSizesMustBePositiveAndNamed() throws Exception {
        Path sy = file("t.sy", TINY_SY);
        assertUserError(cli("check", "--mesh-shape", "data=0", sy.toString()), "--mesh-shape: axis 'data' has size 0; sizes are at least 1");
        assertUserError(cli("compile", sy.toString(), "-o", dir.resolve("a").toString(), "--mesh-shape", "data=-2"),
                "--mesh-shape: axis 'data' has size -2");
        assertUserError(cli("check", "--mesh-shape", "=3", sy.toString()), "--mesh-shape: '=3' names no axis");
        assertUserError(cli("check", "--mesh-shape", "data=2,data=4", sy.toString()), "--mesh-shape: axis 'data' is given twice");
        assertUserError(cli("check", "--mesh-shape", "nonsense", sy.toString()), "--mesh-shape expects axis=N,…, got 'nonsense'");
        assertFalse(Files.exists(dir.resolve("a")));
    }

    /** {@code --set} took any number of values, so it swallowed the file and said "no input file". */
    @Test
    void setTakesOneValueAndLeavesTheFile() throws Exception {
        Path sy = file("t.sy", TINY_SY);
        assertUserError(cli("check", "--set", "n=abc", sy.toString()), "--set expects name=number, got 'n=abc'");
        CliRun ok = cli("check", "--set", "n=8", "--set", "n=6", sy.toString());
        assertEquals(0, ok.exitCode(), ok::toString);
        assertUserError(cli("check", "--max-errors", "0", sy.toString()), "--max-errors must be between 1 and 10000, got 0");
    }

    @Test
    void aDirectoryWhereAFileBelongsIsSaidSo() throws Exception {
        Path d = Files.createDirectories(dir.resolve("model.sy"));
        assertUserError(cli("check", d.toString()), d + ": error: is a directory, not a model spec");
        assertUserError(cli("compile", d.toString(), "-o", dir.resolve("a").toString()), d + ": is a directory, not a file");
        assertUserError(cli("inspect", d.toString()), d + ": is a directory, not a file");
        assertUserError(cli("interpret", dir.toString()), dir + ": is a directory, not a file");
        assertUserError(cli("hlo-fmt", dir.toString()), dir + ": is a directory, not a file");
        assertUserError(cli("fmt", d.toString()), d + ": is a directory, not a file");
    }

    /** Binary data used to escape as MalformedInputException (interpret: exit 2; hlo-fmt: "Input length = 1"). */
    @Test
    void binaryInputIsNotUtf8Text() throws Exception {
        Path bin = Files.write(dir.resolve("x.mlir"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3});
        assertUserError(cli("interpret", bin.toString()), bin + ":1:1: is not UTF-8 text (byte 0xff at offset 0)");
        assertUserError(cli("hlo-fmt", bin.toString()), bin + ":1:1: is not UTF-8 text");
        Path sy = Files.write(dir.resolve("x.sy"), new byte[] {(byte) 0xff, (byte) 0xfe});
        assertUserError(cli("fmt", sy.toString()), sy + ":1:1: is not UTF-8 text");
    }

    /** Output paths that are files, or below files, used to fail in createDirectories with exit 2 (run: after running). */
    @Test
    void outputDirectoriesAreCheckedBeforeAnyWork() throws Exception {
        Path afile = file("afile", "keep me");
        Path sy = file("t.sy", TINY_SY);
        Path module = file("id.mlir", "func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {\n  return %x : tensor<2xf32>\n}\n");
        Path inputs = Files.createDirectories(dir.resolve("in"));
        Npy.write(inputs.resolve("arg0.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {2}, 1, 2));
        assertUserError(cli("interpret", module.toString(), "--inputs", inputs.toString(), "--out", afile.toString()),
                "--out " + afile + ": exists and is not a directory");
        assertUserError(cli("interpret", module.toString(), "--out", dir.resolve("o").toString()), "--out goes with --inputs");
        assertUserError(cli("interpret", module.toString(), "--inputs", dir.resolve("none").toString(), "--out", dir.resolve("o").toString()), "none: no such inputs directory");
        assertUserError(cli("compile", sy.toString(), "-o", afile.toString()), "-o " + afile + ": exists and is not a directory");
        assertUserError(cli("compile", sy.toString(), "-o", afile.resolve("sub").toString()), afile + " is not a directory");
        assertUserError(cli("compile", sy.toString(), "-o", dir.resolve("x").toString(), "--emit", "stablehlo"),
                "--emit stablehlo prints the stage and writes no artifact");
        Path art = TestArtifacts.withMesh(dir.resolve("art"));
        List<Command> neverRuns = List.of(new RunCommand((backend, plugin) -> {
            throw new AssertionError("the backend must not be opened when --out is wrong");
        }));
        CliRun run = CliRun.run(neverRuns, "run", art.toString(), "--out", afile.toString());
        assertUserError(run, "--out " + afile + ": exists and is not a directory");
        assertEquals("keep me", Files.readString(afile));
        assertUserError(cli("inspect", sy.toString(), "--svg", dir.toString()), "--svg " + dir + ": is a directory; give a file name");
        assertUserError(cli("inspect", "missing.sy", "--graph", afile.resolve("g.dot").toString()), "does not exist");
    }

    /** {@code --steps 99999999999} sized an array from it: OutOfMemoryError, exit 2. */
    @Test
    void stepsAreBounded() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("art"));
        assertUserError(cli("run", art.toString(), "--steps", "99999999999"), "--steps must be between 1 and 1000000, got 99999999999");
        assertUserError(cli("run", art.toString(), "--steps", "-1"), "--steps must be between 1 and 1000000, got -1");
        assertUserError(cli("run", art.toString(), "--seed", "abc"), "--seed expects a whole number, got 'abc'");
        assertUserError(cli("bench", "m.sy", "--warmup", "2000000"), "--warmup must be between 0 and 1000000");
    }

    @Test
    void aDamagedModuleIsLocatedInTheArtifact() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("art"));
        Files.writeString(art.resolve("model.mlir"), "func.func @main(%x: tensor<8xf32>) -> tensor<8xf");
        CliRun run = cli("run", art.toString());
        assertUserError(run, art.resolve("model.mlir") + ":1:");
        assertTrue(run.err().contains("the artifact is damaged; compile it again"), run::toString);
        assertUserError(cli("submit", art.toString(), "--tpu", "v5e-1", "--dry-run"), art.resolve("model.mlir") + ":1:");
        assertFalse(Files.exists(dir.resolve("art-v5e-1")));
    }

    /** The manifest and module disagreeing on outputs used to be an IllegalStateException after running (exit 2). */
    @Test
    void manifestAndModuleMustAgree() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("art"));
        Path module = art.resolve("model.mlir");
        Files.writeString(module, "func.func @main(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {\n"
                + "  return %x, %x : tensor<8xf32>, tensor<8xf32>\n}\n");
        assertUserError(cli("run", art.toString()), module + ": @main returns 2 results but the manifest lists 1 outputs");
        Files.writeString(module, "func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {\n  return %x : tensor<4xf32>\n}\n");
        assertUserError(cli("run", art.toString()),
                module + ": argument 0 of @main is tensor<4xf32> but the manifest's input 'x' is f32[8]");
        Files.writeString(module, "func.func @other(%x: tensor<8xf32>) -> tensor<8xf32> {\n  return %x : tensor<8xf32>\n}\n");
        assertUserError(cli("run", art.toString()), module + ": has no function @main, the manifest's entry_point");
    }

    /** The interpreter names the text it compiles {@code <module>}; for an artifact the user needs the file. */
    @Test
    void executorErrorsPointIntoTheArtifactsModule() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("art"));
        Path module = art.resolve("model.mlir");
        Files.writeString(module, "func.func @main(%x: tensor<8xf32>) -> tensor<8xf32> {\n"
                + "  %0 = stablehlo.custom_call @NoSuchTarget(%x) : (tensor<8xf32>) -> tensor<8xf32>\n"
                + "  return %0 : tensor<8xf32>\n}\n");
        CliRun r = cli("run", art.toString());
        assertUserError(r, "switchyard run: error: " + module + ":2:");
        assertFalse(r.err().contains("<module>"), r::toString);
    }

    @Test
    void manifestFieldsOfTheWrongKindOrPlace() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("art"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode m = (ObjectNode) json.readTree(art.resolve("manifest.json").toFile());
        ((ObjectNode) m.get("files")).put("module", "../../etc/passwd");
        Files.writeString(art.resolve("manifest.json"), json.writeValueAsString(m));
        assertUserError(cli("run", art.toString()), "files.module: '../../etc/passwd' must be a file name inside the artifact directory");
        m = (ObjectNode) json.readTree(ManifestJson.toJson(ManifestJson.read(TestArtifacts.withMesh(dir.resolve("art2")))));
        m.withArray("inputs").set(0, json.getNodeFactory().textNode("x"));
        Files.writeString(art.resolve("manifest.json"), json.writeValueAsString(m));
        CliRun r = cli("run", art.toString());
        assertUserError(r, "inputs[0]: wrong type of value (expected an object)");
        assertFalse(r.err().contains("dev.switchyard"), r::toString);
    }

    /** An empty manifest said Jackson's "No content to map"; a binary one lost its path ("a file is not UTF-8 text"). */
    @Test
    void emptyOrBinaryManifestsNameTheFile() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("art"));
        Path manifest = art.resolve("manifest.json");
        Files.write(manifest, new byte[0]);
        assertUserError(cli("run", art.toString()), manifest + ": empty file (0 bytes)");
        Files.write(manifest, new byte[] {(byte) 0xff, (byte) 0xfe, '{'});
        assertUserError(cli("inspect", art.toString()), manifest + ": is not UTF-8 text");
    }

    @Test
    void artifactArgumentsThatAreNotArtifacts() throws Exception {
        Path afile = file("afile", "x");
        assertUserError(cli("run", afile.toString()), afile + ": not an artifact directory (nor a .sy model spec)");
        assertUserError(cli("run", dir.toString()), dir + ": not an artifact directory (no manifest.json");
        assertUserError(cli("inspect", dir.resolve("none").toString()), "none: no such artifact directory");
        assertUserError(cli("bench", dir.toString()), ": expected a model spec (.sy); bench compiles it itself");
    }

    /** A model larger than the heap used to fill it and die with OutOfMemoryError (exit 2) after minutes. */
    @Test
    void parametersLargerThanTheHeapAreRefusedUpFront() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("art"));
        Manifest small = ManifestJson.read(art);
        long rows = 1L << 20;
        var huge = new Manifest.ParameterSpec("w", "f32", List.of("a", "b"), List.of(rows, rows),
                new dev.switchyard.cli.artifact.Initializer.Zeros(), List.of(List.of(), List.of()), rows * rows * 4, 0);
        var x = small.inputs().getFirst();
        var shifted = new Manifest.TensorSpec(x.name(), x.dtype(), x.dims(), x.shape(), x.sharding(), 1);
        Manifest big = new Manifest(Manifest.FORMAT_VERSION, "t", small.source(), "main", List.of(shifted), small.outputs(), List.of(huge), small.mesh(), 1, 1,
                "1.0.0", Manifest.Files.standard());
        ManifestJson.write(big, art.resolve("manifest.json"));
        Files.writeString(art.resolve("model.mlir"), "func.func @main(%w: tensor<1048576x1048576xf32>, %x: tensor<8xf32>) -> tensor<8xf32> {\n"
                + "  return %x : tensor<8xf32>\n}\n");
        CliRun r = cli("run", art.toString());
        assertUserError(r, "the parameters need 4096.0 GiB but this JVM may use at most");
        assertTrue(r.err().contains("SWITCHYARD_JAVA_OPTS=-Xmx"), r::toString);
    }

    /** Anything that is not an ELF file made the JVM print a stack-guard warning before our message. */
    @Test
    void aPluginThatIsNotASharedLibraryIsRefusedBeforeLoading() throws Exception {
        Path notElf = file("plugin.so", "not a library");
        assertUserError(cli("devices", "--plugin", notElf.toString()), "PJRT plugin " + notElf + " is not a shared library (no ELF header)");
        Path art = TestArtifacts.withMesh(dir.resolve("art"));
        assertUserError(cli("run", art.toString(), "--backend", "pjrt", "--plugin", notElf.toString()), "is not a shared library");
    }

    /** submit FILE.sy compiled and wrote the artifact, then refused --tpu, --name or the mesh size. */
    @Test
    void submitChecksItsOptionsBeforeWritingAnything() throws Exception {
        Path sy = file("t.sy", TINY_SY);
        List<Command> submit = List.of(new SubmitCommand(p -> Optional.empty(), Optional.empty()));
        Path out = dir.resolve("t-art");
        assertUserError(CliRun.run(submit, "submit", sy.toString(), "-o", out.toString(), "--dry-run"), "--tpu TYPE is required");
        assertUserError(CliRun.run(submit, "submit", sy.toString(), "-o", out.toString(), "--tpu", "v9-8"), "unknown TPU type 'v9-8'");
        assertUserError(CliRun.run(submit, "submit", sy.toString(), "-o", out.toString(), "--tpu", "v5e-1", "--name", "X"),
                "--name 'X' is not a valid TPU name");
        assertUserError(CliRun.run(submit, "submit", sy.toString(), "-o", out.toString(), "--tpu", "v5e-4"),
                "the artifact's mesh has 1 devices () but a v5e-4 slice has 4 chips");
        assertFalse(Files.exists(out), "no artifact may be left behind");
        assertEquals(List.of("t.sy"), names(dir));
    }

    /** fmt wrote the file in place: a failure half-way lost the source. Now it renames a complete copy over it. */
    @Test
    void fmtReplacesTheFileWholeKeepingLinksAndPermissions() throws Exception {
        Path target = file("m.sy", "model   tiny\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve("link.sy"), target.getFileName());
        CliRun r = cli("fmt", link.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertEquals("model tiny\n", Files.readString(target));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(List.of("link.sy", "m.sy"), names(dir), "no temporary file left");
    }

    /** {@code --seed 1 --seed 2} ran with seed 1 and said nothing. */
    @Test
    void aValueOptionGivenTwiceIsRefusedUnlessRepeatable() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("art"));
        assertUserError(cli("run", art.toString(), "--seed", "1", "--seed", "2"), "--seed is given more than once; give it once");
        assertUserError(cli("compile", "m.sy", "-o", "a", "--out", "b"), "--out is given more than once");
    }

    @Test
    void helpCommandShowsThatCommandsOptions() {
        CliRun r = cli("help", "compile");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("usage: switchyard compile FILE.sy -o DIR"), r::toString);
        assertTrue(r.out().contains("--dispatch"), r::toString);
    }

    @Test
    void inputFilesTheModelDoesNotTakeAreNamed() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("art"));
        Path inputs = Files.createDirectories(dir.resolve("in"));
        Npy.write(inputs.resolve("x.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {8}, 1, 2, 3, 4, 5, 6, 7, 8));
        Npy.write(inputs.resolve("X_typo.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {1}, 0));
        CliRun r = cli("run", art.toString(), "--inputs", inputs.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("note: ignoring " + inputs.resolve("X_typo.npy") + ": the model has no input named 'X_typo'"), r::toString);
    }
}
