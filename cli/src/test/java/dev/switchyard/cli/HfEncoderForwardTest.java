package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.model.BuiltArtifact;
import dev.switchyard.cli.model.ModelCompilation;
import dev.switchyard.cli.run.WeightLoader;
import dev.switchyard.cli.safetensors.SafetensorsWriter;
import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.Frontend;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SequencedMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Acceptance 2 of the Hugging Face issue: a model whose weights came through {@code import hf}
 * computes HF's encoder. The reference below is a loop-by-loop transcription of transformers'
 * SwitchTransformers encoder equations on the HF tensors themselves (torch layouts, [out, in]),
 * in f64: T5 RMSNorm, relative position buckets, attention without 1/√d_kv, router softmax,
 * top-1 with a per-sequence capacity in position order, dropped tokens carried by the residual.
 */
class HfEncoderForwardTest {

    @TempDir Path dir;

    /** vocab 13, d_model 8, d_ff 12, 2 heads × 4, 4 encoder layers (1 and 3 sparse), 2 decoder layers, 4 experts. */
    static final HfCheckpoints.Config CONFIG = new HfCheckpoints.Config(13, 8, 12, 2, 4, 4, 2, 4, 2, 32);
    static final int BATCH = 2, SEQ = 20, TGT = 3;

    /**
     * Capacity 20 (the whole sequence) drops no token; capacity 3 of 20 tokens over 4 experts
     * drops some in every sparse layer.
     */
    @ParameterizedTest
    @ValueSource(ints = {20, 3})
    void importedModelComputesHfsEncoder(int capacity) throws Exception {
        Random random = new Random(2026 + capacity);
        SequencedMap<String, HostTensor> hf = HfCheckpoints.tensors(CONFIG, ElementType.F32, (name, k) -> 0.0);
        for (Map.Entry<String, HostTensor> e : hf.entrySet()) e.setValue(randomTensor(e.getKey(), e.getValue().shape(), random));
        Path hfDir = Files.createDirectories(dir.resolve("hf"));
        SafetensorsWriter.write(hfDir.resolve("model.safetensors"), hf, Map.of("format", "pt"));
        Path spec = dir.resolve("hf_tiny.sy");
        Files.writeString(spec, HfCheckpoints.spec(CONFIG, "f32", BATCH, SEQ, TGT, capacity));
        Path params = dir.resolve("params.safetensors");
        CliRun imported = CliRun.run(Commands.all(), "import", "hf", hfDir.toString(), "--model", spec.toString(), "-o", params.toString());
        assertEquals(0, imported.exitCode(), imported::toString);

        int[][] tokens = new int[BATCH][SEQ];
        long[] flat = new long[BATCH * SEQ];
        for (int b = 0; b < BATCH; b++) {
            for (int s = 0; s < SEQ; s++) flat[b * SEQ + s] = tokens[b][s] = random.nextInt(CONFIG.vocab());
        }
        float[] ours = runEncoder(spec, params, flat);

        Reference ref = new Reference(hf, capacity, false);
        Reference v4 = new Reference(hf, capacity, true);
        double v4Gap = 0;
        for (int b = 0; b < BATCH; b++) {
            double[][] want = ref.encoder(tokens[b]);
            double[][] old = v4.encoder(tokens[b]);
            for (int s = 0; s < SEQ; s++) {
                for (int d = 0; d < CONFIG.dModel(); d++) {
                    double got = ours[(b * SEQ + s) * CONFIG.dModel() + d];
                    double tolerance = 1e-5 * Math.max(1, Math.abs(want[s][d]));
                    assertEquals(want[s][d], got, tolerance, "hidden[" + b + ", " + s + ", " + d + "]");
                    v4Gap = Math.max(v4Gap, Math.abs(old[s][d] - got));
                }
            }
        }
        if (capacity >= SEQ) {
            assertEquals(0, ref.dropped, "nothing dropped at full capacity");
            assertEquals(0.0, v4Gap, 1e-5, "without dropped tokens HF v4 computes the same");
        } else {
            assertTrue(ref.dropped > 0, "capacity " + capacity + " drops tokens");
            assertTrue(v4Gap > 1e-3, "HF v4 passes a dropped token's normed input times its gate: a different output (gap " + v4Gap + ")");
        }
    }

