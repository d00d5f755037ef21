package dev.switchyard.cli.model;

import dev.switchyard.cli.Sha256;
import dev.switchyard.cli.Version;
import dev.switchyard.cli.artifact.Initializer;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.compiler.CompiledModel;
import dev.switchyard.compiler.Compiler;
import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.ParamSpec;
import dev.switchyard.compiler.ShardingForm;
import dev.switchyard.compiler.TensorSpec;
import dev.switchyard.compiler.train.Gradients;
import dev.switchyard.compiler.train.StateTensor;
import dev.switchyard.compiler.train.TrainConfig;
import dev.switchyard.compiler.train.TrainConfigText;
import dev.switchyard.compiler.train.TrainStep;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Param;
import dev.switchyard.runtime.pjrt.XlaCompileOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Compiles a checked model graph and describes the result as an artifact: the module in pretty
 * form, the manifest, and the PJRT compile options for the mesh.
 */
public final class ModelCompilation {
    private ModelCompilation() {}

    /** The StableHLO version the lowering targets (the opset of the StableHLO spec it follows). */
    public static final String STABLEHLO_VERSION = "1.0.0";

    public static BuiltArtifact build(Path spec, ModelGraph graph, CompileOptions options) throws IOException {
        CompiledModel model = Compiler.compile(graph, options);
        java.util.Map<String, Initializer> initializers = new java.util.HashMap<>();
        for (Param p : graph.params()) initializers.put(p.path(), GraphManifests.initializer(p.init()));
        List<Manifest.ParameterSpec> params = new ArrayList<>();
        for (ParamSpec p : model.params()) {
            params.add(new Manifest.ParameterSpec(p.path(), p.dtype(), p.dims(), p.shape(), initializers.get(p.path()),
                    p.sharding(), p.bytes(), p.argument()));
        }
        List<Manifest.TensorSpec> inputs = new ArrayList<>();
        for (TensorSpec t : model.inputs()) inputs.add(tensor(t, t.argument()));
        List<Manifest.TensorSpec> outputs = new ArrayList<>();
        for (TensorSpec t : model.outputs()) outputs.add(tensor(t, -1));
        Manifest.MeshSpec mesh = GraphManifests.mesh(model.mesh());
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, Version.current(),
                new Manifest.Source(spec.getFileName().toString(), Sha256.hex(Files.readAllBytes(spec))), "main",
                inputs, outputs, params, mesh, Math.toIntExact(model.numPartitions()), 1, STABLEHLO_VERSION, Manifest.Files.standard());
        String text = model.prettyText();
        byte[] compileOptions = XlaCompileOptions.forMesh(
                LongStream.range(0, model.numPartitions()).boxed().toList(), options.sharding() == ShardingForm.SHARDY).toByteArray();
        return new BuiltArtifact(manifest, text, compileOptions);
    }

    /**
     * Compiles the train step of {@code graph} (see {@code TrainStep}) and describes it: the
     * manifest's inputs are the per-step inputs, its outputs every result in order (the updated
     * state, named by state path, then the metrics), its parameters the parameters at their
     * argument positions, and {@code entry} the whole state with its donation.
     */
    public static BuiltArtifact buildTrain(Path spec, ModelGraph graph, CompileOptions options, TrainConfig config) throws IOException {
        return buildTrain(spec, graph, options, config, Gradients.pass());
    }

    /** As {@link #buildTrain(Path, ModelGraph, CompileOptions, TrainConfig)} with a given grad pass (tests hand it gradients). */
    public static BuiltArtifact buildTrain(Path spec, ModelGraph graph, CompileOptions options, TrainConfig config,
                                           TrainStep.Differentiator grad) throws IOException {
        TrainStep step = TrainStep.compile(graph, grad, config, options);
        java.util.Map<String, Initializer> initializers = new java.util.HashMap<>();
        for (Param p : graph.params()) initializers.put(p.path(), GraphManifests.initializer(p.init()));
        List<Manifest.ParameterSpec> params = new ArrayList<>();
        List<Manifest.StateSpec> state = new ArrayList<>();
        List<Manifest.TensorSpec> outputs = new ArrayList<>();
        for (StateTensor s : step.state()) {
            Initializer init = s.role() == StateTensor.Role.PARAM ? initializers.get(s.path()) : new Initializer.Zeros();
            String role = switch (s.role()) {
                case PARAM -> "param";
                case OPTIMIZER -> "optimizer";
                case STEP -> "step";
            };
            state.add(new Manifest.StateSpec(s.path(), role, s.param(), s.slot(), s.dtype(), s.dims(), s.shape(), s.sharding(), init,
                    s.bytes(), s.argument(), s.result()));
            if (s.role() == StateTensor.Role.PARAM) {
                params.add(new Manifest.ParameterSpec(s.path(), s.dtype(), s.dims(), s.shape(), init, s.sharding(), s.bytes(), s.argument()));
            }
            outputs.add(new Manifest.TensorSpec(s.path(), s.dtype(), s.dims(), s.shape(), s.sharding(), -1));
        }
        List<Manifest.MetricSpec> metrics = new ArrayList<>();
        for (TensorSpec m : step.metrics()) {
            outputs.add(tensor(m, -1));
            metrics.add(new Manifest.MetricSpec(m.name(), m.dtype(), m.argument()));
        }
        List<Manifest.TensorSpec> inputs = new ArrayList<>();
        for (TensorSpec t : step.inputs()) inputs.add(tensor(t, t.argument()));
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, Version.current(),
                new Manifest.Source(spec.getFileName().toString(), Sha256.hex(Files.readAllBytes(spec))), "main",
                inputs, outputs, params, GraphManifests.mesh(step.mesh()), Math.toIntExact(step.numPartitions()), 1, STABLEHLO_VERSION,
                Manifest.Files.standard(),
                new Manifest.Entry(Manifest.Entry.TRAIN, state, metrics, TrainConfigText.describe(config)));
        byte[] compileOptions = XlaCompileOptions.forMesh(
                LongStream.range(0, step.numPartitions()).boxed().toList(), options.sharding() == ShardingForm.SHARDY).toByteArray();
        return new BuiltArtifact(manifest, step.prettyText(), compileOptions);
    }

    private static Manifest.TensorSpec tensor(TensorSpec t, int argument) {
        return new Manifest.TensorSpec(t.name(), t.dtype(), t.dims(), t.shape(), t.sharding(), argument);
    }
}
