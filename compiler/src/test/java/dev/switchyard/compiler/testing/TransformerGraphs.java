package dev.switchyard.compiler.testing;

import static dev.switchyard.dsl.graph.ElemType.BF16;
import static dev.switchyard.dsl.graph.ElemType.F32;
import static dev.switchyard.dsl.graph.ElemType.I1;
import static dev.switchyard.dsl.graph.ElemType.I32;

import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.GraphBuilder;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.Initializer;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * T5 / Switch Transformer encoder-decoder graphs built directly (the shape of what the prelude's
 * {@code encoder}/{@code decoder}/{@code switch_ffn} elaborate to), for compiler tests and scale
 * measurements while the front end is being written. Routing follows the Switch doc (one sequence
 * per group, top-1, position-order slots); the relative-position bucketing is simplified (a clamped
 * offset) since these graphs test lowering and cost, not T5 numerics.
 */
public final class TransformerGraphs {

    /** A model configuration (the doc's table) plus the step shape. */
    public record Config(String name, long dModel, long dFf, long heads, long dKv, int encLayers, int decLayers,
                         long experts, int sparseEvery, long vocab, long batch, long seq, long capacity,
                         Map<String, Long> mesh) {
        public boolean sparse(int layer) { return experts > 0 && sparseEvery > 0 && layer % sparseEvery == sparseEvery - 1; }
    }

    public static Config t5Base(long batch, long seq) {
        return new Config("t5_base", 768, 3072, 12, 64, 12, 12, 0, 0, 32128, batch, seq, 0, Map.of("data", 1L));
    }

    public static Config switchBase(long experts, long batch, long seq) {
        return new Config("switch_base_" + experts, 768, 3072, 12, 64, 12, 12, experts, 2, 32128, batch, seq, 64,
                Map.of("data", 1L, "expert", experts));
    }

    /** As samples/switch_c_2048.sy: capacity max(4, floor(seq / 2048 × 1.0)) = 4 at seq 512, mesh data=8 × expert=256. */
    public static Config switchC2048(int layers, long batch, long seq) {
        return new Config("switch_c_2048", 2080, 6144, 30, 64, layers, layers, 2048, 1, 32128, batch, seq,
                Math.max(4, seq / 2048), Map.of("data", 8L, "expert", 256L));
    }

    private final Config c;
    private final GraphBuilder b;
    private final List<Integer> aux = new ArrayList<>();
    private final List<Integer> z = new ArrayList<>();

    private TransformerGraphs(Config c) {
        this.c = c;
        List<String> axes = new ArrayList<>();
        for (String a : List.of("data", "expert")) if (c.mesh().containsKey(a)) axes.add(a + "=" + c.mesh().get(a));
        this.b = new GraphBuilder(c.name(), dev.switchyard.compiler.testing.Types.mesh(axes.toArray(String[]::new))).rule("batch", "data");
        if (c.mesh().containsKey("expert")) b.rule("experts", "expert");
    }

    public static ModelGraph build(Config c) { return new TransformerGraphs(c).model(); }

    // ---- dims ------------------------------------------------------------------------------

    private Dim d(String n) {
        return switch (n) {
            case "batch" -> new Dim(n, c.batch());
            case "seq", "seq_k", "tgt", "tgt_k" -> new Dim(n, c.seq());
            case "d_model" -> new Dim(n, c.dModel());
            case "d_ff" -> new Dim(n, c.dFf());
            case "heads" -> new Dim(n, c.heads());
            case "d_kv" -> new Dim(n, c.dKv());
            case "vocab" -> new Dim(n, c.vocab());
            case "rel_buckets" -> new Dim(n, 32);
            case "experts" -> new Dim(n, c.experts());
            case "capacity" -> new Dim(n, c.capacity());
            default -> throw new IllegalArgumentException(n);
        };
    }

    private TensorType t(ElemType e, String... names) {
        List<Dim> ds = new ArrayList<>();
        for (String n : names) ds.add(d(n));
        return new TensorType(e, ds);
    }

