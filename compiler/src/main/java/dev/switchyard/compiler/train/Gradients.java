package dev.switchyard.compiler.train;

import dev.switchyard.compiler.CompileException;

/**
 * The reverse-mode grad pass the train step is compiled with. The pass itself lives in
 * {@code dev.switchyard.compiler.autodiff} (issue 11, sections 1–2); until that package is part of
 * the build, compiling a train step from a model spec says so instead of guessing.
 */
public final class Gradients {
    private Gradients() {}

    /** The grad pass of this build. */
    public static TrainStep.Differentiator pass() {
        return (forward, loss) -> {
            throw new CompileException("--entry train needs the reverse-mode grad pass (dev.switchyard.compiler.autodiff), "
                    + "which is not in this build yet");
        };
    }
}
