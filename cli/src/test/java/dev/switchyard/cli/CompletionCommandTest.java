package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated script, sourced into a real bash, completes what the registry holds. */
class CompletionCommandTest {

    @TempDir Path dir;

    @Test
    void completesCommandsOptionsAndTpuTypes() throws Exception {
        CliRun r = CliRun.run(Commands.all(), "completion", "bash");
        assertEquals(0, r.exitCode(), r::toString);
        Path script = dir.resolve("switchyard.bash");
        Files.writeString(script, r.out());

        List<String> first = complete(script, "switchyard", "");
        for (Command c : Commands.all()) assertTrue(first.contains(c.name()), first::toString);
        assertEquals(List.of("submit"), complete(script, "switchyard", "su"));
        assertEquals(List.of("v5e-1", "v5e-4", "v5e-8", "v5e-16", "v5e-32", "v5e-64", "v5e-128", "v5e-256"),
                complete(script, "switchyard", "submit", "x", "--tpu", "v5e-"));
        List<String> flags = complete(script, "switchyard", "submit", "--");
        assertTrue(flags.containsAll(List.of("--tpu", "--zone", "--project", "--name", "--dry-run", "--help")), flags::toString);
        assertEquals(List.of("--svg"), complete(script, "switchyard", "inspect", "--s"));
    }

    @Test
    void unknownShellIsAUserError() {
        CliRun r = CliRun.run(Commands.all(), "completion", "fish");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("supported: bash"), r::toString);
    }

    /** Runs the completion function as bash would for the words typed (the last one being completed). */
    private List<String> complete(Path script, String... words) throws Exception {
        String array = String.join(" ", Arrays.stream(words).map(w -> "'" + w + "'").toList());
        String program = "source '" + script + "'; COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1)
                + "; cd '" + dir + "'; _switchyard; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process p = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> !l.isEmpty()).toList();
    }
}
