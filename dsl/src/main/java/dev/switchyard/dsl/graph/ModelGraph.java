package dev.switchyard.dsl.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A fully elaborated model: the output of the checker and the only input of the compiler.
 * Blocks, loops and conditions are gone; every op instance is one {@link Node} (experts are a dim,
 * not a loop, so a layer with 2048 experts is still a handful of nodes).
 *
 * @param name     the model's name
 * @param mesh     the chosen mesh (axes and sizes)
 * @param layout   the layout rules in force (dim → mesh axes)
 * @param params   parameters, ids 0..P-1, in first-use order
 * @param inputs   forward inputs, ids P..P+I-1, in declaration order
 * @param nodes    nodes, ids P+I.., topologically ordered
 * @param outputs  forward outputs, in declaration order
 */
public record ModelGraph(String name, Mesh mesh, List<LayoutRule> layout, List<Param> params,
                         List<Input> inputs, List<Node> nodes, List<Output> outputs) {

    public ModelGraph {
        layout = List.copyOf(layout);
        params = List.copyOf(params);
        inputs = List.copyOf(inputs);
        nodes = List.copyOf(nodes);
        outputs = List.copyOf(outputs);
    }

    /** The value with this id. */
    public Value value(int id) {
        if (id < params.size()) return params.get(id);
        id -= params.size();
        if (id < inputs.size()) return inputs.get(id);
        return nodes.get(id - inputs.size());
    }

    public int valueCount() { return params.size() + inputs.size() + nodes.size(); }

    /** All values in id order. */
    public List<Value> values() {
        List<Value> all = new ArrayList<>(valueCount());
        all.addAll(params);
        all.addAll(inputs);
        all.addAll(nodes);
        return Collections.unmodifiableList(all);
    }

    /** Total number of parameter elements. */
    public long parameterCount() {
        long n = 0;
        for (Param p : params) n = Math.addExact(n, p.type().elementCount()); // checked at elaboration: never throws
        return n;
    }

    /** The stable text form ({@code switchyard check --emit graph}). */
    public String print() { return GraphPrinter.print(this); }

    @Override public String toString() { return print(); }
}
