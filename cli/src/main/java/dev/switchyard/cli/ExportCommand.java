package dev.switchyard.cli;

import dev.switchyard.cli.artifact.ArtifactDirectory;
import dev.switchyard.cli.hf.HfConfig;
import dev.switchyard.cli.hf.HfException;
import dev.switchyard.cli.hf.HfExport;
import dev.switchyard.cli.inspect.MeshSvg;
import dev.switchyard.cli.run.ProgressBar;
import dev.switchyard.cli.safetensors.SafetensorsFile;
import dev.switchyard.cli.safetensors.SafetensorsException;
import dev.switchyard.cli.artifact.ManifestJson;
import dev.switchyard.cli.train.CheckpointInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code switchyard export hf MODEL.sy|DIR --weights FILE -o DIR}: writes a model's parameters as
 * a Hugging Face checkpoint directory (safetensors under HF names, sharded at 5 GB like
 * transformers, and a config.json) that transformers loads (see {@link HfExport}).
 */
public final class ExportCommand implements Command {

    private final long shardBytes;

    public ExportCommand() { this(HfExport.DEFAULT_SHARD_BYTES); }

    /** A smaller shard size lets tests exercise sharding on small tensors; users get transformers' 5 GB. */
    ExportCommand(long shardBytes) { this.shardBytes = shardBytes; }

    @Override public String name() { return "export"; }

    @Override public String summary() { return "export a model's parameters as a Hugging Face checkpoint (safetensors + config.json)"; }

    @Override public String usage() { return "hf MODEL.sy|DIR --weights FILE.safetensors -o DIR [--force] [--set NAME=VALUE]"; }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("weights").hasArg().argName("FILE").desc("the model's parameters by path (safetensors)").get())
                .addOption(Option.builder("o").longOpt("out").hasArg().argName("DIR").desc("the Hugging Face checkpoint directory to write").get())
                .addOption(Option.builder().longOpt("force").desc("replace a non-empty -o DIR that holds only files Switchyard wrote").get())
                .addOption(Option.builder().longOpt("set").hasArg().argName("NAME=VALUE").desc("override a top-level dim or const of the spec (repeatable)").get());
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        List<String> args = line.getArgList();
        if (args.size() != 2 || !args.get(0).equals("hf")) {
            throw new UserError("expected 'hf MODEL.sy|DIR' (the only format is hf: a Hugging Face checkpoint directory)");
        }
        if (!line.hasOption("weights")) throw new UserError("--weights FILE.safetensors is required: the parameters to export");
        if (!line.hasOption("out")) throw new UserError("-o DIR is required");
        Path out = Path.of(line.getOptionValue("out"));
        // --force replaces an earlier export; a checkpoint or an artifact (ours too) is another kind of output, never an export's to replace
        for (String kept : List.of(CheckpointInfo.FILE_NAME, ManifestJson.FILE_NAME)) {
            if (Files.isDirectory(out) && Files.exists(out.resolve(kept))) {
                throw new UserError("-o " + out + ": holds " + kept + (kept.equals(ManifestJson.FILE_NAME) ? " (a compiled artifact)" : " (a training checkpoint)")
                        + "; export writes a Hugging Face checkpoint and would replace it, even with --force: pick another -o");
            }
        }
        try {
            ArtifactDirectory.checkTarget(out, CompileCommand.ifExists(line), "-o");
        } catch (ArtifactDirectory.RefusedException e) {
            throw new UserError(e.getMessage());
        }
        Optional<HfModelSource> model = HfModelSource.load(Path.of(args.get(1)), line, console);
        if (model.isEmpty()) return Main.USER_ERROR;
        List<String> shards;
        long bytes = model.get().parameters().stream().mapToLong(p -> p.byteSize()).sum();
        int tensors;
        try (SafetensorsFile weights = SafetensorsFile.open(Path.of(line.getOptionValue("weights")));
             ProgressBar bar = ProgressBar.forStderr(console.err(), "exporting", bytes)) {
            HfConfig config = HfConfig.derive(model.get().parameters(), model.get().graph());
            tensors = HfExport.plan(model.get().parameters()).size();
            for (String note : config.notes()) console.err().println("note: " + note);
            shards = HfExport.write(out, CompileCommand.ifExists(line), model.get().parameters(), weights, config.json(), shardBytes, bar::update);
        } catch (HfException | SafetensorsException | ArtifactDirectory.RefusedException e) {
            throw new UserError(e.getMessage());
        }
        console.out().printf("wrote %s: %d Hugging Face tensors (%s) in %d file%s, config.json%n", out, tensors,
                MeshSvg.formatBytes(bytes), shards.size(), shards.size() == 1 ? "" : "s");
        return Main.OK;
    }
}
