package dev.switchyard.compiler;

import static dev.switchyard.compiler.testing.Types.t;
import static dev.switchyard.dsl.graph.ElemType.F32;
import static dev.switchyard.dsl.graph.ElemType.F64;
import static dev.switchyard.dsl.graph.ElemType.I1;
import static dev.switchyard.dsl.graph.ElemType.I32;
import static dev.switchyard.dsl.graph.ElemType.U32;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchyard.compiler.autodiff.GradPass;
import dev.switchyard.compiler.testing.GraphRunner;
import dev.switchyard.compiler.testing.Types;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.GraphBuilder;
import dev.switchyard.dsl.graph.Input;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Param;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.Sharding;
import dev.switchyard.dsl.graph.TensorType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Every primitive's VJP against central finite differences in f64: for each primitive a small
 * graph uses it on parameters (random shapes and values), the objective is Σ out·w for a random
 * weight w, and the grad pass's ⟨∇θ, d⟩ must equal (L(θ + εd) − L(θ − εd)) / 2ε along a random
 * direction d. Integer, boolean and index results enter through ops that keep the objective
 * differentiable (select, mul by a converted index), so their zero cotangents are checked too.
 */
class VjpFiniteDifferenceTest {

    /** A graph using one primitive, with sizes a, b and the value seed. */
    record Case(ModelGraph graph, Set<Primitive> covers, double tolerance) {}

    @Property(tries = 60, seed = "20261207")
    void vjpMatchesFiniteDifferences(@ForAll("primitives") Primitive p, @ForAll @IntRange(min = 1, max = 3) int a,
                                     @ForAll @IntRange(min = 1, max = 3) int b, @ForAll @IntRange(min = 0, max = 1000) int seed) throws Exception {
        check(caseOf(p, a, b), seed);
    }

    @Provide
    Arbitrary<Primitive> primitives() { return Arbitraries.of(EnumSet.complementOf(EnumSet.of(Primitive.STOP_GRADIENT))); }

    /** Each primitive once at fixed sizes, so none depends on the draw. */
    @Test
    void everyPrimitiveHasAVjp() throws Exception {
        Set<Primitive> covered = EnumSet.noneOf(Primitive.class);
        for (Primitive p : Primitive.values()) {
            Case c = caseOf(p, 2, 3);
            if (p == Primitive.STOP_GRADIENT) stopGradientBlocksTheCotangent();
            else check(c, p.ordinal());
            covered.addAll(c.covers());
        }
        assertEquals(EnumSet.allOf(Primitive.class), covered);
    }

    /** loss = Σ w·x·stop_gradient(x): the gradient is w·x (the blocked factor counts as a constant), not 2·w·x. */
    @Test
    void stopGradientBlocksTheCotangent() throws Exception {
        TensorType ab = t(F64, "a=2", "b=3");
        ModelGraph g = stopGradient(ab).graph();
        double[] x = {0.5, -1, 2, 3, -0.25, 1.5}, w = {1, 2, 3, -1, 0.5, 4};
        try (GraphRunner r = new GraphRunner(GradPass.apply(g, "loss"))) {
            double[] grad = r.run(List.of(GraphRunner.tensor(ab, x), GraphRunner.tensor(ab, w))).get(1).toDoubles();
            for (int i = 0; i < x.length; i++) assertEquals(w[i] * x[i], grad[i], 1e-12);
        }
    }

    private static Case stopGradient(TensorType ab) {
        return build(Primitive.STOP_GRADIENT, g -> {
            int x = g.param("x", ab);
            return g.node(Primitive.MUL, x, g.node(Primitive.STOP_GRADIENT, x));
        });
    }

    // ---- the check -------------------------------------------------------------------------

