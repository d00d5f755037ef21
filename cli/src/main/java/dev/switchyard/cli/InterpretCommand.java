package dev.switchyard.cli;

import dev.switchyard.cli.artifact.ArtifactDirectory;
import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import dev.switchyard.runtime.ref.Interpreter;
import dev.switchyard.runtime.ref.ReferenceExecutable;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import dev.switchyard.runtime.ref.TestFileRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code switchyard interpret}: runs a StableHLO file on the reference interpreter, either as an
 * interpreter test file (each case PASS/FAIL/UNSUPPORTED) or, with {@code --inputs}, its entry
 * function on {@code .npy} arguments ({@code arg0.npy, arg1.npy, …}), writing
 * {@code result0.npy, …} to {@code --out}.
 */
final class InterpretCommand implements Command {

    @Override public String name() { return "interpret"; }

    @Override public String summary() { return "run a StableHLO file on the reference interpreter"; }

    @Override public String usage() { return "[--split-input-file] [--max-steps N] FILE.mlir | FILE.mlir --inputs DIR --out DIR [--force] [--function NAME] [--max-steps N]"; }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("split-input-file").desc("treat '// -----' as separating independent modules").get());
        o.addOption(Option.builder().longOpt("inputs").hasArg().argName("DIR").desc("run the entry function on DIR/arg<i>.npy").get());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR").desc("where --inputs writes result<i>.npy (required with --inputs)").get());
        o.addOption(Option.builder().longOpt("force").desc("replace a non-empty --out DIR that holds only files Switchyard wrote").get());
        o.addOption(Option.builder().longOpt("max-steps").hasArg().argName("N")
                .desc("stop a run after N stablehlo.while iterations, all loops together (default " + Interpreter.DEFAULT_MAX_STEPS + ")").get());
        o.addOption(Option.builder().longOpt("function").hasArg().argName("NAME").desc("entry function for --inputs (default: main)").get());
        return o;
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        if (line.getArgList().size() != 1) throw new UserError("expected one FILE.mlir, got " + line.getArgList().size() + " arguments");
        Path file = Path.of(line.getArgList().getFirst());
        long maxSteps = NumberOptions.inRange(line, "max-steps", Interpreter.DEFAULT_MAX_STEPS, 1, Long.MAX_VALUE);
        String text = UserFiles.readText(file);
        if (line.hasOption("inputs")) return runOnInputs(text, file, line, maxSteps, console);
        for (String option : List.of("out", "function", "force")) {
            if (line.hasOption(option)) throw new UserError("--" + option + " goes with --inputs (without it the file runs as a test file)");
        }
        List<TestFileRunner.CaseResult> results = TestFileRunner.run(text, file.toString(), line.hasOption("split-input-file"), maxSteps);
        int passed = 0, failed = 0, skipped = 0;
        for (TestFileRunner.CaseResult r : results) {
            console.out().println(r.line());
            switch (r.outcome()) {
                case PASSED -> passed++;
                case FAILED -> failed++;
                case UNSUPPORTED -> skipped++;
            }
        }
        console.out().println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        return failed > 0 ? Main.USER_ERROR : Main.OK;
    }

    private int runOnInputs(String text, Path file, CommandLine line, long maxSteps, Console console) throws UserError, IOException {
        Path inputs = Path.of(line.getOptionValue("inputs"));
        if (!line.hasOption("out")) throw new UserError("--inputs needs --out DIR, the directory to write result<i>.npy to");
        Path out = Path.of(line.getOptionValue("out"));
        String entry = line.getOptionValue("function", "main");
        if (!Files.isDirectory(inputs)) throw new UserError(inputs + ": no such inputs directory");
        UserFiles.checkOutputDirectory(out, "--out");
        UserFiles.checkDistinct(out, "--out", inputs, "--inputs");
        ReferenceExecutable exe;
        try {
            exe = new ReferenceExecutor(maxSteps).compile(text, new CompileOptions(entry, 1, 1));
        } catch (ExecutionException e) {
            throw new UserError(e.getMessage());
        }
        List<Type> params = exe.function().type().inputs();
        try {
            ArtifactDirectory.checkTarget(out, CompileCommand.ifExists(line), "--out");
        } catch (ArtifactDirectory.RefusedException e) {
            throw new UserError(e.getMessage());
        }
        List<HostTensor> args = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Path p = inputs.resolve("arg" + i + ".npy");
            if (Files.exists(p)) UserFiles.requireFile(p);
            if (!Files.isRegularFile(p)) throw new UserError(p + ": missing input for argument " + i + " of @" + entry + " (" + params.get(i).text() + ")");
            try {
                args.add(params.get(i) instanceof Type.TensorType tt && tt.knownElementType().isPresent()
                        ? Npy.read(p, tt.knownElementType().get()) : Npy.read(p));
            } catch (Npy.NpyFormatException e) {
                throw new UserError(e.getMessage());
            }
        }
        List<HostTensor> results;
        try {
            results = exe.execute(args);
        } catch (ExecutionException e) {
            throw new UserError(file + ": " + e.getMessage());
        }
        try {
            ArtifactDirectory.write(out, CompileCommand.ifExists(line), d -> {
                for (int i = 0; i < results.size(); i++) Npy.write(d.resolve("result" + i + ".npy"), results.get(i));
            });
        } catch (ArtifactDirectory.RefusedException e) {
            throw new UserError(e.getMessage());
        }
        for (int i = 0; i < results.size(); i++) console.out().println(out.resolve("result" + i + ".npy") + ": " + results.get(i));
        return Main.OK;
    }
}
