package dev.switchyard.cli;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.Executor;
import dev.switchyard.runtime.pjrt.PjrtExecutor;
import dev.switchyard.runtime.pjrt.PjrtPlugin;
import dev.switchyard.runtime.pjrt.distributed.ProcessGroup;
import dev.switchyard.runtime.pjrt.distributed.ProcessIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * PJRT as one process of a multi-process job, when the environment says this process is one
 * (what {@code switchyard submit}'s startup script and manifests set: {@code SWITCHYARD_COORDINATOR},
 * {@code SWITCHYARD_NUM_PROCESSES}, {@code TPU_WORKER_ID} or {@code JOB_COMPLETION_INDEX}; see
 * docs/multi-host.md): joins the job in etcd, gives the plugin its place and the job's key-value
 * store, and before each compile checks that every process compiles the same module.
 */
final class DistributedPjrt implements Executor {

    private final PjrtExecutor pjrt;
    private final ProcessGroup group;
    private int compiles;

    private DistributedPjrt(PjrtExecutor pjrt, ProcessGroup group) {
        this.pjrt = pjrt;
        this.group = group;
    }

    /** The executor for {@code plugin}: a plain single-process one unless {@code env} names a job. */
    static Executor open(Path plugin, Map<String, String> env) throws UserError {
        return open(plugin, ProcessFlags.NONE, env);
    }

    /** The executor for {@code plugin}: one process of a job when {@code flags} (over {@code env}) name one. */
    static Executor open(Path plugin, ProcessFlags flags, Map<String, String> env) throws UserError {
        Optional<ProcessIdentity> identity = flags.resolve(env);
        try {
            if (identity.isEmpty()) return PjrtExecutor.open(plugin, PjrtExecutor.Options.defaults());
            String fingerprint = "plugin " + plugin.getFileName() + " (PJRT " + PjrtPlugin.load(plugin).apiVersion() + ")";
            ProcessGroup group = ProcessGroup.join(identity.get(), fingerprint, ProcessGroup.Settings.defaults(),
                    ProcessGroup.haltAfter(Duration.ofSeconds(30)));
            try {
                String namespace = plugin.getFileName().toString().replaceAll("\\.so$", "");
                var options = new PjrtExecutor.Options(identity.get().pluginOptions(plugin), Optional.empty(),
                        Optional.of(group.keyValueStore(namespace)));
                return new DistributedPjrt(PjrtExecutor.open(plugin, options), group);
            } catch (ExecutionException | RuntimeException e) {
                group.close();
                throw e;
            }
        } catch (ExecutionException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** This process's id in its job; 0 for an executor that is not one process of a job. */
    static int processId(Executor executor) {
        return executor instanceof DistributedPjrt d ? d.group.identity().processId() : 0;
    }

    /** Processes in the job of {@code executor}; 1 for an executor that is not one process of a job. */
    static int numProcesses(Executor executor) {
        return executor instanceof DistributedPjrt d ? d.group.identity().numProcesses() : 1;
    }

    @Override
    public String name() { return pjrt.name() + " (process " + group.identity().processId() + " of " + group.identity().numProcesses() + ")"; }

    @Override
    public Executable compile(String moduleText, CompileOptions options) throws ExecutionException {
        group.agree("compile-" + compiles++, "module sha256:" + Sha256.hex(moduleText) + " " + options);
        return pjrt.compile(moduleText, options);
    }

    @Override
    public void close() {
        try {
            pjrt.close();
        } finally {
            group.close();
        }
    }
}
