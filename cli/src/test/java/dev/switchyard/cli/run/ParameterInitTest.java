package dev.switchyard.cli.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.cli.artifact.Initializer;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterInitTest {

    static Manifest.ParameterSpec param(String path, String dtype, Initializer init, long... shape) {
        List<Long> s = java.util.Arrays.stream(shape).boxed().toList();
        List<String> dims = java.util.stream.IntStream.range(0, shape.length).mapToObj(i -> "d" + i).toList();
        long n = java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact);
        int bytes = ElementType.fromMlirName(dtype).orElseThrow().byteSize();
        return new Manifest.ParameterSpec(path, dtype, dims, s, init, dims.stream().map(d -> List.<String>of()).toList(), n * bytes, 0);
    }

    @Test
    void constantsAreExact() {
        assertArrayEquals(new double[6], ParameterInit.initialize(param("z", "f32", new Initializer.Zeros(), 2, 3), 1).toDoubles());
        assertArrayEquals(new double[] {1, 1}, ParameterInit.initialize(param("o", "bf16", new Initializer.Ones(), 2), 1).toDoubles());
        assertArrayEquals(new double[] {0.5, 0.5}, ParameterInit.initialize(param("c", "f16", new Initializer.Constant(0.5), 2), 1).toDoubles());
        assertArrayEquals(new long[] {3, 3}, ParameterInit.initialize(param("i", "i32", new Initializer.Constant(3), 2), 1).toLongs());
    }

    /** 40 000 draws: the sample mean is within 4 standard errors of the true mean, the std within 2 %. */
    @Test
    void normalHasItsMeanAndStd() {
        double[] v = ParameterInit.initialize(param("w", "f32", new Initializer.Normal(1.5, 0.2), 200, 200), 7).toDoubles();
        double mean = java.util.Arrays.stream(v).average().orElseThrow();
        double std = Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length);
        assertEquals(1.5, mean, 4 * 0.2 / 200);
        assertEquals(0.2, std, 0.004);
    }

    /**
     * Truncated at ±2σ: nothing outside, and the std of a standard normal truncated to [-2, 2] is
     * 0.8796 (variance 1 - 2·2·φ(2)/(Φ(2)-Φ(-2)) = 1 - 4·0.05399/0.9545 = 0.77374).
     */
    @Test
    void truncatedNormalStaysWithinTwoStd() {
        double s = 0.05;
        double[] v = ParameterInit.initialize(param("w", "f32", new Initializer.TruncatedNormal(s), 200, 200), 3).toDoubles();
        for (double x : v) assertTrue(Math.abs(x) <= 2 * s + 1e-7, "value " + x);
        double std = Math.sqrt(java.util.Arrays.stream(v).map(x -> x * x).sum() / v.length);
        assertEquals(0.8796 * s, std, 0.02 * s);
    }

    @Test
    void uniformStaysInItsInterval() {
        double[] v = ParameterInit.initialize(param("u", "f32", new Initializer.Uniform(-3, -1), 1000), 3).toDoubles();
        for (double x : v) assertTrue(x >= -3 && x < -1, "value " + x);
        assertEquals(-2.0, java.util.Arrays.stream(v).average().orElseThrow(), 0.1);
    }

    @Test
    void sameSeedSameValuesAndEachPathItsOwnStream() {
        var a = param("encoder.wi", "bf16", new Initializer.Normal(0, 1), 16);
        var b = param("encoder.wo", "bf16", new Initializer.Normal(0, 1), 16);
        HostTensor a1 = ParameterInit.initialize(a, 42);
        assertEquals(a1, ParameterInit.initialize(a, 42));
        assertFalse(a1.equals(ParameterInit.initialize(a, 43)), "another seed draws other values");
        assertFalse(java.util.Arrays.equals(a1.data(), ParameterInit.initialize(b, 42).data()), "another path draws other values");
        assertEquals(ElementType.BF16, a1.elementType());
    }
}
