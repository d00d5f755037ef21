package dev.switchyard.cli;

import dev.switchyard.cli.artifact.ArtifactDirectory;
import dev.switchyard.cli.artifact.ArtifactModule;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.artifact.ManifestException;
import dev.switchyard.cli.artifact.ManifestJson;
import dev.switchyard.cli.model.BuiltArtifact;
import dev.switchyard.cli.model.ModelSpecs;
import dev.switchyard.cli.run.IndexRanges;
import dev.switchyard.cli.run.InputGenerator;
import dev.switchyard.cli.run.ParameterInit;
import dev.switchyard.cli.run.ProgressBar;
import dev.switchyard.cli.run.ResidentSteps;
import dev.switchyard.cli.run.TensorSummary;
import dev.switchyard.cli.run.WeightLoader;
import dev.switchyard.cli.safetensors.SafetensorsException;
import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.Executor;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import dev.switchyard.runtime.pjrt.PjrtExecutor;
import dev.switchyard.runtime.pjrt.PjrtPlugin;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code switchyard run DIR}: runs a compiled artifact's entry point on the reference interpreter
 * or a PJRT plugin, with parameters from their initializers (seeded) or from a safetensors
 * checkpoint, inputs from {@code .npy} files or generated, and prints a summary of the outputs.
 */
public final class RunCommand implements Command, ValueChoices {

    /** Opens the executor for a backend; tests substitute their own. */
    @FunctionalInterface
    public interface Backends {
        Executor open(String backend, Optional<Path> plugin) throws UserError;

        /** With the multi-process flags; backends that know no jobs ignore them. */
        default Executor open(String backend, Optional<Path> plugin, ProcessFlags process) throws UserError {
            return open(backend, plugin);
        }
    }

    /** The real backends: the interpreter, or PJRT (one process of a job when flags or environment say so). */
    public static final Backends STANDARD = new Backends() {
        @Override
        public Executor open(String backend, Optional<Path> plugin) throws UserError {
            return openBackend(backend, plugin, ProcessFlags.NONE);
        }

        @Override
        public Executor open(String backend, Optional<Path> plugin, ProcessFlags process) throws UserError {
            return openBackend(backend, plugin, process);
        }
    };

    private final Backends backends;

    public RunCommand() { this(STANDARD); }

    public RunCommand(Backends backends) { this.backends = backends; }

    @Override public String name() { return "run"; }

    @Override public String summary() { return "run a compiled model (interpreter or PJRT) and summarise its outputs"; }

    @Override public String usage() {
        return "DIR|FILE.sy [--backend interp|pjrt] [--plugin PATH] [--inputs DIR] [--weights FILE.safetensors] [--seed N] [--out DIR [--force]] [--steps N] "
                + ProcessFlags.USAGE;
    }

    @Override public Map<String, List<String>> valueChoices() { return Map.of("backend", List.of("interp", "pjrt")); }

