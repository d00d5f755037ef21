package dev.switchyard.runtime.pjrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.ResidentTensor;
import dev.switchyard.hlo.tensor.HostTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Device-resident state with donation: a train-step-shaped module (state donated and aliased to
 * the result, batch not donated) run for 1 000 steps moves only the batch to the device per step.
 */
class ResidentStateTest {

    private static final int ROWS = 64, COLS = 16;
    private static final long STATE_BYTES = 4L * ROWS * COLS;

    /** state' = state + batch, sharded by rows over 4 devices; the state's memory is reused for state'. */
    static final String TRAIN_STEP = """
            module @train_step attributes {mhlo.num_partitions = 4 : i32, mhlo.num_replicas = 1 : i32} {
              func.func public @main(%arg0: tensor<64x16xf32> {mhlo.sharding = "{devices=[4,1]0,1,2,3}", tf.aliasing_output = 0 : i32},
                                     %arg1: tensor<64x16xf32> {mhlo.sharding = "{devices=[4,1]0,1,2,3}"})
                  -> (tensor<64x16xf32> {mhlo.sharding = "{devices=[4,1]0,1,2,3}"}) {
                %0 = stablehlo.add %arg0, %arg1 : tensor<64x16xf32>
                return %0 : tensor<64x16xf32>
              }
            }
            """;

    private final TestPlugin controls = TestPlugin.controls();

    /** Batch of step t: small integers, so float sums are exact and the expected state is too. */
    private static float batchValue(int t, int k) { return ((t + k) % 5) - 2; }

    private static HostTensor batch(int t) {
        float[] v = new float[ROWS * COLS];
        for (int k = 0; k < v.length; k++) v[k] = batchValue(t, k);
        return Tensors.f32(new long[] {ROWS, COLS}, v);
    }

    private static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    private static ResidentTensor step(PjrtExecutable exe, ResidentTensor state, HostTensor batch) throws Exception {
        BitSet donated = new BitSet();
        donated.set(0);
        try (ResidentTensor x = exe.upload(1, batch)) {
            return exe.executeResident(List.of(state, x), donated).getFirst();
        }
    }

    @Test
    void thousandStepsMoveOnlyTheBatchAndKeepMemoryFlat() throws Exception {
        float[] w0 = new float[ROWS * COLS];
        for (int k = 0; k < w0.length; k++) w0[k] = k;
        try (PjrtExecutor executor = PjrtExecutor.open(TestPlugin.path(), PjrtExecutor.Options.defaults());
             PjrtExecutable exe = executor.compile(TRAIN_STEP, new CompileOptions("main", 1, 4))) {
            long h2d0 = controls.hostToDeviceBytes();
            ResidentTensor state = exe.upload(0, Tensors.f32(new long[] {ROWS, COLS}, w0));
            assertEquals(STATE_BYTES, controls.hostToDeviceBytes() - h2d0, "the state is uploaded once, split in 4 shards");

            int warmup = 1_000, steps = 1_000;
            for (int t = 0; t < warmup; t++) state = step(exe, state, batch(t));
            long rssStart = rssKiB();
            long live = controls.liveObjects();
            long h2d = controls.hostToDeviceBytes(), d2h = controls.deviceToHostBytes(), donations = controls.donations();
            for (int t = warmup; t < warmup + steps; t++) state = step(exe, state, batch(t));
            long rssEnd = rssKiB();

            assertEquals(steps * STATE_BYTES, controls.hostToDeviceBytes() - h2d, "host->device per step = the batch (64x16 f32)");
            assertEquals(0, controls.deviceToHostBytes() - d2h, "nothing comes back to the host during the steps");
            assertEquals(4L * steps, controls.donations() - donations, "every step reuses the 4 state shards' memory");
            assertArrayEquals(new long[] {1}, controls.lastNonDonatable(), "only the batch is marked non-donatable");
            assertEquals(live, controls.liveObjects(), "no plugin object outlives its step");
            assertEquals(1 + 4, executor.client().openHandles(), "the executable and the state's 4 shards, nothing else");
            double growth = (rssEnd - rssStart) / (double) rssStart;
            System.out.printf("ResidentStateTest: %d steps, RSS %d KiB -> %d KiB (%+.2f%%)%n", steps, rssStart, rssEnd, 100 * growth);
            assertTrue(growth < 0.05, "RSS grew " + 100 * growth + "% over " + steps + " steps");

            float[] expected = w0.clone();
            for (int t = 0; t < warmup + steps; t++) for (int k = 0; k < expected.length; k++) expected[k] += batchValue(t, k);
            long before = controls.deviceToHostBytes();
            assertArrayEquals(expected, Tensors.floats(state.toHost()));
            assertEquals(STATE_BYTES, controls.deviceToHostBytes() - before, "fetching the state copies it once");
            state.close();
        }
    }

    @Test
    void aDonatedTensorIsDeadAndANonDonatedOneStaysLive() throws Exception {
        try (PjrtExecutor executor = PjrtExecutor.open(TestPlugin.path(), PjrtExecutor.Options.defaults());
             PjrtExecutable exe = executor.compile(TRAIN_STEP, new CompileOptions("main", 1, 4))) {
            ResidentTensor w = exe.upload(0, batch(0));
            ResidentTensor x = exe.upload(1, batch(1));
            BitSet donated = new BitSet();
            donated.set(0);
            ResidentTensor w1 = exe.executeResident(List.of(w, x), donated).getFirst();
            assertFalse(w.isLive());
            assertTrue(x.isLive());
            IllegalStateException fetch = assertThrows(IllegalStateException.class, w::toHost);
            assertTrue(fetch.getMessage().contains("donated"), fetch.getMessage());
            long executesBefore = controls.donations();
            IllegalStateException reuse = assertThrows(IllegalStateException.class, () -> exe.executeResident(List.of(w, x), donated));
            assertTrue(reuse.getMessage().contains("donated"), reuse.getMessage());
            assertEquals(executesBefore, controls.donations(), "the plugin was not called");
            // x is reused in a second step; w1 + x = batch(0) + 2 batch(1)
            ResidentTensor w2 = exe.executeResident(List.of(w1, x), donated).getFirst();
            float[] got = Tensors.floats(w2.toHost());
            for (int k = 0; k < got.length; k++) assertEquals(batchValue(0, k) + 2 * batchValue(1, k), got[k], 0f, "element " + k);
            assertThrows(IllegalArgumentException.class, () -> exe.executeResident(List.of(w2, w2), donated),
                    "one tensor donated and passed again");
            assertThrows(IllegalArgumentException.class, () -> exe.executeResident(
                    List.of(new dev.switchyard.hlo.exec.HostResidentTensor(batch(0)), x), donated));
            w2.close();
            w2.close();
            x.close();
            assertThrows(IllegalStateException.class, x::toHost);
            assertEquals(1, executor.client().openHandles(), "only the executable is left");
        }
    }

    @Test
    void closingTheExecutorKillsItsResidentTensorsWithoutACrash() throws Exception {
        ResidentTensor w;
        try (PjrtExecutor executor = PjrtExecutor.open(TestPlugin.path(), PjrtExecutor.Options.defaults());
             PjrtExecutable exe = executor.compile(TRAIN_STEP, new CompileOptions("main", 1, 4))) {
            w = exe.upload(0, batch(0));
        }
        assertThrows(IllegalStateException.class, w::toHost);
        w.close();
    }
}
