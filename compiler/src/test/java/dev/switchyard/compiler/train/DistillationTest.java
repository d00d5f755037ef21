package dev.switchyard.compiler.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.compiler.CompileException;
import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.ShardingForm;
import dev.switchyard.compiler.TensorSpec;
import dev.switchyard.compiler.testing.StablehloOpt;
import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.CheckResult;
import dev.switchyard.dsl.Frontend;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.verify.Verifier;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The distillation step on a linear student and teacher (logits = x · W) small enough to work out
 * in Java doubles: the loss it reports, its gradient (against f64 finite differences of that
 * formula), α = 1 giving the plain step's numbers, and the teacher's parameters being read-only
 * arguments of one module that our verifier and stablehlo-opt accept.
 */
class DistillationTest {

    static final int B = 2, T = 3, D = 4, V = 5;

    static String model(String name, String param, String vocab) {
        return """
                model %s
                dim batch = 2
                dim tgt = 3
                dim d = 4
                dim vocab = %s
                block forward(x: f32[batch, tgt, d], targets: i32[batch, tgt], training: bool[]) {
                  param %s: [d, vocab] = normal(1.0)
                  let logits = x @ %s
                  let ce = cross_entropy(logits, targets)
                  let aux = 0.1 * sum(%s * %s)
                  return (logits = logits, loss = ce + aux, ce_loss = ce, aux_loss = aux)
                }
                """.formatted(name, vocab, param, param, param, param);
    }

    static ModelGraph check(String source) {
        CheckResult r = Frontend.checkText("distill.sy", source, CheckOptions.defaults());
        assertTrue(r.ok(), r::render);
        return r.graph().orElseThrow();
    }

    static final ModelGraph STUDENT = check(model("student", "w", "5")), TEACHER = check(model("teacher", "u", "5"));

    final Random random = new Random(15);
    final float[] x = floats(B * T * D, 1.0), w = floats(D * V, 0.7), u = floats(D * V, 1.5);
    final int[] targets = {0, 4, 2, 1, 3, 3};

    float[] floats(int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (random.nextGaussian() * scale);
        return a;
    }

    static double[] logits(float[] x, double[] w) {
        double[] out = new double[B * T * V];
        for (int p = 0; p < B * T; p++) {
            for (int v = 0; v < V; v++) {
                double s = 0;
                for (int d = 0; d < D; d++) s += x[p * D + d] * w[d * V + v];
                out[p * V + v] = s;
            }
        }
        return out;
    }