    @Override
    public Options options() {
        return ProcessFlags.addTo(new Options())
                .addOption(Option.builder().longOpt("backend").hasArg().argName("B").desc("interp (default) or pjrt").get())
                .addOption(Option.builder().longOpt("plugin").hasArg().argName("PATH")
                        .desc("PJRT plugin library (default: $" + PjrtPlugin.ENVIRONMENT_VARIABLE + ")").get())
                .addOption(Option.builder().longOpt("inputs").hasArg().argName("DIR").desc("one NAME.npy per input (default: generated)").get())
                .addOption(Option.builder().longOpt("weights").hasArg().argName("FILE").desc("parameters by path from a safetensors file").get())
                .addOption(Option.builder().longOpt("seed").hasArg().argName("N").desc("seed of parameter initialisation and generated inputs (default 0)").get())
                .addOption(Option.builder().longOpt("out").hasArg().argName("DIR").desc("write each output as DIR/NAME.npy").get())
                .addOption(Option.builder().longOpt("force").desc("replace a non-empty --out DIR that holds only files Switchyard wrote").get())
                .addOption(Option.builder().longOpt("mesh-shape").hasArg().argName("AXIS=N,...").desc("override mesh axis sizes (.sy)").get())
                .addOption(Option.builder().longOpt("steps").hasArg().argName("N").desc("run N times; the summary reports the median time (default 1)").get());
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        List<String> args = line.getArgList();
        if (args.size() != 1) throw new UserError("expected one artifact DIR or FILE.sy, got " + args.size() + " arguments");
        Path input = Path.of(args.get(0));
        long seed = NumberOptions.inRange(line, "seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
        int steps = (int) NumberOptions.inRange(line, "steps", 1, 1, NumberOptions.MAX_STEPS);
        String backend = backend(line);
        ProcessFlags process = ProcessFlags.of(line, backend);
        if (line.hasOption("out")) {
            Path out = Path.of(line.getOptionValue("out"));
            UserFiles.checkOutputDirectory(out, "--out");
            UserFiles.checkDistinct(out, "--out", input, ModelSpecs.isModelSpec(input) ? "the model spec" : "the artifact");
            if (line.hasOption("inputs")) UserFiles.checkDistinct(out, "--out", Path.of(line.getOptionValue("inputs")), "--inputs");
            if (line.hasOption("weights")) UserFiles.checkDistinct(out, "--out", Path.of(line.getOptionValue("weights")), "--weights");
        }

        Manifest manifest;
        String moduleText;
        String moduleName = "<module>"; // what the executors call the text they are given
        Map<String, IndexRanges.Bound> indexBounds = Map.of(); // known from a .sy's graph; an artifact does not record them
        if (ModelSpecs.isModelSpec(input)) {
            Optional<dev.switchyard.dsl.graph.ModelGraph> graph = ModelSpecs.check(input, CheckCommand.options(line), console);
            if (graph.isEmpty()) return Main.USER_ERROR;
            BuiltArtifact built;
            try {
                built = dev.switchyard.cli.model.ModelCompilation.build(input, graph.get(), CompileCommand.compileOptions(line));
            } catch (dev.switchyard.compiler.CompileException e) {
                throw new UserError(e.getMessage());
            }
            indexBounds = IndexRanges.of(graph.get());
            manifest = built.manifest();
            moduleText = built.moduleText();
        } else {
            if (line.hasOption("mesh-shape")) {
                throw new UserError("--mesh-shape applies to a .sy; an artifact's mesh is fixed when it is compiled");
            }
            manifest = readManifest(input);
            if (!manifest.entry().kind().equals(Manifest.Entry.FORWARD)) {
                throw new UserError(input + ": is a " + manifest.entry().kind() + " step (its arguments include optimizer state); "
                        + "run runs forward artifacts: compile without --entry train");
            }
            moduleText = readModule(input, manifest);
            moduleName = input.resolve(manifest.files().module()).toString();
        }
        // the outputs' names are known now: a --out that would be refused is refused before the run
        if (line.hasOption("out")) checkOutTarget(Path.of(line.getOptionValue("out")), line, manifest);

        // the backend first: a wrong --plugin should not wait for parameter initialisation
        try (Executor executor = backends.open(backend, Optional.ofNullable(line.getOptionValue("plugin")).map(Path::of), process)) {
            Map<String, HostTensor> parameters = parameters(line, manifest, seed, console);
            Map<String, HostTensor> inputs = inputs(line, manifest, seed, indexBounds, console);
            List<HostTensor> arguments = arguments(manifest, parameters, inputs);
            boolean reporter = DistributedPjrt.processId(executor) == 0;
            long t0 = System.nanoTime();
            long compileNanos;
            List<HostTensor> outputs = List.of();
            long[] stepNanos = new long[steps];
            try (Executable exe = executor.compile(moduleText,
                    new CompileOptions(manifest.entryPoint(), manifest.numReplicas(), manifest.numPartitions()))) {
                compileNanos = System.nanoTime() - t0;
                // one process of a job: process 0 reports, the others only take their part
                try (ProgressBar bar = ProgressBar.forStderr(reporter ? console.err() : NOWHERE, "run", steps)) {
                    outputs = ResidentSteps.run(exe, arguments, stepNanos, reporter, bar::update);
                }
            } catch (ExecutionException e) {
                // executors see only text; an artifact's errors should point into its model.mlir
                String message = String.valueOf(e.getMessage());
                throw new UserError(message.startsWith("<module>:") ? moduleName + message.substring("<module>".length()) : message);
            }
            if (!reporter) return Main.OK;
            if (outputs.size() != manifest.outputs().size()) {
                throw new UserError("the module returned " + outputs.size() + " results, the manifest lists "
                        + manifest.outputs().size() + " outputs");
            }
            summarise(manifest, executor.name(), compileNanos, stepNanos, outputs, console);
            if (line.hasOption("out")) writeOutputs(Path.of(line.getOptionValue("out")), line, manifest, outputs, console);
        }
        return Main.OK;
    }

    /** Where the processes of a job but process 0 send their progress. */
    static final java.io.PrintStream NOWHERE = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());

