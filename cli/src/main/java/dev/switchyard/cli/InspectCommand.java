package dev.switchyard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.inspect.MeshPlacement;
import dev.switchyard.cli.inspect.MeshSvg;
import dev.switchyard.cli.inspect.Placements;
import dev.switchyard.cli.model.GraphDot;
import dev.switchyard.cli.model.GraphManifests;
import dev.switchyard.cli.model.ModelSpecs;
import dev.switchyard.compiler.cost.CostModel;
import dev.switchyard.compiler.cost.CostReport;
import dev.switchyard.compiler.CompileException;
import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.train.Gradients;
import dev.switchyard.compiler.train.TrainConfig;
import dev.switchyard.compiler.train.TrainCost;
import dev.switchyard.compiler.train.TrainStep;
import dev.switchyard.dsl.graph.ModelGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code switchyard inspect FILE.sy|DIR}: what a model (checked spec or compiled artifact) holds
 * and where: parameters, their bytes, the mesh and each device's share; {@code --svg} draws the
 * mesh, {@code --graph} the model graph. For a model spec it adds the compiler's cost model:
 * FLOPs, active parameters, memory and all-to-all bytes per device.
 */
public final class InspectCommand implements Command {

    @Override public String name() { return "inspect"; }

    @Override public String summary() { return "show a model's parameters, mesh and per-device memory; draw the mesh (--svg) and graph (--graph)"; }

    @Override public String usage() { return "FILE.sy|DIR [--json] [--svg mesh.svg] [--graph graph.svg|graph.dot] [--mesh NAME | --mesh-shape a=2,b=4]"; }

    @Override
    public Options options() {
        return TrainFlags.add(new Options())
                .addOption(Option.builder().longOpt("json").desc("print the report as JSON").get())
                .addOption(Option.builder().longOpt("svg").hasArg().argName("FILE").desc("draw the device mesh to FILE (SVG)").get())
                .addOption(Option.builder().longOpt("graph").hasArg().argName("FILE")
                        .desc("write the model graph (FILE.dot, or FILE.svg when Graphviz 'dot' is installed); needs a .sy").get())
                .addOption(Option.builder().longOpt("mesh").hasArg().argName("NAME").desc("the mesh to place the model on (.sy)").get())
                .addOption(Option.builder().longOpt("mesh-shape").hasArg().argName("AXIS=N,...").desc("override mesh axis sizes (.sy)").get());
    }

    /** What inspect reports on, from an artifact's manifest or a checked model spec. */
    private record Subject(String source, String entryPoint, Manifest.MeshSpec mesh, List<Manifest.ParameterSpec> parameters,
                           Optional<ModelGraph> graph, Optional<CostReport> cost, Optional<TrainSummary> train) {}

