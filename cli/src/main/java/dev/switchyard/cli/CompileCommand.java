package dev.switchyard.cli;

import dev.switchyard.cli.artifact.ArtifactDirectory;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.inspect.MeshSvg;
import dev.switchyard.cli.model.BuiltArtifact;
import dev.switchyard.cli.model.ModelCompilation;
import dev.switchyard.cli.model.ModelSpecs;
import dev.switchyard.compiler.CompileException;
import dev.switchyard.compiler.train.TrainConfig;
import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.Dispatch;
import dev.switchyard.compiler.ShardingForm;
import dev.switchyard.dsl.graph.ModelGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code switchyard compile FILE.sy -o DIR}: checks and lowers a model spec to StableHLO and
 * writes the artifact directory (model.mlir, manifest.json, compile_options.pb) atomically;
 * {@code --emit} stops after a stage and prints it instead.
 */
public final class CompileCommand implements Command, ValueChoices {

    @Override public String name() { return "compile"; }

    @Override public String summary() { return "compile a model spec to an artifact: StableHLO with shardings, manifest, compile options"; }

    @Override public String usage() {
        return "FILE.sy -o DIR [--mesh NAME | --mesh-shape a=2,b=4] [--sharding shardy|gspmd] [--dispatch einsum|gather] [--emit ast|graph|stablehlo] [--force]"
                + " [--entry forward|train [--optimizer NAME[:k=v,...]] [--lr-schedule NAME[:k=v,...]] [--clip-grad-norm X]]";
    }

    @Override
    public Map<String, List<String>> valueChoices() {
        return Map.of("sharding", List.of("shardy", "gspmd"), "dispatch", List.of("einsum", "gather"),
                "emit", List.of("ast", "graph", "stablehlo"), "entry", TrainFlags.ENTRIES);
    }

    @Override
    public Options options() {
        return TrainFlags.add(new Options())
                .addOption(Option.builder("o").longOpt("out").hasArg().argName("DIR").desc("the artifact directory to write").get())
                .addOption(Option.builder().longOpt("mesh").hasArg().argName("NAME").desc("the mesh to compile for (default: the first declared)").get())
                .addOption(Option.builder().longOpt("mesh-shape").hasArg().argName("AXIS=N,...").desc("override mesh axis sizes").get())
                .addOption(Option.builder().longOpt("sharding").hasArg().argName("FORM").desc("shardy (default) or gspmd annotations").get())
                .addOption(Option.builder().longOpt("dispatch").hasArg().argName("HOW").desc("MoE dispatch lowering: einsum or gather (default: " + Dispatch.DEFAULT.spelling() + ")").get())
                .addOption(Option.builder().longOpt("force").desc("replace a non-empty -o DIR that holds only files Switchyard wrote").get())
                .addOption(Option.builder().longOpt("emit").hasArg().argName("STAGE").desc("print ast, graph or stablehlo and stop").get());
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        List<String> args = line.getArgList();
        if (args.size() != 1) throw new UserError("expected one FILE.sy, got " + args.size() + " arguments");
        Path spec = Path.of(args.get(0));
        if (!ModelSpecs.isModelSpec(spec)) throw new UserError(spec + ": expected a model spec (.sy)");
        String emit = line.getOptionValue("emit", "");
        if (!List.of("", "ast", "graph", "stablehlo").contains(emit)) {
            throw new UserError("--emit must be ast, graph or stablehlo, got '" + emit + "'");
        }
        if (!emit.isEmpty() && line.hasOption("out")) {
            throw new UserError("--emit " + emit + " prints the stage and writes no artifact; drop -o, or drop --emit to write " + line.getOptionValue("out"));
        }
        TrainFlags.train(line);
        if (line.hasOption("entry") && TrainFlags.train(line) && (emit.equals("ast") || emit.equals("graph"))) {
            throw new UserError("--emit " + emit + " prints the model as written; the train step exists from --emit stablehlo on");
        }
        if (emit.equals("ast")) return new CheckCommand().run(line, console);
        if (emit.isEmpty() && !line.hasOption("out")) throw new UserError("-o DIR is required (or --emit to print a stage)");
        if (line.hasOption("out")) {
            UserFiles.checkOutputDirectory(Path.of(line.getOptionValue("out")), "-o");
            try {
                ArtifactDirectory.checkTarget(Path.of(line.getOptionValue("out")), ifExists(line), "-o");
            } catch (ArtifactDirectory.RefusedException e) {
                throw new UserError(e.getMessage());
            }
        }
        if (emit.equals("graph")) {
            Optional<ModelGraph> graph = ModelSpecs.check(spec, CheckCommand.options(line), console);
            if (graph.isEmpty()) return Main.USER_ERROR;
            console.out().print(graph.get().print());
            return Main.OK;
        }
        Optional<BuiltArtifact> maybe = build(spec, line, console);
        if (maybe.isEmpty()) return Main.USER_ERROR;
        BuiltArtifact built = maybe.get();
        if (emit.equals("stablehlo")) {
            console.out().print(built.moduleText());
            return Main.OK;
        }
        Path out = Path.of(line.getOptionValue("out"));
        try {
            built.writeTo(out, ifExists(line));
        } catch (ArtifactDirectory.RefusedException e) {
            throw new UserError(e.getMessage());
        }
        Manifest m = built.manifest();
        if (m.entry().kind().equals(Manifest.Entry.TRAIN)) {
            long stateBytes = m.entry().state().stream().mapToLong(Manifest.StateSpec::byteSize).sum();
            console.out().printf("wrote %s: train step (%s), %d state tensors (%s, donated), %d inputs, %d metrics, mesh %s, %d partitions%n", out,
                    m.entry().optimizer().get("optimizer"), m.entry().state().size(), MeshSvg.formatBytes(stateBytes), m.inputs().size(),
                    m.entry().metrics().size(), SubmitCommand.describe(m.mesh()), m.numPartitions());
            return Main.OK;
        }
        long bytes = m.parameters().stream().mapToLong(Manifest.ParameterSpec::byteSize).sum();
        console.out().printf("wrote %s: %d parameters (%s), %d inputs, %d outputs, mesh %s, %d partitions%n", out,
                m.parameters().size(), MeshSvg.formatBytes(bytes), m.inputs().size(), m.outputs().size(),
                SubmitCommand.describe(m.mesh()), m.numPartitions());
        return Main.OK;
    }

