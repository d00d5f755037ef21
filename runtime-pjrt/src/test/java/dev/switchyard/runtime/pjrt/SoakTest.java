package dev.switchyard.runtime.pjrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.tensor.HostTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Many executes keep native memory flat; two threads can execute one executable at once. */
class SoakTest {

    private final TestPlugin controls = TestPlugin.controls();

    private static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    private static void addOnce(PjrtClient client, PjrtLoadedExecutable exe, HostTensor a, HostTensor b, float[] expected) throws Exception {
        PjrtDevice d0 = client.addressableDevices().getFirst();
        try (PjrtBuffer x = client.toDevice(a, d0); PjrtBuffer y = client.toDevice(b, d0)) {
            List<List<PjrtBuffer>> out = exe.execute(List.of(List.of(x, y)));
            try (PjrtBuffer sum = out.getFirst().getFirst()) {
                assertArrayEquals(expected, Tensors.floats(sum.toHost()));
            }
        }
    }

    @Test
    void tenThousandExecutesKeepNativeMemoryFlat() throws Exception {
        long liveBefore = controls.liveObjects();
        HostTensor a = Tensors.f32(new long[] {2, 2}, 1, 2, 3, 4);
        HostTensor b = Tensors.f32(new long[] {2, 2}, 0.5f, 0.25f, -1, 8);
        float[] expected = {1.5f, 2.25f, 2, 12};
        try (PjrtClient client = PjrtPlugin.load(TestPlugin.path()).createClient();
             PjrtLoadedExecutable exe = client.compile(Programs.ADD, XlaCompileOptions.forMesh(List.of(0L), false))) {
            // Warm-up first: JIT compilation (C2's malloc'd arenas stay in RSS) and the allocator's first
            // growth are not a leak; with the resident-state and multi-process paths C2 keeps compiling
            // past 10 000 executes, so the window starts after 40 000.
            for (int i = 0; i < 40_000; i++) addOnce(client, exe, a, b, expected);
            long rssStart = rssKiB();
            long liveStart = controls.liveObjects();
            for (int i = 0; i < 10_000; i++) addOnce(client, exe, a, b, expected);
            long rssEnd = rssKiB();
            assertEquals(liveStart, controls.liveObjects(), "no plugin object outlives its iteration");
            assertEquals(1, client.openHandles());
            double growth = (rssEnd - rssStart) / (double) rssStart;
            System.out.printf("SoakTest: 10000 executes, RSS %d KiB -> %d KiB (%+.2f%%)%n", rssStart, rssEnd, 100 * growth);
            assertTrue(growth < 0.05, "RSS grew " + 100 * growth + "% over 10000 executes");
        }
        assertEquals(liveBefore, controls.liveObjects());
    }

    @Test
    void twoThreadsExecuteConcurrently() throws Exception {
        try (PjrtClient client = PjrtPlugin.load(TestPlugin.path()).createClient();
             PjrtLoadedExecutable exe = client.compile(Programs.ADD, XlaCompileOptions.forMesh(List.of(0L), false));
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                final float base = t * 1000;
                Callable<Integer> work = () -> {
                    for (int i = 0; i < 1_000; i++) {
                        float v = base + i;
                        addOnce(client, exe, Tensors.f32(new long[] {2, 2}, v, v, v, v), Tensors.f32(new long[] {2, 2}, 1, 2, 3, 4),
                                new float[] {v + 1, v + 2, v + 3, v + 4});
                    }
                    return 1_000;
                };
                done.add(pool.submit(work));
            }
            int total = 0;
            for (Future<Integer> f : done) total += f.get();
            assertEquals(2_000, total);
            assertEquals(1, client.openHandles());
        }
    }
}
