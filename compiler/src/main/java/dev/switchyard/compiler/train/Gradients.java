package dev.switchyard.compiler.train;

import dev.switchyard.compiler.autodiff.GradPass;

/** The reverse-mode grad pass the train step is compiled with ({@link GradPass}, issue 11 §2). */
public final class Gradients {
    private Gradients() {}

    /** The grad pass of this build. */
    public static TrainStep.Differentiator pass() { return GradPass::apply; }
}
