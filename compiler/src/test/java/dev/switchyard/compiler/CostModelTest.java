package dev.switchyard.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchyard.compiler.cost.CostModel;
import dev.switchyard.compiler.cost.CostReport;
import dev.switchyard.compiler.testing.TransformerGraphs;
import dev.switchyard.compiler.testing.TransformerGraphs.Config;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 4: parameter counts and FLOPs per token equal formulas worked out here from the
 * configurations (Switch doc table), and Switch-Base-8's FLOPs per token are T5-Base's plus the
 * router's. Graphs are the T5/Switch encoder-decoder of {@link TransformerGraphs}.
 */
class CostModelTest {
    static final long B = 2, S = 16;

    /** Parameters of a T5 v1.0 encoder-decoder with tied embeddings (no biases). */
    static long t5Params(Config c) {
        long d = c.dModel(), hd = c.heads() * c.dKv(), ff = c.dFf();
        long enc = 4 * d * hd + 2 * d + 2 * d * ff;
        long dec = 8 * d * hd + 3 * d + 2 * d * ff;
        long bias = 32 * c.heads();
        return c.vocab() * d + c.encLayers() * enc + bias + d + c.decLayers() * dec + bias + d;
    }

    /** Forward FLOPs per position of an encoder-decoder with equal source and target lengths. */
    static long t5FlopsPerToken(Config c) {
        long d = c.dModel(), hd = c.heads() * c.dKv(), ff = c.dFf(), s = c.seq();
        long attention = 4 * 2 * d * hd + 2 * 2 * s * hd;
        long ffn = 2 * 2 * d * ff;
        return c.encLayers() * (attention + ffn) + c.decLayers() * (2 * attention + ffn) + 2 * d * c.vocab();
    }

    @Test
    void t5BaseMatchesTheFormulas() {
        Config c = TransformerGraphs.t5Base(B, S);
        CostReport r = CostModel.of(TransformerGraphs.build(c));
        assertEquals(t5Params(c), r.paramsTotal());
        assertEquals(r.paramsTotal(), r.paramsActivePerToken());
        assertEquals(B * S, r.tokensPerStep());
        assertEquals((double) t5FlopsPerToken(c), r.flopsPerToken());
        assertEquals(0, r.allToAllBytesPerStep());
        // T5-Base's well-known size: about 223 M parameters.
        assertEquals(223, Math.round(r.paramsTotal() / 1e6));
    }

    @Test
    void switchBase8MatchesTheFormulasAndCostsT5PlusTheRouter() {
        Config t5 = TransformerGraphs.t5Base(B, S);
        Config sw = TransformerGraphs.switchBase(8, B, S);
        CostReport dense = CostModel.of(TransformerGraphs.build(t5));
        CostReport r = CostModel.of(TransformerGraphs.build(sw));
        long e = 8, d = 768, ff = 3072;
        long sparseLayers = 6 + 6;
        long extraPerSparse = (e - 1) * 2 * d * ff + d * e;
        assertEquals(t5Params(t5) + sparseLayers * extraPerSparse, r.paramsTotal());
        assertEquals(r.paramsTotal() - sparseLayers * (e - 1) * 2 * d * ff, r.paramsActivePerToken());
        assertEquals(sparseLayers, r.sparseLayers().size());
        assertEquals(e * 2 * d * ff + d * e, r.sparseLayers().get(0).params());
        assertEquals(e * 2 * d * ff, r.sparseLayers().get(0).expertParams());
        double router = sparseLayers * 2.0 * d * e;
        assertEquals(dense.flopsPerToken() + router, r.flopsPerToken());
        assertEquals(t5FlopsPerToken(t5) + router, r.flopsPerToken());
    }

