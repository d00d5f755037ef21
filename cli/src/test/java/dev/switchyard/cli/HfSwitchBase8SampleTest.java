package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.hf.HfConfig;
import dev.switchyard.cli.hf.HfNames;
import dev.switchyard.cli.model.GraphManifests;
import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.Frontend;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.Primitive;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * samples/hf_switch_base_8.sy has google/switch-base-8's structure: its parameters are exactly
 * that checkpoint's tensors (names and torch shapes from transformers' module tree), and the
 * derived config.json has the published SwitchTransformersConfig values.
 */
class HfSwitchBase8SampleTest {

    /** google/switch-base-8: vocab 32128, d_model 768, d_ff 3072, 12 heads × 64, 12 + 12 layers, 8 experts, sparse step 2. */
    static final HfCheckpoints.Config SWITCH_BASE_8 = new HfCheckpoints.Config(32128, 768, 3072, 12, 64, 12, 12, 8, 2, 32);

    static ModelGraph graph() {
        return Frontend.check(InspectCommandTest.sample("hf_switch_base_8"), CheckOptions.defaults()).graph().orElseThrow();
    }

    @Test
    void parametersAreExactlyTheCheckpointsTensors() {
        List<Manifest.ParameterSpec> params = GraphManifests.parameters(graph());
        Map<String, String> ours = new TreeMap<>();
        for (Manifest.ParameterSpec p : params) {
            long[] shape = p.shape().stream().mapToLong(Long::longValue).toArray();
            HfNames.Mapping m = HfNames.of(p.path(), shape, HfNames.FfnNaming.SWITCH).orElseThrow(() -> new AssertionError(p.path()));
            for (String name : m.hfNames()) ours.put(name, Arrays.toString(m.hfShape(shape)));
        }
        Map<String, String> hf = new TreeMap<>();
        HfCheckpoints.shapes(SWITCH_BASE_8).forEach((name, shape) -> hf.put(name, Arrays.toString(shape)));
        assertEquals(hf, ours);
        // the router runs in f32 whatever the model's precision
        params.stream().filter(p -> p.path().endsWith("router.classifier")).forEach(p -> assertEquals("f32", p.dtype(), p.path()));
    }

    @Test
    void configMatchesThePublishedOne() throws Exception {
        ModelGraph g = graph();
        JsonNode c = HfConfig.derive(GraphManifests.parameters(g), Optional.of(g)).json();
        Map<String, Object> published = Map.ofEntries(Map.entry("vocab_size", 32128), Map.entry("d_model", 768), Map.entry("d_ff", 3072),
                Map.entry("num_heads", 12), Map.entry("d_kv", 64), Map.entry("num_layers", 12), Map.entry("num_decoder_layers", 12),
                Map.entry("num_experts", 8), Map.entry("expert_capacity", 64), Map.entry("num_sparse_encoder_layers", 6),
                Map.entry("num_sparse_decoder_layers", 6), Map.entry("encoder_sparse_step", 2), Map.entry("decoder_sparse_step", 2),
                Map.entry("relative_attention_num_buckets", 32), Map.entry("relative_attention_max_distance", 128),
                Map.entry("router_dtype", "float32"), Map.entry("router_jitter_noise", 0.01), Map.entry("router_bias", false),
                Map.entry("dropout_rate", 0.1), Map.entry("layer_norm_epsilon", 1.0E-6), Map.entry("tie_word_embeddings", true),
                Map.entry("dense_act_fn", "relu"), Map.entry("model_type", "switch_transformers"));
        for (Map.Entry<String, Object> e : published.entrySet()) {
            assertTrue(c.has(e.getKey()), e.getKey());
            assertEquals(e.getValue().toString(), c.get(e.getKey()).asText(), e.getKey());
        }
    }

    /** Tied embeddings: the decoder output is multiplied by d_model^-0.5 right before the LM head. */
    @Test
    void theLmHeadInputIsScaledByOneOverSqrtDModel() {
        ModelGraph g = graph();
        Node logitsNode = g.nodes().stream().filter(n -> n.op() == Primitive.EINSUM && n.operands().contains(g.params().get(0).id())
                && n.type().dimNames().contains("vocab")).reduce((a, b) -> b).orElseThrow();
        Node scaled = (Node) g.value(logitsNode.operands().stream().filter(i -> i != g.params().get(0).id()).findFirst().orElseThrow());
        assertEquals(Primitive.MUL, scaled.op());
        boolean byConstant = scaled.operands().stream().map(g::value).anyMatch(v -> v instanceof Node n && n.op() == Primitive.CONSTANT
                && Math.abs(((Attrs.Constant) n.attrs()).value() - 1 / Math.sqrt(768)) < 1e-12);
        assertTrue(byConstant, scaled::toString);
        assertArrayEquals(new Object[] {"batch", "tgt", "vocab"}, logitsNode.type().dimNames().toArray());
    }
}
