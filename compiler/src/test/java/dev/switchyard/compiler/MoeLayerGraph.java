package dev.switchyard.compiler;

import static dev.switchyard.dsl.graph.ElemType.F32;
import static dev.switchyard.dsl.graph.ElemType.I32;

import dev.switchyard.dsl.graph.GraphBuilder;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.Initializer;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One Switch FFN layer in f32, as the prelude's {@code switch_ffn} / {@code moe_ffn} elaborate:
 * router (softmax, argmax or top-k with renormalised gates), position-order slots (choice-major
 * for top-k), load-balancing and z losses, dispatch, expert FFN, combine. Parameters:
 * {@code router} [d, experts], {@code wi} [experts, d, d_ff], {@code wo} [experts, d_ff, d];
 * input {@code x} [group, tokens, d]; outputs {@code hidden}, {@code aux_loss}, {@code z_loss}.
 */
final class MoeLayerGraph {
    final long g, t, d, e, f, c, k;
    private final GraphBuilder b = new GraphBuilder("switch_ffn", dev.switchyard.compiler.testing.Types.mesh("data=1", "expert=1"))
            .rule("group", "data").rule("experts", "expert");

    MoeLayerGraph(long g, long t, long d, long e, long f, long c, long k) {
        this.g = g; this.t = t; this.d = d; this.e = e; this.f = f; this.c = c; this.k = k;
    }

    private TensorType ty(ElemType el, String... names) {
        List<Dim> ds = new ArrayList<>();
        for (String n : names) {
            long size = switch (n) {
                case "group" -> g; case "tokens" -> t; case "d" -> d; case "experts" -> e; case "d_ff" -> f;
                case "capacity" -> c; case "choice" -> k;
                default -> throw new IllegalArgumentException(n);
            };
            ds.add(new Dim(n, size));
        }
        return new TensorType(el, ds);
    }

    private int node(Primitive p, Attrs a, TensorType type, int... ops) { return b.node(p, a, type, ops); }

    private int bin(Primitive p, int x, int y) { return node(p, Attrs.NONE, b.type(x), x, y); }

    private int reduce(Primitive p, int x, String... dims) {
        List<Dim> rest = new ArrayList<>();
        for (Dim dd : b.type(x).dims()) if (!List.of(dims).contains(dd.name())) rest.add(dd);
        return node(p, new Attrs.Reduce(List.of(dims)), new TensorType(b.type(x).elem(), rest), x);
    }

    private int constant(double v, TensorType type) { return node(Primitive.CONSTANT, new Attrs.Constant(v), type); }

    private int bcast(int x, TensorType to) { return node(Primitive.BROADCAST, Attrs.NONE, to, x); }

    private int einsum(int x, int y, TensorType out, List<String> contract, List<String> batch) {
        return node(Primitive.EINSUM, new Attrs.Einsum(contract, batch), out, x, y);
    }

    ModelGraph build() {
        int router = b.param("router", ty(F32, "d", "experts"), new Initializer.Normal(1));
        int wi = b.param("wi", ty(F32, "experts", "d", "d_ff"), new Initializer.Normal(1));
        int wo = b.param("wo", ty(F32, "experts", "d_ff", "d"), new Initializer.Normal(1));
        int x = b.input("x", ty(F32, "group", "tokens", "d"));
        TensorType lt = ty(F32, "group", "tokens", "experts");
        int logits = einsum(x, router, lt, List.of("d"), List.of());
        int probs = node(Primitive.SOFTMAX, new Attrs.Axis("experts"), lt, logits);
        int top1 = node(Primitive.ARGMAX, new Attrs.Axis("experts"), ty(I32, "group", "tokens"), probs);
        int expert, slot, gate;
        Optional<String> choice;
        if (k == 1) {
            choice = Optional.empty();
            expert = top1;
            gate = reduce(Primitive.REDUCE_MAX, probs, "experts");
            int mask = node(Primitive.ONE_HOT, new Attrs.OneHot("experts"), lt, expert);
            int position = node(Primitive.CUMSUM, new Attrs.Cumsum("tokens", false), lt, mask);
            int s = node(Primitive.CONVERT, Attrs.NONE, ty(I32, "group", "tokens"), reduce(Primitive.REDUCE_SUM, bin(Primitive.MUL, position, mask), "experts"));
            slot = bin(Primitive.SUB, s, constant(1, ty(I32, "group", "tokens")));
        } else {
            choice = Optional.of("choice");
            TensorType rt = ty(F32, "group", "tokens", "choice");
            int values = node(Primitive.TOP_K_VALUES, new Attrs.TopK("experts", "choice"), rt, probs);
            expert = node(Primitive.TOP_K_INDICES, new Attrs.TopK("experts", "choice"), ty(I32, "group", "tokens", "choice"), probs);
            gate = bin(Primitive.DIV, values, bcast(reduce(Primitive.REDUCE_SUM, values, "choice"), rt));
            TensorType mt = ty(F32, "group", "tokens", "choice", "experts");
            int mask = node(Primitive.ONE_HOT, new Attrs.OneHot("experts"), mt, expert);
            int within = node(Primitive.CUMSUM, new Attrs.Cumsum("tokens", false), mt, mask);
            TensorType pt = ty(F32, "group", "choice", "experts");
            int before = node(Primitive.CUMSUM, new Attrs.Cumsum("choice", true), pt, reduce(Primitive.REDUCE_SUM, mask, "tokens"));
            int position = bin(Primitive.ADD, within, bcast(before, mt));
            int s = node(Primitive.CONVERT, Attrs.NONE, ty(I32, "group", "tokens", "choice"), reduce(Primitive.REDUCE_SUM, bin(Primitive.MUL, position, mask), "experts"));
            slot = bin(Primitive.SUB, s, constant(1, ty(I32, "group", "tokens", "choice")));
        }
        // Load balancing: f from the argmax before capacity dropping, P the mean probability.
        int onehot = node(Primitive.ONE_HOT, new Attrs.OneHot("experts"), lt, top1);
        int fe = reduce(Primitive.REDUCE_MEAN, onehot, "tokens");
        int pe = reduce(Primitive.REDUCE_MEAN, probs, "tokens");
        int perGroup = reduce(Primitive.REDUCE_SUM, bin(Primitive.MUL, fe, pe), "experts");
        int aux = bin(Primitive.MUL, reduce(Primitive.REDUCE_MEAN, perGroup, "group"), constant(e, TensorType.scalar(F32)));
        int lse = reduce(Primitive.REDUCE_LOGSUMEXP, logits, "experts");
        int z = reduce(Primitive.REDUCE_MEAN, bin(Primitive.MUL, lse, lse), "group", "tokens");
        Attrs.Moe moe = new Attrs.Moe("tokens", "experts", "capacity", choice);
        int xe = node(Primitive.MOE_DISPATCH, moe, ty(F32, "experts", "group", "capacity", "d"), x, expert, slot);
        TensorType ht = ty(F32, "experts", "group", "capacity", "d_ff");
        int h = node(Primitive.RELU, Attrs.NONE, ht, einsum(xe, wi, ht, List.of("d"), List.of("experts")));
        int ye = einsum(h, wo, ty(F32, "experts", "group", "capacity", "d"), List.of("d_ff"), List.of("experts"));
        int y = node(Primitive.MOE_COMBINE, moe, ty(F32, "group", "tokens", "d"), ye, expert, slot, gate);
        return b.output("hidden", y).output("aux_loss", aux).output("z_loss", z).build();
    }
}
