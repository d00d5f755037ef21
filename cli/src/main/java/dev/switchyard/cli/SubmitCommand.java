package dev.switchyard.cli;

import dev.switchyard.cli.artifact.ArtifactDirectory;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.model.BuiltArtifact;
import dev.switchyard.cli.model.ModelSpecs;
import dev.switchyard.cli.tpu.GcloudCommands;
import dev.switchyard.cli.tpu.JobPackage;
import dev.switchyard.cli.tpu.KubernetesJob;
import dev.switchyard.cli.tpu.Shell;
import dev.switchyard.cli.tpu.StartupScript;
import dev.switchyard.cli.tpu.SubmitEntry;
import dev.switchyard.cli.tpu.SubmitPlan;
import dev.switchyard.cli.tpu.TpuSlice;
import dev.switchyard.cli.tpu.TpuSlices;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code switchyard submit DIR --tpu TYPE}: writes, next to the artifact, everything running it
 * on Cloud TPU needs (package, startup script, gcloud commands, GKE Job, Dockerfile) and runs
 * the gcloud commands unless {@code --dry-run} is given or gcloud is not installed.
 */
public final class SubmitCommand implements Command, ValueChoices {

    private final Function<String, Optional<Path>> which;
    private final Optional<Path> jar;

    /** The real environment: gcloud from PATH, the jar this class was loaded from. */
    public SubmitCommand() {
        this(SubmitCommand::onPath, runningJar());
    }

    /** For tests: how to find a program, and which jar to package. */
    public SubmitCommand(Function<String, Optional<Path>> which, Optional<Path> jar) {
        this.which = which;
        this.jar = jar;
    }

    @Override public String name() { return "submit"; }

    @Override
    public Map<String, List<String>> valueChoices() {
        return Map.of("tpu", TpuSlices.all().stream().map(TpuSlice::displayName).toList());
    }

    @Override public String summary() { return "package an artifact for Cloud TPU (TPU VM or GKE) and launch it with gcloud"; }

    @Override public String usage() {
        return "DIR|FILE.sy --tpu TYPE [--zone Z] [--project P] [--name N] [--image I] [--mesh-shape a=N,...] [-o DIR] [--dry-run]"
                + " | FILE.sy --tpu TYPE --entry train --data PATH --checkpoint-dir DIR --steps N [...]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("tpu").hasArg().argName("TYPE")
                        .desc("slice type (required), e.g. v5e-8, v4-32, v5p-16, v6e-8; TPU API names such as v5litepod-8 work too").get())
                .addOption(Option.builder().longOpt("zone").hasArg().argName("Z").desc("Compute Engine zone (default: gcloud's)").get())
                .addOption(Option.builder().longOpt("project").hasArg().argName("P").desc("Google Cloud project (default: gcloud's)").get())
                .addOption(Option.builder().longOpt("name").hasArg().argName("N").desc("TPU VM / Job name (default: switchyard-DIR)").get())
                .addOption(Option.builder().longOpt("image").hasArg().argName("I").desc("container image for the GKE Job").get())
                .addOption(Option.builder("o").longOpt("out").hasArg().argName("DIR").desc("where a .sy is compiled to (default: next to it)").get())
                .addOption(Option.builder().longOpt("mesh").hasArg().argName("NAME").desc("the mesh to compile a .sy for").get())
                .addOption(Option.builder().longOpt("mesh-shape").hasArg().argName("AXIS=N,...").desc("resize mesh axes of a .sy to fit the slice").get())
                .addOption(Option.builder().longOpt("entry").hasArg().argName("run|train")
                        .desc("what every host runs: the artifact once (run, default) or a training job (train; needs a .sy)").get())
                .addOption(Option.builder().longOpt("data").hasArg().argName("PATH").desc("training data as the hosts see it (--entry train)").get())
                .addOption(Option.builder().longOpt("checkpoint-dir").hasArg().argName("DIR")
                        .desc("checkpoints as the hosts see them, e.g. a mounted bucket; a restarted job resumes from it (--entry train)").get())
                .addOption(Option.builder().longOpt("steps").hasArg().argName("N").desc("training steps (--entry train)").get())
                .addOption(Option.builder().longOpt("dry-run").desc("write and print everything, run nothing (the default when gcloud is absent)").get());
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        List<String> args = line.getArgList();
        if (args.size() != 1) throw new UserError("expected one artifact DIR or FILE.sy, got " + args.size() + " arguments");
        Path input = Path.of(args.get(0));
        // everything the user typed is checked before a .sy is compiled and written
        if (!line.hasOption("tpu")) throw new UserError("--tpu TYPE is required (e.g. --tpu v5e-8)");
        String tpu = line.getOptionValue("tpu");
        TpuSlice slice = TpuSlices.find(tpu).orElseThrow(() -> new UserError("unknown TPU type '" + tpu + "'; known: "
                + TpuSlices.knownNames(TpuSlices.generationOf(tpu))));
        if (line.hasOption("name")) checkName(line.getOptionValue("name"));
        SubmitEntry entry = entry(line, input);
        Path modelSource = input.toAbsolutePath().normalize();
        Manifest manifest;
        if (ModelSpecs.isModelSpec(input)) {
            Optional<BuiltArtifact> built = CompileCommand.build(input, line, console);
            if (built.isEmpty()) return Main.USER_ERROR;
            manifest = built.get().manifest();
            checkFits(manifest, slice);
            String stem = input.getFileName().toString().replaceAll("\\.sy$", "");
            Path target = Optional.ofNullable(line.getOptionValue("out")).map(Path::of)
                    .orElse(input.toAbsolutePath().resolveSibling(stem));
            if (entry instanceof SubmitEntry.Run) {
                try {
                    built.get().writeTo(target);
                } catch (ArtifactDirectory.RefusedException e) {
                    throw new UserError(e.getMessage());
                }
                console.out().println("compiled " + input + " to " + target);
                input = target;
            } else {
                // train compiles the source on the hosts; compiling it here only checked that it fits the slice
                input = input.toAbsolutePath().resolveSibling(stem);
            }
        } else if (line.hasOption("mesh") || line.hasOption("mesh-shape") || line.hasOption("out")) {
            throw new UserError("--mesh, --mesh-shape and -o apply when submitting a .sy; an artifact's mesh is fixed when it is"
                    + " compiled (recompile with 'switchyard compile --mesh-shape')");
        } else {
            manifest = RunCommand.readManifest(input);
            RunCommand.readModule(input, manifest);
            checkFits(manifest, slice);
        }
        String mesh = describe(manifest.mesh());
        Path artifact = input.toAbsolutePath().normalize();
        String name = Optional.ofNullable(line.getOptionValue("name"))
                .orElse(SubmitPlan.defaultName(artifact.getFileName().toString()));
        checkName(name);
        Optional<String> zone = Optional.ofNullable(line.getOptionValue("zone"));
        Optional<String> project = Optional.ofNullable(line.getOptionValue("project"));
        String image = Optional.ofNullable(line.getOptionValue("image"))
                .orElse(project.map(p -> "gcr.io/" + p + "/" + name + ":latest").orElse(name + ":latest"));
        SubmitPlan plan = new SubmitPlan(slice, name, zone, project, image, mesh, entry);

