package dev.switchyard.compiler;

import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.GraphVerifier;
import dev.switchyard.dsl.graph.Input;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.Param;
import dev.switchyard.dsl.graph.TensorType;
import java.util.List;

/**
 * A graph with every float tensor (parameters, inputs, nodes; bf16, f16, f32, f64 alike) in one
 * element type, e.g. f64 to check gradients against finite differences, where a bf16 model's
 * rounding would drown the difference quotient. Conversions between floats become identities;
 * integer and boolean tensors are unchanged.
 */
public final class PrecisionOverride {
    private PrecisionOverride() {}

    public static ModelGraph apply(ModelGraph g, ElemType floats) {
        if (!floats.isFloat()) throw new IllegalArgumentException("not a float type: " + floats);
        List<Param> params = g.params().stream().map(p -> new Param(p.id(), p.path(), retype(p.type(), floats), p.init(),
                p.sharding(), p.shared(), p.span())).toList();
        List<Input> inputs = g.inputs().stream().map(in -> new Input(in.id(), in.name(), retype(in.type(), floats),
                in.sharding(), in.span())).toList();
        List<Node> nodes = g.nodes().stream().map(n -> new Node(n.id(), n.op(), n.operands(), n.attrs(),
                retype(n.type(), floats), n.sharding(), n.span(), n.blockPath())).toList();
        return GraphVerifier.verify(new ModelGraph(g.name(), g.mesh(), g.layout(), params, inputs, nodes, g.outputs()));
    }

    private static TensorType retype(TensorType t, ElemType floats) { return t.elem().isFloat() ? t.withElem(floats) : t; }
}
