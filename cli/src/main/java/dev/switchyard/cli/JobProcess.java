package dev.switchyard.cli;

import dev.switchyard.compiler.train.StateTensor;
import dev.switchyard.compiler.train.TrainStep;
import dev.switchyard.hlo.exec.Executor;
import java.nio.file.Path;

/**
 * What one process of a multi-process training job does besides its share of the steps: process
 * 0 prints, logs to {@code --log-dir} and writes the checkpoints (its copy of the state is whole:
 * see {@link #of}); the others print nothing and log to {@code LOG_DIR/process-I}. A plain
 * single-process run is process 0 of 1.
 */
record JobProcess(int processId, int numProcesses) {

    /**
     * The process {@code executor} is; refuses a job whose state is split over devices, because a
     * process holds only its own devices' shards and checkpoints are not yet written shard-wise
     * (docs/multi-host.md, "Not yet").
     */
    static JobProcess of(Executor executor, TrainStep step) throws UserError {
        JobProcess p = new JobProcess(DistributedPjrt.processId(executor), DistributedPjrt.numProcesses(executor));
        requireWholeState(step, p.numProcesses);
        return p;
    }

    /** A job of several processes can checkpoint only state that every process holds whole. */
    static void requireWholeState(TrainStep step, int numProcesses) throws UserError {
        if (numProcesses == 1) return;
        for (StateTensor s : step.state()) {
            if (s.bytesPerDevice(step.mesh()) < s.bytes()) {
                throw new UserError("'" + s.path() + "' is split over devices (" + s.sharding() + "); a training job of "
                        + numProcesses + " processes needs every parameter and optimizer slot replicated until checkpoints"
                        + " are written shard-wise: train on a data-parallel mesh, or in one process");
            }
        }
    }

    /** Where this process's metrics go: {@code logDir} for process 0, else its own subdirectory. */
    static Path logDirectory(Executor executor, Path logDir) {
        int id = DistributedPjrt.processId(executor);
        return id == 0 ? logDir : logDir.resolve("process-" + id);
    }

    boolean writesCheckpoints() { return processId == 0; }

    /** {@code console} for process 0; nowhere for the others (their errors still reach stderr, thrown). */
    Console reporting(Console console) {
        return processId == 0 ? console : new Console(RunCommand.NOWHERE, RunCommand.NOWHERE);
    }
}
