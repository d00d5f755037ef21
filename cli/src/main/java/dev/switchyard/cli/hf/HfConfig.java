package dev.switchyard.cli.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.Primitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code config.json} of a transformers {@code SwitchTransformersConfig} (a model with
 * routers) or {@code T5Config} (a dense one), derived from the model: sizes from the parameter
 * shapes, which layers are sparse from where the routers are, and, when the model graph is at
 * hand, the expert capacity, dropout rate and router jitter from its ops. The prelude fixes the
 * rest (RMSNorm epsilon 1e-6, relative-position max distance 128, no router bias). What cannot
 * be derived is left out, so transformers' defaults apply, and listed in {@link #notes()}.
 */
public final class HfConfig {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LAYER = Pattern.compile("(encoder|decoder)\\.layer_(\\d+)\\..*");

    /** The prelude's RMSNorm epsilon and relative-position maximum distance (its defaults, which its blocks use). */
    static final double LAYER_NORM_EPSILON = 1e-6;
    static final int RELATIVE_MAX_DISTANCE = 128;

    private final ObjectNode json;
    private final List<String> notes;

    private HfConfig(ObjectNode json, List<String> notes) {
        this.json = json;
        this.notes = List.copyOf(notes);
    }

    public ObjectNode json() { return json; }

    public List<String> notes() { return notes; }

    /** Derives the config; a model transformers cannot express (e.g. sparse layers off HF's pattern) is an {@link HfException}. */
    public static HfConfig derive(List<Manifest.ParameterSpec> parameters, Optional<ModelGraph> graph) throws HfException {
        Map<String, Manifest.ParameterSpec> byPath = new TreeMap<>();
        for (Manifest.ParameterSpec p : parameters) byPath.put(p.path(), p);
        List<String> notes = new ArrayList<>();
        Manifest.ParameterSpec embedding = Optional.ofNullable(byPath.get("embedding")).or(() -> Optional.ofNullable(byPath.get("shared")))
                .orElseThrow(() -> new HfException("the model has no top-level 'embedding' parameter [vocab, d_model]"));
        Manifest.ParameterSpec q = Optional.ofNullable(byPath.get("encoder.layer_0.attention.q"))
                .orElseThrow(() -> new HfException("the model has no encoder.layer_0.attention.q; export needs the prelude's encoder"));
        TreeSet<Integer> encoderLayers = new TreeSet<>(), decoderLayers = new TreeSet<>();
        TreeSet<Integer> encoderSparse = new TreeSet<>(), decoderSparse = new TreeSet<>();
        long dFf = -1, experts = -1;
        boolean gated = false;
        String routerDtype = null;
        for (Manifest.ParameterSpec p : parameters) {
            Matcher m = LAYER.matcher(p.path());
            if (!m.matches()) continue;
            boolean decoder = m.group(1).equals("decoder");
            int layer = Integer.parseInt(m.group(2));
            (decoder ? decoderLayers : encoderLayers).add(layer);
            if (p.path().endsWith(".ffn.mlp.router.classifier")) {
                (decoder ? decoderSparse : encoderSparse).add(layer);
                routerDtype = p.dtype();
            }
            if (p.path().endsWith(".ffn.mlp.experts.wi")) {
                experts = p.shape().get(0);
                dFf = p.shape().get(2);
            }
            if (p.path().endsWith(".ffn.mlp.wi") || p.path().endsWith(".ffn.mlp.wi_0")) dFf = p.shape().get(1);
            gated |= p.path().endsWith(".ffn.mlp.wi_0");
        }
        boolean sparse = experts > 0;
        boolean hasDecoder = !decoderLayers.isEmpty();
        boolean tied = !byPath.containsKey("lm_head");
        if (sparse && gated) throw new HfException("transformers' SwitchTransformers has no gated FFN (wi_0/wi_1) next to experts");

        ObjectNode c = JSON.createObjectNode();
        String prefix = sparse ? "SwitchTransformers" : "T5";
        c.putArray("architectures").add(prefix + (hasDecoder ? "ForConditionalGeneration" : "EncoderModel"));
        c.put("model_type", sparse ? "switch_transformers" : "t5");
        c.put("vocab_size", embedding.shape().get(0));
        c.put("d_model", embedding.shape().get(1));
        c.put("d_kv", q.shape().get(2));
        c.put("d_ff", dFf);
        c.put("num_heads", q.shape().get(1));
        c.put("num_layers", encoderLayers.size());
        c.put("num_decoder_layers", decoderLayers.size());
        Manifest.ParameterSpec bias = byPath.get("encoder.layer_0.attention.relative_bias");
        if (bias != null) c.put("relative_attention_num_buckets", bias.shape().get(0));
        c.put("relative_attention_max_distance", RELATIVE_MAX_DISTANCE);
        c.put("layer_norm_epsilon", LAYER_NORM_EPSILON);
        c.put("is_encoder_decoder", hasDecoder);
        c.put("tie_word_embeddings", tied);
        // T5 vocabulary conventions (pad 0 starts the decoder, eos 1): the model spec does not name token ids
        c.put("pad_token_id", 0);
        c.put("eos_token_id", 1);
        c.put("decoder_start_token_id", 0);
        c.put("torch_dtype", torchDtype(embedding.dtype()));
        if (sparse) {
            c.put("dense_act_fn", "relu");
            c.put("num_experts", experts);
            int encSparse = sparseCount("encoder", encoderLayers.size(), encoderSparse);
            int decSparse = sparseCount("decoder", decoderLayers.size(), decoderSparse);
            c.put("num_sparse_encoder_layers", encSparse);
            c.put("num_sparse_decoder_layers", decSparse);
            c.put("encoder_sparse_step", encSparse == 0 ? 0 : encoderLayers.size() / encSparse);
            c.put("decoder_sparse_step", decSparse == 0 ? 0 : decoderLayers.size() / decSparse);
            c.put("router_bias", false);
            c.put("router_dtype", torchDtype(routerDtype));
            c.put("router_ignore_padding_tokens", false);
        } else {
            c.put("feed_forward_proj", gated ? "gated-gelu" : "relu");
        }
        if (graph.isPresent()) {
            fromGraph(graph.get(), c, sparse, notes);
        } else {
            notes.add("from an artifact directory the expert capacity, dropout rate and router jitter are unknown;"
                    + " config.json leaves them to transformers' defaults (give the .sy to derive them)");
        }
        return new HfConfig(c, notes);
    }

