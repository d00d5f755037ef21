package dev.switchyard.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Acceptance 3: a compiled one-layer Switch FFN run on the reference interpreter against the routing
 * algorithm of the Switch doc written out below with plain loops (no compiler code): router softmax,
 * top-1 / top-k choice, slots claimed in token order (choice-major for top-k), tokens over capacity
 * dropped (output 0), expert output times the gate, load-balancing loss with f counted before
 * dropping, z-loss. Both dispatch lowerings must agree.
 */
class SwitchNumericsTest {

    record Weights(float[][] router, float[][][] wi, float[][][] wo) {}

    record Expected(float[][][] hidden, double aux, double z, int dropped) {}

    /** The Switch doc's algorithm, group by group, in double precision. */
    static Expected reference(float[][][] x, Weights w, int capacity, int k) {
        int groups = x.length, tokens = x[0].length, d = x[0][0].length, experts = w.router()[0].length, ff = w.wi()[0][0].length;
        float[][][] y = new float[groups][tokens][d];
        double aux = 0, z = 0;
        int dropped = 0;
        for (int g = 0; g < groups; g++) {
            double[][] probs = new double[tokens][experts];
            int[][] choice = new int[tokens][k];
            double[][] gate = new double[tokens][k];
            double[] fraction = new double[experts], meanProb = new double[experts];
            for (int t = 0; t < tokens; t++) {
                double[] logit = new double[experts];
                double max = Double.NEGATIVE_INFINITY;
                for (int e = 0; e < experts; e++) {
                    for (int i = 0; i < d; i++) logit[e] += (double) x[g][t][i] * w.router()[i][e];
                    max = Math.max(max, logit[e]);
                }
                double sum = 0;
                for (int e = 0; e < experts; e++) sum += Math.exp(logit[e] - max);
                double lse = max + Math.log(sum);
                z += lse * lse;
                for (int e = 0; e < experts; e++) probs[t][e] = Math.exp(logit[e] - lse);
                // The k best experts, highest first, the lower index first on ties.
                boolean[] taken = new boolean[experts];
                double total = 0;
                for (int j = 0; j < k; j++) {
                    int best = -1;
                    for (int e = 0; e < experts; e++) if (!taken[e] && (best < 0 || probs[t][e] > probs[t][best])) best = e;
                    taken[best] = true;
                    choice[t][j] = best;
                    gate[t][j] = probs[t][best];
                    total += probs[t][best];
                }
                if (k > 1) for (int j = 0; j < k; j++) gate[t][j] /= total;
                fraction[choice[t][0]] += 1.0 / tokens;
                for (int e = 0; e < experts; e++) meanProb[e] += probs[t][e] / tokens;
            }
            double balance = 0;
            for (int e = 0; e < experts; e++) balance += fraction[e] * meanProb[e];
            aux += experts * balance / groups;
            // Slots: all first choices in token order, then all second choices, …
            int[] used = new int[experts];
            for (int j = 0; j < k; j++) {
                for (int t = 0; t < tokens; t++) {
                    int e = choice[t][j];
                    int slot = used[e]++;
                    if (slot >= capacity) {
                        dropped++;
                        continue;
                    }
                    double[] h = new double[ff];
                    for (int a = 0; a < ff; a++) {
                        for (int i = 0; i < d; i++) h[a] += (double) x[g][t][i] * w.wi()[e][i][a];
                        h[a] = Math.max(h[a], 0);
                    }
                    for (int i = 0; i < d; i++) {
                        double o = 0;
                        for (int a = 0; a < ff; a++) o += h[a] * w.wo()[e][a][i];
                        y[g][t][i] += (float) (gate[t][j] * o);
                    }
                }
            }
        }
        return new Expected(y, aux, z / (groups * tokens), dropped);
    }

    @ParameterizedTest(name = "top-{0}, capacity {1}, seed {2}")
    @CsvSource({"1, 2, 1", "1, 2, 2", "1, 8, 3", "2, 3, 4", "2, 3, 5"})
    void compiledLayerMatchesThePlainJavaRouting(int k, int capacity, long seed) throws Exception {
        int groups = 2, tokens = 8, d = 4, experts = 4, ff = 6;
        Random rnd = new Random(seed);
        float[][][] x = new float[groups][tokens][d];
        for (float[][] a : x) for (float[] b : a) for (int i = 0; i < d; i++) b[i] = (float) rnd.nextGaussian();
        Weights w = new Weights(new float[d][experts], new float[experts][d][ff], new float[experts][ff][d]);
        for (float[] r : w.router()) for (int e = 0; e < experts; e++) r[e] = (float) rnd.nextGaussian();
        for (float[][] m : w.wi()) for (float[] r : m) for (int a = 0; a < ff; a++) r[a] = (float) (0.5 * rnd.nextGaussian());
        for (float[][] m : w.wo()) for (float[] r : m) for (int a = 0; a < d; a++) r[a] = (float) (0.5 * rnd.nextGaussian());
        Expected want = reference(x, w, capacity, k);
        if (capacity < tokens) assertTrue(want.dropped() > 0, "the case must drop tokens");

        var graph = new MoeLayerGraph(groups, tokens, d, experts, ff, capacity, k).build();
        List<HostTensor> inputs = List.of(tensor(w.router()), tensor(w.wi()), tensor(w.wo()), tensor(x));
        List<HostTensor> einsum = run(graph, Dispatch.EINSUM, inputs);
        List<HostTensor> gather = run(graph, Dispatch.GATHER, inputs);
        for (List<HostTensor> got : List.of(einsum, gather)) {
            float[] hidden = got.get(0).toFloats();
            int n = 0;
            for (float[][] a : want.hidden()) for (float[] b : a) for (float v : b) {
                assertEquals(v, hidden[n], 1e-5, "hidden[" + n + "]");
                n++;
            }
            assertEquals(want.aux(), got.get(1).toFloats()[0], 1e-5, "aux loss");
            assertEquals(want.z(), got.get(2).toFloats()[0], 1e-5, "z loss");
        }
        float[] a = einsum.get(0).toFloats(), b = gather.get(0).toFloats();
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-6, "einsum vs gather at " + i);
    }

    static List<HostTensor> run(dev.switchyard.dsl.graph.ModelGraph g, Dispatch dispatch, List<HostTensor> inputs) throws Exception {
        CompiledModel m = Compiler.compile(g, CompileOptions.defaults().withDispatch(dispatch));
        try (ReferenceExecutor ex = new ReferenceExecutor();
             Executable exe = ex.compile(m.genericText(), dev.switchyard.hlo.exec.CompileOptions.defaults())) {
            return exe.execute(inputs);
        }
    }

    static HostTensor tensor(float[][] a) {
        float[] flat = new float[a.length * a[0].length];
        int n = 0;
        for (float[] r : a) for (float v : r) flat[n++] = v;
        return HostTensor.ofFloats(ElementType.F32, new long[] {a.length, a[0].length}, flat);
    }

    static HostTensor tensor(float[][][] a) {
        float[] flat = new float[a.length * a[0].length * a[0][0].length];
        int n = 0;
        for (float[][] m : a) for (float[] r : m) for (float v : r) flat[n++] = v;
        return HostTensor.ofFloats(ElementType.F32, new long[] {a.length, a[0].length, a[0][0].length}, flat);
    }
}
