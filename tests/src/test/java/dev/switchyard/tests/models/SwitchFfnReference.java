package dev.switchyard.tests.models;

/**
 * The Switch FFN sublayer written as plain loops over the paper's definition (token by token, no
 * one-hot matrices), as an independent check of {@link SwitchFfnBlock}'s StableHLO.
 */
public final class SwitchFfnReference {

    /** The output and how many tokens went over their expert's capacity. */
    public record Forward(float[] y, int dropped) {}

    private SwitchFfnReference() {}

    public static Forward forward(SwitchFfnBlock b, float[] x, float[] scale, float[] router, float[] wi, float[] wo) {
        int tn = b.tokens(), d = b.dModel(), f = b.dFf(), e = b.experts();
        float[] y = x.clone();
        int[] used = new int[e];
        int dropped = 0;
        for (int t = 0; t < tn; t++) {
            double ss = 0;
            for (int i = 0; i < d; i++) ss += (double) x[t * d + i] * x[t * d + i];
            double rs = 1 / Math.sqrt(ss / d + 1e-6);
            double[] xn = new double[d];
            for (int i = 0; i < d; i++) xn[i] = x[t * d + i] * rs * scale[i];
            double[] logits = new double[e];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < e; k++) {
                for (int i = 0; i < d; i++) logits[k] += xn[i] * router[i * e + k];
                max = Math.max(max, logits[k]);
            }
            double sum = 0;
            for (int k = 0; k < e; k++) sum += Math.exp(logits[k] - max);
            int expert = 0;
            for (int k = 1; k < e; k++) if (logits[k] > logits[expert]) expert = k;
            double gate = Math.exp(logits[expert] - max) / sum;
            if (used[expert]++ >= b.capacity()) {
                dropped++;
                continue;
            }
            double[] h = new double[f];
            for (int j = 0; j < f; j++) {
                for (int i = 0; i < d; i++) h[j] += xn[i] * wi[(expert * d + i) * f + j];
                h[j] = Math.max(0, h[j]);
            }
            for (int i = 0; i < d; i++) {
                double o = 0;
                for (int j = 0; j < f; j++) o += h[j] * wo[(expert * f + j) * d + i];
                y[t * d + i] = (float) (x[t * d + i] + gate * o);
            }
        }
        return new Forward(y, dropped);
    }
}
