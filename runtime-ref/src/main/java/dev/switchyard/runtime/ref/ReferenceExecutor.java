package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.Executor;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.ModuleOp;

/**
 * The embedded default {@link Executor}: parses StableHLO text once and interprets it on the CPU.
 * Shardings are ignored and the module runs as one replica and one partition.
 */
public final class ReferenceExecutor implements Executor {

    private final long maxSteps;

    public ReferenceExecutor() { this(Interpreter.DEFAULT_MAX_STEPS); }

    /** An executor whose runs stop after {@code maxSteps} while-loop iterations (see {@link Interpreter#maxSteps}). */
    public ReferenceExecutor(long maxSteps) {
        if (maxSteps < 1) throw new IllegalArgumentException("maxSteps must be at least 1, got " + maxSteps);
        this.maxSteps = maxSteps;
    }

    @Override
    public String name() { return "interp"; }

    @Override
    public ReferenceExecutable compile(String moduleText, CompileOptions options) throws ExecutionException {
        return compile(ModuleText.parse(moduleText, "<module>"), options);
    }

    /** Prepares an already parsed module's entry function. */
    public ReferenceExecutable compile(ModuleOp module, CompileOptions options) throws ExecutionException {
        FuncOp f = module.function(options.entryFunction())
                .orElseThrow(() -> new ExecutionException("the module has no function @" + options.entryFunction()));
        return new ReferenceExecutable(module, f, maxSteps);
    }
}