    static Manifest readManifest(Path dir) throws UserError, IOException {
        if (!Files.exists(dir)) throw new UserError(dir + ": no such artifact directory");
        if (!Files.isDirectory(dir)) throw new UserError(dir + ": not an artifact directory (nor a .sy model spec)");
        if (Files.exists(dir.resolve(ManifestJson.FILE_NAME))) UserFiles.requireFile(dir.resolve(ManifestJson.FILE_NAME));
        if (!Files.isRegularFile(dir.resolve(ManifestJson.FILE_NAME))) {
            throw new UserError(dir + ": not an artifact directory (no " + ManifestJson.FILE_NAME + "; make one with 'switchyard compile')");
        }
        try {
            return ManifestJson.read(dir);
        } catch (ManifestException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The artifact's module text, checked against its manifest (see {@link ArtifactModule}). */
    static String readModule(Path dir, Manifest manifest) throws UserError {
        Path module = dir.resolve(manifest.files().module());
        if (!Files.exists(module)) throw new UserError(dir + ": the artifact lacks " + manifest.files().module());
        String text = UserFiles.readText(module);
        try {
            ArtifactModule.check(text, module.toString(), manifest);
        } catch (ManifestException e) {
            throw new UserError(e.getMessage());
        }
        return text;
    }

    static String backend(CommandLine line) throws UserError {
        String backend = line.getOptionValue("backend", "interp");
        if (!backend.equals("interp") && !backend.equals("pjrt")) throw new UserError("--backend must be interp or pjrt, got '" + backend + "'");
        if (backend.equals("interp") && line.hasOption("plugin")) throw new UserError("--plugin needs --backend pjrt");
        return backend;
    }

    static Map<String, HostTensor> parameters(CommandLine line, Manifest m, long seed, Console console)
            throws IOException, UserError {
        if (line.hasOption("weights")) {
            UserFiles.requireFile(Path.of(line.getOptionValue("weights")));
            try {
                return WeightLoader.load(Path.of(line.getOptionValue("weights")), m.parameters());
            } catch (WeightLoader.WeightException | SafetensorsException e) {
                throw new UserError(e.getMessage());
            }
        }
        Map<String, HostTensor> out = new LinkedHashMap<>();
        long total = m.parameters().stream().mapToLong(Manifest.ParameterSpec::byteSize).sum();
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (Manifest.ParameterSpec p : m.parameters()) sizes.put("parameter '" + p.path() + "'", p.byteSize());
        requireHostRoom("the parameters", sizes);
        long done = 0;
        try (ProgressBar bar = ProgressBar.forStderr(console.err(), "initialising parameters", total)) {
            for (Manifest.ParameterSpec p : m.parameters()) {
                out.put(p.path(), ParameterInit.initialize(p, seed));
                done += p.byteSize();
                bar.update(done);
            }
        }
        return out;
    }

    /**
     * Refuses, before anything is allocated, tensors (named by what they are, with their byte sizes)
     * that one host array cannot hold or that together exceed this JVM's heap; {@code what} names
     * them all in the message.
     */
    static void requireHostRoom(String what, Map<String, Long> byteSizes) throws UserError {
        long total = 0;
        for (long bytes : byteSizes.values()) {
            try {
                total = Math.addExact(total, bytes);
            } catch (ArithmeticException e) {
                total = Long.MAX_VALUE;
            }
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (total > heap) {
            throw new UserError(what + " need " + UserFiles.gib(total) + " but this JVM may use at most " + UserFiles.gib(heap)
                    + "; raise the limit with SWITCHYARD_JAVA_OPTS=-Xmx<size>, or run a smaller model or mesh");
        }
        for (Map.Entry<String, Long> e : byteSizes.entrySet()) {
            if (e.getValue() > Integer.MAX_VALUE - 8) {
                throw new UserError(e.getKey() + " is " + e.getValue() + " bytes, more than one host array holds;"
                        + " this model is too large to run here");
            }
        }
    }

    static Map<String, HostTensor> inputs(CommandLine line, Manifest m, long seed, Console console) throws IOException, UserError {
        return inputs(line, m, seed, Map.of(), console);
    }

    /** Inputs from --inputs (checked against the index ranges the model knows) or generated. */
    static Map<String, HostTensor> inputs(CommandLine line, Manifest m, long seed, Map<String, IndexRanges.Bound> indexBounds,
                                          Console console) throws IOException, UserError {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        if (line.hasOption("inputs")) {
            Path dir = Path.of(line.getOptionValue("inputs"));
            if (!Files.isDirectory(dir)) throw new UserError(dir + ": no such inputs directory");
            noteUnused(dir, m, console);
            for (Manifest.TensorSpec in : m.inputs()) {
                Path file = dir.resolve(in.name() + ".npy");
                if (Files.exists(file)) UserFiles.requireFile(file);
                if (!Files.isRegularFile(file)) {
                    throw new UserError(file + ": missing input '" + in.name() + "' (" + in.dtype() + in.shape() + " " + in.dims() + ")");
                }
                ElementType type = ElementType.fromMlirName(in.dtype()).orElseThrow();
                HostTensor t;
                try {
                    t = Npy.read(file, type);
                } catch (Npy.NpyFormatException e) {
                    throw new UserError(e.getMessage());
                }
                long[] want = in.shape().stream().mapToLong(Long::longValue).toArray();
                if (!Arrays.equals(want, t.shape())) {
                    throw new UserError(file + ": input '" + in.name() + "' has shape " + Arrays.toString(t.shape()) + ", the model needs "
                            + Arrays.toString(want) + " " + in.dims());
                }
                IndexRanges.check(indexBounds, in.name(), t, file);
                out.put(in.name(), t);
            }
            return out;
        }
        long bound = InputGenerator.tokenBound(m.parameters());
        for (Manifest.TensorSpec in : m.inputs()) out.put(in.name(), InputGenerator.generate(in, seed, bound));
        return out;
    }

    /** A misspelt input file would otherwise be skipped without a word. */
    private static void noteUnused(Path dir, Manifest m, Console console) throws IOException {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Manifest.TensorSpec in : m.inputs()) names.add(in.name() + ".npy");
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".npy")).sorted().toList()) {
                if (!names.contains(f.getFileName().toString())) {
                    console.err().println("note: ignoring " + f + ": the model has no input named '"
                            + f.getFileName().toString().replaceAll("\\.npy$", "") + "'");
                }
            }
        }
    }

    /** Parameters and inputs in the entry function's argument order. */
    static List<HostTensor> arguments(Manifest m, Map<String, HostTensor> parameters, Map<String, HostTensor> inputs) {
        HostTensor[] args = new HostTensor[m.parameters().size() + m.inputs().size()];
        for (Manifest.ParameterSpec p : m.parameters()) args[p.argumentIndex()] = parameters.get(p.path());
        for (Manifest.TensorSpec in : m.inputs()) args[in.argumentIndex()] = inputs.get(in.name());
        return Arrays.asList(args);
    }

    static Executor openBackend(String backend, Optional<Path> pluginOption) throws UserError {
        return openBackend(backend, pluginOption, ProcessFlags.NONE);
    }

    static Executor openBackend(String backend, Optional<Path> pluginOption, ProcessFlags process) throws UserError {
        if (backend.equals("interp")) return new ReferenceExecutor();
        Path plugin = pluginOption.or(PjrtPlugin::fromEnvironment)
                .orElseThrow(() -> new UserError("--backend pjrt needs --plugin PATH (or $" + PjrtPlugin.ENVIRONMENT_VARIABLE + ")"));
        UserFiles.requireElfLibrary(plugin);
        // one process of a multi-host job when the flags or submit's scripts say so (docs/multi-host.md), else a plain client
        return DistributedPjrt.open(plugin, process, System.getenv());
    }

    private static void summarise(Manifest m, String backend, long compileNanos, long[] stepNanos, List<HostTensor> outputs,
                                  Console console) {
        long[] sorted = stepNanos.clone();
        Arrays.sort(sorted);
        long median = sorted[sorted.length / 2];
        console.out().printf(Locale.ROOT, "%s on %s: compile %.1f ms, execute %.1f ms (median of %d)%n", m.source().file(), backend,
                compileNanos / 1e6, median / 1e6, stepNanos.length);
        int width = m.outputs().stream().mapToInt(o -> o.name().length()).max().orElse(4);
        for (int i = 0; i < outputs.size(); i++) {
            HostTensor t = outputs.get(i);
            String type = t.elementType() + Arrays.toString(t.shape());
            console.out().printf(Locale.ROOT, "  %-" + width + "s  %-22s %s%n", m.outputs().get(i).name(), type,
                    TensorSummary.of(t).format(t.elementType()));
        }
    }

    private static List<String> outputFiles(Manifest m) {
        return m.outputs().stream().map(o -> o.name() + ".npy").toList();
    }

    private static void checkOutTarget(Path dir, CommandLine line, Manifest m) throws UserError {
        try {
            ArtifactDirectory.checkTarget(dir, CompileCommand.ifExists(line), "--out");
        } catch (ArtifactDirectory.RefusedException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The outputs as one directory, written whole (see {@link ArtifactDirectory}). */
    private static void writeOutputs(Path dir, CommandLine line, Manifest m, List<HostTensor> outputs, Console console)
            throws IOException, UserError {
        List<String> written = outputFiles(m);
        try {
            ArtifactDirectory.write(dir, CompileCommand.ifExists(line), d -> {
                for (int i = 0; i < outputs.size(); i++) Npy.write(d.resolve(written.get(i)), outputs.get(i));
            });
        } catch (ArtifactDirectory.RefusedException e) {
            throw new UserError(e.getMessage());
        }
        console.err().println("wrote " + String.join(", ", written) + " to " + dir);
    }
}
