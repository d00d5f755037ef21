package dev.switchyard.compiler.autodiff;

import dev.switchyard.compiler.CompileException;
import dev.switchyard.compiler.lower.GraphLowering;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.GraphBuilder;
import dev.switchyard.dsl.graph.GraphVerifier;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.Output;
import dev.switchyard.dsl.graph.Param;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.Sharding;
import dev.switchyard.dsl.graph.TensorType;
import dev.switchyard.dsl.graph.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Reverse-mode autodiff on the model graph: appends to {@code forward} the cotangent of every
 * parameter with respect to one scalar output.
 *
 * <p>The result has the same parameters and inputs (same ids) and the same nodes, then the
 * backward nodes; its outputs are the forward's outputs in order, then one output per parameter in
 * parameter order named {@code grad/} + path, of the parameter's dims, in f32 for a bf16/f16
 * parameter (gradients accumulate in f32) and else in the parameter's element type, sharded like
 * the parameter. Each primitive's rule lives with its lowering ({@link GraphLowering#vjp}).
 * Backward nodes carry the block path and source span of the forward node they differentiate.
 */
public final class GradPass {
    private GradPass() {}

    /** The output name of parameter {@code p}'s gradient. */
    public static String gradName(Param p) { return "grad/" + p.path(); }

    public static ModelGraph apply(ModelGraph forward, String lossOutput) {
        GraphVerifier.verify(forward);
        Value loss = lossValue(forward, lossOutput);
        int params = forward.params().size();
        boolean[] reaches = reaches(forward);
        boolean[] needed = needed(forward, loss.id());
        GraphBuilder b = GraphBuilder.from(forward);
        Vjp cx = new Vjp(b, reaches, params);
        cx.seed(loss.id(), b.at("", loss.span()).constant(1, loss.type()));
        List<Node> nodes = forward.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (!reaches[n.id()] || !needed[n.id()] || cx.cotangentOf(n.id()) == null) continue;
            b.at(n.blockPath(), n.span());
            GraphLowering.vjp(n, cx);
        }
        b.at("", dev.switchyard.dsl.SourceSpan.NONE);
        for (Param p : forward.params()) b.output(gradName(p), gradient(forward, b, cx, p));
        return GraphVerifier.verify(b.finish(forward));
    }

    /** The parameter's accumulated cotangent (zero if the loss does not depend on it), typed and sharded as the contract says. */
    private static int gradient(ModelGraph forward, GraphBuilder b, Vjp cx, Param p) {
        TensorType want = gradType(p.type());
        Integer c = cx.cotangentOf(p.id());
        int g = c == null ? b.constant(0, want) : cx.convert(c, want.elem());
        Sharding ruled = GraphBuilder.ruled(want, forward.layout(), forward.mesh());
        if (ruled.equals(p.sharding())) return g;
        return b.nodeWithSharding(Primitive.LAYOUT, Attrs.NONE, want, p.sharding(), g);
    }

    /** f32 for 16-bit float parameters, else the parameter's type. */
    public static TensorType gradType(TensorType param) {
        ElemType e = param.elem();
        return e == ElemType.BF16 || e == ElemType.F16 ? param.withElem(ElemType.F32) : param;
    }

    private static Value lossValue(ModelGraph g, String name) {
        for (Output o : g.outputs()) {
            if (!o.name().equals(name)) continue;
            Value v = g.value(o.value());
            if (v.type().isScalar() && v.type().elem().isFloat()) return v;
            throw new CompileException("output '" + name + "' of model " + g.name() + " is " + v.type()
                    + ", but the objective must be a scalar float; the outputs are " + describe(g));
        }
        throw new CompileException("model " + g.name() + " has no output '" + name + "' to differentiate; its outputs are "
                + describe(g));
    }

    private static String describe(ModelGraph g) {
        List<String> parts = new ArrayList<>();
        for (Output o : g.outputs()) parts.add(o.name() + ": " + g.value(o.value()).type());
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** Values that depend on a float parameter through differentiable operations. */
    private static boolean[] reaches(ModelGraph g) {
        boolean[] r = new boolean[g.valueCount()];
        for (Param p : g.params()) r[p.id()] = p.type().elem().isFloat();
        for (Node n : g.nodes()) {
            if (!n.type().elem().isFloat() || blocks(n.op())) continue;
            for (int o : n.operands()) r[n.id()] |= r[o];
        }
        return r;
    }

    /** Primitives through which no gradient flows, whatever their operands. */
    private static boolean blocks(Primitive p) {
        return p == Primitive.STOP_GRADIENT;
    }

    /** Values the loss depends on. */
    private static boolean[] needed(ModelGraph g, int loss) {
        boolean[] need = new boolean[g.valueCount()];
        need[loss] = true;
        List<Node> nodes = g.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (!need[n.id()]) continue;
            for (int o : n.operands()) need[o] = true;
        }
        return need;
    }
}
