package dev.switchyard.cli.run;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.Arrays;
import java.util.Locale;

/** Mean, standard deviation (population), min and max of a tensor's values, for the run summary. */
public record TensorSummary(long count, double mean, double std, double min, double max) {

    public static TensorSummary of(HostTensor t) {
        double[] v = switch (t.elementType().kind()) {
            case FLOAT -> t.toDoubles();
            case BOOL, SIGNED, UNSIGNED -> Arrays.stream(t.toLongs()).asDoubleStream().toArray();
            case COMPLEX -> new double[0];
        };
        if (v.length == 0) return new TensorSummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        // Welford: one pass, stable for large tensors
        double mean = 0;
        double m2 = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            double d = x - mean;
            mean += d / (i + 1);
            m2 += d * (x - mean);
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return new TensorSummary(v.length, mean, Math.sqrt(m2 / v.length), min, max);
    }

    public String format(ElementType type) {
        if (count == 0) return "(no values)";
        if (count == 1) return "value " + number(mean);
        return "mean " + number(mean) + "  std " + number(std) + "  min " + number(min) + "  max " + number(max);
    }

    static String number(double x) {
        return String.format(Locale.ROOT, "%.6g", x);
    }
}
