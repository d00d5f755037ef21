package dev.switchyard.runtime.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.ResidentTensor;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A donated argument's storage is reused for the result of its last use, and only when nothing
 * else can read that storage: each case checks the values against hand-worked ones and checks
 * whether the storage was reused (by array identity), including the cases where it must not be.
 */
class DonatedInPlaceTest {

    /** Large enough to be written in place ({@link DonatedOperands#MIN_ELEMENTS}). */
    static final int N = DonatedOperands.MIN_ELEMENTS;

    /** v repeated to N elements. */
    private static float[] tile(float... v) {
        float[] out = new float[N];
        for (int i = 0; i < N; i++) out[i] = v[i % v.length];
        return out;
    }

    /** w' = w − 0.125·g, loss = Σ w² read before the update: the subtract is w's last use. */
    private static final String STEP = """
            func.func public @main(%w: tensor<NNxf32> {tf.aliasing_output = 0 : i32}, %g: tensor<NNxf32>) -> (tensor<NNxf32>, tensor<f32>) {
              %sq = stablehlo.multiply %w, %w : tensor<NNxf32>
              %zero = stablehlo.constant dense<0.0> : tensor<f32>
              %loss = stablehlo.reduce(%sq init: %zero) applies stablehlo.add across dimensions = [0] : (tensor<NNxf32>, tensor<f32>) -> tensor<f32>
              %lr = stablehlo.constant dense<0.125> : tensor<NNxf32>
              %d = stablehlo.multiply %g, %lr : tensor<NNxf32>
              %w2 = stablehlo.subtract %w, %d : tensor<NNxf32>
              return %w2, %loss : tensor<NNxf32>, tensor<f32>
            }
            """.replace("NN", String.valueOf(N));

    private static HostTensor f32(float... v) { return HostTensor.ofFloats(ElementType.F32, new long[] {v.length}, v); }

    private static BitSet donate(int... args) {
        BitSet b = new BitSet();
        for (int a : args) b.set(a);
        return b;
    }

    private static Object storage(ResidentTensor t) { return ((ReferenceResidentTensor) t).tensor().storageArray(); }

    @Test
    void theLastUseOfADonatedArgumentWritesIntoItsStorage() throws Exception {
        ReferenceExecutable exe = new ReferenceExecutor().compile(STEP, CompileOptions.defaults());
        float[] w = tile(1f, -2f, 0.5f, 3f), g = tile(0.25f, 4f, -1f);
        ResidentTensor rw = exe.upload(0, f32(w)), rg = exe.upload(1, f32(g));
        Object array = storage(rw);
        for (int s = 0; s < 3; s++) {
            double loss = 0; // in f64: the interpreter's f32 sum is within rounding of it
            for (float v : w) loss += (double) (v * v);
            List<ResidentTensor> out = exe.executeResident(List.of(rw, rg), donate(0));
            for (int i = 0; i < N; i++) w[i] = w[i] - g[i] * 0.125f;
            assertArrayEquals(w, out.get(0).toHost().toFloats(), "step " + s);
            assertEquals(loss, out.get(1).toHost().toFloats()[0], Math.abs(loss) * 1e-5, "step " + s);
            assertSame(array, storage(out.get(0)), "step " + s + ": w' is written over w");
            rw = out.get(0);
        }
        // not donated: the caller keeps w, so it must not change
        ResidentTensor kept = rw;
        float[] before = kept.toHost().toFloats();
        List<ResidentTensor> out = exe.executeResident(List.of(kept, rg), donate());
        assertArrayEquals(before, kept.toHost().toFloats());
        assertNotSame(storage(kept), storage(out.get(0)));
    }

