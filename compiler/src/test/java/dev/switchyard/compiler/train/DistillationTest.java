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
 * formula), the soft term at temperatures 2 and 0.5 (loss and gradient from the formula; the
 * gradient w.r.t. the logits against its closed form T·(p_s − p_t)/N), T = 1 building the module
 * built without a temperature, α = 1 giving the plain step's numbers, and the teacher's parameters being read-only
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

    static double[] divided(double[] l, double by) {
        double[] out = new double[l.length];
        for (int i = 0; i < l.length; i++) out[i] = l[i] / by;
        return out;
    }

    /** {hard CE, soft CE, aux, total} in doubles, straight from the definitions. */
    double[] losses(double[] wd, double alpha) { return losses(wd, alpha, 1); }

    /** As above, the soft CE at temperature {@code temp}: temp² · mean of −Σ softmax(t/temp) · log_softmax(s/temp) (Hinton et al. 2015). */
    double[] losses(double[] wd, double alpha, double temp) {
        double[] s = logits(x, wd), t = logits(x, toDoubles(u));
        double[] sT = divided(s, temp), tT = divided(t, temp);
        double hard = 0, soft = 0, aux = 0;
        for (int p = 0; p < B * T; p++) {
            double[] ls = logSoftmax(s, p), lsT = logSoftmax(sT, p), ltT = logSoftmax(tT, p);
            hard -= ls[targets[p]];
            for (int v = 0; v < V; v++) soft -= Math.exp(ltT[v]) * lsT[v];
        }
        hard /= B * T;
        soft *= temp * temp / (B * T);
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

    static TrainStep distilled(double alpha, double temperature, TrainConfig config) {
        return TrainStep.compileDistilled(STUDENT, TEACHER, alpha, temperature, Gradients.pass(), config, CompileOptions.defaults());
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
    void softLossAtATemperatureMatchesTheDefinition() throws Exception {
        double atOne = losses(toDoubles(w), 0.25)[1];
        for (double temp : new double[] {2, 0.5}) {
            TrainStep ts = distilled(0.25, temp, SGD);
            List<HostTensor> out = run(ts);
            double[] want = losses(toDoubles(w), 0.25, temp);
            assertTrue(Math.abs(want[1] - atOne) > 0.01, "the case tells T = " + temp + " from T = 1: " + want[1] + " vs " + atOne);
            assertEquals(want[0], metric(ts, out, "ce_loss"), 1e-5, "the hard term is not softened");
            assertEquals(want[1], metric(ts, out, Distillation.DISTILL_LOSS), 1e-5, "T² · soft CE of softmax(t/T) and log_softmax(s/T), T = " + temp);
            assertEquals(want[3], metric(ts, out, TrainStep.LOSS), 1e-5, "0.25 · hard + 0.75 · soft + aux, T = " + temp);
        }
    }

    @Test
    void gradientAtATemperatureMatchesFiniteDifferences() throws Exception {
        double alpha = 0.4;
        for (double temp : new double[] {2, 0.5}) {
            TrainStep ts = distilled(alpha, temp, SGD);
            List<HostTensor> out = run(ts);
            double[] updated = out.get(ts.state(StateTensor.Role.PARAM).getFirst().result()).toDoubles();
            double[] wd = toDoubles(w);
            double h = 1e-5;
            for (int i = 0; i < wd.length; i++) {
                double[] plus = wd.clone(), minus = wd.clone();
                plus[i] += h;
                minus[i] -= h;
                double fd = (losses(plus, alpha, temp)[3] - losses(minus, alpha, temp)[3]) / (2 * h);
                assertEquals(fd, wd[i] - updated[i], 2e-5 * Math.max(1, Math.abs(fd)), "∂loss/∂w[" + i + "] at T = " + temp);
            }
        }
    }

    /** A student and teacher whose logits are their parameter: the step's update is then the gradient w.r.t. the logits. */
    static String logitModel(String name, String param) {
        return """
                model %s
                dim batch = 2
                dim tgt = 3
                dim vocab = 5
                block forward(targets: i32[batch, tgt], training: bool[]) {
                  param %s: [batch, tgt, vocab] = normal(1.0)
                  let ce = cross_entropy(%s, targets)
                  return (logits = %s, loss = ce, ce_loss = ce)
                }
                """.formatted(name, param, param, param);
    }

    static double[] softmax(double[] l, int p) {
        double[] ls = logSoftmax(l, p);
        for (int v = 0; v < V; v++) ls[v] = Math.exp(ls[v]);
        return ls;
    }

    @Test
    void gradientWithRespectToTheStudentLogitsIsTheClosedForm() throws Exception {
        ModelGraph student = check(logitModel("logit_student", "s")), teacher = check(logitModel("logit_teacher", "t"));
        float[] s = floats(B * T * V, 2.0), t = floats(B * T * V, 3.0);
        long[] shape = {B, T, V};
        for (double temp : new double[] {2, 0.5}) {
            // α = 0: the loss is the soft term alone (loss + (ce − ce)), so SGD at lr 1 moves s by −∂distill/∂s
            TrainStep ts = TrainStep.compileDistilled(student, teacher, 0, temp, Gradients.pass(), SGD, CompileOptions.defaults());
            List<HostTensor> args = new ArrayList<>();
            for (StateTensor st : ts.state()) {
                args.add(switch (st.role()) {
                    case PARAM -> f32(shape, s);
                    case OPTIMIZER -> HostTensor.zeros(ElementType.F32, st.shape().stream().mapToLong(Long::longValue).toArray());
                    case STEP -> HostTensor.ofLongs(ElementType.I32, new long[0], 0);
                });
            }
            long[] ints = new long[targets.length];
            for (int i = 0; i < ints.length; i++) ints[i] = targets[i];
            args.add(HostTensor.ofLongs(ElementType.I32, new long[] {B, T}, ints));
            args.add(f32(shape, t));
            List<HostTensor> out;
            try (ReferenceExecutor ex = new ReferenceExecutor();
                 Executable exe = ex.compile(ts.genericText(), dev.switchyard.hlo.exec.CompileOptions.defaults())) {
                out = exe.execute(args);
            }
            double[] updated = out.get(ts.state(StateTensor.Role.PARAM).getFirst().result()).toDoubles();
            double[] sT = divided(toDoubles(s), temp), tT = divided(toDoubles(t), temp);
            for (int p = 0; p < B * T; p++) {
                double[] ps = softmax(sT, p), pt = softmax(tT, p);
                for (int v = 0; v < V; v++) {
                    double want = temp * (ps[v] - pt[v]) / (B * T);
                    int i = p * V + v;
                    assertEquals(want, s[i] - updated[i], 2e-6, "∂distill_loss/∂s at position " + p + ", class " + v + ", T = " + temp);
                }
            }
        }
    }

    @Test
    void temperatureOneBuildsTheModuleWithoutOne() {
        String without = distilled(0.25, SGD).genericText();
        assertEquals(without, distilled(0.25, 1.0, SGD).genericText(), "T = 1 is the module built without a temperature");
        assertTrue(!without.equals(distilled(0.25, 2.0, SGD).genericText()), "T = 2 builds another");
        // and that module softens nothing: the teacher's logits go straight into the softmax, as before temperatures
        ModelGraph g = Distillation.objective(STUDENT, 0.25, 1.0);
        int teacherLogits = g.inputs().stream().filter(in -> in.name().equals(Distillation.TEACHER_LOGITS)).findFirst().orElseThrow().id();
        List<dev.switchyard.dsl.graph.Primitive> readers = g.nodes().stream().filter(n -> n.operands().contains(teacherLogits))
                .map(dev.switchyard.dsl.graph.Node::op).toList();
        assertEquals(List.of(dev.switchyard.dsl.graph.Primitive.SOFTMAX), readers);
        ModelGraph hot = Distillation.objective(STUDENT, 0.25, 2.0);
        int hotTeacher = hot.inputs().stream().filter(in -> in.name().equals(Distillation.TEACHER_LOGITS)).findFirst().orElseThrow().id();
        assertEquals(List.of(dev.switchyard.dsl.graph.Primitive.DIV), hot.nodes().stream().filter(n -> n.operands().contains(hotTeacher))
                .map(dev.switchyard.dsl.graph.Node::op).toList(), "at T = 2 they are divided by T first");
    }

    @Test
    void temperaturesAnF32CannotUseAreCompileErrors() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY, 1e-30, 1e30}) {
            CompileException e = assertThrows(CompileException.class, () -> distilled(0.25, bad, SGD), () -> "T = " + bad);
            assertTrue(e.getMessage().contains("temperature") && e.getMessage().contains(String.valueOf(bad)), e::getMessage);
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
