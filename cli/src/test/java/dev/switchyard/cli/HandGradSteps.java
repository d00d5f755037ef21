package dev.switchyard.cli;

import dev.switchyard.compiler.CompileException;
import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.train.TrainConfig;
import dev.switchyard.compiler.train.TrainStep;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Output;
import dev.switchyard.dsl.graph.Param;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the grad pass in the train command's tests: the test models compute their own
 * gradients (written out by hand from the loss's formula) as outputs {@code grad_PATH}; these
 * become the {@code grad/PATH} outputs of the gradient graph the train step is assembled from.
 * So the loop, data, checkpoints and logs are tested on exact gradients, independent of autodiff.
 */
final class HandGradSteps {
    private HandGradSteps() {}

    static TrainStep build(ModelGraph g, TrainConfig config, CompileOptions options) throws UserError {
        List<Output> forward = new ArrayList<>(), withGrads = new ArrayList<>();
        for (Output o : g.outputs()) if (!o.name().startsWith("grad_")) forward.add(o);
        withGrads.addAll(forward);
        for (Param p : g.params()) {
            String name = "grad_" + p.path().replaceAll("[^A-Za-z0-9]", "_");
            Output o = g.outputs().stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("test model lacks output " + name));
            withGrads.add(new Output("grad/" + p.path(), o.value()));
        }
        try {
            return TrainStep.assemble(new ModelGraph(g.name(), g.mesh(), g.layout(), g.params(), g.inputs(), g.nodes(), forward),
                    new ModelGraph(g.name(), g.mesh(), g.layout(), g.params(), g.inputs(), g.nodes(), withGrads), config, options);
        } catch (CompileException e) {
            throw new UserError(e.getMessage());
        }
    }

    static List<Command> commands() {
        List<Command> all = new ArrayList<>();
        for (Command c : Commands.all()) all.add(c instanceof TrainCommand ? new TrainCommand(HandGradSteps::build, RunCommand.STANDARD) : c);
        return all;
    }

    /** Weighted least squares: loss = mean(u · (x·w − y)²) with u ~ U(0.5, 1.5) from the step's key; ∂/∂w = (2/batch) Σ u·err·x. */
    static final String LINREG = """
            model linreg
            dim batch = 4
            dim d = 3
            block forward(x: f32[batch, d], y: f32[batch], training: bool[], key: u32[rng_key]) {
              param w: f32[d] = normal(1.0)
              let u = random_uniform(key, [batch], 0.5, 1.5)
              let err = x @ w - y
              return (loss = mean(u * err * err), grad_w = einsum(u * err, x, contract = [batch]) * 0.5)
            }
            """;

    /**
     * A byte bigram model: logits of the next byte are the row of {@code table} at the current one;
     * loss = mean cross-entropy; ∂/∂table = Σ one_hot(input) ⊗ (softmax − one_hot(target)) / positions.
     */
    static final String BIGRAM = """
            model bigram
            dim batch = 4
            dim seq = 32
            dim vocab = 300
            dim next = vocab
            block forward(inputs: i32[batch, seq], targets: i32[batch, seq], training: bool[], key: u32[rng_key]) {
              param table: f32[vocab, next] = zeros
              let logits = take(table, inputs, vocab)
              let target = one_hot(targets, next)
              let ce = logsumexp(logits, next) - sum(logits * target, next)
              let delta = softmax(logits, next) - target
              return (loss = mean(ce), grad_table = einsum(one_hot(inputs, vocab), delta, contract = [batch, seq]) / 128.0)
            }
            """;
}