    @Test
    void smallResultsAreLeftToTheAllocator() throws Exception {
        ReferenceExecutable exe = new ReferenceExecutor().compile(STEP.replace("tensor<" + N + "xf32>", "tensor<3xf32>"), CompileOptions.defaults());
        ResidentTensor rw = exe.upload(0, f32(1f, 2f, 3f)), rg = exe.upload(1, f32(8f, 8f, 8f));
        Object array = storage(rw);
        List<ResidentTensor> out = exe.executeResident(List.of(rw, rg), donate(0));
        assertArrayEquals(new float[] {0f, 1f, 2f}, out.get(0).toHost().toFloats());
        assertNotSame(array, storage(out.get(0)));
    }

    @Test
    void aViewOfTheArgumentUsedLaterKeepsItsStorage() throws Exception {
        String text = """
                func.func public @main(%w: tensor<NNxf32> {tf.aliasing_output = 0 : i32}, %g: tensor<NNxf32>) -> (tensor<NNxf32>, tensor<NNxf32>) {
                  %view = stablehlo.reshape %w : (tensor<NNxf32>) -> tensor<NNxf32>
                  %w2 = stablehlo.subtract %w, %g : tensor<NNxf32>
                  %later = stablehlo.add %view, %g : tensor<NNxf32>
                  return %w2, %later : tensor<NNxf32>, tensor<NNxf32>
                }
                """.replace("NN", String.valueOf(N));
        ReferenceExecutable exe = new ReferenceExecutor().compile(text, CompileOptions.defaults());
        ResidentTensor rw = exe.upload(0, f32(tile(1f, 2f, 3f))), rg = exe.upload(1, f32(tile(10f, 20f, 30f)));
        Object array = storage(rw);
        List<ResidentTensor> out = exe.executeResident(List.of(rw, rg), donate(0));
        assertArrayEquals(tile(-9f, -18f, -27f), out.get(0).toHost().toFloats());
        assertArrayEquals(tile(11f, 22f, 33f), out.get(1).toHost().toFloats(), "the view read w, not w − g");
        assertNotSame(array, storage(out.get(0)));
    }

    @Test
    void storageSharedWithAnotherArgumentOrAKeptTensorIsNotWritten() throws Exception {
        String twoArgs = """
                func.func public @main(%w: tensor<NNxf32> {tf.aliasing_output = 0 : i32}, %v: tensor<NNxf32>) -> (tensor<NNxf32>, tensor<NNxf32>) {
                  %one = stablehlo.constant dense<1.0> : tensor<NNxf32>
                  %w2 = stablehlo.add %w, %one : tensor<NNxf32>
                  %v2 = stablehlo.multiply %v, %v : tensor<NNxf32>
                  return %w2, %v2 : tensor<NNxf32>, tensor<NNxf32>
                }
                """.replace("NN", String.valueOf(N));
        ReferenceExecutable exe = new ReferenceExecutor().compile(twoArgs, CompileOptions.defaults());
        // the same tensor as both arguments, the first donated: v is read after w's last use
        ResidentTensor same = exe.upload(0, f32(tile(2f, 3f, 4f)));
        List<ResidentTensor> out = exe.executeResident(List.of(same, same), donate(0));
        assertArrayEquals(tile(3f, 4f, 5f), out.get(0).toHost().toFloats());
        assertArrayEquals(tile(4f, 9f, 16f), out.get(1).toHost().toFloats());

        // a result that is a view of an argument the caller keeps, then donated to a step
        ReferenceExecutable identity = new ReferenceExecutor().compile("""
                func.func public @main(%x: tensor<NNxf32>) -> tensor<NNxf32> {
                  %r = stablehlo.reshape %x : (tensor<NNxf32>) -> tensor<NNxf32>
                  return %r : tensor<NNxf32>
                }
                """.replace("NN", String.valueOf(N)), CompileOptions.defaults());
        ResidentTensor x = identity.upload(0, f32(tile(5f, 6f, 7f)));
        ResidentTensor view = identity.executeResident(List.of(x), donate()).getFirst();
        assertSame(storage(x), storage(view), "reshape shares storage: the case this checks");
        ResidentTensor v = exe.upload(1, f32(tile(1f)));
        List<ResidentTensor> stepped = exe.executeResident(List.of(view, v), donate(0));
        assertArrayEquals(tile(6f, 7f, 8f), stepped.get(0).toHost().toFloats());
        assertArrayEquals(tile(5f, 6f, 7f), x.toHost().toFloats(), "the kept argument is unchanged");
    }

