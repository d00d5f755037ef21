package dev.switchyard.compiler.lower;

import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.autodiff.Vjp;
import dev.switchyard.compiler.sharding.ShardingAnnotator;
import dev.switchyard.dsl.graph.Input;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.Output;
import dev.switchyard.dsl.graph.Param;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.Value;
import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.OpBuilder;
import dev.switchyard.hlo.ir.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers a model graph to one StableHLO module with a public {@code @main}:
 * <ol>
 *   <li>arguments: every parameter in graph order (first use during elaboration, which is the
 *       manifest's order), then every forward input in declaration order;</li>
 *   <li>results: the forward outputs in declaration order;</li>
 *   <li>named dims become positions in each graph tensor's own dim order;</li>
 *   <li>each live node becomes a few StableHLO ops ({@link #lowerNode}); nodes no output depends on
 *       are skipped;</li>
 *   <li>shardings: on every argument and result, and a constraint after LAYOUT nodes, user
 *       overrides and every MoE dispatch/combine (the expert tensor is pinned to the expert split,
 *       which is what makes XLA insert the all-to-all).</li>
 * </ol>
 */
public final class GraphLowering {
    private GraphLowering() {}

    public static ModuleOp lower(ModelGraph g, CompileOptions options) {
        ShardingAnnotator shardings = ShardingAnnotator.of(options.sharding(), g.mesh());
        ModuleOp m = new ModuleOp();
        m.setName(symbolName(g.name()));
        m.setAttribute("mhlo.num_partitions", Attribute.IntegerAttr.i32(g.mesh().devices()));
        m.setAttribute("mhlo.num_replicas", Attribute.IntegerAttr.i32(1));

        List<Type> argTypes = new ArrayList<>();
        for (Param p : g.params()) argTypes.add(LoweringContext.hloType(p.type()));
        for (Input in : g.inputs()) argTypes.add(LoweringContext.hloType(in.type()));
        List<Type> resultTypes = new ArrayList<>();
        for (Output o : g.outputs()) resultTypes.add(LoweringContext.hloType(g.value(o.value()).type()));
        FuncOp main = m.addFunction("main", new Type.FunctionType(argTypes, resultTypes));
        shardings.declareMesh(m);

        OpBuilder b = new OpBuilder(main.body());
        StablehloOps ops = new StablehloOps(b);
        LoweringContext cx = new LoweringContext(g, ops, DispatchLowering.of(options.dispatch()));
        // Argument attributes are set as one array: setting them one index at a time copies the
        // whole array each time, quadratic in the ~1000 parameters of a 48-layer model.
        List<Attribute> argAttrs = new ArrayList<>();
        int arg = 0;
        for (Param p : g.params()) argAttrs.add(bindArgument(main, arg++, p, p.path(), cx, shardings));
        for (Input in : g.inputs()) argAttrs.add(bindArgument(main, arg++, in, in.name(), cx, shardings));
        if (!argAttrs.isEmpty()) main.op().setAttribute("arg_attrs", new Attribute.ArrayAttr(argAttrs));

        boolean[] live = liveness(g);
        int first = g.params().size() + g.inputs().size();
        for (Node n : g.nodes()) {
            if (!live[n.id() - first]) continue;
            dev.switchyard.hlo.ir.Value v = lowerNode(n, cx);
            if (needsConstraint(n)) v = shardings.constrain(ops, v, n.sharding());
            cx.bind(n.id(), v);
        }

        List<dev.switchyard.hlo.ir.Value> results = new ArrayList<>();
        for (Output o : g.outputs()) results.add(cx.value(o.value()));
        b.op("func.return").operands(results).build();
        List<Attribute> resAttrs = new ArrayList<>();
        for (Output o : g.outputs()) {
            Value v = g.value(o.value());
            resAttrs.add(new Attribute.DictionaryAttr(List.of(shardings.attribute(v.sharding(), v.type().rank()))));
        }
        if (!resAttrs.isEmpty()) main.op().setAttribute("res_attrs", new Attribute.ArrayAttr(resAttrs));
        return m;
    }

    /** Binds graph value {@code v} to argument {@code index}; returns the argument's attribute dictionary. */
    private static Attribute bindArgument(FuncOp main, int index, Value v, String name, LoweringContext cx, ShardingAnnotator s) {
        dev.switchyard.hlo.ir.Value a = main.arguments().get(index);
        a.setNameHint(name);
        cx.bind(v.id(), a);
        return new Attribute.DictionaryAttr(List.of(s.attribute(v.sharding(), v.type().rank())));
    }

    /** Layout changes the compiler pins down; everywhere else XLA propagates from the arguments. */
    static boolean needsConstraint(Node n) {
        return n.op() == Primitive.LAYOUT || n.op() == Primitive.MOE_DISPATCH || n.op() == Primitive.MOE_COMBINE
                || n.sharding().overridden();
    }

    /**
     * One node to StableHLO. The primitive's group picks its family class (one per group,
     * exhaustively); the family class handles each of its primitives.
     */
    static dev.switchyard.hlo.ir.Value lowerNode(Node n, LoweringContext cx) {
        return switch (n.op().group()) {
            case SOURCE -> SourceLowering.lower(n, cx);
            case ELEMENTWISE_UNARY, CONVERT -> ElementwiseLowering.unary(n, cx);
            case ELEMENTWISE_BINARY -> ElementwiseLowering.binary(n, cx);
            case COMPARISON -> ElementwiseLowering.compare(n, cx);
            case SELECT -> ElementwiseLowering.select(n, cx);
            case SHAPE -> ShapeLowering.lower(n, cx);
            case CONTRACTION -> ContractionLowering.einsum(n, cx);
            case REDUCTION -> ReductionLowering.reduce(n, cx);
            case ALONG_DIM -> ReductionLowering.alongDim(n, cx);
            case INDEX -> IndexLowering.lower(n, cx);
            case RANDOM -> RandomLowering.lower(n, cx);
            case MOE -> MoeLowering.lower(n, cx);
        };
    }

    /**
     * One node's vector-Jacobian product, from the same family class as its lowering: adds the
     * node's cotangent's contribution to each operand that needs one.
     */
    public static void vjp(Node n, Vjp cx) {
        switch (n.op().group()) {
            case SOURCE -> SourceLowering.vjp(n, cx);
            case ELEMENTWISE_UNARY, CONVERT -> ElementwiseLowering.unaryVjp(n, cx);
            case ELEMENTWISE_BINARY -> ElementwiseLowering.binaryVjp(n, cx);
            case COMPARISON -> ElementwiseLowering.compareVjp(n, cx);
            case SELECT -> ElementwiseLowering.selectVjp(n, cx);
            case SHAPE -> ShapeLowering.vjp(n, cx);
            case CONTRACTION -> ContractionLowering.einsumVjp(n, cx);
            case REDUCTION -> ReductionLowering.reduceVjp(n, cx);
            case ALONG_DIM -> ReductionLowering.alongDimVjp(n, cx);
            case INDEX -> IndexLowering.vjp(n, cx);
            case RANDOM -> RandomLowering.vjp(n, cx);
            case MOE -> MoeLowering.vjp(n, cx);
        }
    }

    /** Which nodes some output depends on (indexed by node position). */
    static boolean[] liveness(ModelGraph g) {
        int first = g.params().size() + g.inputs().size();
        boolean[] live = new boolean[g.nodes().size()];
        for (Output o : g.outputs()) if (o.value() >= first) live[o.value() - first] = true;
        for (int i = live.length - 1; i >= 0; i--) {
            if (!live[i]) continue;
            for (int op : g.nodes().get(i).operands()) if (op >= first) live[op - first] = true;
        }
        return live;
    }

    /** The model name as an MLIR symbol ({@code switch-tiny} → {@code switch_tiny}). */
    static String symbolName(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) sb.append(Character.isLetterOrDigit(c) || c == '_' || c == '.' ? c : '_');
        if (sb.isEmpty() || Character.isDigit(sb.charAt(0))) sb.insert(0, '_');
        return sb.toString();
    }
}
