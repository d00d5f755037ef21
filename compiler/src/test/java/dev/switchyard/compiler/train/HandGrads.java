package dev.switchyard.compiler.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.CheckResult;
import dev.switchyard.dsl.Frontend;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Output;
import dev.switchyard.dsl.graph.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gradient graphs made by hand, satisfying the grad pass's contract: a model written so that some
 * outputs ARE the gradients of its loss (loss = Σ w·g gives ∂loss/∂w = g), renamed {@code grad/PATH}.
 * The train step assembled from them runs the optimizer on gradients the test chooses exactly.
 */
final class HandGrads {
    private HandGrads() {}

    /** The forward (outputs without the gradient ones) and the graph with {@code grad/PATH} outputs. */
    record Pair(ModelGraph forward, ModelGraph withGrads) {}

    /** @param gradOutputs for each parameter path, the output that is its gradient */
    static Pair of(String source, Map<String, String> gradOutputs) {
        CheckResult r = Frontend.checkText("hand.sy", source, CheckOptions.defaults());
        assertTrue(r.ok(), r::render);
        ModelGraph g = r.graph().orElseThrow();
        List<Output> forwardOuts = new ArrayList<>();
        for (Output o : g.outputs()) if (!gradOutputs.containsValue(o.name())) forwardOuts.add(o);
        List<Output> all = new ArrayList<>(forwardOuts);
        for (Param p : g.params()) {
            String name = gradOutputs.get(p.path());
            Output o = g.outputs().stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no gradient output for " + p.path()));
            all.add(new Output("grad/" + p.path(), o.value()));
        }
        ModelGraph forward = new ModelGraph(g.name(), g.mesh(), g.layout(), g.params(), g.inputs(), g.nodes(), forwardOuts);
        ModelGraph withGrads = new ModelGraph(g.name(), g.mesh(), g.layout(), g.params(), g.inputs(), g.nodes(), all);
        return new Pair(forward, withGrads);
    }
}
