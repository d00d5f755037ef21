package dev.switchyard.compiler;

import static dev.switchyard.compiler.testing.Types.t;
import static dev.switchyard.dsl.graph.ElemType.F32;
import static dev.switchyard.dsl.graph.ElemType.I32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchyard.dsl.graph.GraphBuilder;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Primitive lowerings run on the reference interpreter against values computed here by other means
 * (textbook formulas in double, loops, hand-worked results).
 */
class PrimitiveNumericsTest {

    static List<HostTensor> run(ModelGraph g, HostTensor... inputs) throws Exception {
        CompiledModel m = Compiler.compile(g, CompileOptions.defaults());
        try (ReferenceExecutor ex = new ReferenceExecutor();
             Executable exe = ex.compile(m.genericText(), dev.switchyard.hlo.exec.CompileOptions.defaults())) {
            return exe.execute(List.of(inputs));
        }
    }

    static GraphBuilder g() { return new GraphBuilder("n", dev.switchyard.compiler.testing.Types.mesh("data=1")); }

    static HostTensor f32(long[] shape, float... v) { return HostTensor.ofFloats(ElementType.F32, shape, v); }

    static HostTensor i32(long[] shape, long... v) { return HostTensor.ofLongs(ElementType.I32, shape, v); }

    /** erf by its Maclaurin series (converges fast for |x| ≤ 3), independent of the lowering's rational approximation. */
    static double erf(double x) {
        double sum = 0, term = x;
        for (int n = 0; n < 200; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    static float[] unary(Primitive p, float[] x) throws Exception {
        GraphBuilder b = g();
        int in = b.input("x", t(F32, "n=" + x.length));
        ModelGraph graph = b.output("y", b.node(p, t(F32, "n=" + x.length), in)).build();
        return run(graph, f32(new long[] {x.length}, x)).get(0).toFloats();
    }

    @Test
    void activationsMatchTheirDefinitions() throws Exception {
        float[] x = {-3f, -1.5f, -0.25f, 0f, 0.3f, 1f, 2.5f};
        float[] erf = unary(Primitive.ERF, x), exact = unary(Primitive.GELU_EXACT, x), tanh = unary(Primitive.GELU_TANH, x);
        float[] silu = unary(Primitive.SILU, x), sigmoid = unary(Primitive.SIGMOID, x), relu = unary(Primitive.RELU, x);
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            assertEquals(erf(v), erf[i], 2e-6, "erf " + v);
            assertEquals(0.5 * v * (1 + erf(v / Math.sqrt(2))), exact[i], 2e-6, "gelu " + v);
            assertEquals(0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))), tanh[i], 2e-6, "gelu_tanh " + v);
            assertEquals(v / (1 + Math.exp(-v)), silu[i], 2e-6, "silu " + v);
            assertEquals(1 / (1 + Math.exp(-v)), sigmoid[i], 2e-6, "sigmoid " + v);
            assertEquals(Math.max(v, 0), relu[i], 0, "relu " + v);
        }
    }

    @Test
    void log1pKeepsTheDigitsOfSmallArguments() throws Exception {
        float[] x = {1e-7f, -1e-6f, 3e-4f, 0.5f, 2f};
        float[] y = unary(Primitive.LOG1P, x);
        for (int i = 0; i < x.length; i++) assertEquals(Math.log1p(x[i]), y[i], 2e-7 * Math.abs(Math.log1p(x[i])) + 1e-12, "log1p " + x[i]);
    }

    @Test
    void softmaxLogsumexpArgmaxAndTopKAlongANamedDim() throws Exception {
        GraphBuilder b = g();
        // x[e=4, r=2]: reduce along e, which is not the last dim.
        int x = b.input("x", t(F32, "e=4", "r=2"));
        int sm = b.node(Primitive.SOFTMAX, new Attrs.Axis("e"), t(F32, "r=2", "e=4"), x);
        int lse = b.node(Primitive.REDUCE_LOGSUMEXP, new Attrs.Reduce(List.of("e")), t(F32, "r=2"), x);
        int am = b.node(Primitive.ARGMAX, new Attrs.Axis("e"), t(I32, "r=2"), x);
        int tv = b.node(Primitive.TOP_K_VALUES, new Attrs.TopK("e", "k"), t(F32, "k=2", "r=2"), x);
        int ti = b.node(Primitive.TOP_K_INDICES, new Attrs.TopK("e", "k"), t(I32, "k=2", "r=2"), x);
        ModelGraph graph = b.output("sm", sm).output("lse", lse).output("am", am).output("tv", tv).output("ti", ti).build();
        // column 0: 1, 3, 3, 0 (tie between e=1 and e=2); column 1: -inf-free values 0.5, -2, 4, 1
        float[] in = {1f, 0.5f, 3f, -2f, 3f, 4f, 0f, 1f};
        List<HostTensor> out = run(graph, f32(new long[] {4, 2}, in));
        float[] softmax = out.get(0).toFloats();
        for (int r = 0; r < 2; r++) {
            double z = 0;
            for (int e = 0; e < 4; e++) z += Math.exp(in[e * 2 + r]);
            for (int e = 0; e < 4; e++) assertEquals(Math.exp(in[e * 2 + r]) / z, softmax[r * 4 + e], 1e-6);
            assertEquals(Math.log(z), out.get(1).toFloats()[r], 1e-6);
        }
        assertArrayEquals(new long[] {1, 2}, out.get(2).toLongs(), "argmax takes the first of equal maxima");
        assertArrayEquals(new float[] {3f, 4f, 3f, 1f}, out.get(3).toFloats());
        assertArrayEquals(new long[] {1, 2, 2, 3}, out.get(4).toLongs(), "top-k: first index on ties");
    }

    @Test
    void cumsumOneHotAndTake() throws Exception {
        GraphBuilder b = g();
        int table = b.param("table", t(F32, "v=3", "d=2"));
        int ids = b.input("ids", t(I32, "t=4"));
        int x = b.input("x", t(F32, "t=4"));
        int inc = b.node(Primitive.CUMSUM, new Attrs.Cumsum("t", false), t(F32, "t=4"), x);
        int exc = b.node(Primitive.CUMSUM, new Attrs.Cumsum("t", true), t(F32, "t=4"), x);
        int oh = b.node(Primitive.ONE_HOT, new Attrs.OneHot("v"), t(F32, "t=4", "v=3"), ids);
        int take = b.node(Primitive.TAKE, new Attrs.Take("v"), t(F32, "d=2", "t=4"), table, ids);
        ModelGraph graph = b.output("inc", inc).output("exc", exc).output("oh", oh).output("take", take).build();
        List<HostTensor> out = run(graph, f32(new long[] {3, 2}, 10, 11, 20, 21, 30, 31), i32(new long[] {4}, 2, 0, 5, 1),
                f32(new long[] {4}, 1, 2, 3, 4));
        assertArrayEquals(new float[] {1, 3, 6, 10}, out.get(0).toFloats());
        assertArrayEquals(new float[] {0, 1, 3, 6}, out.get(1).toFloats());
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0}, out.get(2).toFloats(), "index 5 is out of range: zero row");
        // take clamps index 5 to the last row (30, 31); result laid out [d, t].
        assertArrayEquals(new float[] {30, 10, 30, 20, 31, 11, 31, 21}, out.get(3).toFloats());
    }

    @Test
    void scatterAddIsTheTransposeOfTakeWithClampedIndices() throws Exception {
        GraphBuilder b = g();
        int table = b.param("table", t(F32, "v=3", "d=2"));
        int ids = b.input("ids", t(I32, "t=4"));
        int upd = b.input("upd", t(F32, "d=2", "t=4"));
        ModelGraph graph = b.output("s", b.node(Primitive.SCATTER_ADD, new Attrs.Take("v"), t(F32, "v=3", "d=2"), table, ids, upd)).build();
        // ids 2, 0, 5 (clamped to 2), -1 (clamped to 0); updates as [d, t]: d0 = 1 2 3 4, d1 = 10 20 30 40
        List<HostTensor> out = run(graph, f32(new long[] {3, 2}, 100, 200, 300, 400, 500, 600), i32(new long[] {4}, 2, 0, 5, -1),
                f32(new long[] {2, 4}, 1, 2, 3, 4, 10, 20, 30, 40));
        // row 0 += t1 + t3 = (2 + 4, 20 + 40); row 1 unchanged; row 2 += t0 + t2 = (1 + 3, 10 + 30)
        assertArrayEquals(new float[] {106, 260, 300, 400, 504, 640}, out.get(0).toFloats());
    }

    @Test
    void einsumWithBatchAndTransposedResult() throws Exception {
        GraphBuilder b = g();
        int q = b.input("q", t(F32, "h=2", "s=3", "k=4"));
        int k = b.input("k", t(F32, "t=5", "h=2", "k=4"));
        ModelGraph graph = b.output("s", b.node(Primitive.EINSUM, new Attrs.Einsum(List.of("k"), List.of("h")),
                t(F32, "s=3", "h=2", "t=5"), q, k)).build();
        float[] qv = new float[24], kv = new float[40];
        for (int i = 0; i < qv.length; i++) qv[i] = (i % 7) - 3;
        for (int i = 0; i < kv.length; i++) kv[i] = (i % 5) * 0.5f - 1;
        float[] got = run(graph, f32(new long[] {2, 3, 4}, qv), f32(new long[] {5, 2, 4}, kv)).get(0).toFloats();
        for (int s = 0; s < 3; s++) for (int h = 0; h < 2; h++) for (int tt = 0; tt < 5; tt++) {
            double want = 0;
            for (int c = 0; c < 4; c++) want += qv[(h * 3 + s) * 4 + c] * kv[(tt * 2 + h) * 4 + c];
            assertEquals(want, got[(s * 2 + h) * 5 + tt], 1e-5);
        }
    }

    @Test
    void integerDivisionRemainderAndConversionTruncateTowardZero() throws Exception {
        GraphBuilder b = g();
        int x = b.input("x", t(I32, "n=4"));
        int y = b.input("y", t(I32, "n=4"));
        int f = b.input("f", t(F32, "n=4"));
        ModelGraph graph = b.output("div", b.node(Primitive.DIV, t(I32, "n=4"), x, y))
                .output("rem", b.node(Primitive.REM, t(I32, "n=4"), x, y))
                .output("conv", b.node(Primitive.CONVERT, t(I32, "n=4"), f)).build();
        List<HostTensor> out = run(graph, i32(new long[] {4}, 7, -7, 7, -7), i32(new long[] {4}, 2, 2, -2, -2),
                f32(new long[] {4}, 2.7f, -2.7f, 0.5f, -0.5f));
        assertArrayEquals(new long[] {3, -3, -3, 3}, out.get(0).toLongs());
        assertArrayEquals(new long[] {1, -1, 1, -1}, out.get(1).toLongs());
        assertArrayEquals(new long[] {2, -2, 0, 0}, out.get(2).toLongs());
    }

    @Test
    void concatSliceAndBroadcastByName() throws Exception {
        GraphBuilder b = g();
        int x = b.input("x", t(F32, "b=2", "a=2"));
        int y = b.input("y", t(F32, "a=2", "c=1"));
        int cat = b.node(Primitive.CONCAT, new Attrs.Concat(List.of("b", "c"), "bc"), t(F32, "a=2", "bc=3"), x, y);
        int sl = b.node(Primitive.SLICE, new Attrs.Slice("bc", 1, "s"), t(F32, "a=2", "s=2"), cat);
        int bc = b.node(Primitive.BROADCAST, t(F32, "a=2", "z=2", "b=2"), x);
        ModelGraph graph = b.output("cat", cat).output("slice", sl).output("bcast", bc).build();
        // x[b, a] = [[1, 2], [3, 4]] so x as [a, b] is [[1, 3], [2, 4]]; y[a, c] = [[5], [6]].
        List<HostTensor> out = run(graph, f32(new long[] {2, 2}, 1, 2, 3, 4), f32(new long[] {2, 1}, 5, 6));
        assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, out.get(0).toFloats());
        assertArrayEquals(new float[] {3, 5, 4, 6}, out.get(1).toFloats());
        assertArrayEquals(new float[] {1, 3, 1, 3, 2, 4, 2, 4}, out.get(2).toFloats());
    }
}
