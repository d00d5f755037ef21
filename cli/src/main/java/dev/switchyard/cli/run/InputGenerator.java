package dev.switchyard.cli.run;

import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Inputs for a run when the user gives none: float inputs from a standard normal, integer inputs
 * (token ids) uniform below the model's vocabulary size (the size of a parameter dim named
 * {@code vocab}, else 2), boolean scalars false (the {@code training} flag: a plain run is
 * inference), other booleans random, unsigned inputs (random keys) random.
 */
public final class InputGenerator {
    private InputGenerator() {}

    public static final String VOCAB_DIM = "vocab";

    public static long tokenBound(List<Manifest.ParameterSpec> parameters) {
        for (Manifest.ParameterSpec p : parameters) {
            int i = p.dims().indexOf(VOCAB_DIM);
            if (i >= 0) return p.shape().get(i);
        }
        return 2;
    }

    public static HostTensor generate(Manifest.TensorSpec input, long seed, long tokenBound) {
        ElementType type = ElementType.fromMlirName(input.dtype())
                .orElseThrow(() -> new IllegalArgumentException("unknown dtype " + input.dtype()));
        long[] shape = input.shape().stream().mapToLong(Long::longValue).toArray();
        int n = Math.toIntExact(HostTensor.elementCount(shape));
        SplittableRandom random = new SplittableRandom(ParameterInit.streamKey(seed, "input:" + input.name()));
        return switch (type.kind()) {
            case FLOAT -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) v[i] = ParameterInit.gaussian(random);
                yield HostTensor.ofDoubles(type, shape, v);
            }
            case SIGNED -> {
                long bound = Math.min(tokenBound, 1L << Math.min(62, type.bitWidth() - 1));
                long[] v = new long[n];
                for (int i = 0; i < n; i++) v[i] = random.nextLong(bound);
                yield HostTensor.ofLongs(type, shape, v);
            }
            case UNSIGNED -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = type.bitWidth() >= 64 ? random.nextLong() : random.nextLong(1L << type.bitWidth());
                }
                yield HostTensor.ofLongs(type, shape, v);
            }
            case BOOL -> {
                long[] v = new long[n];
                if (n > 1) for (int i = 0; i < n; i++) v[i] = random.nextBoolean() ? 1 : 0;
                yield HostTensor.ofLongs(type, shape, v);
            }
            case COMPLEX -> throw new IllegalArgumentException("input " + input.name() + ": complex inputs cannot be generated");
        };
    }
}
