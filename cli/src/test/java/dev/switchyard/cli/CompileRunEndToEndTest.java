package dev.switchyard.cli;

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
import dev.switchyard.cli.model.BuiltArtifact;
import dev.switchyard.cli.model.ModelCompilation;
import dev.switchyard.cli.run.InputGenerator;
import dev.switchyard.cli.run.ParameterInit;
import dev.switchyard.cli.safetensors.SafetensorsWriter;
import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.Frontend;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compile, run and bench on the samples, through the real compiler and interpreter. */
class CompileRunEndToEndTest {

    @TempDir Path dir;

    static Path sample(String name) { return InspectCommandTest.sample(name); }

    @Test
    void compileWritesAnArtifactTheSchemaAccepts() throws Exception {
        Path out = dir.resolve("tiny");
        CliRun r = CliRun.run(Commands.all(), "compile", sample("switch_tiny").toString(), "-o", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Files.readString(out.resolve("model.mlir")).startsWith("module @switch_tiny"));
        assertTrue(Files.size(out.resolve("compile_options.pb")) > 0);
        Path schemaFile = Path.of(System.getProperty("switchyard.root", "..")).resolve("docs/manifest.schema.json");
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(new ObjectMapper().readTree(schemaFile.toFile()));
        JsonNode json = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals(List.of(), schema.validate(json));
        Manifest m = ManifestJson.read(out);
        assertEquals(49, m.parameters().size(), "switch_tiny has 49 parameter tensors (switchyard check)");
        assertEquals(17856, m.parameters().stream().mapToLong(p -> p.shape().stream().reduce(1L, Math::multiplyExact)).sum());
        assertEquals(4, m.numPartitions());
        assertEquals(List.of("hidden", "logits", "loss", "aux_loss", "z_loss"), m.outputs().stream().map(Manifest.TensorSpec::name).toList());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList(), "no temporary directory left");
        }
    }

    @Test
    void emitStopsAfterAStage() {
        CliRun hlo = CliRun.run(Commands.all(), "compile", sample("switch_tiny").toString(), "--emit", "stablehlo", "--sharding", "gspmd");
        assertEquals(0, hlo.exitCode(), hlo::toString);
        assertTrue(hlo.out().contains("mhlo.sharding"), "GSPMD form");
        CliRun graph = CliRun.run(Commands.all(), "compile", sample("switch_tiny").toString(), "--emit", "graph");
        assertEquals(0, graph.exitCode(), graph::toString);
        assertTrue(graph.out().contains("encoder"), graph::toString);
        CliRun ast = CliRun.run(Commands.all(), "compile", sample("switch_tiny").toString(), "--emit", "ast");
        assertEquals(0, ast.exitCode(), ast::toString);
        assertTrue(ast.out().contains("switch_tiny"), ast::toString);
    }

    @Test
    void compileMistakes() throws Exception {
        assertEquals(1, CliRun.run(Commands.all(), "compile", sample("switch_tiny").toString()).exitCode(), "-o is required");
        CliRun bad = CliRun.run(Commands.all(), "compile", sample("switch_tiny").toString(), "-o", dir.resolve("o").toString(),
                "--dispatch", "telepathy");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("--dispatch must be einsum or gather"), bad::toString);
        Path spec = dir.resolve("bad.sy");
        Files.writeString(spec, "model bad\ndim batch = 4\nblock forward(x: f32[batch, nope]) { return (y = x) }\n");
        CliRun located = CliRun.run(Commands.all(), "compile", spec.toString(), "-o", dir.resolve("o").toString());
        assertEquals(1, located.exitCode());
        assertTrue(located.err().contains("bad.sy:3:"), located::toString);
        assertFalse(Files.exists(dir.resolve("o")), "no artifact from a failed compile");
    }

    /**
     * Acceptance: run's .npy outputs equal the interpreter's in-memory results for the same
     * parameters and inputs; the same holds with the parameters given as safetensors.
     */
    @Test
    void runOutputsEqualTheInterpretersInMemoryResults() throws Exception {
        Path spec = sample("switch_tiny");
        Path out = dir.resolve("out");
        CliRun r = CliRun.run(Commands.all(), "run", spec.toString(), "--seed", "3", "--out", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("aux_loss"), r::toString);

        ModelGraph g = Frontend.check(spec, CheckOptions.defaults()).graph().orElseThrow();
        BuiltArtifact built = ModelCompilation.build(spec, g, dev.switchyard.compiler.CompileOptions.defaults());
        Manifest m = built.manifest();
        Map<String, HostTensor> params = new LinkedHashMap<>();
        for (Manifest.ParameterSpec p : m.parameters()) params.put(p.path(), ParameterInit.initialize(p, 3));
        Map<String, HostTensor> inputs = new LinkedHashMap<>();
        for (Manifest.TensorSpec in : m.inputs()) {
            inputs.put(in.name(), InputGenerator.generate(in, 3, InputGenerator.tokenBound(m.parameters())));
        }
        List<HostTensor> expected = new ReferenceExecutor().compile(built.moduleText(), new CompileOptions("main", 1, 1))
                .execute(RunCommand.arguments(m, params, inputs));
        for (int i = 0; i < expected.size(); i++) {
            // .npy has no bf16: it holds the values exactly as float32, read back to the output's type
            HostTensor written = Npy.read(out.resolve(m.outputs().get(i).name() + ".npy"), expected.get(i).elementType());
            assertEquals(expected.get(i), written, m.outputs().get(i).name());
        }

        Path weights = dir.resolve("tiny.safetensors");
        SafetensorsWriter.write(weights, new LinkedHashMap<>(params), Map.of());
        Path out2 = dir.resolve("out2");
        CliRun viaWeights = CliRun.run(Commands.all(), "run", spec.toString(), "--weights", weights.toString(), "--seed", "3",
                "--out", out2.toString());
        assertEquals(0, viaWeights.exitCode(), viaWeights::toString);
        for (Manifest.TensorSpec o : m.outputs()) {
            assertEquals(Npy.read(out.resolve(o.name() + ".npy")), Npy.read(out2.resolve(o.name() + ".npy")), o.name());
        }
    }

    @Test
    void benchReportsTimesAndFlops() {
        CliRun r = CliRun.run(Commands.all(), "bench", sample("switch_tiny").toString(), "--steps", "2", "--warmup", "0");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("median of 2 after 0 warm-up"), r::toString);
        assertTrue(r.out().contains("FLOP/s"), r::toString);
    }

    /** Acceptance: submit --dry-run on switch_base_8, resized to the slice with --mesh-shape. */
    @Test
    void submitSwitchBase8() throws Exception {
        List<Command> noGcloud = List.of(new SubmitCommand(p -> java.util.Optional.empty(), java.util.Optional.empty()));
        Path art = dir.resolve("sb8");
        CliRun tooBig = CliRun.run(noGcloud, "submit", sample("switch_base_8").toString(), "--tpu", "v4-32", "-o", art.toString());
        assertEquals(1, tooBig.exitCode(), tooBig::toString);
        assertTrue(tooBig.err().contains("mesh has 32 devices (data=4, expert=8) but a v4-32 slice has 16 chips"), tooBig::toString);

        CliRun v4 = CliRun.run(noGcloud, "submit", sample("switch_base_8").toString(), "--tpu", "v4-32", "--mesh-shape", "data=2",
                "-o", art.toString(), "--dry-run");
        assertEquals(0, v4.exitCode(), v4::toString);
        assertEquals(16, ManifestJson.read(art).numPartitions());
        String job = Files.readString(dir.resolve("sb8-v4-32/job.yaml"));
        assertTrue(job.contains("cloud.google.com/gke-tpu-topology: 2x2x4"), job);

        CliRun v5e = CliRun.run(noGcloud, "submit", sample("switch_base_8").toString(), "--tpu", "v5e-8", "--mesh-shape", "data=1",
                "-o", art.toString(), "--dry-run");
        assertEquals(0, v5e.exitCode(), v5e::toString);
        String job8 = Files.readString(dir.resolve("sb8-v5e-8/job.yaml"));
        assertTrue(job8.contains("google.com/tpu: 8"), job8);
    }
}