    @Test
    void aModelFedActivationsCountsItsPositionsAsTokens() {
        String source = """
                model acts
                dim batch = 8
                dim tokens = 16
                dim d_model = 32
                dim d_ff = 64
                precision f32
                block forward(x: f32[batch, tokens, d_model]) {
                  return (y = ffn(x, d_ff = d_ff) as mlp)
                }
                """;
        var checked = dev.switchyard.dsl.Frontend.checkText("acts.sy", source, dev.switchyard.dsl.CheckOptions.defaults());
        CostReport r = CostModel.of(checked.graph().orElseThrow(() -> new AssertionError(checked.render())));
        assertEquals(8 * 16, r.tokensPerStep());
        // wi and wo: 2 multiply-adds of d_model × d_ff per position
        assertEquals(2.0 * 2 * 32 * 64, r.flopsPerToken());
    }

    @Test
    void allToAllAndBytesFollowTheMesh() {
        Config sw = TransformerGraphs.switchBase(8, B, S); // mesh data=1, expert=8
        CostReport r = CostModel.of(TransformerGraphs.build(sw));
        assertEquals(8, r.devices());
        // Dispatched tensor bf16[experts=8, batch=2, capacity=64, d=768] split 8 ways on experts:
        // a device holds 2·64·768·2 bytes and sends 7/8 of it, twice per layer.
        long shard = 2 * 64 * 768 * 2;
        long perLayer = 2 * (shard * 7 / 8);
        assertEquals(perLayer, r.sparseLayers().get(0).allToAllBytes());
        assertEquals(12 * perLayer, r.allToAllBytesPerStep());
        // Tensors with the experts dim (expert weights bf16, router f32) are split over the 8
        // devices; everything else is replicated (data=1).
        long expertBytes = 12L * 8 * 2 * 768 * 3072 * 2;
        long routerBytes = 12L * 768 * 8 * 4;
        long otherBytes = 0;
        for (var p : TransformerGraphs.build(sw).params()) {
            if (!p.type().has("experts")) otherBytes += p.type().elementCount() * p.type().elem().bytes();
        }
        assertEquals(expertBytes / 8 + routerBytes / 8 + otherBytes, r.bytesParamsPerDevice());
    }

    @Test
    void tableShowsCountsWithUnits() {
        Config c = TransformerGraphs.t5Base(1, 8);
        String table = CostModel.of(TransformerGraphs.build(c)).toTable();
        org.junit.jupiter.api.Assertions.assertTrue(table.contains("parameters                     222.90 M (" + t5Params(c) + ")\n"), table);
        org.junit.jupiter.api.Assertions.assertTrue(table.contains("all-to-all bytes per step      0 B"), table);
    }

    @Test
    void jsonHasThePromisedKeys() {
        String json = CostModel.of(TransformerGraphs.build(TransformerGraphs.switchBase(8, 1, 8))).toJson();
        for (String key : new String[] {"params_total", "params_active_per_token", "flops_per_token", "bytes_params_per_device",
                "bytes_activations_per_device", "all_to_all_bytes_per_step", "devices"}) {
            org.junit.jupiter.api.Assertions.assertTrue(json.contains("\"" + key + "\": "), key + " missing in " + json);
        }
    }

    /** The same formulas on the real samples (configs from the Switch doc table; batch and seq from the sample). */
    @Test
    void samplesT5BaseAndSwitchBase8MatchTheFormulas() {
        var t5Graph = Samples.graph("t5_base");
        var swGraph = Samples.graph("switch_base_8");
        var tokens = t5Graph.inputs().get(0).type();
        long batch = tokens.dims().get(0).size(), seq = tokens.dims().get(1).size();
        Config t5 = TransformerGraphs.t5Base(batch, seq);
        CostReport dense = CostModel.of(t5Graph);
        assertEquals(t5Params(t5), dense.paramsTotal());
        assertEquals(batch * seq, dense.tokensPerStep());
        assertEquals((double) t5FlopsPerToken(t5), dense.flopsPerToken());

        CostReport sw = CostModel.of(swGraph);
        long e = 8, d = 768, ff = 3072, sparse = 12;
        assertEquals(t5Params(t5) + sparse * ((e - 1) * 2 * d * ff + d * e), sw.paramsTotal());
        assertEquals(sw.paramsTotal() - sparse * (e - 1) * 2 * d * ff, sw.paramsActivePerToken());
        assertEquals(dense.flopsPerToken() + sparse * 2.0 * d * e, sw.flopsPerToken());
    }
}