        Path out = artifact.resolveSibling(artifact.getFileName() + "-" + slice.displayName());
        if (jar.isEmpty()) {
            console.err().println("switchyard submit: note: not running from switchyard.jar, so the package lacks it;"
                    + " use the ./switchyard launcher for a package a TPU VM can run");
        }
        try {
            ArtifactDirectory.write(out, SubmitPlan.DESCRIPTION, dir -> writeFiles(dir, plan, artifact, modelSource));
        } catch (ArtifactDirectory.RefusedException e) {
            throw new UserError(e.getMessage());
        }

        console.out().printf("%s (%s): topology %s, %d chips on %d %s; mesh %s%n", slice.acceleratorType(), slice.displayName(),
                slice.topology(), slice.chips(), slice.vms(), slice.vms() == 1 ? "VM" : "VMs", mesh);
        List<String> written = new java.util.ArrayList<>(List.of(SubmitPlan.PACKAGE, SubmitPlan.STARTUP_SCRIPT, SubmitPlan.COMMANDS,
                SubmitPlan.JOB_YAML));
        if (slice.multiHost()) written.add(SubmitPlan.JOBSET_YAML);
        written.addAll(List.of(SubmitPlan.DOCKERFILE, SubmitPlan.DESCRIPTION));
        console.out().println("wrote " + out + File.separator + " (" + String.join(", ", written) + ")");
        if (slice.multiHost()) {
            console.out().println(slice.vms() + " processes, one per VM, coordinated through etcd (worker 0 on TPU VMs, the "
                    + plan.name() + "-etcd Service on GKE)");
        }
        Optional<Path> gcloud = which.apply("gcloud");
        boolean dryRun = line.hasOption("dry-run") || gcloud.isEmpty();
        List<List<String>> steps = GcloudCommands.steps(plan);
        if (dryRun) {
            console.out().println("dry run" + (gcloud.isEmpty() && !line.hasOption("dry-run") ? " (gcloud not found)" : "")
                    + "; the commands, run from " + out + ":");
            for (List<String> step : steps) console.out().println("  " + Shell.line(step));
            console.out().println("GKE: kubectl apply -f " + out.resolve(SubmitPlan.JOB_YAML) + " (image " + image + ", see "
                    + SubmitPlan.COMMANDS + ")");
            return Main.OK;
        }
        for (List<String> step : steps) {
            console.out().println("$ " + Shell.line(step));
            List<String> command = new java.util.ArrayList<>(step);
            command.set(0, gcloud.get().toString());
            Process p = new ProcessBuilder(command).directory(out.toFile()).inheritIO().start();
            int code = p.waitFor();
            if (code != 0) {
                throw new UserError("'" + String.join(" ", step.subList(0, Math.min(6, step.size()))) + "' failed with exit code "
                        + code + "; the files are in " + out + ", and " + SubmitPlan.COMMANDS + " there repeats the steps");
            }
        }
        console.out().println("done; delete the slice when finished: " + String.join(" ", GcloudCommands.delete(plan)));
        return Main.OK;
    }

    private static SubmitEntry entry(CommandLine line, Path input) throws UserError {
        String kind = line.getOptionValue("entry", "run");
        List<String> trainOnly = List.of("data", "checkpoint-dir", "steps");
        switch (kind) {
            case "run" -> {
                for (String o : trainOnly) if (line.hasOption(o)) throw new UserError("--" + o + " is for --entry train");
                return new SubmitEntry.Run();
            }
            case "train" -> {
                if (!ModelSpecs.isModelSpec(input)) {
                    throw new UserError("--entry train submits a model source (FILE.sy), which train compiles on the hosts; got " + input);
                }
                for (String o : trainOnly) if (!line.hasOption(o)) throw new UserError("--entry train needs --" + o);
                long steps = NumberOptions.inRange(line, "steps", 0, 1, Long.MAX_VALUE);
                return new SubmitEntry.Train(input.getFileName().toString(), line.getOptionValue("data"),
                        line.getOptionValue("checkpoint-dir"), steps);
            }
            default -> throw new UserError("--entry must be run or train, got '" + kind + "'");
        }
    }

    private static void checkName(String name) throws UserError {
        if (!SubmitPlan.NAME.matcher(name).matches()) {
            throw new UserError("--name '" + name + "' is not a valid TPU name (lowercase letter first, then lowercase letters,"
                    + " digits or hyphens, at most 63 characters, not ending in a hyphen)");
        }
    }

    /** The mesh must use the whole slice: one device per chip. */
    private static void checkFits(Manifest manifest, TpuSlice slice) throws UserError {
        long devices = manifest.mesh().deviceCount();
        if (devices != slice.chips()) {
            throw new UserError("the artifact's mesh has " + devices + " devices (" + describe(manifest.mesh()) + ") but a "
                    + slice.displayName() + " slice has " + slice.chips() + " chips (topology " + slice.topology() + "); compile with"
                    + " --mesh-shape axis sizes whose product is " + slice.chips() + ", or pick a slice with " + devices + " chips");
        }
    }

    private void writeFiles(Path dir, SubmitPlan plan, Path artifact, Path modelSource) throws IOException {
        switch (plan.entry()) {
            case SubmitEntry.Run r -> JobPackage.write(dir.resolve(SubmitPlan.PACKAGE), artifact, jar);
            case SubmitEntry.Train t -> JobPackage.writeModel(dir.resolve(SubmitPlan.PACKAGE), modelSource, jar);
        }
        Path startup = dir.resolve(SubmitPlan.STARTUP_SCRIPT);
        Files.writeString(startup, StartupScript.render(plan));
        Path commands = dir.resolve(SubmitPlan.COMMANDS);
        Files.writeString(commands, GcloudCommands.script(plan));
        startup.toFile().setExecutable(true);
        commands.toFile().setExecutable(true);
        Files.writeString(dir.resolve(SubmitPlan.JOB_YAML), KubernetesJob.render(plan));
        if (plan.slice().multiHost()) Files.writeString(dir.resolve(SubmitPlan.JOBSET_YAML), KubernetesJob.renderJobSet(plan));
        Files.writeString(dir.resolve(SubmitPlan.DOCKERFILE), StartupScript.dockerfile());
        Map<String, Object> description = new LinkedHashMap<>();
        TpuSlice s = plan.slice();
        description.put("accelerator_type", s.acceleratorType());
        description.put("generation", s.generation().shortName());
        description.put("topology", s.topology());
        description.put("chips", s.chips());
        description.put("vms", s.vms());
        description.put("chips_per_vm", s.chipsPerVm());
        description.put("gke_accelerator", s.generation().gkeAccelerator());
        description.put("gke_machine_type", s.gkeMachineType());
        description.put("runtime_version", s.generation().runtimeVersion());
        description.put("name", plan.name());
        plan.zone().ifPresent(z -> description.put("zone", z));
        plan.project().ifPresent(p -> description.put("project", p));
        description.put("image", plan.image());
        description.put("entry", plan.entry() instanceof SubmitEntry.Train ? "train" : "run");
        if (plan.slice().multiHost()) {
            description.put("processes", plan.slice().vms());
            description.put("coordinator_tpu_vm", "etcd://worker-0:" + StartupScript.ETCD_PORT);
            description.put("coordinator_gke", KubernetesJob.coordinator(plan));
        }
        description.put("artifact", artifact.toString());
        Files.writeString(dir.resolve(SubmitPlan.DESCRIPTION),
                new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(description) + "\n");
    }

    static String describe(Manifest.MeshSpec mesh) {
        return mesh.axes().stream().map(a -> a.name() + "=" + a.size()).collect(Collectors.joining(", "));
    }

    static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    private static Optional<Path> runningJar() {
        try {
            var source = SubmitCommand.class.getProtectionDomain().getCodeSource();
            if (source == null) return Optional.empty();
            Path p = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
