package dev.switchyard.runtime.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.HostResidentTensor;
import dev.switchyard.hlo.exec.ResidentTensor;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameters resident in the interpreter across steps: same values as the host path, donation consumes. */
class ResidentTensorTest {

    /** One SGD step: w' = w - 0.125 g, with the loss sum(w²); w is aliased to result 0. */
    private static final String STEP = """
            func.func public @main(%w: tensor<3xf32> {tf.aliasing_output = 0 : i32}, %g: tensor<3xf32>) -> (tensor<3xf32>, tensor<f32>) {
              %lr = stablehlo.constant dense<0.125> : tensor<3xf32>
              %d = stablehlo.multiply %g, %lr : tensor<3xf32>
              %w2 = stablehlo.subtract %w, %d : tensor<3xf32>
              %sq = stablehlo.multiply %w, %w : tensor<3xf32>
              %zero = stablehlo.constant dense<0.0> : tensor<f32>
              %loss = stablehlo.reduce(%sq init: %zero) applies stablehlo.add across dimensions = [0] : (tensor<3xf32>, tensor<f32>) -> tensor<f32>
              return %w2, %loss : tensor<3xf32>, tensor<f32>
            }
            """;

    private static HostTensor f32(float... v) { return HostTensor.ofFloats(ElementType.F32, new long[] {v.length}, v); }

    private static BitSet donate(int... args) {
        BitSet b = new BitSet();
        for (int a : args) b.set(a);
        return b;
    }

    @Test
    void residentStepsEqualTheHostPathAndDonationConsumes() throws ExecutionException {
        ReferenceExecutable exe = new ReferenceExecutor().compile(STEP, CompileOptions.defaults());
        HostTensor w0 = f32(1f, -2f, 0.5f), g = f32(0.25f, 4f, -1f);
        // host path, step by step
        HostTensor hostW = w0;
        float[][] hostLosses = new float[3][];
        for (int s = 0; s < 3; s++) {
            List<HostTensor> out = exe.execute(List.of(hostW, g));
            hostW = out.get(0);
            hostLosses[s] = out.get(1).toFloats();
        }
        // resident path: w donated every step, g uploaded once and reused
        ResidentTensor w = exe.upload(0, w0);
        ResidentTensor rg = exe.upload(1, g);
        for (int s = 0; s < 3; s++) {
            ResidentTensor before = w;
            List<ResidentTensor> out = exe.executeResident(List.of(w, rg), donate(0));
            assertFalse(before.isLive(), "the donated w is consumed");
            assertThrows(IllegalStateException.class, before::toHost);
            assertTrue(rg.isLive(), "g was not donated");
            assertArrayEquals(hostLosses[s], out.get(1).toHost().toFloats(), "loss of step " + s);
            w = out.get(0);
        }
        assertArrayEquals(hostW.toFloats(), w.toHost().toFloats());
        // hand-worked: w - 3 * 0.125 g
        assertArrayEquals(new float[] {1f - 0.09375f, -2f - 1.5f, 0.5f + 0.375f}, w.toHost().toFloats());
        assertArrayEquals(g.toFloats(), rg.toHost().toFloats(), "a non-donated argument is unchanged");
    }

    @Test
    void consumedForeignAndMistypedArgumentsAreRejected() throws ExecutionException {
        ReferenceExecutable exe = new ReferenceExecutor().compile(STEP, CompileOptions.defaults());
        ResidentTensor w = exe.upload(0, f32(1f, 2f, 3f));
        ResidentTensor g = exe.upload(1, f32(1f, 1f, 1f));
        exe.executeResident(List.of(w, g), donate(0));
        IllegalStateException used = assertThrows(IllegalStateException.class, () -> exe.executeResident(List.of(w, g), new BitSet()));
        assertTrue(used.getMessage().contains("donated"), used.getMessage());
        g.close();
        assertFalse(g.isLive());
        assertThrows(IllegalStateException.class, g::toHost);
        ResidentTensor host = new HostResidentTensor(f32(1f, 2f, 3f));
        ResidentTensor g2 = exe.upload(1, f32(0f, 0f, 0f));
        assertThrows(IllegalArgumentException.class, () -> exe.executeResident(List.of(host, g2), new BitSet()));
        assertThrows(ExecutionException.class, () -> exe.upload(0, f32(1f, 2f)));
        assertThrows(ExecutionException.class, () -> exe.upload(2, f32(1f, 2f, 3f)));
        assertThrows(ExecutionException.class, () -> exe.executeResident(List.of(g2), new BitSet()));
    }

    @Test
    void aResultThatIsAnArgumentIsTheSameTensor() throws ExecutionException {
        ReferenceExecutable exe = new ReferenceExecutor().compile("""
                func.func public @main(%a: tensor<2xf32>) -> tensor<2xf32> {
                  return %a : tensor<2xf32>
                }
                """, CompileOptions.defaults());
        ReferenceResidentTensor a = exe.upload(0, f32(5f, 6f));
        var kept = a.tensor();
        ReferenceResidentTensor out = (ReferenceResidentTensor) exe.executeResident(List.of(a), donate(0)).getFirst();
        assertSame(kept, out.tensor(), "no copy between steps");
        assertArrayEquals(new float[] {5f, 6f}, out.toHost().toFloats());
    }
}