    static double[] logSoftmax(double[] l, int p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < V; v++) max = Math.max(max, l[p * V + v]);
        double z = 0;
        for (int v = 0; v < V; v++) z += Math.exp(l[p * V + v] - max);
        double lse = max + Math.log(z);
        double[] out = new double[V];
        for (int v = 0; v < V; v++) out[v] = l[p * V + v] - lse;
        return out;
    }

    /** {hard CE, soft CE, aux, total} in doubles, straight from the definitions. */
    double[] losses(double[] wd, double alpha) {
        double[] s = logits(x, wd), t = logits(x, toDoubles(u));
        double hard = 0, soft = 0, aux = 0;
        for (int p = 0; p < B * T; p++) {
            double[] ls = logSoftmax(s, p), lt = logSoftmax(t, p);
            hard -= ls[targets[p]];
            for (int v = 0; v < V; v++) soft -= Math.exp(lt[v]) * ls[v];
        }
        hard /= B * T;
        soft /= B * T;
        for (double a : wd) aux += a * a;
        aux *= 0.1;
        return new double[] {hard, soft, aux, alpha * hard + (1 - alpha) * soft + aux};
    }

    static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    static HostTensor f32(long[] shape, float[] v) { return HostTensor.ofDoubles(ElementType.F32, shape, toDoubles(v)); }

    List<HostTensor> run(TrainStep ts) throws Exception {
        List<HostTensor> args = new ArrayList<>();
        for (StateTensor s : ts.state()) {
            long[] shape = s.shape().stream().mapToLong(Long::longValue).toArray();
            args.add(switch (s.role()) {
                case PARAM -> f32(shape, w);
                case OPTIMIZER -> HostTensor.zeros(ElementType.F32, shape);
                case STEP -> HostTensor.ofLongs(ElementType.I32, new long[0], 0);
            });
        }
        long[] ints = new long[targets.length];
        for (int i = 0; i < ints.length; i++) ints[i] = targets[i];
        for (TensorSpec in : ts.inputs()) {
            args.add(in.name().equals("x") ? f32(new long[] {B, T, D}, x) : HostTensor.ofLongs(ElementType.I32, new long[] {B, T}, ints));
        }
        for (TensorSpec t : ts.teacher()) args.add(f32(new long[] {D, V}, u));
        try (ReferenceExecutor ex = new ReferenceExecutor();
             Executable exe = ex.compile(ts.genericText(), dev.switchyard.hlo.exec.CompileOptions.defaults())) {
            return exe.execute(args);
        }
    }

    static double metric(TrainStep ts, List<HostTensor> out, String name) {
        int i = ts.metricNames().indexOf(name);
        assertTrue(i >= 0, () -> "no metric " + name + " in " + ts.metricNames());
        return out.get(ts.metrics().get(i).argument()).toDoubles()[0];
    }

    static TrainStep distilled(double alpha, TrainConfig config) {
        return TrainStep.compileDistilled(STUDENT, TEACHER, alpha, Gradients.pass(), config, CompileOptions.defaults());
    }

    static final TrainConfig SGD = new TrainConfig(new Optimizer.Sgd(), new Schedule.Constant(1.0), 0);

    @Test
    void lossAndMetricsMatchTheDefinitions() throws Exception {
        TrainStep ts = distilled(0.25, SGD);
        List<HostTensor> out = run(ts);
        double[] want = losses(toDoubles(w), 0.25);
        assertEquals(want[0], metric(ts, out, "ce_loss"), 1e-5, "hard CE");
        assertEquals(want[1], metric(ts, out, Distillation.DISTILL_LOSS), 1e-5, "soft CE against the teacher's probabilities");
        assertEquals(want[2], metric(ts, out, "aux_loss"), 1e-5, "the student's auxiliary term is kept");
        assertEquals(want[3], metric(ts, out, TrainStep.LOSS), 1e-5, "0.25 · hard + 0.75 · soft + aux");
    }

    @Test
    void gradientMatchesFiniteDifferences() throws Exception {
        double alpha = 0.4;
        TrainStep ts = distilled(alpha, SGD);
        List<HostTensor> out = run(ts);
        // SGD at lr 1: w' = w − ∂loss/∂w, so the gradient is w − w'
        double[] updated = out.get(ts.state(StateTensor.Role.PARAM).getFirst().result()).toDoubles();
        double[] wd = toDoubles(w);
        double h = 1e-5;
        for (int i = 0; i < wd.length; i++) {
            double[] plus = wd.clone(), minus = wd.clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (losses(plus, alpha)[3] - losses(minus, alpha)[3]) / (2 * h);
            assertEquals(fd, wd[i] - updated[i], 2e-5 * Math.max(1, Math.abs(fd)), "∂loss/∂w[" + i + "]");
        }
    }

    @Test
    void alphaOneIsThePlainStudentStep() throws Exception {
        TrainStep plain = TrainStep.compile(STUDENT, SGD, CompileOptions.defaults());
        TrainStep one = distilled(1.0, SGD);
        List<HostTensor> a = run(plain), b = run(one);
        assertEquals(metric(plain, a, TrainStep.LOSS), metric(one, b, TrainStep.LOSS), 0.0, "the same loss, exactly");
        assertEquals(a.get(0), b.get(0), "the same update, bit for bit");
        assertEquals(losses(toDoubles(w), 1)[1], metric(one, b, Distillation.DISTILL_LOSS), 1e-5, "distill_loss still reported");
    }

    @Test
    void teacherParametersAreReadOnlyArgumentsOfOneValidModule() {
        TrainStep ts = distilled(0.25, TrainConfig.defaults());
        assertEquals(List.of("u"), ts.teacher().stream().map(TensorSpec::name).toList());
        int first = ts.state().size() + ts.inputs().size();
        assertEquals(List.of(first), ts.teacherArguments(), "after the state and the per-step inputs");
        assertEquals(-1, ts.aliasedResults()[first], "never donated");
        assertEquals(List.of("x", "targets"), ts.inputs().stream().map(TensorSpec::name).toList(), "teacher_logits is no argument");
        var main = ts.module().function("main").orElseThrow();
        assertEquals(first + 1, main.arguments().size());
        assertEquals(ts.state().size() + ts.metrics().size(), ((dev.switchyard.hlo.ir.Type.FunctionType) main.type()).results().size(),
                "the teacher is not returned");
        String text = ts.genericText();
        assertEquals(ts.state().size(), text.split("tf.aliasing_output", -1).length - 1, "only the state is aliased");
        assertEquals(List.of(), Verifier.verify(ts.module()));
        StablehloOpt.check(ts.module(), ShardingForm.SHARDY);
        StablehloOpt.check(distilled(0.25, TrainConfig.defaults()).module(), ShardingForm.SHARDY);
    }

    @Test
    void sparseTeacherAndDenseStudentSamplesCompileAndVerify() {
        Path samples = Path.of(System.getProperty("switchyard.samples", "../samples"));
        ModelGraph teacher = Frontend.check(samples.resolve("distill_teacher.sy"), CheckOptions.defaults()).graph().orElseThrow();
        ModelGraph student = Frontend.check(samples.resolve("distill_student.sy"), CheckOptions.defaults()).graph().orElseThrow();
        for (ShardingForm form : ShardingForm.values()) {
            TrainStep ts = TrainStep.compileDistilled(student, teacher, 0.25, Gradients.pass(), TrainConfig.defaults(),
                    CompileOptions.defaults().withSharding(form));
            assertEquals(teacher.params().size(), ts.teacher().size());
            assertEquals(List.of(), Verifier.verify(ts.module()));
            StablehloOpt.check(ts.module(), form);
        }
        assertTrue(Distillation.nonExpertParameters(teacher).stream().noneMatch(p -> p.contains("experts") || p.contains("router")),
                "expert kernels and routers are expert parameters");
        assertTrue(Distillation.nonExpertParameters(teacher).contains("embedding"));
    }

    @Test
    void mismatchesAreCompileErrorsNamingBothModels() {
        ModelGraph other = check(model("wide_teacher", "u", "6"));
        CompileException e = assertThrows(CompileException.class,
                () -> TrainStep.compileDistilled(STUDENT, other, 0.25, Gradients.pass(), SGD, CompileOptions.defaults()));
        assertTrue(e.getMessage().contains("wide_teacher") && e.getMessage().contains("student") && e.getMessage().contains("vocab=6"),
                e::getMessage);
        ModelGraph noLogits = check(model("t", "u", "5").replace("logits = logits,", ""));
        e = assertThrows(CompileException.class,
                () -> TrainStep.compileDistilled(STUDENT, noLogits, 0.25, Gradients.pass(), SGD, CompileOptions.defaults()));
        assertTrue(e.getMessage().contains("teacher's output 'logits'"), e::getMessage);
        e = assertThrows(CompileException.class, () -> distilled(1.5, SGD));
        assertTrue(e.getMessage().contains("[0, 1]"), e::getMessage);
    }
}
