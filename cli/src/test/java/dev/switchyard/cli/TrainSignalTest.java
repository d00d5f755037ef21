package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.cli.train.CheckpointStore;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM to a training child JVM: it finishes the step in flight, writes a checkpoint, says so, and a --resume continues from it. */
class TrainSignalTest {

    @TempDir Path dir;

    @Test
    void sigtermWritesACheckpoint() throws Exception {
        Path model = dir.resolve("linreg.sy");
        Files.writeString(model, HandGradSteps.LINREG);
        Path data = Files.createDirectories(dir.resolve("data"));
        Npy.write(data.resolve("x.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {8, 3}, new float[24]));
        Npy.write(data.resolve("y.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {8}, 1, 2, 3, 4, 5, 6, 7, 8));
        Path ckpt = dir.resolve("run");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-Xss8m",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), TrainChild.class.getName(),
                "train", model.toString(), "--data", data.toString(), "--steps", "1000000", "--optimizer", "sgd", "--schedule", "constant",
                "--lr", "0.001", "--checkpoint-dir", ckpt.toString(), "--log-every", "1000000")
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        Path metrics = ckpt.resolve("logs/metrics.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && child.isAlive() && !(Files.exists(metrics) && Files.readAllLines(metrics).size() >= 3)) {
            Thread.sleep(20);
        }
        assertTrue(child.isAlive(), () -> "the child stopped early: " + read("err.txt"));
        child.destroy(); // SIGTERM
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not stop");
        String out = read("out.txt");
        Matcher m = Pattern.compile("interrupted after step (\\d+); checkpoint (\\S+) written").matcher(out);
        assertTrue(m.find(), () -> out + read("err.txt"));
        long step = Long.parseLong(m.group(1));
        assertTrue(step >= 3);
        CheckpointStore.Loaded saved = new CheckpointStore(ckpt).newest(w -> { throw new AssertionError(w); }).orElseThrow();
        assertEquals(step, saved.info().step());
        assertEquals(step, Files.readAllLines(metrics).size(), "every step before the stop was logged");
        CliRun again = CliRun.run(HandGradSteps.commands(), "train", model.toString(), "--data", data.toString(), "--steps", "2", "--resume",
                "--checkpoint-dir", ckpt.toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(Files.isDirectory(ckpt.resolve(CheckpointStore.name(step + 2))), again::toString);
    }

    private String read(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (Exception e) {
            return "";
        }
    }
}