    @Test
    void aConstantReturnedAsStateIsNeverWrittenInto() throws Exception {
        // the state comes back as the module's iota (made once, handed out on every execute); donated next
        // step, the add may not write into it
        String text = """
                func.func public @main(%s: tensor<NNxf32> {tf.aliasing_output = 0 : i32}) -> (tensor<NNxf32>, tensor<NNxf32>) {
                  %c = stablehlo.iota dim = 0 : tensor<NNxf32>
                  %one = stablehlo.constant dense<1.0> : tensor<NNxf32>
                  %next = stablehlo.add %s, %one : tensor<NNxf32>
                  return %c, %next : tensor<NNxf32>, tensor<NNxf32>
                }
                """.replace("NN", String.valueOf(N));
        ReferenceExecutable exe = new ReferenceExecutor().compile(text, CompileOptions.defaults());
        float[] iota = new float[N], iotaPlusOne = new float[N];
        for (int i = 0; i < N; i++) {
            iota[i] = i;
            iotaPlusOne[i] = i + 1;
        }
        ResidentTensor s = exe.upload(0, f32(new float[N]));
        for (int step = 0; step < 3; step++) {
            List<ResidentTensor> out = exe.executeResident(List.of(s), donate(0));
            assertArrayEquals(iota, out.get(0).toHost().toFloats(), "step " + step + ": the iota");
            assertArrayEquals(step == 0 ? tile(1f) : iotaPlusOne, out.get(1).toHost().toFloats(), "step " + step);
            s = out.get(0);
        }
    }

    @Test
    void aFreshIntermediateAtItsLastUseTakesTheNextResult() throws Exception {
        // d is a multiply's new array, last read by the subtract: with w kept (not donated) the subtract writes into d
        ReferenceExecutable exe = new ReferenceExecutor().compile(STEP, CompileOptions.defaults());
        float[] w = tile(1f, -2f), g = tile(0.5f, 4f);
        List<HostTensor> out = exe.execute(List.of(f32(w), f32(g)));
        float[] expected = new float[N];
        for (int i = 0; i < N; i++) expected[i] = w[i] - g[i] * 0.125f;
        assertArrayEquals(expected, out.get(0).toFloats());
    }

    /** The bf16 value nearest to f (ties to even), from f32's bits: the rounding the spec's convert asks for. */
    private static float bf16(float f) {
        int b = Float.floatToRawIntBits(f);
        return Float.intBitsToFloat((b + 0x7FFF + ((b >>> 16) & 1)) & 0xFFFF0000);
    }

    /** m' = m − 0.125·g in f32, then rounded to its bf16 parameter; m is donated. */
    private static final String MASTER = """
            func.func public @main(%m: tensor<NNxf32> {tf.aliasing_output = 0 : i32}, %g: tensor<NNxf32>) -> (RESULTS) {
              %lr = stablehlo.constant dense<0.125> : tensor<NNxf32>
              %d = stablehlo.multiply %g, %lr : tensor<NNxf32>
              %m2 = stablehlo.subtract %m, %d : tensor<NNxf32>
              %p = stablehlo.convert %m2 : (tensor<NNxf32>) -> tensor<NNxbf16>
              return RETURNED
            }
            """;

