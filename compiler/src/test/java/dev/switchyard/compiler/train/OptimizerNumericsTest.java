package dev.switchyard.compiler.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The emitted optimizers run for three steps on the reference interpreter against the same
 * formulas written here as plain loops in double (T5X's Adafactor with Switchyard's rule, optax's
 * AdamW, SGD). The model makes its own gradients exact: loss = Σ v·gv + Σ m·gm + Σ k·ge, so
 * ∂loss/∂v = gv (only while training is true), and so on; the test chooses the gradients.
 */
class OptimizerNumericsTest {

    static final String MODEL = """
            model opt_test
            dim n = 4
            dim big = 256
            dim small = 128
            dim experts = 2
            dim d_model = 128
            dim d_ff = 256
            block forward(gv: f32[n], gm: f32[big, small], ge: f32[experts, d_model, d_ff], training: bool[]) {
              param v: f32[n] = zeros
              param m: f32[big, small] = zeros
              param k: f32[experts, d_model, d_ff] = zeros
              let gvt = where(training, gv, 0.0 * gv)
              return (loss = sum(v * gvt) + sum(m * gm) + sum(k * ge), gv_out = gvt, gm_out = gm, ge_out = ge)
            }
            """;

    static final int N = 4, BIG = 256, SMALL = 128, E = 2, DM = 128, DFF = 256;
    static final int STEPS = 3;

    static TrainStep step(TrainConfig config) {
        HandGrads.Pair p = HandGrads.of(MODEL, Map.of("v", "gv_out", "m", "gm_out", "k", "ge_out"));
        return TrainStep.assemble(p.forward(), p.withGrads(), config, CompileOptions.defaults());
    }

    /** The three parameters (v, m, k) and per step their gradients; expert 1 of k is 10× expert 0, so per-expert scaling matters. */
    static final class Data {
        final double[][] params = new double[3][];
        final double[][][] grads = new double[STEPS][3][];

        Data() {
            Random r = new Random(11);
            params[0] = fill(r, N, 1);
            params[1] = fill(r, BIG * SMALL, 0.05);
            params[2] = fill(r, E * DM * DFF, 0.02);
            for (int i = DM * DFF; i < params[2].length; i++) params[2][i] *= 10;
            for (int s = 0; s < STEPS; s++) {
                grads[s][0] = fill(r, N, 1);
                grads[s][1] = fill(r, BIG * SMALL, 0.1);
                grads[s][2] = fill(r, E * DM * DFF, 0.01);
                for (int i = DM * DFF; i < grads[s][2].length; i++) grads[s][2][i] *= 10;
                // Make the rows of m differ in scale, so factoring is visibly not elementwise.
                for (int i = 0; i < BIG * SMALL; i++) grads[s][1][i] *= 1 + (i / SMALL) % 7;
            }
        }

