package dev.switchyard.cli.model;

import dev.switchyard.dsl.graph.Input;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.Output;
import dev.switchyard.dsl.graph.Param;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model graph in Graphviz DOT: inputs and parameters as boxes, ops as ellipses with their
 * result type, grouped in clusters by the block instance they came from.
 */
public final class GraphDot {
    private GraphDot() {}

    public static String render(ModelGraph g) {
        StringBuilder b = new StringBuilder();
        b.append("digraph ").append(quote(g.name())).append(" {\n");
        b.append("  rankdir=TB;\n  node [fontname=\"DejaVu Sans Mono\", fontsize=10];\n");
        for (Input in : g.inputs()) {
            b.append("  v").append(in.id()).append(" [shape=box, style=filled, fillcolor=\"#d5f5e3\", label=")
                    .append(quote(in.name() + "\n" + in.type())).append("];\n");
        }
        for (Param p : g.params()) {
            b.append("  v").append(p.id()).append(" [shape=box, style=filled, fillcolor=\"#fdebd0\", label=")
                    .append(quote(p.path() + "\n" + p.type())).append("];\n");
        }
        Map<String, StringBuilder> clusters = new LinkedHashMap<>();
        for (Node n : g.nodes()) {
            String line = "    v" + n.id() + " [label=" + quote(n.op().toString().toLowerCase(java.util.Locale.ROOT) + "\n" + n.type()) + "];\n";
            clusters.computeIfAbsent(n.blockPath(), k -> new StringBuilder()).append(line);
        }
        int c = 0;
        for (Map.Entry<String, StringBuilder> e : clusters.entrySet()) {
            if (e.getKey().isEmpty()) {
                b.append(e.getValue().toString().replace("\n    ", "\n  "));
            } else {
                b.append("  subgraph cluster_").append(c++).append(" {\n    label=").append(quote(e.getKey()))
                        .append(";\n    style=rounded; color=\"#aab7b8\";\n").append(e.getValue()).append("  }\n");
            }
        }
        for (Node n : g.nodes()) {
            for (int operand : n.operands()) b.append("  v").append(operand).append(" -> v").append(n.id()).append(";\n");
        }
        List<Output> outputs = g.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            b.append("  out").append(i).append(" [shape=box, style=filled, fillcolor=\"#d6eaf8\", label=")
                    .append(quote(outputs.get(i).name())).append("];\n");
            b.append("  v").append(outputs.get(i).value()).append(" -> out").append(i).append(";\n");
        }
        return b.append("}\n").toString();
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
