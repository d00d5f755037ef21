package dev.switchyard.tests.models;

import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.tests.support.Tensors;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded random activations and weights for {@link SwitchFfnBlock}, in its argument order. */
public record SwitchFfnInputs(SwitchFfnBlock block, float[] x, float[] scale, float[] router, float[] wi, float[] wo) {

    public static SwitchFfnInputs random(SwitchFfnBlock b, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = b.dModel(), f = b.dFf(), e = b.experts();
        return new SwitchFfnInputs(b,
                uniform(r, b.tokens() * d, 1.0),
                uniform(r, d, 0.5, 1.5),
                uniform(r, d * e, 1.0),
                uniform(r, e * d * f, Math.sqrt(1.0 / d)),
                uniform(r, e * f * d, Math.sqrt(1.0 / f)));
    }

    public List<HostTensor> tensors() {
        int d = block.dModel(), f = block.dFf(), e = block.experts();
        return List.of(
                Tensors.f32(new long[] {block.tokens(), d}, x),
                Tensors.f32(new long[] {d}, scale),
                Tensors.f32(new long[] {d, e}, router),
                Tensors.f32(new long[] {e, d, f}, wi),
                Tensors.f32(new long[] {e, f, d}, wo));
    }

    /** {@link #tensors()} rounded to bf16, for {@link SwitchFfnBlock#mlirBf16()}. */
    public List<HostTensor> bf16Tensors() {
        int d = block.dModel(), f = block.dFf(), e = block.experts();
        return List.of(
                Tensors.bf16(new long[] {block.tokens(), d}, x),
                Tensors.bf16(new long[] {d}, scale),
                Tensors.bf16(new long[] {d, e}, router),
                Tensors.bf16(new long[] {e, d, f}, wi),
                Tensors.bf16(new long[] {e, f, d}, wo));
    }

    private static float[] uniform(SplittableRandom r, int n, double scale) {
        return uniform(r, n, -scale, scale);
    }

    private static float[] uniform(SplittableRandom r, int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextDouble(lo, hi);
        return v;
    }
}