        static double[] fill(Random r, int n, double scale) {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) out[i] = (float) (r.nextGaussian() * scale);
            return out;
        }
    }

    static final long[][] SHAPES = {{N}, {BIG, SMALL}, {E, DM, DFF}};

    static HostTensor f32(long[] shape, double[] v) { return HostTensor.ofDoubles(ElementType.F32, shape, v); }

    /** Runs {@link #STEPS} steps from {@code d}'s parameters, zero slots and step 0; returns the final outputs and each step's metrics. */
    static List<List<HostTensor>> run(TrainStep ts, Data d) throws Exception {
        List<HostTensor> state = new ArrayList<>();
        for (StateTensor s : ts.state()) {
            long[] shape = s.shape().stream().mapToLong(Long::longValue).toArray();
            state.add(switch (s.role()) {
                case PARAM -> f32(shape, d.params[List.of("v", "m", "k").indexOf(s.path())]);
                case OPTIMIZER -> f32(shape, new double[Math.toIntExact(s.elementCount())]);
                case STEP -> HostTensor.ofLongs(ElementType.I32, new long[0], 0);
            });
        }
        List<List<HostTensor>> perStep = new ArrayList<>();
        try (ReferenceExecutor ex = new ReferenceExecutor();
             Executable exe = ex.compile(ts.genericText(), dev.switchyard.hlo.exec.CompileOptions.defaults())) {
            for (int s = 0; s < STEPS; s++) {
                List<HostTensor> args = new ArrayList<>(state);
                for (int i = 0; i < 3; i++) args.add(f32(SHAPES[i], d.grads[s][i]));
                List<HostTensor> out = exe.execute(args);
                perStep.add(out);
                state = new ArrayList<>(out.subList(0, ts.state().size()));
            }
        }
        return perStep;
    }

    // ---- reference formulas ---------------------------------------------------------------

    /**
     * A parameter viewed as [batch][n] with, for factoring, each element's d0 index and group index:
     * how Switchyard's rule slices it (d0 = the largest non-batch dim, group = the rest).
     */
    record View(int batch, int n, int d0Size, int groupSize, boolean factored, java.util.function.IntUnaryOperator d0Of,
                java.util.function.IntUnaryOperator groupOf) {}

    static final View VECTOR = new View(1, N, N, 1, false, i -> i, i -> 0);
    /** m[big, small]: d0 = big (position 0), group = small. */
    static final View MATRIX = new View(1, BIG * SMALL, BIG, SMALL, true, i -> i / SMALL, i -> i % SMALL);
    /** k[experts, d_model, d_ff]: per expert, d0 = d_ff (position 2), group = d_model. */
    static final View KERNEL = new View(E, DM * DFF, DFF, DM, true, i -> i % DFF, i -> i / DFF);

    /** Adafactor state of one parameter in the emitted layout: V [batch·n], or R [batch·group] and C [batch·d0]. */
    static final class AdafactorRef {
        final View view;
        final double[] p, v, r, c;

        AdafactorRef(View view, double[] p) {
            this.view = view;
            this.p = p.clone();
            this.v = new double[view.batch * view.n];
            this.r = new double[view.batch * view.groupSize];
            this.c = new double[view.batch * view.d0Size];
        }

        void step(double[] g, double lr, long t) {
            double beta = 1 - Math.pow(t, -0.8);
            int n = view.n;
            for (int e = 0; e < view.batch; e++) {
                int o = e * n;
                double[] u = new double[n];
                if (view.factored) {
                    double[] rowSum = new double[view.groupSize], colSum = new double[view.d0Size];
                    for (int i = 0; i < n; i++) {
                        double gg = g[o + i] * g[o + i] + 1e-30;
                        rowSum[view.groupOf.applyAsInt(i)] += gg;
                        colSum[view.d0Of.applyAsInt(i)] += gg;
                    }
                    double rMean = 0;
                    for (int j = 0; j < view.groupSize; j++) {
                        int k = e * view.groupSize + j;
                        r[k] = beta * r[k] + (1 - beta) * rowSum[j] / view.d0Size;
                        rMean += r[k] / view.groupSize;
                    }
                    for (int j = 0; j < view.d0Size; j++) {
                        int k = e * view.d0Size + j;
                        c[k] = beta * c[k] + (1 - beta) * colSum[j] / view.groupSize;
                    }
                    for (int i = 0; i < n; i++) {
                        double rr = r[e * view.groupSize + view.groupOf.applyAsInt(i)] / rMean;
                        double cc = c[e * view.d0Size + view.d0Of.applyAsInt(i)];
                        u[i] = g[o + i] / Math.sqrt(rr) / Math.sqrt(cc);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        v[o + i] = beta * v[o + i] + (1 - beta) * (g[o + i] * g[o + i] + 1e-30);
                        u[i] = g[o + i] / Math.sqrt(v[o + i]);
                    }
                }
                double uu = 0, pp = 0;
                for (int i = 0; i < n; i++) {
                    uu += u[i] * u[i];
                    pp += p[o + i] * p[o + i];
                }
                double clip = Math.max(1, Math.sqrt(uu / n) / 1.0);
                double alpha = lr * Math.max(1e-3, Math.sqrt(pp / n));
                for (int i = 0; i < n; i++) p[o + i] -= alpha * u[i] / clip;
            }
        }
    }

    /**
     * Elementwise within {@code rel} of the element plus the tensor's RMS: an update p − α·u that
     * cancels to near 0 keeps the absolute f32 error of p, so a pure relative bound would be unfair.
     */
    static void assertClose(double[] want, float[] got, double rel, String what) {
        assertEquals(want.length, got.length, what + " size");
        double ss = 0;
        for (double w : want) ss += w * w;
        double scale = Math.sqrt(ss / want.length);
        for (int i = 0; i < want.length; i++) {
            double tol = rel * (Math.abs(want[i]) + scale);
            if (Math.abs(want[i] - got[i]) > tol) throw new AssertionError(what + "[" + i + "]: want " + want[i] + ", got " + got[i]);
        }
    }

    static double gradNorm(double[][] g) {
        double s = 0;
        for (double[] x : g) for (double y : x) s += y * y;
        return Math.sqrt(s);
    }

    static double loss(double[][] p, double[][] g) {
        double s = 0;
        for (int i = 0; i < 3; i++) for (int j = 0; j < p[i].length; j++) s += p[i][j] * g[i][j];
        return s;
    }

    static float metric(TrainStep ts, List<HostTensor> out, String name) {
        int i = ts.metricNames().indexOf(name);
        assertTrue(i >= 0, name + " among " + ts.metricNames());
        return out.get(ts.metrics().get(i).argument()).toFloats()[0];
    }

    static float[] state(TrainStep ts, List<HostTensor> out, String path) {
        for (StateTensor s : ts.state()) if (s.path().equals(path)) return out.get(s.result()).toFloats();
        throw new AssertionError("no state " + path + " in " + ts.state().stream().map(StateTensor::path).toList());
    }

    // ---- the tests ----------------------------------------------------------------------------

    @Test
    void adafactorMatchesT5XFormulasForAVectorAMatrixAndAnExpertKernel() throws Exception {
        Schedule schedule = new Schedule.Rsqrt(0.5, 2);
        TrainStep ts = step(TrainConfig.defaults().withSchedule(schedule));
        assertEquals(List.of("v", "m", "k", "opt/v/v", "opt/m/r", "opt/m/c", "opt/k/r", "opt/k/c", "step"),
                ts.state().stream().map(StateTensor::path).toList());
        assertEquals(List.of("small"), ts.state().get(4).dims(), "R of m drops d0 = big");
        assertEquals(List.of("big"), ts.state().get(5).dims(), "C of m keeps d0");
        assertEquals(List.of("experts", "d_model"), ts.state().get(6).dims(), "R of k keeps the expert dim and the group");
        assertEquals(List.of("experts", "d_ff"), ts.state().get(7).dims(), "C of k keeps the expert dim and d0 = d_ff");
        assertEquals(List.of("gv", "gm", "ge"), ts.inputs().stream().map(dev.switchyard.compiler.TensorSpec::name).toList(),
                "training is fixed inside the step, not an argument");

        Data d = new Data();
        List<List<HostTensor>> out = run(ts, d);
        AdafactorRef[] ref = {new AdafactorRef(VECTOR, d.params[0]), new AdafactorRef(MATRIX, d.params[1]), new AdafactorRef(KERNEL, d.params[2])};
        for (int s = 0; s < STEPS; s++) {
            double lr = 0.5 / Math.sqrt(Math.max(s, 2));
            double[][] before = {ref[0].p.clone(), ref[1].p.clone(), ref[2].p.clone()};
            for (int i = 0; i < 3; i++) ref[i].step(d.grads[s][i], lr, s + 1);
            List<HostTensor> o = out.get(s);
            String at = " after step " + (s + 1);
            assertClose(ref[0].p, state(ts, o, "v"), 1e-5, "v" + at);
            assertClose(ref[0].v, state(ts, o, "opt/v/v"), 1e-5, "V of v" + at);
            assertClose(ref[1].p, state(ts, o, "m"), 1e-5, "m" + at);
            assertClose(ref[1].r, state(ts, o, "opt/m/r"), 1e-5, "R of m" + at);
            assertClose(ref[1].c, state(ts, o, "opt/m/c"), 1e-5, "C of m" + at);
            assertClose(ref[2].p, state(ts, o, "k"), 1e-5, "k" + at);
            assertClose(ref[2].r, state(ts, o, "opt/k/r"), 1e-5, "R of k" + at);
            assertClose(ref[2].c, state(ts, o, "opt/k/c"), 1e-5, "C of k" + at);
            assertEquals(s + 1, o.get(ts.state().size() - 1).toLongs()[0], "step counter" + at);
            assertEquals(lr, metric(ts, o, TrainStep.LEARNING_RATE), 1e-6 * lr, "learning rate" + at);
            assertEquals(gradNorm(d.grads[s]), metric(ts, o, TrainStep.GRAD_NORM), 1e-5 * gradNorm(d.grads[s]), "grad norm" + at);
            double l = loss(before, d.grads[s]);
            assertEquals(l, metric(ts, o, "loss"), 1e-4 * Math.max(1, Math.abs(l)), "loss" + at);
        }
    }

    @Test
    void adamWMatchesOptaxFormulas() throws Exception {
        Optimizer.AdamW a = new Optimizer.AdamW(0.9, 0.99, 1e-6, 0.1);
        TrainStep ts = step(TrainConfig.defaults().withOptimizer(a).withSchedule(new Schedule.Constant(1e-2)));
        Data d = new Data();
        List<List<HostTensor>> out = run(ts, d);
        String[] names = {"v", "m", "k"};
        double[][] p = {d.params[0].clone(), d.params[1].clone(), d.params[2].clone()};
        double[][] m = {new double[N], new double[BIG * SMALL], new double[E * DM * DFF]};
        double[][] v = {new double[N], new double[BIG * SMALL], new double[E * DM * DFF]};
        for (int s = 0; s < STEPS; s++) {
            int t = s + 1;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < p[i].length; j++) {
                    double g = d.grads[s][i][j];
                    m[i][j] = 0.9 * m[i][j] + 0.1 * g;
                    v[i][j] = 0.99 * v[i][j] + 0.01 * g * g;
                    double mh = m[i][j] / (1 - Math.pow(0.9, t)), vh = v[i][j] / (1 - Math.pow(0.99, t));
                    p[i][j] -= 1e-2 * (mh / (Math.sqrt(vh) + 1e-6) + 0.1 * p[i][j]);
                }
                assertClose(p[i], state(ts, out.get(s), names[i]), 1e-5, names[i] + " after step " + t);
                assertClose(m[i], state(ts, out.get(s), "opt/" + names[i] + "/m"), 1e-5, "m of " + names[i] + " after step " + t);
                assertClose(v[i], state(ts, out.get(s), "opt/" + names[i] + "/v"), 1e-5, "v of " + names[i] + " after step " + t);
            }
        }
    }

    @Test
    void sgdWithWarmupCosineAndGlobalNormClipping() throws Exception {
        Schedule cosine = new Schedule.WarmupCosine(0.1, 1, 3, 0.1);
        TrainStep ts = step(new TrainConfig(new Optimizer.Sgd(), cosine, 5.0));
        assertEquals(List.of("v", "m", "k", "step"), ts.state().stream().map(StateTensor::path).toList(), "SGD keeps no slots");
        Data d = new Data();
        List<List<HostTensor>> out = run(ts, d);
        double[][] p = {d.params[0].clone(), d.params[1].clone(), d.params[2].clone()};
        String[] names = {"v", "m", "k"};
        for (int s = 0; s < STEPS; s++) {
            // warmup 1 step from 0, then cosine from 0.1 down to 0.1·0.1 at step 3
            double lr = s < 1 ? 0.1 * s : 0.1 * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, (s - 1) / 2.0))));
            double norm = gradNorm(d.grads[s]);
            double scale = 5.0 / Math.max(norm, 5.0);
            assertTrue(norm > 5.0, "the gradients are large enough to be clipped: " + norm);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < p[i].length; j++) p[i][j] -= lr * scale * d.grads[s][i][j];
                assertClose(p[i], state(ts, out.get(s), names[i]), 1e-5, names[i] + " after step " + (s + 1));
            }
            assertEquals(lr, metric(ts, out.get(s), TrainStep.LEARNING_RATE), 1e-6, "learning rate at step " + s);
            assertEquals(norm, metric(ts, out.get(s), TrainStep.GRAD_NORM), 1e-5 * norm, "grad norm is reported before clipping");
        }
    }
}