    private static HostTensor randomTensor(String name, long[] shape, Random random) {
        int n = Math.toIntExact(HostTensor.elementCount(shape));
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double z = random.nextGaussian();
            // norms near 1, a decisive router, moderate projections
            v[i] = name.endsWith("layer_norm.weight") ? 1 + 0.2 * z : name.contains("router") ? 1.5 * z
                    : name.equals("shared.weight") || name.contains("relative_attention_bias") ? z : 0.4 * z;
        }
        return HostTensor.ofDoubles(ElementType.F32, shape, v);
    }

    /** Our encoder output ('hidden'): the spec compiled and run on the reference interpreter with the imported weights. */
    private static float[] runEncoder(Path spec, Path params, long[] tokens) throws Exception {
        ModelGraph g = Frontend.check(spec, CheckOptions.defaults()).graph().orElseThrow();
        BuiltArtifact built = ModelCompilation.build(spec, g, dev.switchyard.compiler.CompileOptions.defaults());
        Manifest m = built.manifest();
        Map<String, HostTensor> weights = WeightLoader.load(params, m.parameters());
        Map<String, HostTensor> inputs = new LinkedHashMap<>();
        inputs.put("inputs", HostTensor.ofLongs(ElementType.I32, new long[] {BATCH, SEQ}, tokens));
        inputs.put("decoder_inputs", HostTensor.ofLongs(ElementType.I32, new long[] {BATCH, TGT}, new long[BATCH * TGT]));
        inputs.put("training", HostTensor.ofLongs(ElementType.I1, new long[] {}, 0));
        inputs.put("key", HostTensor.ofLongs(ElementType.UI32, new long[] {2}, 0, 0));
        List<HostTensor> out;
        try (ReferenceExecutor ex = new ReferenceExecutor();
             var exe = ex.compile(built.moduleText(), new CompileOptions(m.entryPoint(), m.numReplicas(), m.numPartitions()))) {
            out = exe.execute(RunCommand.arguments(m, weights, inputs));
        }
        assertEquals("hidden", m.outputs().get(0).name());
        return out.get(0).toFloats();
    }

    /** transformers' SwitchTransformers encoder in eval mode, one sequence at a time, on the HF tensors. */
    static final class Reference {
        final Map<String, double[]> w = new LinkedHashMap<>();
        final int capacity;
        final boolean v4;
        int dropped;

        Reference(Map<String, HostTensor> hf, int capacity, boolean v4) {
            hf.forEach((name, t) -> w.put(name, t.toDoubles()));
            this.capacity = capacity;
            this.v4 = v4;
        }

        double[][] encoder(int[] tokens) {
            int d = CONFIG.dModel(), s = tokens.length;
            double[] shared = w.get("shared.weight");
            double[][] h = new double[s][d];
            for (int t = 0; t < s; t++) for (int i = 0; i < d; i++) h[t][i] = shared[tokens[t] * d + i];
            // the position bias is computed by block 0 and passed to every block
            double[][][] bias = positionBias(s, w.get("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"));
            for (int layer = 0; layer < CONFIG.layers(); layer++) {
                String b = "encoder.block." + layer + ".layer.";
                double[][] normed = rmsNorm(h, w.get(b + "0.layer_norm.weight"));
                double[][] a = attention(normed, b + "0.SelfAttention.", bias);
                for (int t = 0; t < s; t++) for (int i = 0; i < d; i++) h[t][i] += a[t][i];
                normed = rmsNorm(h, w.get(b + "1.layer_norm.weight"));
                double[][] y = CONFIG.sparse(layer) ? sparseMlp(normed, b + "1.mlp.") : denseActDense(normed, b + "1.mlp.");
                for (int t = 0; t < s; t++) for (int i = 0; i < d; i++) h[t][i] += y[t][i];
            }
            return rmsNorm(h, w.get("encoder.final_layer_norm.weight"));
        }

        /** T5LayerNorm: w · x / sqrt(mean(x²) + 1e-6), no mean subtraction. */
        static double[][] rmsNorm(double[][] x, double[] weight) {
            double[][] out = new double[x.length][x[0].length];
            for (int t = 0; t < x.length; t++) {
                double ms = 0;
                for (double v : x[t]) ms += v * v;
                double scale = 1 / Math.sqrt(ms / x[t].length + 1e-6);
                for (int i = 0; i < x[t].length; i++) out[t][i] = weight[i] * x[t][i] * scale;
            }
            return out;
        }

        /** y = x · Wᵀ for a torch Linear weight W [out, in]. */
        static double[][] linear(double[][] x, double[] weight, int out) {
            int in = x[0].length;
            double[][] y = new double[x.length][out];
            for (int t = 0; t < x.length; t++) {
                for (int o = 0; o < out; o++) {
                    double acc = 0;
                    for (int i = 0; i < in; i++) acc += x[t][i] * weight[o * in + i];
                    y[t][o] = acc;
                }
            }
            return y;
        }

        /** T5Attention: per head softmax(q·kᵀ + position_bias) · v (no 1/√d_kv), heads joined, then o. */
        double[][] attention(double[][] x, String prefix, double[][][] bias) {
            int heads = CONFIG.heads(), kv = CONFIG.dKv(), inner = heads * kv, s = x.length;
            double[][] q = linear(x, w.get(prefix + "q.weight"), inner);
            double[][] k = linear(x, w.get(prefix + "k.weight"), inner);
            double[][] v = linear(x, w.get(prefix + "v.weight"), inner);
            double[][] context = new double[s][inner];
            for (int hd = 0; hd < heads; hd++) {
                for (int i = 0; i < s; i++) {
                    double[] scores = new double[s];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < s; j++) {
                        double acc = 0;
                        for (int c = 0; c < kv; c++) acc += q[i][hd * kv + c] * k[j][hd * kv + c];
                        scores[j] = acc + bias[hd][i][j];
                        max = Math.max(max, scores[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < s; j++) sum += scores[j] = Math.exp(scores[j] - max);
                    for (int j = 0; j < s; j++) {
                        for (int c = 0; c < kv; c++) context[i][hd * kv + c] += scores[j] / sum * v[j][hd * kv + c];
                    }
                }
            }
            return linear(context, w.get(prefix + "o.weight"), CONFIG.dModel());
        }

        /** position_bias[h, i, j] = table[bucket(j − i), h]. */
        static double[][][] positionBias(int s, double[] table) {
            int heads = CONFIG.heads();
            double[][][] out = new double[heads][s][s];
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    int bucket = relativePositionBucket(j - i, CONFIG.buckets(), 128);
                    for (int hd = 0; hd < heads; hd++) out[hd][i][j] = table[bucket * heads + hd];
                }
            }
            return out;
        }

        /** T5's _relative_position_bucket, bidirectional, in f32 as torch computes the logarithmic part. */
        static int relativePositionBucket(int relative, int numBuckets, int maxDistance) {
            int half = numBuckets / 2;
            int bucket = relative > 0 ? half : 0;
            int n = Math.abs(relative);
            int maxExact = half / 2;
            if (n < maxExact) return bucket + n;
            float large = (float) Math.log((float) n / maxExact) / (float) Math.log((double) maxDistance / maxExact) * (half - maxExact);
            return bucket + Math.min(maxExact + (int) large, half - 1);
        }

        /** SwitchTransformersDenseActDense: wo(relu(wi(x))). */
        double[][] denseActDense(double[][] x, String prefix) {
            double[][] hidden = linear(x, w.get(prefix + "wi.weight"), CONFIG.dFf());
            for (double[] row : hidden) for (int i = 0; i < row.length; i++) row[i] = Math.max(0, row[i]);
            return linear(hidden, w.get(prefix + "wo.weight"), CONFIG.dModel());
        }

        /**
         * SwitchTransformersSparseMLP over one sequence (one routing group): router softmax, top-1,
         * a token kept iff its position among its expert's tokens is within capacity; a kept token
         * gets gate · expert(x), a dropped one 0 (HF v4: gate · x).
         */
        double[][] sparseMlp(double[][] x, String prefix) {
            int s = x.length, experts = CONFIG.experts();
            double[][] logits = linear(x, w.get(prefix + "router.classifier.weight"), experts);
            int[] claimed = new int[experts];
            double[][] y = new double[s][];
            for (int t = 0; t < s; t++) {
                double max = Double.NEGATIVE_INFINITY;
                for (double l : logits[t]) max = Math.max(max, l);
                double sum = 0;
                for (double l : logits[t]) sum += Math.exp(l - max);
                int expert = 0;
                for (int e = 1; e < experts; e++) if (logits[t][e] > logits[t][expert]) expert = e;
                double gate = Math.exp(logits[t][expert] - max) / sum;
                boolean kept = ++claimed[expert] <= capacity;
                double[] out;
                if (kept) {
                    out = denseActDense(new double[][] {x[t]}, prefix + "experts.expert_" + expert + ".")[0];
                } else {
                    dropped++;
                    out = v4 ? x[t].clone() : new double[x[t].length];
                }
                for (int i = 0; i < out.length; i++) out[i] *= gate;
                y[t] = out;
            }
            return y;
        }
    }
}
