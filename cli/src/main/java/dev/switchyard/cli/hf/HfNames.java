package dev.switchyard.cli.hf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each parameter of a model built from the prelude's T5/Switch blocks lives in a Hugging
 * Face checkpoint ({@code modeling_switch_transformers.py}, {@code modeling_t5.py}). The rules
 * follow the prelude's instance names ({@code encoder.layer_{i}.attention.q}, …) and the
 * top-level names the samples use ({@code embedding}, optionally {@code lm_head}); a parameter
 * outside them has no HF name, which the importer reports.
 */
public final class HfNames {
    private HfNames() {}

    /** The HF name of the tied input/output embedding. */
    public static final String SHARED = "shared.weight";
    public static final String LM_HEAD = "lm_head.weight";

    /** Copies of {@link #SHARED} that older checkpoints store besides it. */
    public static final List<String> SHARED_ALIASES = List.of("encoder.embed_tokens.weight", "decoder.embed_tokens.weight");

    /**
     * A tensor transformers itself ignores when loading T5 ({@code _keys_to_ignore_on_load_unexpected}):
     * old checkpoints carry an unused relative bias in the first cross-attention.
     */
    public static final String IGNORED_CROSS_ATTENTION_BIAS = "decoder.block.0.layer.1.EncDecAttention.relative_attention_bias.weight";

    /** The FFN module's name: SwitchTransformers calls it {@code mlp}, T5 {@code DenseReluDense}. */
    public enum FfnNaming {
        SWITCH("mlp"), T5("DenseReluDense");

        private final String module;

        FfnNaming(String module) { this.module = module; }

        public String module() { return module; }
    }

    /**
     * One parameter's HF tensors: one name, or (when {@code stacked}) one per expert, the
     * experts being our leading dim.
     */
    public record Mapping(String path, List<String> hfNames, boolean stacked, HfLayout layout) {
        public Mapping {
            hfNames = List.copyOf(hfNames);
        }

        /** The shape each HF tensor must have for our parameter of shape {@code ours}. */
        public long[] hfShape(long[] ours) {
            return layout.hfShape(stacked ? java.util.Arrays.copyOfRange(ours, 1, ours.length) : ours);
        }
    }

    private static final Pattern LAYER = Pattern.compile("(encoder|decoder)\\.layer_(\\d+)\\.(.+)");
    private static final Pattern FINAL_NORM = Pattern.compile("(encoder|decoder)\\.final_norm\\.scale");
    private static final Pattern ATTENTION = Pattern.compile("(attention|self_attention|cross_attention)\\.(q|k|v|o|relative_bias)");
    private static final Pattern FFN_DENSE = Pattern.compile("ffn\\.mlp\\.(wi|wo|wi_0|wi_1)");
    private static final Pattern FFN_EXPERTS = Pattern.compile("ffn\\.mlp\\.experts\\.(wi|wo)");

    /** The HF tensors of parameter {@code path} of shape {@code shape}; empty when no rule covers it. */
    public static Optional<Mapping> of(String path, long[] shape, FfnNaming naming) {
        switch (path) {
            case "embedding", "shared" -> { return Optional.of(new Mapping(path, List.of(SHARED), false, new HfLayout.Same())); }
            case "lm_head" -> { return Optional.of(new Mapping(path, List.of(LM_HEAD), false, new HfLayout.Linear(1))); }
            default -> { }
        }
        Matcher f = FINAL_NORM.matcher(path);
        if (f.matches()) return Optional.of(new Mapping(path, List.of(f.group(1) + ".final_layer_norm.weight"), false, new HfLayout.Same()));
        Matcher m = LAYER.matcher(path);
        if (!m.matches()) return Optional.empty();
        boolean decoder = m.group(1).equals("decoder");
        String block = m.group(1) + ".block." + m.group(2) + ".layer.";
        String rest = m.group(3);
        int ffnLayer = decoder ? 2 : 1;
        // sublayer norms: encoder attention_norm / decoder self_attention_norm at layer.0, cross at layer.1
        if (rest.equals(decoder ? "self_attention_norm.scale" : "attention_norm.scale")) return same(path, block + "0.layer_norm.weight");
        if (decoder && rest.equals("cross_attention_norm.scale")) return same(path, block + "1.layer_norm.weight");
        if (rest.equals("ffn.ffn_norm.scale")) return same(path, block + ffnLayer + ".layer_norm.weight");
        Matcher a = ATTENTION.matcher(rest);
        if (a.matches()) {
            String kind = a.group(1);
            boolean cross = kind.equals("cross_attention");
            if (kind.equals("attention") == decoder) return Optional.empty(); // encoder: attention; decoder: self_/cross_
            String module = cross ? "1.EncDecAttention." : "0.SelfAttention.";
            String w = a.group(2);
            if (w.equals("relative_bias")) {
                return cross ? Optional.empty() : same(path, block + module + "relative_attention_bias.weight");
            }
            // q, k, v: [d_model, heads, d_kv] (one input dim); o: [heads, d_kv, d_model] (two)
            return Optional.of(new Mapping(path, List.of(block + module + w + ".weight"), false, new HfLayout.Linear(w.equals("o") ? 2 : 1)));
        }
        String ffn = block + ffnLayer + ".";
        Matcher e = FFN_EXPERTS.matcher(rest);
        if (e.matches()) {
            if (shape.length < 1) return Optional.empty();
            List<String> names = new ArrayList<>();
            for (long j = 0; j < shape[0]; j++) names.add(ffn + "mlp.experts.expert_" + j + "." + e.group(1) + ".weight");
            return Optional.of(new Mapping(path, names, true, new HfLayout.Linear(1)));
        }
        if (rest.equals("ffn.mlp.router.classifier")) {
            return Optional.of(new Mapping(path, List.of(ffn + "mlp.router.classifier.weight"), false, new HfLayout.Linear(1)));
        }
        Matcher d = FFN_DENSE.matcher(rest);
        if (d.matches()) {
            return Optional.of(new Mapping(path, List.of(ffn + naming.module() + "." + d.group(1) + ".weight"), false, new HfLayout.Linear(1)));
        }
        return Optional.empty();
    }

    private static Optional<Mapping> same(String path, String hf) {
        return Optional.of(new Mapping(path, List.of(hf), false, new HfLayout.Same()));
    }
}