    /**
     * Checks and compiles {@code spec} with the options on {@code line} ({@code --mesh},
     * {@code --mesh-shape}, {@code --sharding}, {@code --dispatch} where the command has them);
     * empty after diagnostics were printed.
     */
    static Optional<BuiltArtifact> build(Path spec, CommandLine line, Console console) throws UserError, java.io.IOException {
        Optional<ModelGraph> graph = ModelSpecs.check(spec, CheckCommand.options(line), console);
        if (graph.isEmpty()) return Optional.empty();
        boolean train = line.hasOption("entry") && TrainFlags.train(line);
        try {
            if (train) {
                TrainConfig config = TrainFlags.config(line);
                if (config.masterWeights() && graph.get().params().stream().noneMatch(p -> isHalf(p.type().elem().mlir()))) {
                    console.err().println("note: --master-weights changes nothing for " + spec.getFileName()
                            + ": it keeps bf16/f16 parameters as f32 copies, and every parameter here is already "
                            + graph.get().params().stream().map(p -> p.type().elem().mlir()).distinct().sorted().collect(java.util.stream.Collectors.joining("/")));
                }
                return Optional.of(ModelCompilation.buildTrain(spec, graph.get(), compileOptions(line), config));
            }
            return Optional.of(ModelCompilation.build(spec, graph.get(), compileOptions(line)));
        } catch (CompileException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static boolean isHalf(String mlirType) { return mlirType.equals("bf16") || mlirType.equals("f16"); }

    /** {@code --force}: replace a non-empty output directory when everything in it is ours. */
    static ArtifactDirectory.IfExists ifExists(CommandLine line) {
        return line.hasOption("force") ? ArtifactDirectory.IfExists.REPLACE_OURS : ArtifactDirectory.IfExists.REFUSE;
    }

    static CompileOptions compileOptions(CommandLine line) throws UserError {
        CompileOptions o = CompileOptions.defaults();
        if (line.hasOption("sharding")) {
            String s = line.getOptionValue("sharding");
            o = o.withSharding(ShardingForm.parse(s).orElseThrow(() -> new UserError("--sharding must be shardy or gspmd, got '" + s + "'")));
        }
        if (line.hasOption("dispatch")) {
            String d = line.getOptionValue("dispatch");
            o = o.withDispatch(Dispatch.parse(d).orElseThrow(() -> new UserError("--dispatch must be einsum or gather, got '" + d + "'")));
        }
        return o;
    }
}
