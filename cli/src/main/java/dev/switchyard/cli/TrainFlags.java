package dev.switchyard.cli;

import dev.switchyard.compiler.CompileException;
import dev.switchyard.compiler.train.TrainConfig;
import dev.switchyard.compiler.train.TrainConfigText;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * The options that pick the entry kind and the training configuration ({@code compile},
 * {@code inspect}): {@code --entry forward|train}, {@code --optimizer NAME[:k=v,…]},
 * {@code --lr-schedule NAME[:k=v,…]}, {@code --clip-grad-norm X}, {@code --master-weights}. Spellings: docs/compiler.md.
 */
final class TrainFlags {
    private TrainFlags() {}

    static final List<String> ENTRIES = List.of("forward", "train");

    static Options add(Options o) {
        return o.addOption(Option.builder().longOpt("entry").hasArg().argName("KIND")
                        .desc("forward (default) or train: one training step with optimizer state, donated").get())
                .addOption(Option.builder().longOpt("optimizer").hasArg().argName("NAME[:k=v,...]")
                        .desc("train: adafactor (default, T5X settings), adamw or sgd, e.g. adamw:weight_decay=0.01").get())
                .addOption(Option.builder().longOpt("lr-schedule").hasArg().argName("NAME[:k=v,...]")
                        .desc("train: rsqrt (default rsqrt:base=1,warmup=10000), constant:lr=X or cosine:base=X,warmup=N,total=N").get())
                .addOption(Option.builder().longOpt("clip-grad-norm").hasArg().argName("X")
                        .desc("train: clip the gradients' global norm to X (default: off)").get())
                .addOption(Option.builder().longOpt("master-weights")
                        .desc("train: keep bf16/f16 parameters as f32 master weights (the forward computes on a rounded copy)").get());
    }

    /** Whether the command line asks for the train step; training flags without it are a mistake. */
    static boolean train(CommandLine line) throws UserError {
        String entry = line.getOptionValue("entry", "forward");
        if (!ENTRIES.contains(entry)) throw new UserError("--entry must be forward or train, got '" + entry + "'");
        boolean train = entry.equals("train");
        if (!train) {
            for (String o : List.of("optimizer", "lr-schedule", "clip-grad-norm", "master-weights")) {
                if (line.hasOption(o)) throw new UserError("--" + o + " configures the train step; add --entry train");
            }
        }
        return train;
    }

    static TrainConfig config(CommandLine line) throws UserError {
        TrainConfig c = TrainConfig.defaults();
        try {
            if (line.hasOption("optimizer")) c = c.withOptimizer(TrainConfigText.optimizer(line.getOptionValue("optimizer"), "--optimizer"));
            if (line.hasOption("lr-schedule")) c = c.withSchedule(TrainConfigText.schedule(line.getOptionValue("lr-schedule"), "--lr-schedule"));
        } catch (CompileException e) {
            throw new UserError(e.getMessage());
        }
        if (line.hasOption("clip-grad-norm")) {
            String v = line.getOptionValue("clip-grad-norm");
            double x;
            try {
                x = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                x = Double.NaN;
            }
            if (!(x > 0) || Double.isInfinite(x)) throw new UserError("--clip-grad-norm must be a positive number, got '" + v + "'");
            c = c.withClipGlobalNorm(x);
        }
        if (line.hasOption("master-weights")) c = c.withMasterWeights(true);
        return c;
    }
}
