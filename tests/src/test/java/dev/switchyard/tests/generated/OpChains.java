package dev.switchyard.tests.generated;

import dev.switchyard.hlo.tensor.ElementType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;

/** jqwik generators of {@link OpChain}s: small shapes (rank 0-3, dims 1-4), f32/bf16/i32, up to 8 steps. */
public final class OpChains {

    private OpChains() {}

    public static Arbitrary<OpChain> chains() {
        Arbitrary<OpChain.Step> step = Builders.withBuilder(() -> new int[4])
                .use(Arbitraries.of(OpChain.Kind.values())).in((s, k) -> { s[0] = k.ordinal(); return s; })
                .use(Arbitraries.integers().between(0, 63)).in((s, v) -> { s[1] = v; return s; })
                .use(Arbitraries.integers().between(0, 63)).in((s, v) -> { s[2] = v; return s; })
                .use(Arbitraries.integers().between(0, 4095)).in((s, v) -> { s[3] = v; return s; })
                .build(s -> new OpChain.Step(OpChain.Kind.values()[s[0]], s[1], s[2], s[3]));
        return Builders.withBuilder(() -> new Object[4])
                .use(Arbitraries.of(ElementType.F32, ElementType.BF16, ElementType.I32)).in((o, v) -> { o[0] = v; return o; })
                .use(Arbitraries.integers().between(1, 4).list().ofMaxSize(3)).in((o, v) -> { o[1] = v; return o; })
                .use(step.list().ofMinSize(1).ofMaxSize(8)).in((o, v) -> { o[2] = v; return o; })
                .use(Arbitraries.longs()).in((o, v) -> { o[3] = v; return o; })
                .build(o -> new OpChain((ElementType) o[0], cast(o[1]), cast(o[2]), (Long) o[3]));
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) { return (T) o; }
}
