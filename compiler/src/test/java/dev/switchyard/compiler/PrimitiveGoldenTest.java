package dev.switchyard.compiler;

import static dev.switchyard.compiler.testing.Types.t;
import static dev.switchyard.dsl.graph.ElemType.BF16;
import static dev.switchyard.dsl.graph.ElemType.F32;
import static dev.switchyard.dsl.graph.ElemType.I1;
import static dev.switchyard.dsl.graph.ElemType.I32;
import static dev.switchyard.dsl.graph.ElemType.U32;

import dev.switchyard.dsl.graph.GraphBuilder;
import dev.switchyard.compiler.testing.Golden;
import dev.switchyard.compiler.testing.MlirOpt;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.Sharding;
import dev.switchyard.dsl.graph.TensorType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One small graph per primitive (and per lowering variant), compiled and compared as text with a
 * reviewed golden file; every golden also passes mlir-opt. {@link #everyPrimitiveHasAGolden} keeps
 * the table complete when a primitive is added.
 */
class PrimitiveGoldenTest {

    record Case(String name, Set<Primitive> covers, Supplier<ModelGraph> graph, Dispatch dispatch) {
        @Override public String toString() { return name; }
    }

    static final TensorType X = t(F32, "a=2", "b=3");

    static GraphBuilder g() { return new GraphBuilder("golden", dev.switchyard.compiler.testing.Types.mesh("data=1")); }

    static Case unary(Primitive p, dev.switchyard.dsl.graph.ElemType in, dev.switchyard.dsl.graph.ElemType out) {
        return new Case(p.mnemonic(), EnumSet.of(p), () -> {
            GraphBuilder b = g();
            int x = b.input("x", t(in, "a=2", "b=3"));
            return b.output("y", b.node(p, t(out, "a=2", "b=3"), x)).build();
        }, Dispatch.DEFAULT);
    }

    static Case binary(Primitive p, dev.switchyard.dsl.graph.ElemType in, dev.switchyard.dsl.graph.ElemType out) {
        return new Case(p.mnemonic(), EnumSet.of(p), () -> {
            GraphBuilder b = g();
            int x = b.input("x", t(in, "a=2", "b=3"));
            int y = b.input("y", t(in, "a=2", "b=3"));
            return b.output("z", b.node(p, t(out, "a=2", "b=3"), x, y)).build();
        }, Dispatch.DEFAULT);
    }

    static Case of(String name, Set<Primitive> covers, Supplier<ModelGraph> graph) { return new Case(name, covers, graph, Dispatch.DEFAULT); }

    static List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        cs.add(of("constant", EnumSet.of(Primitive.CONSTANT), () -> {
            GraphBuilder b = g();
            return b.output("c", b.node(Primitive.CONSTANT, new Attrs.Constant(0.5), t(BF16, "a=2", "b=3"))).build();
        }));
        cs.add(of("iota", EnumSet.of(Primitive.IOTA), () -> {
            GraphBuilder b = g();
            return b.output("i", b.node(Primitive.IOTA, new Attrs.Axis("b"), t(I32, "a=2", "b=3"))).build();
        }));
        for (Primitive p : List.of(Primitive.NEG, Primitive.EXP, Primitive.LOG, Primitive.LOG1P, Primitive.SQRT, Primitive.RSQRT, Primitive.TANH,
                Primitive.RELU, Primitive.SIGMOID, Primitive.ABS, Primitive.STOP_GRADIENT)) cs.add(unary(p, F32, F32));
        for (Primitive p : List.of(Primitive.ERF, Primitive.GELU_TANH, Primitive.GELU_EXACT, Primitive.SILU)) cs.add(unary(p, BF16, BF16));
        cs.add(unary(Primitive.NOT, I1, I1));
        cs.add(unary(Primitive.CONVERT, F32, I32));
        for (Primitive p : List.of(Primitive.ADD, Primitive.SUB, Primitive.MUL, Primitive.DIV, Primitive.MAX, Primitive.MIN,
                Primitive.POW)) cs.add(binary(p, F32, F32));
        cs.add(binary(Primitive.REM, I32, I32));
        cs.add(binary(Primitive.AND, I1, I1));
        cs.add(binary(Primitive.OR, I1, I1));
        for (Primitive p : List.of(Primitive.EQ, Primitive.NE, Primitive.LT, Primitive.LE, Primitive.GT, Primitive.GE)) {
            cs.add(binary(p, F32, I1));
        }
        cs.add(of("compare_signed", EnumSet.noneOf(Primitive.class), () -> {
            GraphBuilder b = g();
            int x = b.input("x", t(I32, "a=2"));
            int y = b.input("y", t(I32, "a=2"));
            return b.output("z", b.node(Primitive.LT, t(I1, "a=2"), x, y)).build();
        }));
        cs.add(of("select", EnumSet.of(Primitive.SELECT), () -> {
            GraphBuilder b = g();
            int p = b.input("p", t(I1, "a=2", "b=3"));
            int x = b.input("x", X);
            int y = b.input("y", X);
            return b.output("z", b.node(Primitive.SELECT, X, p, x, y)).build();
        }));
        cs.add(of("broadcast", EnumSet.of(Primitive.BROADCAST), () -> {
            GraphBuilder b = g();
            int x = b.input("x", t(F32, "b=3", "a=2"));
            return b.output("y", b.node(Primitive.BROADCAST, t(F32, "a=2", "c=4", "b=3"), x)).build();
        }));
        cs.add(of("transpose", EnumSet.of(Primitive.BROADCAST), () -> {
            GraphBuilder b = g();
            int x = b.input("x", t(F32, "b=3", "a=2"));
            return b.output("y", b.node(Primitive.BROADCAST, X, x)).build();
        }));
        cs.add(of("reshape", EnumSet.of(Primitive.RESHAPE), () -> {
            GraphBuilder b = g();
            int x = b.input("x", X);
            return b.output("y", b.node(Primitive.RESHAPE, t(F32, "ab=6"), x)).build();
        }));
        cs.add(of("rename", EnumSet.of(Primitive.RENAME), () -> {
            GraphBuilder b = g();
            int x = b.input("x", X);
            return b.output("y", b.node(Primitive.RENAME, new Attrs.Rename(Map.of("a", "q")), t(F32, "q=2", "b=3"), x)).build();
        }));
        cs.add(of("concat", EnumSet.of(Primitive.CONCAT), () -> {
            GraphBuilder b = g();
            int x = b.input("x", X);
            int y = b.input("y", t(F32, "a=2", "c=4"));
            return b.output("z", b.node(Primitive.CONCAT, new Attrs.Concat(List.of("b", "c"), "bc"), t(F32, "a=2", "bc=7"), x, y)).build();
        }));
        cs.add(of("slice", EnumSet.of(Primitive.SLICE), () -> {
            GraphBuilder b = g();
            int x = b.input("x", X);
            return b.output("y", b.node(Primitive.SLICE, new Attrs.Slice("b", 1, "b2"), t(F32, "a=2", "b2=2"), x)).build();
        }));
        cs.add(of("einsum_matmul", EnumSet.of(Primitive.EINSUM), () -> {
            GraphBuilder b = g();
            int w = b.param("w", t(BF16, "d=4", "f=8"));
            int x = b.input("x", t(BF16, "batch=2", "d=4"));
            return b.output("y", b.node(Primitive.EINSUM, new Attrs.Einsum(List.of("d"), List.of()), t(BF16, "batch=2", "f=8"), w, x)).build();
        }));
        cs.add(of("einsum_batched", EnumSet.of(Primitive.EINSUM), () -> {
            GraphBuilder b = g();
            int q = b.input("q", t(F32, "h=2", "s=3", "k=4"));
            int k = b.input("k", t(F32, "t=5", "h=2", "k=4"));
            return b.output("s", b.node(Primitive.EINSUM, new Attrs.Einsum(List.of("k"), List.of("h")), t(F32, "s=3", "h=2", "t=5"), q, k)).build();
        }));
        cs.add(of("reduce_sum_bf16", EnumSet.of(Primitive.REDUCE_SUM), () -> reduce(Primitive.REDUCE_SUM, BF16)));
        cs.add(of("reduce_mean", EnumSet.of(Primitive.REDUCE_MEAN), () -> reduce(Primitive.REDUCE_MEAN, F32)));
        cs.add(of("reduce_max", EnumSet.of(Primitive.REDUCE_MAX), () -> reduce(Primitive.REDUCE_MAX, F32)));
        cs.add(of("reduce_min", EnumSet.of(Primitive.REDUCE_MIN), () -> reduce(Primitive.REDUCE_MIN, I32)));
        cs.add(of("reduce_logsumexp", EnumSet.of(Primitive.REDUCE_LOGSUMEXP), () -> reduce(Primitive.REDUCE_LOGSUMEXP, F32)));
        cs.add(of("softmax", EnumSet.of(Primitive.SOFTMAX), () -> {
            GraphBuilder b = g();
            int x = b.input("x", X);
            return b.output("p", b.node(Primitive.SOFTMAX, new Attrs.Axis("b"), X, x)).build();
        }));
        cs.add(of("argmax", EnumSet.of(Primitive.ARGMAX), () -> {
            GraphBuilder b = g();
            int x = b.input("x", X);
            return b.output("i", b.node(Primitive.ARGMAX, new Attrs.Axis("b"), t(I32, "a=2"), x)).build();
        }));
        cs.add(of("top_k", EnumSet.of(Primitive.TOP_K_VALUES, Primitive.TOP_K_INDICES), () -> {
            GraphBuilder b = g();
            int x = b.input("x", t(F32, "a=2", "e=4"));
            int v = b.node(Primitive.TOP_K_VALUES, new Attrs.TopK("e", "k"), t(F32, "a=2", "k=2"), x);
            int i = b.node(Primitive.TOP_K_INDICES, new Attrs.TopK("e", "k"), t(I32, "a=2", "k=2"), x);
            return b.output("v", v).output("i", i).build();
        }));
        cs.add(of("one_hot", EnumSet.of(Primitive.ONE_HOT), () -> {
            GraphBuilder b = g();
            int x = b.input("x", t(I32, "a=2", "t=3"));
            return b.output("h", b.node(Primitive.ONE_HOT, new Attrs.OneHot("e"), t(F32, "a=2", "t=3", "e=4"), x)).build();
        }));
        cs.add(of("cumsum_inclusive", EnumSet.of(Primitive.CUMSUM), () -> {
            GraphBuilder b = g();
            int x = b.input("x", t(I32, "t=4", "e=2"));
            return b.output("c", b.node(Primitive.CUMSUM, new Attrs.Cumsum("t", false), t(I32, "t=4", "e=2"), x)).build();
        }));
        cs.add(of("cumsum_exclusive", EnumSet.of(Primitive.CUMSUM), () -> {
            GraphBuilder b = g();
            int x = b.input("x", t(F32, "e=2", "t=4"));
            return b.output("c", b.node(Primitive.CUMSUM, new Attrs.Cumsum("t", true), t(F32, "e=2", "t=4"), x)).build();
        }));
        cs.add(of("take", EnumSet.of(Primitive.TAKE), () -> {
            GraphBuilder b = g();
            int table = b.param("embedding", t(BF16, "vocab=10", "d=4"));
            int ids = b.input("ids", t(I32, "batch=2", "seq=3"));
            return b.output("e", b.node(Primitive.TAKE, new Attrs.Take("vocab"), t(BF16, "batch=2", "seq=3", "d=4"), table, ids)).build();
        }));
        cs.add(of("scatter_add", EnumSet.of(Primitive.SCATTER_ADD), () -> {
            GraphBuilder b = g();
            int table = b.param("embedding", t(F32, "vocab=10", "d=4"));
            int ids = b.input("ids", t(I32, "batch=2", "seq=3"));
            int upd = b.input("updates", t(F32, "d=4", "batch=2", "seq=3"));
            return b.output("t", b.node(Primitive.SCATTER_ADD, new Attrs.Take("vocab"), t(F32, "vocab=10", "d=4"), table, ids, upd)).build();
        }));
        cs.add(of("random_uniform", EnumSet.of(Primitive.RANDOM_UNIFORM), () -> {
            GraphBuilder b = g();
            int key = b.input("key", t(U32, "key=2"));
            return b.output("u", b.node(Primitive.RANDOM_UNIFORM, new Attrs.RandomUniform(3, 0.99, 1.01), t(F32, "a=2", "b=3"), key)).build();
        }));
        cs.add(of("random_bernoulli", EnumSet.of(Primitive.RANDOM_BERNOULLI), () -> {
            GraphBuilder b = g();
            int key = b.input("key", t(U32, "key=2"));
            return b.output("m", b.node(Primitive.RANDOM_BERNOULLI, new Attrs.RandomBernoulli(1, 0.25), t(I1, "a=2"), key)).build();
        }));
        cs.add(of("dropout", EnumSet.of(Primitive.DROPOUT), () -> {
            GraphBuilder b = g();
            int x = b.input("x", t(BF16, "a=2", "b=3"));
            int key = b.input("key", t(U32, "key=2"));
            int training = b.input("training", TensorType.scalar(I1));
            return b.output("y", b.node(Primitive.DROPOUT, new Attrs.Dropout(7, 0.1), t(BF16, "a=2", "b=3"), x, key, training)).build();
        }));
        cs.add(of("layout", EnumSet.of(Primitive.LAYOUT), () -> {
            GraphBuilder b = new GraphBuilder("golden", dev.switchyard.compiler.testing.Types.mesh("data=2", "expert=4"));
            // b splits evenly over data (the verifier holds every sharding to the mesh)
            TensorType even = t(F32, "a=2", "b=4");
            int x = b.input("x", even);
            Sharding s = new Sharding(List.of(List.of(), List.of("data")), true);
            return b.output("y", b.node(Primitive.LAYOUT, Attrs.NONE, even, s, x)).build();
        }));
        for (Dispatch d : Dispatch.values()) {
            cs.add(new Case("moe_top1_" + d.spelling(), EnumSet.of(Primitive.MOE_DISPATCH, Primitive.MOE_COMBINE),
                    () -> MoeGraphs.dispatchCombine(Optional.empty()), d));
            cs.add(new Case("moe_top2_" + d.spelling(), EnumSet.of(Primitive.MOE_DISPATCH, Primitive.MOE_COMBINE),
                    () -> MoeGraphs.dispatchCombine(Optional.of(2L)), d));
        }
        return cs;
    }

    static ModelGraph reduce(Primitive p, dev.switchyard.dsl.graph.ElemType e) {
        GraphBuilder b = g();
        int x = b.input("x", t(e, "a=2", "b=3", "c=4"));
        return b.output("r", b.node(p, new Attrs.Reduce(List.of("a", "c")), t(e, "b=3"), x)).build();
    }

    static Stream<Arguments> table() { return cases().stream().map(Arguments::of); }

    static CompiledModel compile(Case c) {
        return Compiler.compile(c.graph().get(), CompileOptions.defaults().withDispatch(c.dispatch()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void matchesGoldenAndVerifies(Case c) {
        CompiledModel m = compile(c);
        Golden.assertMatches("primitives/" + c.name() + ".mlir", m.genericText());
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), dev.switchyard.hlo.verify.Verifier.verify(m.module()));
    }

    /** Every golden through mlir-opt in one run (split input: each module is parsed and verified on its own). */
    @Test
    void everyLoweringPassesMlirOpt() {
        StringBuilder all = new StringBuilder();
        for (Case c : cases()) {
            if (!all.isEmpty()) all.append("// -----\n");
            all.append("// ").append(c.name()).append('\n').append(compile(c).genericText());
        }
        MlirOpt.check(all.toString(), "--split-input-file");
    }

    @Test
    void everyPrimitiveHasAGolden() {
        Set<Primitive> covered = EnumSet.noneOf(Primitive.class);
        for (Case c : cases()) covered.addAll(c.covers());
        Set<Primitive> missing = EnumSet.allOf(Primitive.class);
        missing.removeAll(covered);
        org.junit.jupiter.api.Assertions.assertEquals(Set.of(), missing);
    }
}
