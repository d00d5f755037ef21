package dev.switchyard.cli.run;

import dev.switchyard.cli.artifact.Initializer;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Draws a parameter's first values from its initializer. The random stream of each parameter is
 * keyed by the run's seed and the parameter's path, so adding, removing or reordering other
 * parameters never changes a parameter's values, and the same seed gives the same model.
 */
public final class ParameterInit {
    private ParameterInit() {}

    /** Truncated normals are redrawn outside this many standard deviations (as jax.random.truncated_normal). */
    static final double TRUNCATION = 2.0;

    public static HostTensor initialize(Manifest.ParameterSpec p, long seed) {
        ElementType type = ElementType.fromMlirName(p.dtype())
                .orElseThrow(() -> new IllegalArgumentException("unknown dtype " + p.dtype()));
        long[] shape = p.shape().stream().mapToLong(Long::longValue).toArray();
        int n = Math.toIntExact(HostTensor.elementCount(shape));
        SplittableRandom random = new SplittableRandom(streamKey(seed, p.path()));
        double[] values = new double[n];
        switch (p.initializer()) {
            case Initializer.Zeros z -> { }
            case Initializer.Ones o -> java.util.Arrays.fill(values, 1.0);
            case Initializer.Constant c -> java.util.Arrays.fill(values, c.value());
            case Initializer.Normal nd -> {
                for (int i = 0; i < n; i++) values[i] = nd.mean() + nd.stddev() * gaussian(random);
            }
            case Initializer.TruncatedNormal t -> {
                for (int i = 0; i < n; i++) {
                    double z;
                    do {
                        z = gaussian(random);
                    } while (Math.abs(z) > TRUNCATION);
                    values[i] = t.stddev() * z;
                }
            }
            case Initializer.Uniform u -> {
                for (int i = 0; i < n; i++) values[i] = u.min() + (u.max() - u.min()) * random.nextDouble();
            }
        }
        return switch (type.kind()) {
            case FLOAT -> HostTensor.ofDoubles(type, shape, values);
            case BOOL, SIGNED, UNSIGNED -> {
                long[] longs = new long[n];
                for (int i = 0; i < n; i++) longs[i] = Math.round(values[i]);
                yield HostTensor.ofLongs(type, shape, longs);
            }
            case COMPLEX -> throw new IllegalArgumentException(p.path() + ": complex parameters have no initializer");
        };
    }

    /** Box–Muller from two uniforms: SplittableRandom has no Gaussian of its own before Java 17's RandomGenerator default, whose algorithm may change. */
    static double gaussian(SplittableRandom random) {
        double u1;
        do {
            u1 = random.nextDouble();
        } while (u1 == 0.0);
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** FNV-1a of the path, mixed with the seed: a stable key per (seed, parameter). */
    static long streamKey(long seed, String path) {
        long h = 0xcbf29ce484222325L;
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return h ^ (seed * 0x9E3779B97F4A7C15L);
    }
}