    static void check(Case c, long seed) throws Exception {
        ModelGraph g = c.graph();
        ModelGraph grad = GradPass.apply(g, "loss");
        Random rnd = new Random(seed);
        List<double[]> theta = new ArrayList<>();
        for (Param p : g.params()) {
            double[] v = new double[(int) p.type().elementCount()];
            boolean positive = p.path().startsWith("pos");
            for (int i = 0; i < v.length; i++) v[i] = positive ? 0.5 + rnd.nextDouble() : rnd.nextGaussian();
            theta.add(v);
        }
        List<HostTensor> inputs = new ArrayList<>();
        for (Input in : g.inputs()) {
            double[] v = new double[(int) in.type().elementCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = switch (in.name()) {
                    case "training" -> 1;
                    case "key" -> 77 + i;
                    case "w" -> rnd.nextGaussian();
                    case "expert" -> rnd.nextInt(3);
                    // indices, with one out of range (take clamps, moe drops)
                    default -> i == 0 ? in.type().elementCount() + 3 : rnd.nextInt(3);
                };
            }
            inputs.add(GraphRunner.tensor(in.type(), v));
        }
        List<double[]> grads = new ArrayList<>();
        try (GraphRunner r = new GraphRunner(grad)) {
            List<HostTensor> out = r.run(concat(tensors(g, theta, null, 0), inputs));
            for (int i = 0; i < g.params().size(); i++) grads.add(out.get(g.outputs().size() + i).toDoubles());
        }
        List<double[]> d = new ArrayList<>();
        double want = 0;
        for (int i = 0; i < theta.size(); i++) {
            double[] di = new double[theta.get(i).length];
            for (int j = 0; j < di.length; j++) {
                di[j] = rnd.nextGaussian();
                want += di[j] * grads.get(i)[j];
            }
            d.add(di);
        }
        double eps = c.tolerance() > 1e-5 ? 1e-3 : 1e-6;
        double plus, minus;
        try (GraphRunner r = new GraphRunner(g)) {
            plus = r.run(concat(tensors(g, theta, d, eps), inputs)).get(0).toDoubles()[0];
            minus = r.run(concat(tensors(g, theta, d, -eps), inputs)).get(0).toDoubles()[0];
        }
        double fd = (plus - minus) / (2 * eps);
        assertEquals(fd, want, c.tolerance() * Math.max(1, Math.abs(fd)), c.covers() + " on " + g.print());
    }

    private static List<HostTensor> tensors(ModelGraph g, List<double[]> theta, List<double[]> d, double eps) {
        List<HostTensor> out = new ArrayList<>();
        for (int i = 0; i < theta.size(); i++) {
            double[] v = theta.get(i).clone();
            if (d != null) for (int j = 0; j < v.length; j++) v[j] += eps * d.get(i)[j];
            out.add(GraphRunner.tensor(g.params().get(i).type(), v));
        }
        return out;
    }

