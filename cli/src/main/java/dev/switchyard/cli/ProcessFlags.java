package dev.switchyard.cli;

import dev.switchyard.runtime.pjrt.distributed.ProcessIdentity;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * The flags that make {@code run} and {@code train} one process of a multi-process PJRT job
 * ({@code --coordinator etcd://HOST:2379 --process-id I --num-processes N [--job-id J]}); each flag
 * given overrides what the environment of submit's scripts says (docs/multi-host.md).
 */
public record ProcessFlags(Optional<String> coordinator, OptionalInt processId, OptionalInt numProcesses, Optional<String> jobId) {

    /** No flags: the environment alone decides. */
    public static final ProcessFlags NONE = new ProcessFlags(Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty());

    /** Adds the flags to a command's options. */
    static Options addTo(Options options) {
        return options
                .addOption(Option.builder().longOpt("coordinator").hasArg().argName("etcd://HOST:2379")
                        .desc("etcd of a multi-process PJRT job (default: $SWITCHYARD_COORDINATOR)").get())
                .addOption(Option.builder().longOpt("process-id").hasArg().argName("I")
                        .desc("this process's id in the job (default: $TPU_WORKER_ID or $JOB_COMPLETION_INDEX)").get())
                .addOption(Option.builder().longOpt("num-processes").hasArg().argName("N")
                        .desc("processes in the job (default: $SWITCHYARD_NUM_PROCESSES, or the TPU worker count)").get())
                .addOption(Option.builder().longOpt("job-id").hasArg().argName("J")
                        .desc("prefix of the job's keys in etcd (default: $SWITCHYARD_JOB_ID or switchyard)").get());
    }

    static final String USAGE = "[--coordinator etcd://HOST:2379 --process-id I --num-processes N [--job-id J]]";

    /** The flags of {@code line}; they need {@code --backend pjrt}. */
    static ProcessFlags of(CommandLine line, String backend) throws UserError {
        OptionalInt id = line.hasOption("process-id")
                ? OptionalInt.of((int) NumberOptions.inRange(line, "process-id", 0, 0, Integer.MAX_VALUE - 1)) : OptionalInt.empty();
        OptionalInt n = line.hasOption("num-processes")
                ? OptionalInt.of((int) NumberOptions.inRange(line, "num-processes", 1, 1, Integer.MAX_VALUE)) : OptionalInt.empty();
        ProcessFlags flags = new ProcessFlags(Optional.ofNullable(line.getOptionValue("coordinator")), id, n,
                Optional.ofNullable(line.getOptionValue("job-id")));
        if (!flags.equals(NONE) && !backend.equals("pjrt")) {
            throw new UserError("--coordinator, --process-id, --num-processes and --job-id need --backend pjrt");
        }
        return flags;
    }

    /** This process's identity from these flags over {@code env}; empty for a single-process run. */
    Optional<ProcessIdentity> resolve(Map<String, String> env) throws UserError {
        try {
            return ProcessIdentity.resolve(coordinator, processId, numProcesses, jobId, env);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