    /**
     * transformers makes layer i sparse when {@code i % step == 1} (every layer when step is 1),
     * step = layers / num_sparse; the number of sparse layers whose pattern is ours, or an error.
     */
    static int sparseCount(String stack, int layers, TreeSet<Integer> sparse) throws HfException {
        if (sparse.isEmpty()) return 0;
        // several counts give the same step (12 / 5 = 12 / 6 = 2); the true count first, so config.json reads right
        List<Integer> counts = new ArrayList<>(List.of(sparse.size()));
        for (int n = 1; n <= layers; n++) counts.add(n);
        for (int n : counts) {
            int step = layers / n;
            TreeSet<Integer> pattern = new TreeSet<>();
            for (int i = 0; i < layers; i++) if (step == 1 || i % step == 1) pattern.add(i);
            if (pattern.equals(sparse)) return n;
        }
        throw new HfException("the " + stack + "'s sparse layers " + sparse + " (of " + layers + ") do not follow transformers'"
                + " rule (layer i sparse when i % step == 1, step = layers / sparse layers); SwitchTransformers cannot load them");
    }

    private static void fromGraph(ModelGraph g, ObjectNode c, boolean sparse, List<String> notes) throws HfException {
        TreeSet<Long> capacities = new TreeSet<>();
        TreeSet<Double> rates = new TreeSet<>(), expertRates = new TreeSet<>(), jitters = new TreeSet<>();
        for (Node n : g.nodes()) {
            if (n.op() == Primitive.MOE_DISPATCH && n.attrs() instanceof Attrs.Moe moe) {
                for (Dim d : n.type().dims()) if (d.name().equals(moe.capacity())) capacities.add(d.size());
            }
            if (n.op() == Primitive.DROPOUT && n.attrs() instanceof Attrs.Dropout d) {
                (n.blockPath().contains(".experts") ? expertRates : rates).add(d.rate());
            }
            if (n.op() == Primitive.RANDOM_UNIFORM && n.attrs() instanceof Attrs.RandomUniform u && n.blockPath().endsWith(".router")) {
                // the model wrote 1 - jitter; 12 digits undo the rounding of that subtraction
                jitters.add(new java.math.BigDecimal(1.0 - u.low()).round(new java.math.MathContext(12)).doubleValue());
            }
        }
        if (sparse) {
            if (capacities.size() > 1) throw new HfException("the sparse layers have different capacities " + capacities
                    + "; SwitchTransformers has one expert_capacity");
            if (!capacities.isEmpty()) c.put("expert_capacity", capacities.first());
            c.put("router_jitter_noise", jitters.isEmpty() ? 0.0 : jitters.last());
            if (jitters.size() > 1) notes.add("the routers use different jitters " + jitters + "; config.json says " + jitters.last());
        }
        double rate = rates.isEmpty() ? 0.0 : rates.last();
        c.put("dropout_rate", rate);
        if (rates.size() > 1) notes.add("the model uses dropout rates " + rates + "; transformers has one, config.json says " + rate);
        if (!expertRates.isEmpty() && !(expertRates.size() == 1 && expertRates.first() == rate)) {
            notes.add("transformers applies dropout_rate " + rate + " inside the experts too; the model's expert dropout "
                    + expertRates + " is not in config.json");
        }
    }

    static String torchDtype(String mlir) {
        return switch (mlir) {
            case "f32" -> "float32";
            case "bf16" -> "bfloat16";
            case "f16" -> "float16";
            case "f64" -> "float64";
            default -> mlir;
        };
    }
}
