package dev.switchyard.compiler.lower;

import dev.switchyard.compiler.autodiff.Vjp;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.TensorType;
import dev.switchyard.hlo.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * MOE_DISPATCH and MOE_COMBINE: lowered by the chosen {@link DispatchLowering} (one-hot einsums or
 * gather/scatter); their VJPs are each other. Dispatch is linear in x, and its transpose is a
 * combine with gate 1; combine is linear in y, and its transpose is a dispatch of the gated
 * cotangent, one choice at a time for top-k (dispatch moves a token, combine sums its choices).
 * The gate's cotangent is the cotangent dotted with the expert output it weighted, which is how
 * the router learns. expert and slot are integers: no cotangent.
 */
final class MoeLowering {
    private MoeLowering() {}

    static Value dispatch(Node n, LoweringContext cx) { return cx.dispatch().dispatch(n, cx); }

    static Value combine(Node n, LoweringContext cx) { return cx.dispatch().combine(n, cx); }

    static void dispatchVjp(Node n, Vjp cx) {
        if (!cx.needs(n, 0)) return;
        Attrs.Moe m = (Attrs.Moe) n.attrs();
        int expert = Vjp.operand(n, 1), slot = Vjp.operand(n, 2);
        TensorType x = cx.type(Vjp.operand(n, 0));
        int ones = cx.constant(1, cx.type(expert).withElem(x.elem()));
        cx.add(n, 0, cx.node(Primitive.MOE_COMBINE, m, cx.cot(n), expert, slot, ones));
    }

    static void combineVjp(Node n, Vjp cx) {
        Attrs.Moe m = (Attrs.Moe) n.attrs();
        int y = Vjp.operand(n, 0), expert = Vjp.operand(n, 1), slot = Vjp.operand(n, 2), gate = Vjp.operand(n, 3);
        int g = cx.cot(n);
        TensorType yt = cx.type(y);
        List<Choice> choices = choices(n, cx, m, expert, slot, gate);
        Attrs.Moe top1 = new Attrs.Moe(m.tokens(), m.experts(), m.capacity(), Optional.empty());
        if (cx.needs(n, 0)) {
            int dy = -1;
            for (Choice c : choices) {
                int weighted = cx.mul(g, cx.broadcast(c.gate(), n.type()));
                int part = cx.node(Primitive.MOE_DISPATCH, top1, yt, weighted, c.expert(), c.slot());
                dy = dy < 0 ? part : cx.add(dy, part);
            }
            cx.add(n, 0, dy);
        }
        if (cx.needs(n, 3)) {
            List<Integer> parts = new ArrayList<>();
            for (Choice c : choices) {
                int ones = cx.constant(1, cx.type(c.gate()));
                int picked = cx.node(Primitive.MOE_COMBINE, top1, y, c.expert(), c.slot(), ones);
                parts.add(cx.sumTo(cx.mul(g, picked), cx.type(c.gate())));
            }
            if (m.choice().isEmpty()) {
                cx.add(n, 3, parts.get(0));
            } else {
                // back to the choice dim: each part gets its size-1 dim again, then all are concatenated
                String k = m.choice().get();
                TensorType gt = cx.type(gate);
                List<String> names = new ArrayList<>();
                int[] ids = new int[parts.size()];
                for (int i = 0; i < parts.size(); i++) {
                    String name = k + "_at" + i + "_" + n.id();
                    names.add(name);
                    ids[i] = cx.node(Primitive.RESHAPE, Attrs.NONE, Vjp.replaceDim(gt, k, new Dim(name, 1)), parts.get(i));
                }
                cx.add(n, 3, ids.length == 1 ? cx.rename(ids[0], java.util.Map.of(names.get(0), k))
                        : cx.node(Primitive.CONCAT, new Attrs.Concat(names, k), gt, ids));
            }
        }
    }

    /** One top-1 routing decision: expert, slot and gate without the choice dim. */
    private record Choice(int expert, int slot, int gate) {}

    private static List<Choice> choices(Node n, Vjp cx, Attrs.Moe m, int expert, int slot, int gate) {
        if (m.choice().isEmpty()) return List.of(new Choice(expert, slot, gate));
        String k = m.choice().get();
        long size = cx.type(expert).dim(k).orElseThrow().size();
        List<Choice> out = new ArrayList<>();
        for (int i = 0; i < size; i++) out.add(new Choice(pick(cx, expert, k, i, n), pick(cx, slot, k, i, n), pick(cx, gate, k, i, n)));
        return out;
    }

    /** Choice {@code i} of {@code v}: a size-1 slice along the choice dim, reshaped away. */
    private static int pick(Vjp cx, int v, String k, int i, Node n) {
        TensorType t = cx.type(v);
        String one = k + "_at" + i + "_" + n.id();
        int s = cx.node(Primitive.SLICE, new Attrs.Slice(k, i, one), Vjp.replaceDim(t, k, new Dim(one, 1)), v);
        return cx.node(Primitive.RESHAPE, Attrs.NONE, Vjp.without(t, List.of(k)), s);
    }

    /** The family's entry points (reached from {@link GraphLowering} by the primitive's group). */
    static Value lower(Node n, LoweringContext cx) {
        return switch (n.op()) {
            case MOE_DISPATCH -> dispatch(n, cx);
            case MOE_COMBINE -> combine(n, cx);
            default -> throw new IllegalStateException("not a MoE primitive: " + n.op());
        };
    }

    static void vjp(Node n, Vjp cx) {
        switch (n.op()) {
            case MOE_DISPATCH -> dispatchVjp(n, cx);
            case MOE_COMBINE -> combineVjp(n, cx);
            default -> throw new IllegalStateException("not a MoE primitive: " + n.op());
        }
    }
}