    @Test
    void aConvertToBf16AtItsOperandsLastUseRoundsThatStorage() throws Exception {
        String text = MASTER.replace("RESULTS", "tensor<NNxbf16>").replace("RETURNED", "%p : tensor<NNxbf16>").replace("NN", String.valueOf(N));
        ReferenceExecutable exe = new ReferenceExecutor().compile(text, CompileOptions.defaults());
        float[] m = tile(1.0009766f, -2.3f, 0.5f, 3.1415927f), g = tile(0.25f, 4f, -1f);
        ResidentTensor rm = exe.upload(0, f32(m)), rg = exe.upload(1, f32(g));
        Object array = storage(rm);
        ResidentTensor p = exe.executeResident(List.of(rm, rg), donate(0)).getFirst();
        float[] expected = new float[N];
        for (int i = 0; i < N; i++) expected[i] = bf16(m[i] - g[i] * 0.125f);
        assertEquals(ElementType.BF16, p.toHost().elementType());
        assertArrayEquals(expected, p.toHost().toFloats());
        assertSame(array, storage(p), "the subtract wrote over m, the convert rounded that array");
    }

    @Test
    void aConvertWhoseOperandIsUsedLaterLeavesItUnrounded() throws Exception {
        String text = MASTER.replace("RESULTS", "tensor<NNxf32>, tensor<NNxbf16>").replace("RETURNED", "%m2, %p : tensor<NNxf32>, tensor<NNxbf16>")
                .replace("NN", String.valueOf(N));
        ReferenceExecutable exe = new ReferenceExecutor().compile(text, CompileOptions.defaults());
        float[] m = tile(1.0009766f, -2.3f, 0.5f, 3.1415927f), g = tile(0.25f, 4f, -1f);
        List<ResidentTensor> out = exe.executeResident(List.of(exe.upload(0, f32(m)), exe.upload(1, f32(g))), donate(0));
        float[] master = new float[N], rounded = new float[N];
        for (int i = 0; i < N; i++) {
            master[i] = m[i] - g[i] * 0.125f;
            rounded[i] = bf16(master[i]);
        }
        assertArrayEquals(master, out.get(0).toHost().toFloats(), "m' keeps its f32 values");
        assertArrayEquals(rounded, out.get(1).toHost().toFloats());
        assertNotSame(storage(out.get(0)), storage(out.get(1)));
    }

    @Test
    void aCompareLeftForItsSelectKeepsItsOperandsStorageUntilThen() throws Exception {
        // c's only use is the select, so the select computes it (FusedPredicates) when it runs; v, a view of u, is
        // c's operand, and the multiply is u's last use: were c counted as a new array, the multiply would write
        // 2u over u's array before the select reads v
        String text = """
                func.func public @main(%p: tensor<NNxf32>, %q: tensor<NNxf32>) -> tensor<1xNNxf32> {
                  %u = stablehlo.add %p, %q : tensor<NNxf32>
                  %v = stablehlo.reshape %u : (tensor<NNxf32>) -> tensor<1xNNxf32>
                  %thr = stablehlo.constant dense<0.5> : tensor<1xNNxf32>
                  %c = stablehlo.compare GE, %v, %thr, FLOAT : (tensor<1xNNxf32>, tensor<1xNNxf32>) -> tensor<1xNNxi1>
                  %two = stablehlo.constant dense<2.0> : tensor<NNxf32>
                  %w = stablehlo.multiply %u, %two : tensor<NNxf32>
                  %w1 = stablehlo.reshape %w : (tensor<NNxf32>) -> tensor<1xNNxf32>
                  %zero = stablehlo.constant dense<0.0> : tensor<1xNNxf32>
                  %s = stablehlo.select %c, %w1, %zero : tensor<1xNNxi1>, tensor<1xNNxf32>
                  return %s : tensor<1xNNxf32>
                }
                """.replace("NN", String.valueOf(N));
        ReferenceExecutable exe = new ReferenceExecutor().compile(text, CompileOptions.defaults());
        float[] p = tile(0.125f, 0.25f, 0.5f, -1f), q = tile(0.25f, 0.125f, 0.25f, 0.5f);
        float[] expected = new float[N];
        for (int i = 0; i < N; i++) {
            float u = p[i] + q[i];
            expected[i] = u >= 0.5f ? 2 * u : 0f;
        }
        assertArrayEquals(expected, exe.execute(List.of(f32(p), f32(q))).getFirst().toFloats());
    }
}
