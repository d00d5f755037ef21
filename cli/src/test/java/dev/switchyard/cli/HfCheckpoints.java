package dev.switchyard.cli;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.BiFunction;

/**
 * Hand-built Hugging Face SwitchTransformers checkpoints for tests: the tensor names and torch
 * shapes written out from transformers' module tree (modeling_switch_transformers.py), not from
 * the importer's rules, with values from a generator.
 */
final class HfCheckpoints {
    private HfCheckpoints() {}

    /** A SwitchTransformers configuration; layer i of a stack is sparse when i % sparseStep == 1. */
    record Config(int vocab, int dModel, int dFf, int heads, int dKv, int layers, int decoderLayers, int experts, int sparseStep,
                  int buckets) {
        boolean sparse(int layer) { return sparseStep > 0 && (sparseStep == 1 || layer % sparseStep == 1); }
    }

    /** Names and torch shapes, in module order (SwitchTransformers' {@code mlp} modules). */
    static SequencedMap<String, long[]> shapes(Config c) { return shapes(c, "mlp"); }

    /** As {@link #shapes(Config)}; {@code denseModule} is {@code mlp} (SwitchTransformers) or {@code DenseReluDense} (T5). */
    static SequencedMap<String, long[]> shapes(Config c, String denseModule) {
        SequencedMap<String, long[]> s = new LinkedHashMap<>();
        int inner = c.heads() * c.dKv();
        s.put("shared.weight", new long[] {c.vocab(), c.dModel()});
        for (String stack : new String[] {"encoder", "decoder"}) {
            boolean decoder = stack.equals("decoder");
            int layers = decoder ? c.decoderLayers() : c.layers();
            for (int i = 0; i < layers; i++) {
                String b = stack + ".block." + i + ".layer.";
                for (String w : new String[] {"q", "k", "v"}) s.put(b + "0.SelfAttention." + w + ".weight", new long[] {inner, c.dModel()});
                s.put(b + "0.SelfAttention.o.weight", new long[] {c.dModel(), inner});
                if (i == 0) s.put(b + "0.SelfAttention.relative_attention_bias.weight", new long[] {c.buckets(), c.heads()});
                s.put(b + "0.layer_norm.weight", new long[] {c.dModel()});
                int ff = 1;
                if (decoder) {
                    for (String w : new String[] {"q", "k", "v"}) s.put(b + "1.EncDecAttention." + w + ".weight", new long[] {inner, c.dModel()});
                    s.put(b + "1.EncDecAttention.o.weight", new long[] {c.dModel(), inner});
                    s.put(b + "1.layer_norm.weight", new long[] {c.dModel()});
                    ff = 2;
                }
                if (c.sparse(i)) {
                    s.put(b + ff + ".mlp.router.classifier.weight", new long[] {c.experts(), c.dModel()});
                    for (int e = 0; e < c.experts(); e++) {
                        s.put(b + ff + ".mlp.experts.expert_" + e + ".wi.weight", new long[] {c.dFf(), c.dModel()});
                        s.put(b + ff + ".mlp.experts.expert_" + e + ".wo.weight", new long[] {c.dModel(), c.dFf()});
                    }
                } else {
                    s.put(b + ff + "." + denseModule + ".wi.weight", new long[] {c.dFf(), c.dModel()});
                    s.put(b + ff + "." + denseModule + ".wo.weight", new long[] {c.dModel(), c.dFf()});
                }
                s.put(b + ff + ".layer_norm.weight", new long[] {c.dModel()});
            }
            s.put(stack + ".final_layer_norm.weight", new long[] {c.dModel()});
        }
        return s;
    }

    /** Tensors of {@code type} whose element {@code k} of tensor {@code name} is {@code value.apply(name, k)}. */
    static SequencedMap<String, HostTensor> tensors(Config c, ElementType type, BiFunction<String, Integer, Double> value) {
        return tensors(shapes(c), type, value);
    }

    static SequencedMap<String, HostTensor> tensors(SequencedMap<String, long[]> shapes, ElementType type,
                                                    BiFunction<String, Integer, Double> value) {
        SequencedMap<String, HostTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            int n = Math.toIntExact(HostTensor.elementCount(e.getValue()));
            double[] v = new double[n];
            for (int k = 0; k < n; k++) v[k] = value.apply(e.getKey(), k);
            out.put(e.getKey(), HostTensor.ofDoubles(type, e.getValue(), v));
        }
        return out;
    }

    /** A model spec built from the prelude's stacks with this configuration (precision {@code precision}, router f32). */
    static String spec(Config c, String precision, int batch, int seq, int tgt, int capacity) {
        return """
                model hf_tiny

                dim batch = %d
                dim seq = %d
                dim seq_k = seq
                dim tgt = %d
                dim tgt_k = tgt
                dim vocab = %d
                dim d_model = %d
                dim d_ff = %d
                dim heads = %d
                dim d_kv = %d
                dim experts = %d
                dim capacity = %d

                precision %s

                block forward(inputs: i32[batch, seq], decoder_inputs: i32[batch, tgt], training: bool[], key: u32[rng_key]) {
                  param embedding: [vocab, d_model] = normal(1.0)
                  let x = take(embedding, inputs, vocab)
                  let (encoded, enc_aux, enc_z) = encoder(x, %d, seq_k, heads, d_kv, d_ff, sparse_every = %d, experts = experts,
                                                          capacity = capacity, training = training, key = key, rate = 0.1) as encoder
                  let y = take(embedding, decoder_inputs, vocab)
                  let (decoded, dec_aux, dec_z) = decoder(y, encoded, %d, tgt_k, heads, d_kv, d_ff, sparse_every = %d,
                                                          experts = experts, capacity = capacity, training = training, key = key,
                                                          rate = 0.1) as decoder
                  let logits = (decoded * pow(size(d_model), -0.5)) @ embedding
                  return (hidden = encoded, logits = logits)
                }
                """.formatted(batch, seq, tgt, c.vocab(), c.dModel(), c.dFf(), c.heads(), c.dKv(), c.experts(), capacity, precision,
                c.layers(), c.sparseStep(), c.decoderLayers(), c.sparseStep());
    }
}