    /** The train step's extra cost: counted FLOPs (from a spec only) and the carried state's bytes. */
    private record TrainSummary(String optimizer, Optional<TrainCost> cost, long optimizerStateBytes, long optimizerStateBytesPerDevice,
                                long stateBytesPerDevice) {}

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        List<String> args = line.getArgList();
        if (args.size() != 1) throw new UserError("expected one artifact DIR or FILE.sy, got " + args.size() + " arguments");
        Path input = Path.of(args.get(0));
        Optional<Path> svg = writable(line, "svg");
        Optional<Path> graphFile = writable(line, "graph");
        Subject subject;
        boolean train = TrainFlags.train(line);
        if (ModelSpecs.isModelSpec(input)) {
            Optional<ModelGraph> graph = ModelSpecs.check(input, CheckCommand.options(line), console);
            if (graph.isEmpty()) return Main.USER_ERROR;
            ModelGraph g = graph.get();
            Optional<TrainSummary> summary = Optional.empty();
            if (train) summary = Optional.of(trainSummary(g, TrainFlags.config(line)));
            subject = new Subject(input.getFileName().toString(), train ? "train" : "forward", GraphManifests.mesh(g.mesh()),
                    GraphManifests.parameters(g), graph, Optional.of(ModelSpecs.cost(g)), summary);
        } else {
            if (line.hasOption("entry")) throw new UserError("an artifact's entry is fixed when it is compiled; --entry needs a .sy");
            if (line.hasOption("graph")) throw new UserError("--graph needs a model spec (.sy); an artifact holds no model graph");
            if (line.hasOption("mesh") || line.hasOption("mesh-shape")) {
                throw new UserError("an artifact's mesh is fixed when it is compiled; --mesh and --mesh-shape need a .sy");
            }
            Manifest manifest = RunCommand.readManifest(input);
            subject = new Subject(manifest.source().file(), manifest.entryPoint(), manifest.mesh(), manifest.parameters(),
                    Optional.empty(), Optional.empty(), trainSummary(manifest));
        }
        MeshPlacement placement = Placements.of(subject.mesh(), subject.parameters());
        if (svg.isPresent()) {
            Files.writeString(svg.get(), MeshSvg.render(placement));
            console.err().println("wrote " + svg.get() + " (" + placement.devices().size() + " devices)");
        }
        if (graphFile.isPresent()) writeGraph(graphFile.get(), subject.graph().orElseThrow(), console);
        if (line.hasOption("json")) {
            console.out().println(new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report(subject, placement)));
        } else {
            printTable(subject, placement, console);
        }
        return Main.OK;
    }

    private static TrainSummary trainSummary(ModelGraph g, TrainConfig config) throws UserError {
        try {
            TrainStep.requireLoss(g);
            ModelGraph withGrads = Gradients.pass().apply(g, TrainStep.LOSS);
            TrainStep step = TrainStep.assemble(g, withGrads, config, CompileOptions.defaults());
            TrainCost c = TrainCost.of(g, withGrads, step);
            return new TrainSummary(config.optimizer().spelling(), Optional.of(c), c.optimizerStateBytes(), c.optimizerStateBytesPerDevice(),
                    c.stateBytesPerDevice());
        } catch (CompileException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** From a train artifact's manifest: the state's bytes (no graph, so no FLOPs). */
    private static Optional<TrainSummary> trainSummary(Manifest m) {
        if (!m.entry().kind().equals(Manifest.Entry.TRAIN)) return Optional.empty();
        Map<String, Integer> sizes = new java.util.HashMap<>();
        for (Manifest.MeshSpec.Axis a : m.mesh().axes()) sizes.put(a.name(), a.size());
        long opt = 0, optDevice = 0, device = 0;
        for (Manifest.StateSpec s : m.entry().state()) {
            long perDevice = s.byteSize();
            for (List<String> axes : s.sharding()) for (String a : axes) perDevice /= sizes.getOrDefault(a, 1);
            device += perDevice;
            if (s.role().equals("optimizer")) {
                opt += s.byteSize();
                optDevice += perDevice;
            }
        }
        return Optional.of(new TrainSummary(String.valueOf(m.entry().optimizer().get("optimizer")), Optional.empty(), opt, optDevice, device));
    }

    private static void printTrain(TrainSummary t, java.io.PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "train step (%s):%n", t.optimizer());
        t.cost().ifPresent(c -> out.printf(Locale.ROOT, "  FLOPs                 %s per step (forward + backward, counted), %.2f× the forward%n",
                flops(c.stepFlops()), c.ratio()));
        out.printf(Locale.ROOT, "  optimizer state       %s total, %s per device%n", MeshSvg.formatBytes(t.optimizerStateBytes()),
                MeshSvg.formatBytes(t.optimizerStateBytesPerDevice()));
        out.printf(Locale.ROOT, "  state per device      %s (parameters + optimizer state + step, donated)%n", MeshSvg.formatBytes(t.stateBytesPerDevice()));
    }

    private static void printCost(CostReport c, java.io.PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "cost of one forward step (%s, %d devices):%n", c.model(), c.devices());
        out.printf(Locale.ROOT, "  parameters            %,d total, %,d active per token%n", c.paramsTotal(), c.paramsActivePerToken());
        out.printf(Locale.ROOT, "  tokens per step       %,d%n", c.tokensPerStep());
        out.printf(Locale.ROOT, "  FLOPs                 %s per step, %s per token%n", flops(c.flopsPerStep()), flops(c.flopsPerToken()));
        out.printf(Locale.ROOT, "  memory per device     %s parameters, %s activations (if all kept)%n",
                MeshSvg.formatBytes(c.bytesParamsPerDevice()), MeshSvg.formatBytes(c.bytesActivationsPerDevice()));
        out.printf(Locale.ROOT, "  all-to-all per device %s per step%n", MeshSvg.formatBytes(c.allToAllBytesPerStep()));
        if (!c.sparseLayers().isEmpty()) {
            int w = Math.max("sparse layer".length(), c.sparseLayers().stream().mapToInt(l -> l.path().length()).max().orElse(0));
            out.printf(Locale.ROOT, "  %-" + w + "s  %7s  %2s  %14s  %12s%n", "sparse layer", "experts", "k", "params", "all-to-all");
            for (CostReport.SparseLayer l : c.sparseLayers()) {
                out.printf(Locale.ROOT, "  %-" + w + "s  %7d  %2d  %,14d  %12s%n", l.path(), l.experts(), l.choices(), l.params(),
                        MeshSvg.formatBytes(l.allToAllBytes()));
            }
        }
    }

    static String flops(double f) {
        String[] units = {"", "K", "M", "G", "T", "P", "E"};
        int u = 0;
        while (f >= 1000 && u < units.length - 1) {
            f /= 1000;
            u++;
        }
        return (u == 0 ? String.format(Locale.ROOT, "%.0f ", f) : String.format(Locale.ROOT, "%.2f %s", f, units[u])) + "FLOP";
    }

    /** An output file option, checked before the model is: a mistyped path should fail fast. */
    private static Optional<Path> writable(CommandLine line, String option) throws UserError {
        if (!line.hasOption(option)) return Optional.empty();
        Path p = Path.of(line.getOptionValue(option));
        UserFiles.checkOutputFile(p, "--" + option);
        return Optional.of(p);
    }

    private static void writeGraph(Path target, ModelGraph g, Console console) throws Exception {
        String dot = GraphDot.render(g);
        String name = target.getFileName().toString();
        if (!name.endsWith(".svg")) {
            Files.writeString(target, dot);
            console.err().println("wrote " + target + " (Graphviz DOT, " + g.nodes().size() + " ops)");
            return;
        }
        Optional<Path> graphviz = SubmitCommand.onPath("dot");
        if (graphviz.isEmpty()) {
            Path dotFile = target.resolveSibling(name.substring(0, name.length() - 4) + ".dot");
            Files.writeString(dotFile, dot);
            console.err().println("note: Graphviz 'dot' is not installed, so no SVG; wrote " + dotFile
                    + " instead (install graphviz, then: dot -Tsvg " + dotFile + " -o " + target + ")");
            return;
        }
        Process p = new ProcessBuilder(graphviz.get().toString(), "-Tsvg", "-o", target.toString())
                .redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(dot.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("Graphviz dot failed on the generated graph: " + output);
        console.err().println("wrote " + target + " (Graphviz SVG, " + g.nodes().size() + " ops)");
    }

    private static Map<String, Object> report(Subject m, MeshPlacement p) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("source", m.source());
        r.put("entry_point", m.entryPoint());
        r.put("num_partitions", m.mesh().deviceCount());
        r.put("parameter_count", m.parameters().stream().mapToLong(ps -> ps.shape().stream().reduce(1L, Math::multiplyExact)).sum());
        r.put("parameter_bytes", m.parameters().stream().mapToLong(Manifest.ParameterSpec::byteSize).sum());
        if (m.cost().isPresent()) {
            try {
                r.put("cost", new ObjectMapper().readTree(m.cost().get().toJson()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("the cost report writes valid JSON", e);
            }
        }
        m.train().ifPresent(t -> {
            Map<String, Object> tr = new LinkedHashMap<>();
            tr.put("optimizer", t.optimizer());
            t.cost().ifPresent(c -> {
                tr.put("flops_per_step", c.stepFlops());
                tr.put("forward_flops_per_step", c.forwardFlops());
            });
            tr.put("optimizer_state_bytes", t.optimizerStateBytes());
            tr.put("optimizer_state_bytes_per_device", t.optimizerStateBytesPerDevice());
            tr.put("state_bytes_per_device", t.stateBytesPerDevice());
            r.put("train", tr);
        });
        r.put("placement", p);
        return r;
    }

    private static void printTable(Subject m, MeshPlacement p, Console console) {
        var out = console.out();
        out.printf(Locale.ROOT, "%s (entry %s), mesh %s, %d partitions%n", m.source(), m.entryPoint(),
                SubmitCommand.describe(m.mesh()), m.mesh().deviceCount());
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(new String[] {"parameter", "dtype", "shape", "sharding", "bytes"});
        long params = 0;
        long bytes = 0;
        for (Manifest.ParameterSpec ps : m.parameters()) {
            StringBuilder shape = new StringBuilder();
            StringBuilder sharding = new StringBuilder();
            for (int d = 0; d < ps.dims().size(); d++) {
                if (d > 0) {
                    shape.append(", ");
                    sharding.append(", ");
                }
                shape.append(ps.dims().get(d)).append('=').append(ps.shape().get(d));
                sharding.append(ps.sharding().get(d).isEmpty() ? "-" : String.join("+", ps.sharding().get(d)));
            }
            rows.add(new String[] {ps.path(), ps.dtype(), "[" + shape + "]", "[" + sharding + "]", MeshSvg.formatBytes(ps.byteSize())});
            params += ps.shape().stream().reduce(1L, Math::multiplyExact);
            bytes += ps.byteSize();
        }
        int[] widths = new int[5];
        for (String[] row : rows) for (int c = 0; c < 5; c++) widths[c] = Math.max(widths[c], row[c].length());
        for (String[] row : rows) {
            out.printf(Locale.ROOT, "%-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %-" + widths[3] + "s  %"
                    + widths[4] + "s%n", (Object[]) row);
        }
        long maxDevice = p.devices().stream().mapToLong(MeshPlacement.Device::parameterBytes).max().orElse(0);
        out.printf(Locale.ROOT, "total: %,d parameters, %s; at most %s per device%n", params, MeshSvg.formatBytes(bytes), MeshSvg.formatBytes(maxDevice));
        m.cost().ifPresent(c -> printCost(c, out));
        m.train().ifPresent(t -> printTrain(t, out));
    }
}
