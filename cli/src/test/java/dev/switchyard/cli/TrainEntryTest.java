package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.artifact.ManifestException;
import dev.switchyard.cli.artifact.ManifestJson;
import dev.switchyard.cli.model.BuiltArtifact;
import dev.switchyard.cli.model.ModelCompilation;
import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.train.TrainConfig;
import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.CheckResult;
import dev.switchyard.dsl.Frontend;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Output;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --entry train} artifacts: the manifest lists the state with its donation, metrics and
 * optimizer, reads back through the checks and conforms to the schema; the flags fail clearly.
 * The gradient is made by hand (loss = Σ w·g, so ∂loss/∂w = g is an output of the model).
 */
class TrainEntryTest {

    static final String MODEL = """
            model hand
            dim batch = 4
            dim d = 8
            mesh default { data = 2 }
            layout { batch -> data }
            block forward(x: f32[batch, d], g: f32[d], training: bool[]) {
              param w: f32[d] = zeros
              return (y = x * w, loss = sum(w * g), g_out = g)
            }
            """;

    static BuiltArtifact build(Path dir, TrainConfig config) throws Exception {
        Path spec = dir.resolve("hand.sy");
        Files.writeString(spec, MODEL);
        CheckResult r = Frontend.check(spec, CheckOptions.defaults());
        assertTrue(r.ok(), r::render);
        ModelGraph g = r.graph().orElseThrow();
        List<Output> fwd = new ArrayList<>(g.outputs().stream().filter(o -> !o.name().equals("g_out")).toList());
        ModelGraph forward = new ModelGraph(g.name(), g.mesh(), g.layout(), g.params(), g.inputs(), g.nodes(), fwd);
        List<Output> all = new ArrayList<>(fwd);
        all.add(new Output("grad/w", g.outputs().get(2).value()));
        ModelGraph withGrads = new ModelGraph(g.name(), g.mesh(), g.layout(), g.params(), g.inputs(), g.nodes(), all);
        return ModelCompilation.buildTrain(spec, forward, CompileOptions.defaults(), config, (f, loss) -> withGrads);
    }

    @Test
    void manifestListsStateDonationMetricsAndOptimizer(@TempDir Path dir) throws Exception {
        BuiltArtifact a = build(dir, TrainConfig.defaults());
        Path out = dir.resolve("art");
        a.writeTo(out);
        Manifest m = ManifestJson.read(out);
        assertEquals("train", m.entry().kind());
        assertEquals(List.of("w", "opt/w/v", "step"), m.entry().state().stream().map(Manifest.StateSpec::path).toList());
        for (Manifest.StateSpec s : m.entry().state()) assertEquals(s.argumentIndex(), s.resultIndex(), s.path());
        assertEquals(List.of("x", "g"), m.inputs().stream().map(Manifest.TensorSpec::name).toList(), "training is not an argument");
        assertEquals(List.of(3, 4), m.inputs().stream().map(Manifest.TensorSpec::argumentIndex).toList());
        assertEquals(List.of("w", "opt/w/v", "step", "loss", "grad_norm", "learning_rate"),
                m.outputs().stream().map(Manifest.TensorSpec::name).toList());
        assertEquals("adafactor", m.entry().optimizer().get("optimizer"));
        assertEquals("rsqrt", m.entry().optimizer().get("schedule"));
        String module = Files.readString(out.resolve("model.mlir"));
        assertTrue(module.contains("tf.aliasing_output = 0 : i32") && module.contains("tf.aliasing_output = 2 : i32"), module);

        JsonNode json = new ObjectMapper().readTree(Files.readString(out.resolve("manifest.json")));
        Path schemaFile = Path.of(System.getProperty("switchyard.root", ".."), "docs/manifest.schema.json");
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(new ObjectMapper().readTree(schemaFile.toFile()));
        assertEquals(List.of(), schema.validate(json));
        ((ObjectNode) json.at("/entry")).put("kind", "forward");
        assertTrue(!schema.validate(json).isEmpty(), "a forward entry with state is not valid");
    }

    @Test
    void readerRejectsABrokenDonation(@TempDir Path dir) throws Exception {
        String json = ManifestJson.toJson(build(dir, TrainConfig.defaults()).manifest());
        ManifestException e = assertThrows(ManifestException.class,
                () -> ManifestJson.parse(json.replaceFirst("\"result_index\" : 1", "\"result_index\" : 2"), "m.json"));
        assertTrue(e.getMessage().contains("entry.state[1] (opt/w/v)"), e.getMessage());
        ManifestException kind = assertThrows(ManifestException.class,
                () -> ManifestJson.parse(json.replace("\"kind\" : \"train\"", "\"kind\" : \"eval\""), "m.json"));
        assertTrue(kind.getMessage().contains("entry.kind: is 'eval'"), kind.getMessage());
    }

