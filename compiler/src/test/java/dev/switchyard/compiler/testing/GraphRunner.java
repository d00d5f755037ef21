package dev.switchyard.compiler.testing;

import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.CompiledModel;
import dev.switchyard.compiler.Compiler;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.TensorType;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import java.util.List;

/** Compiles a model graph and runs it on the reference interpreter (arguments: parameters, then inputs). */
public final class GraphRunner implements AutoCloseable {
    private final ReferenceExecutor executor = new ReferenceExecutor();
    private final Executable exe;

    public GraphRunner(ModelGraph g, CompileOptions options) throws Exception {
        CompiledModel m = Compiler.compile(g, options);
        exe = executor.compile(m.genericText(), dev.switchyard.hlo.exec.CompileOptions.defaults());
    }

    public GraphRunner(ModelGraph g) throws Exception { this(g, CompileOptions.defaults()); }

    public List<HostTensor> run(List<HostTensor> arguments) throws Exception { return exe.execute(arguments); }

    /** A host tensor of graph type {@code t} from doubles (rounded to t's element type). */
    public static HostTensor tensor(TensorType t, double... values) {
        ElementType e = ElementType.fromMlirName(t.elem().mlir()).orElseThrow();
        long[] shape = t.dims().stream().mapToLong(d -> d.size()).toArray();
        if (e.isFloat()) return HostTensor.ofDoubles(e, shape, values);
        long[] v = new long[values.length];
        for (int i = 0; i < v.length; i++) v[i] = (long) values[i];
        return HostTensor.ofLongs(e, shape, v);
    }

    @Override public void close() throws Exception {
        exe.close();
        executor.close();
    }
}
