package dev.switchyard.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The switch_tiny sample, compiled from its .sy through the prelude, runs on the interpreter with both dispatches. */
class SampleRunTest {

    @Test
    void switchTinyForwardAgreesBetweenEinsumAndGatherDispatch() throws Exception {
        ModelGraph g = Samples.graph("switch_tiny", CheckOptions.defaults().withMesh("single"));
        CompiledModel einsum = Compiler.compile(g, CompileOptions.defaults().withDispatch(Dispatch.EINSUM));
        CompiledModel gather = Compiler.compile(g, CompileOptions.defaults().withDispatch(Dispatch.GATHER));
        assertEquals(1, einsum.numPartitions());
        List<HostTensor> inputs = DispatchMeasurement.randomInputs(einsum, new Random(42));
        List<HostTensor> a = run(einsum, inputs), b = run(gather, inputs);
        List<String> names = einsum.outputs().stream().map(TensorSpec::name).toList();
        assertEquals(List.of("hidden", "logits", "loss", "aux_loss", "z_loss"), names);
        for (int o = 0; o < a.size(); o++) {
            float[] x = a.get(o).toFloats(), y = b.get(o).toFloats();
            for (int i = 0; i < x.length; i++) {
                assertTrue(Float.isFinite(x[i]), names.get(o) + "[" + i + "] = " + x[i]);
                assertEquals(x[i], y[i], 1e-6 * Math.max(1, Math.abs(x[i])), names.get(o) + "[" + i + "]");
            }
        }
        assertTrue(a.get(3).toFloats()[0] > 0, "the load-balancing loss is positive");
    }

    @Test
    void meshShapeOverrideOnASampleGivesOnePartition() {
        CompiledModel m = Compiler.compile(Samples.graph("switch_tiny"),
                CompileOptions.defaults().withMeshShape(Map.of("data", 1L, "expert", 1L)));
        assertEquals(1, m.numPartitions());
        assertTrue(m.genericText().contains("mhlo.num_partitions = 1 : i32"));
    }

    static List<HostTensor> run(CompiledModel m, List<HostTensor> inputs) throws Exception {
        try (ReferenceExecutor ex = new ReferenceExecutor();
             Executable exe = ex.compile(m.genericText(), dev.switchyard.hlo.exec.CompileOptions.defaults())) {
            return exe.execute(inputs);
        }
    }
}
