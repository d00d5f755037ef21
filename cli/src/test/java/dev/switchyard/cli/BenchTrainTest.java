package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code bench --entry train}: one resident train step of switch_tiny; its report's numbers agree with each other. */
class BenchTrainTest {

    private static final String SAMPLE = Path.of("..", "samples", "switch_tiny.sy").toString();

    @Test
    void reportsStepTimeTokensPerSecondAndPeakHeap() {
        CliRun r = CliRun.run(List.of(new BenchCommand()), "bench", SAMPLE, "--mesh", "single", "--entry", "train", "--steps", "2", "--warmup", "1");
        assertEquals(0, r.exitCode(), r::toString);
        Matcher step = Pattern.compile("step +([0-9.]+) ms").matcher(r.out());
        Matcher tokens = Pattern.compile("tokens +([0-9]+) /s +([0-9]+) per step").matcher(r.out());
        Matcher memory = Pattern.compile("memory +([0-9.]+) MiB").matcher(r.out());
        assertTrue(step.find() && tokens.find() && memory.find(), r::toString);
        // switch_tiny: batch 4 × (seq 8 encoder + tgt 8 decoder) tokens per step
        assertEquals(4 * (8 + 8), Long.parseLong(tokens.group(2)), r::toString);
        double ms = Double.parseDouble(step.group(1));
        double perSecond = Long.parseLong(tokens.group(2)) / (ms / 1000);
        assertEquals(perSecond, Double.parseDouble(tokens.group(1)), Math.max(1.0, perSecond * 0.01), r::toString); // ms is printed rounded
        assertTrue(Double.parseDouble(memory.group(1)) > 0, r::toString);
    }

    @Test
    void anUnknownEntryIsAUserError() {
        CliRun r = CliRun.run(List.of(new BenchCommand()), "bench", SAMPLE, "--entry", "backward");
        assertEquals(Main.USER_ERROR, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--entry expects forward or train, got 'backward'"), r::toString);
    }
}
