package dev.switchyard.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.compiler.autodiff.GradPass;
import dev.switchyard.dsl.graph.GraphParser;
import dev.switchyard.dsl.graph.GraphVerifier;
import dev.switchyard.dsl.graph.ModelGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

/**
 * The graph text form parses back (print → parse → print is a fixpoint) for every sample's
 * forward and gradient graphs, and the verifier rejects hand-broken graphs naming the node.
 */
class GraphTextTest {

    static final java.util.List<String> SAMPLES = Samples.ALL;

    @ParameterizedTest
    @FieldSource("SAMPLES")
    void forwardAndGradientGraphsRoundTrip(String sample) {
        ModelGraph g = Samples.graph(sample);
        roundTrips(g);
        ModelGraph grad = GradPass.apply(g, "loss");
        roundTrips(grad);
        assertTrue(grad.nodes().size() > g.nodes().size());
    }

    private static void roundTrips(ModelGraph g) {
        String text = g.print();
        ModelGraph back = GraphParser.parse(text);
        assertEquals(text, back.print());
        assertEquals(g.nodes().size(), back.nodes().size());
        assertEquals(g.outputs(), back.outputs());
    }

    static final String SMALL = """
            model small
            mesh default {data=2} devices=2
            layout batch -> data
            param %0 w : f32[d=4, h=3] init=truncated_normal(0.1, 4) sharding=[{}, {}]
            input %1 x : f32[batch=2, d=4] sharding=[{data}, {}]
            %2 = einsum %1, %0 contract=[d] batch=[] : f32[batch=2, h=3] sharding=[{data}, {}]  @mlp  # small.sy:3:7
            %3 = tanh %2 : f32[batch=2, h=3] sharding=[{data}, {}]  @mlp  # small.sy:4:7
            %4 = reduce_sum %3 dims=[batch, h] : f32[] sharding=[]
            output loss = %4
            """;

    @Test
    void aSmallGraphParsesAndItsGradientIsText() {
        ModelGraph g = GraphParser.parse(SMALL);
        assertEquals(SMALL, g.print());
        String grad = GradPass.apply(g, "loss").print();
        // d loss/d w = Σ_batch x ⊗ (1 − tanh²): the backward of tanh and of the einsum, attributed to their block
        assertTrue(grad.contains("= tanh") && grad.contains("@mlp  # small.sy:4:7"), grad);
        assertTrue(grad.contains("contract=[batch] batch=[] : f32[h=3, d=4]") || grad.contains("contract=[batch] batch=[] : f32[d=4, h=3]"), grad);
        assertTrue(grad.contains("output grad/w = %"), grad);
        assertEquals(grad, GraphParser.parse(grad).print());
    }

    @Test
    void theVerifierNamesTheNodeOfAWrongResultType() {
        String broken = SMALL.replace("%3 = tanh %2 : f32[batch=2, h=3]", "%3 = tanh %2 : f32[batch=2, h=4]");
        var e = assertThrows(GraphVerifier.InvalidGraph.class, () -> GraphParser.parse(broken));
        assertTrue(e.getMessage().contains("%3 = tanh @mlp (small.sy:4:7)"), e.getMessage());
        assertTrue(e.getMessage().contains("should give f32[batch=2, h=3]"), e.getMessage());
    }

    @Test
    void theVerifierRejectsUseBeforeDefinitionBadContractionsAndShardings() {
        String forward = SMALL.replace("%3 = tanh %2", "%3 = tanh %4");
        assertTrue(assertThrows(GraphVerifier.InvalidGraph.class, () -> GraphParser.parse(forward)).getMessage()
                .contains("%3 = tanh @mlp (small.sy:4:7): operand %4 is not defined before it"));
        String contraction = SMALL.replace("contract=[d] batch=[]", "contract=[] batch=[]");
        assertTrue(assertThrows(GraphVerifier.InvalidGraph.class, () -> GraphParser.parse(contraction)).getMessage()
                .contains("%2 = einsum @mlp (small.sy:3:7): einsum: dim d is neither contracted nor in the result"));
        String sharding = SMALL.replace("%3 = tanh %2 : f32[batch=2, h=3] sharding=[{data}, {}]", "%3 = tanh %2 : f32[batch=2, h=3] sharding=[{data}, {data}]");
        assertTrue(assertThrows(GraphVerifier.InvalidGraph.class, () -> GraphParser.parse(sharding)).getMessage()
                .contains("%3 = tanh @mlp (small.sy:4:7): mesh axis data splits two dims"));
        String arity = SMALL.replace("%3 = tanh %2", "%3 = tanh %2, %2");
        assertTrue(assertThrows(GraphVerifier.InvalidGraph.class, () -> GraphParser.parse(arity)).getMessage()
                .contains("%3 = tanh @mlp (small.sy:4:7): tanh takes 1 operands, got 2"));
        String output = SMALL.replace("output loss = %4", "output loss = %9");
        assertTrue(assertThrows(GraphVerifier.InvalidGraph.class, () -> GraphParser.parse(output)).getMessage()
                .contains("output loss refers to %9, which does not exist"));
    }

    @Test
    void malformedTextNamesTheLine() {
        var e = assertThrows(GraphParser.ParseError.class, () -> GraphParser.parse(SMALL.replace("tanh", "tahn")));
        assertTrue(e.getMessage().startsWith("line 7: unknown primitive 'tahn'"), e.getMessage());
    }
}