    private TensorType with(TensorType t, ElemType e) { return t.withElem(e); }

    private int param(String path, TensorType t, long fanIn) { return b.param(path, t, new Initializer.TruncatedNormal(0.1, fanIn)); }

    private int node(Primitive p, Attrs a, TensorType t, int... ops) { return b.node(p, a, t, ops); }

    private int einsum(int x, int y, TensorType out) {
        TensorType tx = b.type(x), ty = b.type(y);
        List<String> contract = new ArrayList<>(), batch = new ArrayList<>();
        for (Dim dd : tx.dims()) {
            if (!ty.has(dd.name())) continue;
            if (out.has(dd.name())) batch.add(dd.name());
            else contract.add(dd.name());
        }
        return node(Primitive.EINSUM, new Attrs.Einsum(contract, batch), out, x, y);
    }

    private int bcast(int x, TensorType to) { return b.type(x).equals(to) ? x : node(Primitive.BROADCAST, Attrs.NONE, to, x); }

    private int constant(double v, TensorType t) { return node(Primitive.CONSTANT, new Attrs.Constant(v), t); }

    private int convert(int x, ElemType e) { return b.type(x).elem() == e ? x : node(Primitive.CONVERT, Attrs.NONE, b.type(x).withElem(e), x); }

    private int bin(Primitive p, int x, int y) { return node(p, Attrs.NONE, b.type(x), x, y); }

    private int reduce(Primitive p, int x, String... dims) {
        List<Dim> rest = new ArrayList<>();
        for (Dim dd : b.type(x).dims()) if (!List.of(dims).contains(dd.name())) rest.add(dd);
        return node(p, new Attrs.Reduce(List.of(dims)), new TensorType(b.type(x).elem(), rest), x);
    }

    // ---- layers ----------------------------------------------------------------------------

    private int rmsNorm(int x, String path) {
        b.at(path);
        TensorType tx = b.type(x);
        int scale = b.param(path + ".scale", t(BF16, "d_model"), new Initializer.Ones());
        int xf = convert(x, F32);
        int mean = reduce(Primitive.REDUCE_MEAN, bin(Primitive.MUL, xf, xf), "d_model");
        int inv = node(Primitive.RSQRT, Attrs.NONE, b.type(mean), bin(Primitive.ADD, mean, constant(1e-6, b.type(mean))));
        int y = convert(bin(Primitive.MUL, xf, bcast(inv, b.type(xf))), tx.elem());
        return bin(Primitive.MUL, y, bcast(scale, tx));
    }

    private int attention(int x, int mem, String q, String k, String path, boolean relative, boolean causal, Optional<Integer> table) {
        b.at(path);
        int wq = param(path + ".q", t(BF16, "d_model", "heads", "d_kv"), c.dModel() * c.dKv());
        int wk = param(path + ".k", t(BF16, "d_model", "heads", "d_kv"), c.dModel());
        int wv = param(path + ".v", t(BF16, "d_model", "heads", "d_kv"), c.dModel());
        int wo = param(path + ".o", t(BF16, "heads", "d_kv", "d_model"), c.heads() * c.dKv());
        int qh = einsum(x, wq, t(BF16, "batch", q, "heads", "d_kv"));
        int kh = einsum(mem, wk, t(BF16, "batch", k, "heads", "d_kv"));
        int vh = einsum(mem, wv, t(BF16, "batch", k, "heads", "d_kv"));
        TensorType st = t(F32, "batch", q, "heads", k);
        int scores = convert(einsum(qh, kh, t(BF16, "batch", q, "heads", k)), F32);
        if (relative) {
            int rel = bin(Primitive.SUB, node(Primitive.IOTA, new Attrs.Axis(k), t(I32, q, k)), node(Primitive.IOTA, new Attrs.Axis(q), t(I32, q, k)));
            int bucket = bin(Primitive.MIN, bin(Primitive.MAX, bin(Primitive.ADD, rel, constant(16, t(I32, q, k))), constant(0, t(I32, q, k))),
                    constant(31, t(I32, q, k)));
            int bias = node(Primitive.TAKE, new Attrs.Take("rel_buckets"), t(F32, q, k, "heads"), table.orElseThrow(), bucket);
            scores = bin(Primitive.ADD, scores, bcast(bias, st));
        }
        if (causal) {
            int mask = node(Primitive.LE, Attrs.NONE, t(I1, q, k), node(Primitive.IOTA, new Attrs.Axis(k), t(I32, q, k)),
                    node(Primitive.IOTA, new Attrs.Axis(q), t(I32, q, k)));
            scores = node(Primitive.SELECT, Attrs.NONE, st, bcast(mask, with(st, I1)), scores, constant(-1e9, st));
        }
        int w = convert(node(Primitive.SOFTMAX, new Attrs.Axis(k), st, scores), BF16);
        int ctx = einsum(w, vh, t(BF16, "batch", q, "heads", "d_kv"));
        return einsum(ctx, wo, t(BF16, "batch", q, "d_model"));
    }

