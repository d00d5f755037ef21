package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchyard check} and {@code switchyard fmt}: exit codes, located errors, emitted forms. */
class CheckAndFmtCommandTest {

    private static final List<Command> COMMANDS = List.of(new CheckCommand(), new FmtCommand());

    private static final String GOOD = """
            model tiny
            dim batch = 2
            dim d = 4
            dim f = 8
            mesh default { data = 2 }
            layout { batch -> data }
            block forward(x: f32[batch, d]) {
              param w: [d, f] = zeros
              return (h = x @ w)
            }
            """;

    @Test
    void aCorrectModelChecksWithExitZeroAndReportsTheMesh(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("tiny.sy"), GOOD);
        CliRun r = CliRun.run(COMMANDS, "check", file.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("ok: model tiny, 1 parameter tensors (32 values), 1 ops; mesh default: data=2 = 2 devices"), r::toString);
    }

    @Test
    void mistakesAreLocatedWithExitOneAndNoStackTrace(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.sy"), GOOD.replace("x @ w", "softmax(x @ w, d)"));
        CliRun r = CliRun.run(COMMANDS, "check", file.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("bad.sy:9:30: error: dim d is not in f32[batch=2, f=8]"), r::toString);
        assertTrue(r.err().contains("    9 |   return (h = softmax(x @ w, d))"), r::toString);
        assertTrue(!r.err().contains("Exception") && !r.err().contains("\tat "), r::toString);
    }

    @Test
    void emitsTypesAndGraphAndAst(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("tiny.sy"), GOOD);
        CliRun types = CliRun.run(COMMANDS, "check", "--emit", "types", file.toString());
        assertEquals("input x : f32[batch=2, d=4]\nparam w : f32[d=4, f=8]\n", types.out());
        CliRun graph = CliRun.run(COMMANDS, "check", "--emit", "graph", "--mesh-shape", "data=1", file.toString());
        assertTrue(graph.out().startsWith("model tiny\nmesh default {data=1} devices=1\n"), graph::toString);
        assertTrue(graph.out().contains("output h = %2"), graph::toString);
        CliRun ast = CliRun.run(COMMANDS, "check", "--emit", "ast", file.toString());
        assertTrue(ast.out().contains("Item.BlockDef name=\"forward\" @7:1"), ast::toString);
    }

    @Test
    void fmtRewritesAndCheckModeReportsUnformattedFiles(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("messy.sy"), GOOD.replace("x @ w", "x@w").replace("  param", "      param"));
        CliRun check = CliRun.run(COMMANDS, "fmt", "--check", file.toString());
        assertEquals(1, check.exitCode(), check::toString);
        assertTrue(check.out().contains("would be reformatted"));
        CliRun fmt = CliRun.run(COMMANDS, "fmt", file.toString());
        assertEquals(0, fmt.exitCode(), fmt::toString);
        assertEquals(GOOD, Files.readString(file));
        assertEquals(0, CliRun.run(COMMANDS, "fmt", "--check", file.toString()).exitCode());
    }

    @Test
    void fmtRefusesFilesWithSyntaxErrors(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("broken.sy"), "block forward( {\n");
        CliRun r = CliRun.run(COMMANDS, "fmt", file.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("broken.sy:1:16: error: unexpected '{'"), r::toString);
        assertEquals("block forward( {\n", Files.readString(file));
    }
}
