package dev.switchyard.compiler;

import static dev.switchyard.compiler.testing.Types.t;
import static dev.switchyard.dsl.graph.ElemType.F32;
import static dev.switchyard.dsl.graph.ElemType.I1;
import static dev.switchyard.dsl.graph.ElemType.U32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.dsl.graph.GraphBuilder;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.TensorType;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Random numbers come from the key input by the documented counter hash, so runs are reproducible. */
class RandomNumericsTest {

    /** lowbias32, written out from its published constants. */
    static int mix(int x) {
        x ^= x >>> 16;
        x *= 0x7feb352d;
        x ^= x >>> 15;
        x *= 0x846ca68b;
        x ^= x >>> 16;
        return x;
    }

    /** The documented draw for element i of stream s under key (k0, k1), uniform on [0, 1). */
    static float unit(int k0, int k1, long s, int i) {
        int salt = mix((int) (s * 0x85EBCA6BL + 0x27D4EB2FL));
        int x = mix((i * 0x9E3779B9) ^ k0);
        x = mix(x ^ (k1 + salt));
        return (float) ((x >>> 8) * 0x1p-24);
    }

    static List<HostTensor> run(ModelGraph g, List<HostTensor> inputs) throws Exception {
        CompiledModel m = Compiler.compile(g, CompileOptions.defaults());
        try (ReferenceExecutor ex = new ReferenceExecutor();
             Executable exe = ex.compile(m.genericText(), dev.switchyard.hlo.exec.CompileOptions.defaults())) {
            return exe.execute(inputs);
        }
    }

    static HostTensor key(long k0, long k1) { return HostTensor.ofLongs(ElementType.UI32, new long[] {2}, k0, k1); }

    static ModelGraph uniformGraph(long stream) {
        GraphBuilder b = new GraphBuilder("rng", dev.switchyard.compiler.testing.Types.mesh("data=1"));
        int k = b.input("key", t(U32, "key=2"));
        return b.output("u", b.node(Primitive.RANDOM_UNIFORM, new Attrs.RandomUniform(stream, -1, 2), t(F32, "a=4", "b=8"), k)).build();
    }

    @Test
    void uniformDrawsFollowTheCounterHash() throws Exception {
        float[] got = run(uniformGraph(3), List.of(key(12345, 0xDEADBEEFL))).get(0).toFloats();
        for (int i = 0; i < got.length; i++) {
            float u = unit(12345, 0xDEADBEEF, 3, i);
            assertEquals(-1 + 3 * u, got[i], 1e-6, "element " + i);
            assertTrue(got[i] >= -1 && got[i] < 2);
        }
        float[] again = run(uniformGraph(3), List.of(key(12345, 0xDEADBEEFL))).get(0).toFloats();
        assertEquals(java.util.Arrays.toString(got), java.util.Arrays.toString(again));
        float[] otherStream = run(uniformGraph(4), List.of(key(12345, 0xDEADBEEFL))).get(0).toFloats();
        float[] otherKey = run(uniformGraph(3), List.of(key(12346, 0xDEADBEEFL))).get(0).toFloats();
        assertNotEquals(got[0], otherStream[0]);
        assertNotEquals(got[0], otherKey[0]);
    }

    @Test
    void dropoutKeepsOrZeroesAndScalesOnlyWhenTraining() throws Exception {
        GraphBuilder b = new GraphBuilder("dropout", dev.switchyard.compiler.testing.Types.mesh("data=1"));
        TensorType xt = t(F32, "a=16", "b=16");
        int x = b.input("x", xt);
        int k = b.input("key", t(U32, "key=2"));
        int training = b.input("training", TensorType.scalar(I1));
        ModelGraph g = b.output("y", b.node(Primitive.DROPOUT, new Attrs.Dropout(9, 0.25), xt, x, k, training)).build();
        float[] xs = new float[256];
        for (int i = 0; i < xs.length; i++) xs[i] = 1 + i;
        HostTensor xh = HostTensor.ofFloats(ElementType.F32, new long[] {16, 16}, xs);
        float[] off = run(g, List.of(xh, key(7, 8), HostTensor.ofLongs(ElementType.I1, new long[0], 0))).get(0).toFloats();
        for (int i = 0; i < xs.length; i++) assertEquals(xs[i], off[i]);
        float[] on = run(g, List.of(xh, key(7, 8), HostTensor.ofLongs(ElementType.I1, new long[0], 1))).get(0).toFloats();
        int dropped = 0;
        for (int i = 0; i < xs.length; i++) {
            boolean keep = unit(7, 8, 9, i) >= 0.25f;
            assertEquals(keep ? xs[i] / 0.75f : 0f, on[i], 1e-4 * xs[i], "element " + i);
            if (!keep) dropped++;
        }
        assertTrue(dropped > 40 && dropped < 90, "about a quarter dropped: " + dropped);
    }
}
