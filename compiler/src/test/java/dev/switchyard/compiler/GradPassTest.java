package dev.switchyard.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.compiler.autodiff.GradPass;
import dev.switchyard.compiler.testing.GraphRunner;
import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.GraphBuilder;
import dev.switchyard.dsl.graph.Input;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Output;
import dev.switchyard.dsl.graph.Param;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.TensorType;
import dev.switchyard.dsl.graph.Value;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The grad pass on the samples: its output contract, its errors, and whole-model gradients against finite differences. */
class GradPassTest {

    @Test
    void gradientsFollowTheForwardOutputsOneperParameterInF32WithTheParameterSharding() {
        ModelGraph g = Samples.graph("switch_tiny");
        ModelGraph grad = GradPass.apply(g, "loss");
        assertEquals(g.params(), grad.params());
        assertEquals(g.inputs(), grad.inputs());
        assertEquals(g.outputs(), grad.outputs().subList(0, g.outputs().size()));
        assertEquals(g.outputs().size() + g.params().size(), grad.outputs().size());
        boolean expertSplit = false;
        for (int i = 0; i < g.params().size(); i++) {
            Param p = g.params().get(i);
            Output o = grad.outputs().get(g.outputs().size() + i);
            Value v = grad.value(o.value());
            assertEquals("grad/" + p.path(), o.name());
            assertEquals(p.type().dims(), v.type().dims(), o.name());
            assertEquals(p.type().elem() == ElemType.BF16 ? ElemType.F32 : p.type().elem(), v.type().elem(), o.name());
            assertEquals(p.sharding(), v.sharding(), o.name());
            expertSplit |= p.type().has("experts") && v.sharding().axesPerDim().get(p.type().indexOf("experts")).equals(List.of("expert"));
        }
        assertTrue(expertSplit, "expert kernels' gradients are split on the expert axis");
        // and the whole thing lowers
        assertTrue(Compiler.compile(grad, CompileOptions.defaults()).genericText().contains("stablehlo.scatter"),
                "the embedding's gradient is a scatter-add");
    }

    @Test
    void aMissingOrNonScalarObjectiveNamesTheOutputs() {
        ModelGraph g = Samples.graph("switch_tiny");
        CompileException missing = assertThrows(CompileException.class, () -> GradPass.apply(g, "objective"));
        assertTrue(missing.getMessage().contains("no output 'objective'"), missing.getMessage());
        assertTrue(missing.getMessage().contains("hidden: bf16[batch=4, seq=8, d_model=16]"), missing.getMessage());
        assertTrue(missing.getMessage().contains("aux_loss: f32[]"), missing.getMessage());
        CompileException tensor = assertThrows(CompileException.class, () -> GradPass.apply(g, "hidden"));
        assertTrue(tensor.getMessage().contains("must be a scalar float"), tensor.getMessage());
    }

    /**
     * switch_tiny in f64, training (dropout on), capacity 1 so tokens get dropped, objective
     * loss + aux_loss + z_loss: the directional derivative ⟨∇θ, d⟩ from the grad pass equals the
     * central difference (f(θ + εd) − f(θ − εd)) / 2ε along random directions d.
     */
    @Test
    void switchTinyGradientsMatchFiniteDifferencesInF64() throws Exception {
        ModelGraph f32 = Samples.graph("switch_tiny", CheckOptions.defaults().withMesh("single")
                .withDimOverrides(Map.of("capacity", 1.0)));
        ModelGraph g = withObjective(PrecisionOverride.apply(f32, ElemType.F64));
        ModelGraph grad = GradPass.apply(g, "objective");
        Random rnd = new Random(7);
        List<HostTensor> params = new ArrayList<>();
        List<double[]> theta = new ArrayList<>();
        for (Param p : g.params()) {
            double[] v = new double[(int) p.type().elementCount()];
            for (int i = 0; i < v.length; i++) v[i] = 0.5 * rnd.nextGaussian();
            theta.add(v);
            params.add(GraphRunner.tensor(p.type(), v));
        }
        List<HostTensor> inputs = new ArrayList<>();
        for (Input in : g.inputs()) {
            double[] v = new double[(int) in.type().elementCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = switch (in.name()) {
                    case "training" -> 1;
                    case "key" -> 12345 + i;
                    default -> rnd.nextInt(16);
                };
            }
            inputs.add(GraphRunner.tensor(in.type(), v));
        }
        int objective = g.outputs().size() - 1;
        List<HostTensor> out;
        try (GraphRunner r = new GraphRunner(grad)) {
            out = r.run(concat(params, inputs));
        }
        assertDroppedSomeTokens(f32);
        List<double[]> grads = new ArrayList<>();
        for (int i = 0; i < g.params().size(); i++) grads.add(out.get(g.outputs().size() + i).toDoubles());
        for (int i = 0; i < g.params().size(); i++) {
            if (g.params().get(i).path().contains("router")) {
                assertTrue(norm(grads.get(i)) > 0, "the router learns: " + g.params().get(i).path());
            }
        }
        double eps = 1e-5;
        try (GraphRunner forward = new GraphRunner(g)) {
            for (int trial = 0; trial < 3; trial++) {
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
                double plus = forward.run(concat(shifted(g, theta, d, eps), inputs)).get(objective).toDoubles()[0];
                double minus = forward.run(concat(shifted(g, theta, d, -eps), inputs)).get(objective).toDoubles()[0];
                double fd = (plus - minus) / (2 * eps);
                assertEquals(fd, want, 1e-6 * Math.max(1, Math.abs(fd)), "direction " + trial);
            }
        }
    }

    /** The forward with one more output, objective = loss + aux_loss + z_loss (as a training objective composes them). */
    static ModelGraph withObjective(ModelGraph g) {
        GraphBuilder b = GraphBuilder.from(g);
        int loss = id(g, "loss"), aux = id(g, "aux_loss"), z = id(g, "z_loss");
        int sum = b.node(Primitive.ADD, b.node(Primitive.ADD, loss, aux), z);
        b.output("objective", sum);
        return b.finish(g);
    }

    private static int id(ModelGraph g, String output) {
        return g.outputs().stream().filter(o -> o.name().equals(output)).findFirst().orElseThrow().value();
    }

    private static void assertDroppedSomeTokens(ModelGraph g) {
        TensorType dispatch = g.nodes().stream().filter(n -> n.op() == Primitive.MOE_DISPATCH).findFirst().orElseThrow().type();
        long capacity = dispatch.dim("capacity").orElseThrow().size();
        long experts = dispatch.dim("experts").orElseThrow().size();
        assertTrue(capacity * experts < 8, "capacity " + capacity + " × " + experts + " experts holds fewer than the 8 tokens of a group");
    }

    private static List<HostTensor> shifted(ModelGraph g, List<double[]> theta, List<double[]> d, double eps) {
        List<HostTensor> out = new ArrayList<>();
        for (int i = 0; i < theta.size(); i++) {
            double[] v = theta.get(i).clone();
            for (int j = 0; j < v.length; j++) v[j] += eps * d.get(i)[j];
            out.add(GraphRunner.tensor(g.params().get(i).type(), v));
        }
        return out;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }

    private static List<HostTensor> concat(List<HostTensor> a, List<HostTensor> b) {
        List<HostTensor> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
