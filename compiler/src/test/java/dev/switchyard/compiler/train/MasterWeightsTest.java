package dev.switchyard.compiler.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * f32 master weights for a bf16 parameter: the state is f32 and takes the whole SGD update; the
 * forward computes on the master rounded to bf16. Without them an update below half a bf16 ulp is
 * lost. Values worked here: bf16 has 8 significant bits, so 1 + 2⁻¹⁰ rounds to 1.
 */
class MasterWeightsTest {

    static final String MODEL = """
            model master
            dim n = 2
            block forward(g: f32[n]) {
              param w: bf16[n] = ones
              return (loss = sum(f32(w) * g), g_out = g)
            }
            """;

    static List<HostTensor> step(boolean master, float[] w, float[] g) throws Exception {
        HandGrads.Pair p = HandGrads.of(MODEL, Map.of("w", "g_out"));
        TrainConfig c = new TrainConfig(new Optimizer.Sgd(), new Schedule.Constant(1.0 / 1024), 0, master);
        TrainStep ts = TrainStep.assemble(p.forward(), p.withGrads(), c, CompileOptions.defaults());
        assertEquals(master ? "f32" : "bf16", ts.state().get(0).dtype());
        HostTensor param = HostTensor.ofFloats(master ? ElementType.F32 : ElementType.BF16, new long[] {2}, w);
        try (ReferenceExecutor ex = new ReferenceExecutor();
             Executable exe = ex.compile(ts.genericText(), dev.switchyard.hlo.exec.CompileOptions.defaults())) {
            return exe.execute(List.of(param, HostTensor.ofLongs(ElementType.I32, new long[0], 0),
                    HostTensor.ofFloats(ElementType.F32, new long[] {2}, g)));
        }
    }

    @Test
    void masterWeightsKeepUpdatesBelowBf16Precision() throws Exception {
        float[] w = {1f, 1f + 1f / 512};   // the second is exact in f32 and not in bf16
        float[] g = {-1f, 2f};
        List<HostTensor> m = step(true, w, g);
        float[] updated = m.get(0).toFloats();
        assertEquals(1 + 1.0 / 1024, updated[0], 0, "the master takes 2^-10");
        assertEquals(1 + 1.0 / 512 - 2.0 / 1024, updated[1], 0);
        // loss on the bf16 copy: 1 + 2^-9 rounds to 1 (8 significant bits), so loss = -1 + 2
        assertEquals(1.0, m.get(2).toFloats()[0], 0);

        List<HostTensor> plain = step(false, new float[] {1f, 1f}, g);
        assertEquals(1.0, plain.get(0).toFloats()[0], 0, "without master weights 1 + 2^-10 rounds back to 1 in bf16");
    }
}
