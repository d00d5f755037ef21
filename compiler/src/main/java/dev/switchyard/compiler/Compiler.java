package dev.switchyard.compiler;

import dev.switchyard.compiler.lower.GraphLowering;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.Input;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Output;
import dev.switchyard.dsl.graph.Param;
import dev.switchyard.dsl.graph.TensorType;
import dev.switchyard.dsl.graph.Value;
import dev.switchyard.hlo.ir.ModuleOp;
import java.util.ArrayList;
import java.util.List;

/**
 * The compiler's entry point: a checked model graph (from {@code dev.switchyard.dsl.Frontend}) to a
 * StableHLO module plus its signature. See {@code docs/compiler.md} for the argument order, the
 * sharding forms and the dispatch lowerings.
 */
public final class Compiler {
    private Compiler() {}

    /** Compiles {@code graph}; throws {@link CompileException} for a fixable option mistake. */
    public static CompiledModel compile(ModelGraph graph, CompileOptions options) {
        ModelGraph g = MeshOverride.apply(graph, options.meshShape());
        ModuleOp module = GraphLowering.lower(g, options);
        List<ParamSpec> params = new ArrayList<>();
        int arg = 0;
        for (Param p : g.params()) {
            TensorType t = p.type();
            params.add(new ParamSpec(p.path(), arg++, t.elem().mlir(), t.dimNames(), sizes(t), p.init().toString(),
                    p.sharding().axesPerDim(), t.elementCount() * t.elem().bytes()));
        }
        List<TensorSpec> inputs = new ArrayList<>();
        for (Input in : g.inputs()) inputs.add(spec(in.name(), arg++, in));
        List<TensorSpec> outputs = new ArrayList<>();
        int res = 0;
        for (Output o : g.outputs()) outputs.add(spec(o.name(), res++, g.value(o.value())));
        return new CompiledModel(g.name(), module, params, inputs, outputs, g.mesh(), g.mesh().devices(), options);
    }

    private static TensorSpec spec(String name, int position, Value v) {
        TensorType t = v.type();
        return new TensorSpec(name, position, t.elem().mlir(), t.dimNames(), sizes(t), v.sharding().axesPerDim());
    }

    private static List<Long> sizes(TensorType t) {
        List<Long> s = new ArrayList<>();
        for (Dim d : t.dims()) s.add(d.size());
        return s;
    }
}
