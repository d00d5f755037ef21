package dev.switchyard.cli;

import dev.switchyard.cli.hf.HfCheckpoint;
import dev.switchyard.cli.hf.HfConfig;
import dev.switchyard.cli.hf.HfConfigCheck;
import dev.switchyard.cli.hf.HfException;
import dev.switchyard.cli.hf.HfImport;
import dev.switchyard.cli.inspect.MeshSvg;
import dev.switchyard.cli.safetensors.SafetensorsException;
import dev.switchyard.cli.run.ProgressBar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code switchyard import hf PATH --model MODEL.sy|DIR -o FILE.safetensors}: reads a Hugging
 * Face SwitchTransformers or T5 checkpoint (one file, or shards with an index) and writes the
 * model's parameters by path, converted to the dtypes the model declares (see {@link HfImport}).
 */
public final class ImportCommand implements Command {

    @Override public String name() { return "import"; }

    @Override public String summary() { return "import Hugging Face weights (SwitchTransformers, T5) as a model's parameters"; }

    @Override public String usage() { return "hf PATH --model MODEL.sy|DIR -o FILE.safetensors [--set NAME=VALUE]"; }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("model").hasArg().argName("MODEL").desc("the model spec (.sy) or compiled artifact DIR the weights are for").get())
                .addOption(Option.builder("o").longOpt("out").hasArg().argName("FILE").desc("the safetensors file of parameters to write").get())
                .addOption(Option.builder().longOpt("set").hasArg().argName("NAME=VALUE").desc("override a top-level dim or const of the spec (repeatable)").get());
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        List<String> args = line.getArgList();
        if (args.size() != 2 || !args.get(0).equals("hf")) {
            throw new UserError("expected 'hf PATH' (the only format is hf: a Hugging Face checkpoint file or directory)");
        }
        Path source = Path.of(args.get(1));
        if (!line.hasOption("model")) throw new UserError("--model MODEL.sy|DIR is required: the model the weights are for");
        if (!line.hasOption("out")) throw new UserError("-o FILE.safetensors is required");
        Path out = Path.of(line.getOptionValue("out"));
        UserFiles.checkOutputFile(out, "-o");
        Optional<HfModelSource> model = HfModelSource.load(Path.of(line.getOptionValue("model")), line, console);
        if (model.isEmpty()) return Main.USER_ERROR;
        List<String> notes;
        int tensors, shards;
        long bytes = model.get().parameters().stream().mapToLong(p -> p.byteSize()).sum();
        try (HfCheckpoint checkpoint = HfCheckpoint.open(source);
             ProgressBar bar = ProgressBar.forStderr(console.err(), "importing", bytes)) {
            refuseInput(out, checkpoint);
            tensors = checkpoint.entries().size();
            shards = checkpoint.shardCount();
            notes = new java.util.ArrayList<>(configNotes(checkpoint, model.get()));
            notes.addAll(HfImport.write(checkpoint, model.get().parameters(), out, bar::update));
        } catch (HfException | SafetensorsException e) {
            throw new UserError(e.getMessage());
        }
        for (String note : notes) console.err().println("note: " + note);
        console.out().printf("wrote %s: %d parameters (%s) from %d Hugging Face tensors in %d file%s%n", out,
                model.get().parameters().size(), MeshSvg.formatBytes(bytes), tensors, shards, shards == 1 ? "" : "s");
        return Main.OK;
    }

    /** An -o that is a file being imported would replace the user's checkpoint with the converted one. */
    private static void refuseInput(Path out, HfCheckpoint checkpoint) throws UserError, IOException {
        if (!Files.exists(out)) return;
        for (Path in : checkpoint.inputFiles()) {
            if (Files.isSameFile(out, in)) {
                throw new UserError("-o " + out + ": is " + in + ", a file of the checkpoint being imported; writing it would destroy"
                        + " the checkpoint: pick another -o");
            }
        }
    }

    /** What the checkpoint's config.json says differently from the model; a model transformers cannot describe is said once. */
    private static List<String> configNotes(HfCheckpoint checkpoint, HfModelSource model) throws HfException {
        if (checkpoint.config().isEmpty()) return List.of();
        HfConfig ours;
        try {
            ours = HfConfig.derive(model.parameters(), model.graph());
        } catch (HfException e) {
            return List.of("not comparing with " + checkpoint.config().get() + ": " + e.getMessage());
        }
        return HfConfigCheck.differences(checkpoint.config().get(), ours);
    }
}
