package dev.switchyard.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 4: a child JVM saves checkpoints in a loop and is killed with SIGKILL at random
 * moments (so mostly mid-write); after every kill each {@code step_*} directory must load whole,
 * with its own step's contents, and a restarted child carries on from the newest.
 */
class CheckpointKillTest {

    @TempDir Path dir;

    @Test
    void killNineDuringWritesNeverLeavesTheNewestCorrupt() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        Random random = new Random(20261207);
        CheckpointStore store = new CheckpointStore(ckpt);
        long lastNewest = 0;
        for (int round = 0; round < 6; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), CheckpointKillChild.class.getName(), ckpt.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("child-" + round + ".log").toFile()).start();
            try {
                // wait until this child has saved at least one checkpoint of its own, then kill at a random moment
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (newestStep(store) <= lastNewest && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
                assertTrue(child.isAlive(), () -> "the child died: " + read(dir.resolve("child-" + 0 + ".log")));
                Thread.sleep(random.nextInt(150));
            } finally {
                child.destroyForcibly(); // SIGKILL on POSIX
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
            List<String> warnings = new ArrayList<>();
            CheckpointStore.Loaded newest = store.newest(warnings::add).orElseThrow();
            assertEquals(List.of(), warnings, "no step_* directory is ever partial or corrupt");
            long step = newest.info().step();
            assertTrue(step > lastNewest, "the child made progress");
            assertEquals(CheckpointKillChild.tensors("", step), new LinkedHashMap<>(newest.params()));
            assertEquals(CheckpointKillChild.tensors("opt/", step), new LinkedHashMap<>(newest.optimizerState()));
            for (Path p : store.steps()) CheckpointStore.load(p);
            lastNewest = step;
        }
    }

    private static long newestStep(CheckpointStore store) throws Exception {
        List<Path> steps = store.steps();
        return steps.isEmpty() ? 0 : CheckpointStore.stepOf(steps.getLast());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "(no log)";
        }
    }
}
