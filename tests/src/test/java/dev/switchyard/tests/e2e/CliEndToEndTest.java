package dev.switchyard.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.artifact.ManifestJson;
import dev.switchyard.cli.run.InputGenerator;
import dev.switchyard.cli.run.ParameterInit;
import dev.switchyard.cli.safetensors.SafetensorsWriter;
import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every registered command, run through the shaded jar in a child JVM: exit codes, output, files
 * written, and one user mistake per command (exit 1, a message, no stack trace). The in-process
 * tests in cli/ cover the commands' details; these check what a user's shell sees.
 */
class CliEndToEndTest {

    static final List<String> COMMANDS = List.of("check", "hlo-fmt", "interpret", "compile", "inspect", "devices", "run", "bench",
            "submit", "fmt", "completion");

    @TempDir static Path shared;
    @TempDir Path dir;

    /** switch_tiny compiled once by the jar; tests read it and never write into it. */
    static Path tiny;

    @BeforeAll
    static void compileTinyOnce() {
        tiny = shared.resolve("tiny");
        Cli.Result r = Cli.run(shared.resolve("compile-work"), "compile", Cli.sample("switch_tiny").toString(), "-o", tiny.toString()).assertOk();
        assertTrue(r.out().contains("49 parameters") && r.out().contains("4 partitions"), r::toString);
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        Cli.Result r = Cli.run(dir, "--help").assertOk();
        for (String c : COMMANDS) assertTrue(r.out().contains("\n  " + c + " "), () -> c + " missing from --help:\n" + r);
        Cli.run(dir, "frobnicate").assertUserError("unknown command 'frobnicate'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "hlo-fmt", "interpret", "compile", "inspect", "devices", "run", "bench", "submit", "fmt", "completion"})
    void everyCommandHasHelp(String command) {
        Cli.Result r = Cli.run(dir, command, "--help").assertOk();
        assertTrue(r.out().startsWith("usage: switchyard " + command), r::toString);
        assertTrue(r.out().contains("--help"), r::toString);
    }

    @Test
    void compiledArtifactValidatesAgainstTheSchema() throws IOException {
        try (var files = Files.list(tiny)) {
            assertEquals(new TreeSet<>(List.of(".switchyard-owned", "compile_options.pb", "manifest.json", "model.mlir")),
                    files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)));
        }
        try (var files = Files.list(shared)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().contains(".partial-")), "temporary directory left behind");
        }
        ObjectMapper json = new ObjectMapper();
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(json.readTree(Cli.root().resolve("docs/manifest.schema.json").toFile()));
        JsonNode manifest = json.readTree(tiny.resolve("manifest.json").toFile());
        assertEquals(List.of(), schema.validate(manifest));
        assertEquals(4, manifest.get("num_partitions").asInt(), "switch_tiny's default mesh is data=2 × expert=2");
        assertTrue(Files.readString(tiny.resolve("model.mlir")).startsWith("module @switch_tiny"));
    }

    @Test
    void compileMistake() {
        Cli.run(dir, "compile", Cli.sample("switch_tiny").toString(), "-o", dir.resolve("o").toString(), "--dispatch", "telepathy")
                .assertUserError("--dispatch must be einsum or gather");
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void checkSamplesAndALocatedError() throws IOException {
        Cli.Result ok = Cli.run(dir, "check", Cli.sample("switch_tiny").toString(), Cli.sample("moe_top2").toString()).assertOk();
        assertTrue(ok.out().contains("switch_tiny.sy: ok: model switch_tiny, 49 parameter tensors (17856 values)"), ok::toString);
        Path bad = dir.resolve("bad.sy");
        Files.writeString(bad, "model bad\ndim batch = 4\nblock forward(x: f32[batch, nope]) { return (y = x) }\n");
        Cli.run(dir, "check", bad.toString()).assertUserError("bad.sy:3:");
    }

    @Test
    void fmtKeepsTheSamplesAndReportsAMissingFile() throws IOException {
        Path copy = dir.resolve("t.sy");
        Files.copy(Cli.sample("switch_tiny"), copy);
        Cli.run(dir, "fmt", "--check", copy.toString()).assertOk();
        Cli.run(dir, "fmt", copy.toString()).assertOk();
        assertEquals(Files.readString(Cli.sample("switch_tiny")), Files.readString(copy), "the sample is already canonical");
        Cli.run(dir, "fmt", dir.resolve("nope.sy").toString()).assertUserError("nope.sy");
    }

    @Test
    void hloFmtPrintsTheCompiledModuleAndLocatesAParseError() throws IOException {
        Cli.Result r = Cli.run(dir, "hlo-fmt", tiny.resolve("model.mlir").toString()).assertOk();
        assertTrue(r.out().startsWith("module @switch_tiny"), r::toString);
        Path bad = dir.resolve("bad.mlir");
        Files.writeString(bad, "func.func @main(%x: tensor<2xf32>) {\n  %0 = stablehlo.frob %x\n");
        Cli.run(dir, "hlo-fmt", bad.toString()).assertUserError("bad.mlir:2:8:");
    }

    @Test
    void interpretReadsAndWritesNpy() throws IOException {
        Path module = dir.resolve("fma.mlir");
        Files.writeString(module, """
                func.func @main(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<3xf32> {
                  %0 = stablehlo.multiply %x, %y : tensor<3xf32>
                  %1 = stablehlo.add %0, %x : tensor<3xf32>
                  return %1 : tensor<3xf32>
                }
                """);
        Path in = Files.createDirectories(dir.resolve("in"));
        Npy.write(in.resolve("arg0.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {3}, 1f, 2f, -3f));
        Npy.write(in.resolve("arg1.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {3}, 4f, 0.5f, 2f));
        Path out = dir.resolve("out");
        Cli.run(dir, "interpret", module.toString(), "--inputs", in.toString(), "--out", out.toString()).assertOk();
        // x*y + x by hand: 1*4+1, 2*0.5+2, -3*2-3
        assertEquals(HostTensor.ofFloats(ElementType.F32, new long[] {3}, 5f, 3f, -9f), Npy.read(out.resolve("result0.npy")));
        Cli.run(dir, "interpret", module.toString(), "--inputs", dir.resolve("nodir").toString(), "--out", dir.resolve("out2").toString())
                .assertUserError("no such inputs directory");
    }

    @Test
    void inspectAnArtifactAndASpec() throws IOException {
        Cli.Result table = Cli.run(dir, "inspect", tiny.toString()).assertOk();
        assertTrue(table.out().contains("mesh data=2, expert=2, 4 partitions"), table::toString);
        Path svg = dir.resolve("mesh.svg");
        Cli.Result json = Cli.run(dir, "inspect", Cli.sample("switch_tiny").toString(), "--json", "--svg", svg.toString()).assertOk();
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertTrue(report.isObject(), json::toString);
        assertTrue(Files.readString(svg).contains("<svg"), "mesh drawing written");
        Cli.run(dir, "inspect", dir.resolve("nodir").toString()).assertUserError("no such artifact directory");
    }

    @Test
    void devicesWithoutAPluginIsAUserError() {
        Cli.run(dir, "devices").assertUserError("no PJRT plugin given");
        Cli.run(dir, "devices", "--plugin", dir.resolve("missing.so").toString()).assertUserError("does not exist");
    }

    /**
     * Acceptance: {@code run DIR --out OUT} writes .npy files equal to the reference interpreter's
     * results in this JVM, on the same module, the same --inputs and the same --weights.
     */
    @Test
    void runOutputsEqualTheInterpreterInProcess() throws IOException {
        Manifest m = ManifestJson.read(tiny);
        Map<String, HostTensor> params = new LinkedHashMap<>();
        for (Manifest.ParameterSpec p : m.parameters()) params.put(p.path(), ParameterInit.initialize(p, 11));
        Path weights = dir.resolve("tiny.safetensors");
        SafetensorsWriter.write(weights, new LinkedHashMap<>(params), Map.of());
        Path in = Files.createDirectories(dir.resolve("inputs"));
        Map<String, HostTensor> inputs = new LinkedHashMap<>();
        for (Manifest.TensorSpec spec : m.inputs()) {
            HostTensor t = InputGenerator.generate(spec, 23, InputGenerator.tokenBound(m.parameters()));
            inputs.put(spec.name(), t);
            Npy.write(in.resolve(spec.name() + ".npy"), t);
        }

        Path out = dir.resolve("out");
        Cli.Result r = Cli.run(dir, "run", tiny.toString(), "--inputs", in.toString(), "--weights", weights.toString(),
                "--out", out.toString()).assertOk();
        assertTrue(r.out().contains("on interp"), r::toString);

        HostTensor[] args = new HostTensor[m.parameters().size() + m.inputs().size()];
        for (Manifest.ParameterSpec p : m.parameters()) args[p.argumentIndex()] = params.get(p.path());
        for (Manifest.TensorSpec spec : m.inputs()) args[spec.argumentIndex()] = inputs.get(spec.name());
        List<HostTensor> expected;
        try (var executor = new ReferenceExecutor();
             var exe = executor.compile(Files.readString(tiny.resolve("model.mlir")),
                     new CompileOptions(m.entryPoint(), m.numReplicas(), m.numPartitions()))) {
            expected = exe.execute(Arrays.asList(args));
        } catch (Exception e) {
            throw new AssertionError("the reference interpreter failed in-process", e);
        }
        assertEquals(m.outputs().size(), expected.size());
        for (int i = 0; i < expected.size(); i++) {
            String name = m.outputs().get(i).name();
            // .npy has no bf16: the values are stored exactly as float32 and read back to the output's type
            HostTensor written = Npy.read(out.resolve(name + ".npy"), expected.get(i).elementType());
            assertArrayEquals(expected.get(i).shape(), written.shape(), name);
            assertEquals(expected.get(i), written, name);
        }

        // interpret, given the same arguments by position, agrees with run on the compiled module
        Path argDir = Files.createDirectories(dir.resolve("args"));
        for (int i = 0; i < args.length; i++) Npy.write(argDir.resolve("arg" + i + ".npy"), args[i]);
        Path results = dir.resolve("results");
        Cli.run(dir, "interpret", tiny.resolve("model.mlir").toString(), "--inputs", argDir.toString(), "--out", results.toString())
                .assertOk();
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), Npy.read(results.resolve("result" + i + ".npy"), expected.get(i).elementType()),
                    "interpret result" + i);
        }
    }

    @Test
    void runMistakes() throws IOException {
        Path in = Files.createDirectories(dir.resolve("inputs"));
        Cli.run(dir, "run", tiny.toString(), "--inputs", in.toString()).assertUserError("missing input 'inputs'");
        Files.writeString(dir.resolve("junk.safetensors"), "not a safetensors file");
        Cli.Result junk = Cli.run(dir, "run", tiny.toString(), "--weights", dir.resolve("junk.safetensors").toString());
        assertEquals(1, junk.exitCode(), junk::toString);
        junk.assertNoStackTrace();
    }

    @Test
    void benchTimesTheTinyModel() {
        Cli.Result r = Cli.run(dir, "bench", Cli.sample("switch_tiny").toString(), "--steps", "1", "--warmup", "0").assertOk();
        assertTrue(r.out().contains("FLOP/s"), r::toString);
        Cli.run(dir, "bench", Cli.sample("switch_tiny").toString(), "--steps", "0").assertUserError("--steps must be between 1");
    }

    /** gcloud is installed on this machine: the child gets a PATH without it, and --dry-run besides. */
    @Test
    void submitDryRunWritesThePackage() throws IOException {
        Map<String, String> noGcloud = Map.of("PATH", Files.createDirectories(dir.resolve("empty-bin")).toString());
        Path art = Files.createDirectories(dir.resolve("art"));
        Path copy = art.resolve("tiny");
        Files.createDirectories(copy);
        try (var files = Files.list(tiny)) {
            for (Path f : files.toList()) Files.copy(f, copy.resolve(f.getFileName()));
        }
        Cli.Result r = Cli.run(dir, noGcloud, List.of(), "submit", copy.toString(), "--tpu", "v5e-4", "--dry-run").assertOk();
        assertTrue(r.out().contains("dry run"), r::toString);
        assertTrue(r.out().contains("gcloud compute tpus tpu-vm create"), r::toString);
        Path pkg = art.resolve("tiny-v5e-4");
        for (String f : List.of("switchyard-job.zip", "startup.sh", "commands.sh", "job.yaml", "Dockerfile", "submit.json")) {
            assertTrue(Files.isRegularFile(pkg.resolve(f)), f + " missing from " + pkg);
        }
        Cli.run(dir, noGcloud, List.of(), "submit", copy.toString(), "--tpu", "v99-8", "--dry-run").assertUserError("unknown TPU type 'v99-8'");
    }

    @Test
    void completionPrintsABashScript() {
        Cli.Result r = Cli.run(dir, "completion", "bash").assertOk();
        assertTrue(r.out().contains("complete -F _switchyard switchyard") || r.out().contains("complete "), r::toString);
        for (String c : COMMANDS) assertTrue(r.out().contains(c), () -> c + " missing from the completion script");
        Cli.run(dir, "completion", "zsh").assertUserError("supported: bash");
    }
}
