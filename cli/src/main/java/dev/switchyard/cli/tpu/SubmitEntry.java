package dev.switchyard.cli.tpu;

import java.util.ArrayList;
import java.util.List;

/**
 * What each host of a submitted job runs: the artifact once ({@code switchyard run}) or a training
 * job ({@code switchyard train}) whose checkpoints go to a directory the user names (a bucket
 * mounted on the hosts, passed through as given), resumed from its newest checkpoint when one is
 * there, so a preempted and restarted slice continues.
 */
public sealed interface SubmitEntry {

    /** {@code switchyard run} on the packaged artifact. */
    record Run() implements SubmitEntry {}

    /** {@code switchyard train} on the packaged model source. */
    record Train(String modelFileName, String data, String checkpointDir, long steps) implements SubmitEntry {}

    /** Where the package puts the model; {@code jobDir} is a shell word such as {@code "$job_dir"}. */
    default String modelPath(String jobDir) {
        return switch (this) {
            case Run r -> jobDir + "/artifact";
            case Train t -> jobDir + "/model/" + t.modelFileName();
        };
    }

    /**
     * The switchyard arguments, as shell words: {@code plugin} and {@code jobDir} are already
     * quoted expansions; everything the user gave is quoted here.
     */
    default List<String> arguments(String jobDir, String plugin) {
        List<String> args = new ArrayList<>();
        switch (this) {
            case Run r -> {
                args.add("run");
                args.add("\"" + modelPath(jobDir) + "\"");
            }
            case Train t -> {
                args.add("train");
                args.add("\"" + modelPath(jobDir) + "\"");
                args.add("--data");
                args.add(Shell.quote(t.data()));
                args.add("--checkpoint-dir");
                args.add(Shell.quote(t.checkpointDir()));
                args.add("--steps");
                args.add(Long.toString(t.steps()));
                args.add("\"${resume[@]}\"");
            }
        }
        args.add("--backend");
        args.add("pjrt");
        args.add("--plugin");
        args.add(plugin);
        return args;
    }
}