    private int denseFfn(int x, String s, String path) {
        b.at(path);
        int wi = param(path + ".wi", t(BF16, "d_model", "d_ff"), c.dModel());
        int wo = param(path + ".wo", t(BF16, "d_ff", "d_model"), c.dFf());
        int h = node(Primitive.RELU, Attrs.NONE, t(BF16, "batch", s, "d_ff"), einsum(x, wi, t(BF16, "batch", s, "d_ff")));
        return einsum(h, wo, t(BF16, "batch", s, "d_model"));
    }

    /** Top-1 Switch FFN over tokens dim {@code s}, one sequence per group. */
    private int switchFfn(int x, String s, String path) {
        b.at(path + ".router");
        int xr = convert(x, F32);
        int wr = param(path + ".router.classifier", t(F32, "d_model", "experts"), c.dModel());
        TensorType lt = t(F32, "batch", s, "experts");
        int logits = einsum(xr, wr, lt);
        int probs = node(Primitive.SOFTMAX, new Attrs.Axis("experts"), lt, logits);
        int expert = node(Primitive.ARGMAX, new Attrs.Axis("experts"), t(I32, "batch", s), probs);
        int gate = reduce(Primitive.REDUCE_MAX, probs, "experts");
        int mask = node(Primitive.ONE_HOT, new Attrs.OneHot("experts"), lt, expert);
        int position = node(Primitive.CUMSUM, new Attrs.Cumsum(s, false), lt, mask);
        int slot1 = convert(reduce(Primitive.REDUCE_SUM, bin(Primitive.MUL, position, mask), "experts"), I32);
        int slot = bin(Primitive.SUB, slot1, constant(1, t(I32, "batch", s)));
        int f = reduce(Primitive.REDUCE_MEAN, mask, s);
        int p = reduce(Primitive.REDUCE_MEAN, probs, s);
        int a = reduce(Primitive.REDUCE_MEAN, reduce(Primitive.REDUCE_SUM, bin(Primitive.MUL, f, p), "experts"), "batch");
        aux.add(bin(Primitive.MUL, a, constant(c.experts(), TensorType.scalar(F32))));
        int lse = reduce(Primitive.REDUCE_LOGSUMEXP, logits, "experts");
        z.add(reduce(Primitive.REDUCE_MEAN, bin(Primitive.MUL, lse, lse), "batch", s));
        b.at(path);
        Attrs.Moe moe = new Attrs.Moe(s, "experts", "capacity", Optional.empty());
        int xe = node(Primitive.MOE_DISPATCH, moe, t(BF16, "experts", "batch", "capacity", "d_model"), x, expert, slot);
        b.at(path + ".experts");
        int wi = param(path + ".experts.wi", t(BF16, "experts", "d_model", "d_ff"), c.dModel());
        int wo = param(path + ".experts.wo", t(BF16, "experts", "d_ff", "d_model"), c.dFf());
        TensorType ht = t(BF16, "experts", "batch", "capacity", "d_ff");
        int h = node(Primitive.RELU, Attrs.NONE, ht, einsum(xe, wi, ht));
        int ye = einsum(h, wo, t(BF16, "experts", "batch", "capacity", "d_model"));
        b.at(path);
        return node(Primitive.MOE_COMBINE, moe, t(BF16, "batch", s, "d_model"), ye, expert, slot, convert(gate, BF16));
    }