    private static List<HostTensor> concat(List<HostTensor> a, List<HostTensor> b) {
        List<HostTensor> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    // ---- one graph per primitive ---------------------------------------------------------------

    /** Builds the case: {@code body} returns the value whose Σ out·w is the loss. */
    private static Case build(Set<Primitive> covers, double tolerance, java.util.function.ToIntFunction<GraphBuilder> body) {
        GraphBuilder b = new GraphBuilder("vjp", Types.mesh("data=1"));
        int out = body.applyAsInt(b);
        TensorType ot = b.type(out);
        int w = b.input("w", ot);
        int prod = b.node(Primitive.MUL, out, w);
        List<String> all = ot.dimNames();
        int loss = all.isEmpty() ? prod : b.node(Primitive.REDUCE_SUM, new Attrs.Reduce(all), prod);
        b.output("loss", loss);
        return new Case(b.build(), covers, tolerance);
    }

    private static Case build(Primitive p, java.util.function.ToIntFunction<GraphBuilder> body) {
        return build(EnumSet.of(p), 1e-6, body);
    }

    static Case caseOf(Primitive p, int a, int b) {
        TensorType ab = t(F64, "a=" + a, "b=" + b);
        TensorType ba = t(F64, "b=" + b, "a=" + a);
        return switch (p) {
            case NEG, EXP, TANH, RELU, GELU_TANH, SILU, SIGMOID, ABS -> build(p, g -> g.node(p, g.param("x", ab)));
            // the forward erf is a rational approximation good to a few f32 ulp: its slope is the true one to ~1e-5
            case ERF, GELU_EXACT -> build(EnumSet.of(p), 1e-4, g -> g.node(p, g.param("x", ab)));
            // the forward is the identity, so finite differences see a slope the gradient must not: checked apart
            case STOP_GRADIENT -> stopGradient(ab);
            case LOG, LOG1P, SQRT, RSQRT -> build(p, g -> g.node(p, g.param("pos_x", ab)));
            // f64 → f32 → f64: the f32 rounding limits the difference quotient
            case CONVERT -> build(EnumSet.of(p), 1e-3, g -> {
                int f = g.node(Primitive.CONVERT, Attrs.NONE, ab.withElem(F32), g.param("x", ab));
                return g.node(Primitive.CONVERT, Attrs.NONE, ab, f);
            });
            case ADD, SUB, MUL, MAX, MIN -> build(p, g -> g.node(p, g.param("x", ab), g.param("y", ba)));
            case DIV, REM -> build(p, g -> g.node(p, g.param("x", ab), g.param("pos_y", ab)));
            case POW -> build(p, g -> g.node(p, g.param("pos_x", ab), g.param("pos_y", ab)));
            case NOT, AND, OR, EQ, NE, LT, LE, GT, GE, SELECT -> {
                Set<Primitive> covers = EnumSet.of(Primitive.NOT, Primitive.AND, Primitive.OR, Primitive.SELECT, p);
                yield build(covers, 1e-6, g -> {
                    int x = g.param("x", ab), y = g.param("y", ab);
                    Primitive cmp = switch (p) {
                        case EQ, NE, LT, LE, GT, GE -> p;
                        default -> Primitive.GT;
                    };
                    int c = g.node(cmp, x, y);
                    int zero = g.constant(0, ab);
                    int mixed = g.node(Primitive.OR, g.node(Primitive.AND, c, g.node(Primitive.GT, x, zero)), g.node(Primitive.NOT, c));
                    return g.node(Primitive.SELECT, mixed, x, g.node(Primitive.MUL, x, y));
                });
            }
            case BROADCAST -> build(p, g -> g.node(p, Attrs.NONE, t(F64, "b=" + b, "c=2", "a=" + a), g.param("x", ab)));
            case RESHAPE -> build(p, g -> g.node(p, Attrs.NONE, t(F64, "c=" + (a * b)), g.param("x", ab)));
            case RENAME -> build(p, g -> g.node(p, new Attrs.Rename(Map.of("a", "c")), g.param("x", ab)));
            case CONCAT -> build(p, g -> g.node(p, new Attrs.Concat(List.of("b", "c"), "d"),
                    g.param("x", ab), g.param("y", t(F64, "c=2", "a=" + a))));
            case SLICE -> build(p, g -> g.node(p, new Attrs.Slice("b", 1, "s"), t(F64, "a=" + a, "s=" + b),
                    g.param("x", t(F64, "a=" + a, "b=" + (b + 2)))));
            case EINSUM -> build(p, g -> {
                int x = g.param("x", t(F64, "a=" + a, "b=" + b, "c=2"));
                int y = g.param("y", t(F64, "c=2", "a=" + a, "d=2"));
                return g.node(p, new Attrs.Einsum(List.of("c"), List.of("a")), t(F64, "d=2", "a=" + a, "b=" + b), x, y);
            });
            case REDUCE_SUM, REDUCE_MEAN, REDUCE_MAX, REDUCE_MIN, REDUCE_LOGSUMEXP ->
                    build(p, g -> g.node(p, new Attrs.Reduce(List.of("a", "c")), g.param("x", t(F64, "a=" + a, "b=" + b, "c=2"))));
            case SOFTMAX -> build(p, g -> g.node(p, new Attrs.Axis("a"), ba, g.param("x", ab)));
            case CUMSUM -> build(p, g -> {
                int x = g.param("x", ab);
                return g.node(Primitive.ADD, g.node(p, new Attrs.Cumsum("a", false), x),
                        g.node(Primitive.MUL, x, g.node(p, new Attrs.Cumsum("b", true), x)));
            });
            // an index result is an integer: it reaches the objective only through one_hot / convert
            case ARGMAX, ONE_HOT -> build(EnumSet.of(Primitive.ARGMAX, Primitive.ONE_HOT), 1e-6, g -> {
                int x = g.param("x", ab);
                int idx = g.node(Primitive.ARGMAX, new Attrs.Axis("a"), x);
                int oh = g.node(Primitive.ONE_HOT, new Attrs.OneHot("a"), t(F64, "b=" + b, "a=" + a), idx);
                return g.node(Primitive.MUL, g.node(Primitive.BROADCAST, Attrs.NONE, ba, x), oh);
            });
            case TOP_K_VALUES, TOP_K_INDICES -> build(EnumSet.of(Primitive.TOP_K_VALUES, Primitive.TOP_K_INDICES), 1e-6, g -> {
                int x = g.param("x", t(F64, "a=" + (a + 1), "b=" + b));
                TensorType vt = t(F64, "k=" + a, "b=" + b);
                int v = g.node(Primitive.TOP_K_VALUES, new Attrs.TopK("a", "k"), vt, x);
                int i = g.node(Primitive.TOP_K_INDICES, new Attrs.TopK("a", "k"), vt.withElem(I32), x);
                return g.node(Primitive.MUL, v, g.node(Primitive.CONVERT, Attrs.NONE, vt, i));
            });
            case TAKE -> build(p, g -> g.node(p, new Attrs.Take("v"), g.param("x", t(F64, "v=3", "d=" + b)), g.input("ids", t(I32, "t=" + a))));
            case SCATTER_ADD -> build(p, g -> g.node(p, new Attrs.Take("v"), g.param("x", t(F64, "v=3", "d=" + b)),
                    g.input("ids", t(I32, "t=" + a)), g.param("u", t(F64, "d=" + b, "t=" + a))));
            case CONSTANT, IOTA -> build(EnumSet.of(Primitive.CONSTANT, Primitive.IOTA), 1e-6, g -> {
                int x = g.param("x", ab);
                int io = g.node(Primitive.IOTA, new Attrs.Axis("a"), ab);
                return g.node(Primitive.MUL, g.node(Primitive.ADD, x, io), g.constant(1.5, ab));
            });
            case RANDOM_UNIFORM, RANDOM_BERNOULLI -> build(EnumSet.of(Primitive.RANDOM_UNIFORM, Primitive.RANDOM_BERNOULLI), 1e-6, g -> {
                int key = g.input("key", t(U32, "key=2"));
                int x = g.param("x", ab);
                int u = g.node(Primitive.RANDOM_UNIFORM, new Attrs.RandomUniform(g.nextStream(), 0.5, 2), ab, key);
                int m = g.node(Primitive.RANDOM_BERNOULLI, new Attrs.RandomBernoulli(g.nextStream(), 0.5), ab, key);
                return g.node(Primitive.MUL, g.node(Primitive.MUL, x, u), g.node(Primitive.ADD, m, x));
            });
            // the backward dropout must draw the very mask of the forward one
            case DROPOUT -> build(p, g -> {
                int key = g.input("key", t(U32, "key=2"));
                int training = g.input("training", TensorType.scalar(I1));
                int x = g.param("x", t(F64, "a=" + (a + 3), "b=" + (b + 3)));
                int dx = g.node(p, new Attrs.Dropout(g.nextStream(), 0.5), x, key, training);
                return g.node(Primitive.MUL, dx, x);
            });
            case LAYOUT -> build(p, g -> g.node(p, Attrs.NONE, ab, new Sharding(List.of(List.of("data"), List.of()), true), g.param("x", ab)));
            case MOE_DISPATCH, MOE_COMBINE -> moe(a, b);
        };
    }

    /** dispatch → per-expert scale → combine, top-1 or (when a > 1) top-2 with a choice dim, one token dropped. */
    private static Case moe(int a, int b) {
        boolean top2 = a > 1;
        return build(EnumSet.of(Primitive.MOE_DISPATCH, Primitive.MOE_COMBINE), 1e-6, g -> {
            TensorType x = t(F64, "t=4", "f=" + b);
            List<Dim> route = new ArrayList<>(List.of(new Dim("t", 4)));
            if (top2) route.add(new Dim("k", 2));
            TensorType rt = new TensorType(I32, route);
            int xs = g.param("x", x);
            int expert = g.input("expert", rt);
            int slot = g.input("slot", rt);
            int gate = g.param("gate", rt.withElem(F64));
            Attrs.Moe m = new Attrs.Moe("t", "e", "c", top2 ? Optional.of("k") : Optional.empty());
            int y = g.node(Primitive.MOE_DISPATCH, m, t(F64, "e=3", "c=3", "f=" + b), xs, expert, slot);
            int h = g.node(Primitive.MUL, y, g.param("scale", t(F64, "e=3", "c=3", "f=" + b)));
            return g.node(Primitive.MOE_COMBINE, m, h, expert, slot, gate);
        });
    }
}
