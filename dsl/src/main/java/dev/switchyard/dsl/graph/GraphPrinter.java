package dev.switchyard.dsl.graph;

import java.util.List;
import java.util.Locale;

/**
 * The stable text form of a {@link ModelGraph}. One line per item:
 * <pre>
 * model switch_tiny
 * mesh default {data=2, expert=2} devices=4
 * layout batch -> data
 * param %0 encoder.layer_1.mlp.experts.wi : bf16[experts=4, d_model=8, d_ff=16] init=truncated_normal(0.1, 8) sharding=[{expert}, {}, {}] shared
 * input %5 tokens : i32[batch=4, seq=8] sharding=[{data}, {}]
 * %9 = einsum %3, %7 contract=[d_model] batch=[] : bf16[batch=4, seq=8, d_ff=16] sharding=[{data}, {}, {}]  @encoder.layer_0.mlp  # file.sy:12:5
 * output hidden = %42
 * </pre>
 * Source locations are printed with the file name only, so the text does not depend on where the
 * file lives.
 */
public final class GraphPrinter {
    private GraphPrinter() {}

    public static String print(ModelGraph g) {
        StringBuilder b = new StringBuilder();
        b.append("model ").append(g.name()).append('\n');
        b.append("mesh ").append(g.mesh().name()).append(" {");
        List<Mesh.Axis> axes = g.mesh().axes();
        for (int i = 0; i < axes.size(); i++) b.append(i > 0 ? ", " : "").append(axes.get(i));
        b.append("} devices=").append(g.mesh().devices()).append('\n');
        for (LayoutRule r : g.layout()) b.append("layout ").append(r).append('\n');
        for (Param p : g.params()) {
            b.append("param %").append(p.id()).append(' ').append(p.path()).append(" : ").append(p.type())
                    .append(" init=").append(p.init()).append(" sharding=").append(p.sharding());
            if (p.shared()) b.append(" shared");
            b.append('\n');
        }
        for (Input in : g.inputs()) {
            b.append("input %").append(in.id()).append(' ').append(in.name()).append(" : ").append(in.type())
                    .append(" sharding=").append(in.sharding()).append('\n');
        }
        for (Node n : g.nodes()) {
            b.append('%').append(n.id()).append(" = ").append(n.op().mnemonic());
            for (int i = 0; i < n.operands().size(); i++) {
                b.append(i == 0 ? " %" : ", %").append(n.operands().get(i));
            }
            String attrs = n.attrs().toString();
            if (!attrs.isEmpty()) b.append(' ').append(attrs);
            b.append(" : ").append(n.type()).append(" sharding=").append(n.sharding());
            if (!n.blockPath().isEmpty()) b.append("  @").append(n.blockPath());
            if (!n.span().isNone()) {
                String file = n.span().file();
                int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
                b.append("  # ").append(file.substring(slash + 1)).append(':').append(n.span().line())
                        .append(':').append(n.span().column());
            }
            b.append('\n');
        }
        for (Output o : g.outputs()) b.append("output ").append(o.name()).append(" = %").append(o.value()).append('\n');
        return b.toString();
    }

    /** Numbers as the shortest text that reads back to the same double; integers without ".0". */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return Double.toString(v).toLowerCase(Locale.ROOT);
    }
}