    @Test
    void compileAndInspectSwitchTinyTrainStep(@TempDir Path dir) throws Exception {
        Path spec = Path.of(System.getProperty("switchyard.root", ".."), "samples", "switch_tiny.sy");
        List<Command> commands = List.of(new CompileCommand(), new InspectCommand());
        Path out = dir.resolve("train");
        CliRun r = CliRun.run(commands, "compile", spec.toString(), "--entry", "train", "--optimizer", "adamw", "-o", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("train step (adamw)"), r::toString);
        Manifest m = ManifestJson.read(out);
        assertEquals("adamw", m.entry().optimizer().get("optimizer"));
        assertEquals(3 * m.parameters().size() + 1, m.entry().state().size(), "each parameter, its m and v, and the step");
        assertEquals(List.of("loss", "aux_loss", "z_loss", "grad_norm", "learning_rate"),
                m.entry().metrics().stream().map(Manifest.MetricSpec::name).toList());

        r = CliRun.run(commands, "inspect", spec.toString(), "--entry", "train", "--json");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode train = new ObjectMapper().readTree(r.out()).get("train");
        double step = train.get("flops_per_step").doubleValue(), forward = train.get("forward_flops_per_step").doubleValue();
        assertTrue(step > 2.5 * forward && step < 3.5 * forward, "forward + backward ≈ 3× forward, counted: " + step + " vs " + forward);
        assertTrue(train.get("state_bytes_per_device").longValue() > train.get("optimizer_state_bytes_per_device").longValue());
    }

    /** --master-weights only matters for bf16/f16 parameters: on an all-f32 model it says so (and still compiles). */
    @Test
    void masterWeightsOnF32ParametersIsANote(@TempDir Path dir) throws Exception {
        Path samples = Path.of(System.getProperty("switchyard.root", ".."), "samples");
        List<Command> commands = List.of(new CompileCommand());
        CliRun f32 = CliRun.run(commands, "compile", samples.resolve("switch_byte.sy").toString(), "--entry", "train", "--master-weights",
                "-o", dir.resolve("byte").toString());
        assertEquals(0, f32.exitCode(), f32::toString);
        assertTrue(f32.err().contains("note: --master-weights changes nothing for switch_byte.sy") && f32.err().contains("already f32"), f32::toString);
        CliRun bf16 = CliRun.run(commands, "compile", samples.resolve("switch_tiny.sy").toString(), "--entry", "train", "--master-weights",
                "-o", dir.resolve("tiny").toString());
        assertEquals(0, bf16.exitCode(), bf16::toString);
        assertFalse(bf16.err().contains("--master-weights changes nothing"), bf16::toString);
    }

    @Test
    void trainFlagsFailClearly(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("hand.sy");
        Files.writeString(spec, MODEL);
        List<Command> commands = List.of(new CompileCommand(), new InspectCommand());
        CliRun r = CliRun.run(commands, "compile", spec.toString(), "-o", dir.resolve("o").toString(), "--optimizer", "adamw");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--optimizer configures the train step; add --entry train"), r::toString);
        r = CliRun.run(commands, "compile", spec.toString(), "-o", dir.resolve("o").toString(), "--entry", "train", "--optimizer", "adamw:beta3=1");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--optimizer: adamw has no setting 'beta3' (settings: beta1, beta2, epsilon, weight_decay)"), r::toString);
        r = CliRun.run(commands, "compile", spec.toString(), "-o", dir.resolve("o").toString(), "--entry", "train", "--lr-schedule", "rsqrt:warmup=0");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--lr-schedule: rsqrt warmup must be at least 1 step"), r::toString);
        r = CliRun.run(commands, "compile", spec.toString(), "-o", dir.resolve("o").toString(), "--entry", "train", "--optimizer", "adamw:beta1=2");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--optimizer: adamw beta1 must be in [0, 1), got 2"), r::toString);
        assertTrue(!r.err().contains("Exception"), r::toString);
        assertTrue(!Files.exists(dir.resolve("o")), "nothing written for a refused flag");
        r = CliRun.run(commands, "compile", spec.toString(), "-o", dir.resolve("o").toString(), "--entry", "eval");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--entry must be forward or train, got 'eval'"), r::toString);
    }
}