    private int ffnSublayer(int x, String s, String path, boolean sparse) {
        int h = rmsNorm(x, path + ".ffn_norm");
        int y = sparse ? switchFfn(h, s, path + ".mlp") : denseFfn(h, s, path + ".mlp");
        return bin(Primitive.ADD, x, y);
    }

    private int rename(int x, String from, String to) {
        TensorType tx = b.type(x);
        List<Dim> ds = new ArrayList<>();
        for (Dim dd : tx.dims()) ds.add(dd.name().equals(from) ? d(to) : dd);
        return node(Primitive.RENAME, new Attrs.Rename(Map.of(from, to)), new TensorType(tx.elem(), ds), x);
    }

    private ModelGraph model() {
        int emb = param("shared", t(BF16, "vocab", "d_model"), c.dModel());
        int src = b.input("src", t(I32, "batch", "seq"));
        int tgt = b.input("tgt", t(I32, "batch", "tgt"));
        int x = node(Primitive.TAKE, new Attrs.Take("vocab"), t(BF16, "batch", "seq", "d_model"), emb, src);
        Optional<Integer> encTable = Optional.empty();
        for (int i = 0; i < c.encLayers(); i++) {
            String path = "encoder.layer_" + i;
            if (i == 0) encTable = Optional.of(param(path + ".attention.relative_bias", t(F32, "rel_buckets", "heads"), c.heads()));
            int h = rmsNorm(x, path + ".attention_norm");
            x = bin(Primitive.ADD, x, attention(h, rename(h, "seq", "seq_k"), "seq", "seq_k", path + ".attention", true, false, encTable));
            x = ffnSublayer(x, "seq", path, c.sparse(i));
        }
        int memory = rmsNorm(x, "encoder.final_norm");
        int y = node(Primitive.TAKE, new Attrs.Take("vocab"), t(BF16, "batch", "tgt", "d_model"), emb, tgt);
        Optional<Integer> decTable = Optional.empty();
        for (int i = 0; i < c.decLayers(); i++) {
            String path = "decoder.layer_" + i;
            if (i == 0) decTable = Optional.of(param(path + ".self_attention.relative_bias", t(F32, "rel_buckets", "heads"), c.heads()));
            int h = rmsNorm(y, path + ".self_attention_norm");
            y = bin(Primitive.ADD, y, attention(h, rename(h, "tgt", "tgt_k"), "tgt", "tgt_k", path + ".self_attention", true, true, decTable));
            h = rmsNorm(y, path + ".cross_attention_norm");
            y = bin(Primitive.ADD, y, attention(h, memory, "tgt", "seq", path + ".cross_attention", false, false, Optional.empty()));
            y = ffnSublayer(y, "tgt", path, c.sparse(i));
        }
        y = rmsNorm(y, "decoder.final_norm");
        b.at("");
        int logits = einsum(y, emb, t(BF16, "batch", "tgt", "vocab"));
        b.output("logits", logits);
        if (!aux.isEmpty()) {
            b.output("aux_loss", sum(aux));
            b.output("z_loss", sum(z));
        }
        return b.build();
    }

    private int sum(List<Integer> xs) {
        int acc = xs.get(0);
        for (int i = 1; i < xs.size(); i++) acc = bin(Primitive.ADD, acc, xs.get(i));
        return acc;
    }
}
