package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, hangs and unplaced diagnostics: a FIFO given where a file belongs used to block
 * forever, a directory as --weights was an internal error with a stack trace, an endless
 * while or compile-time loop never ended, and bytes that are not UTF-8 were reported without a place.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a regression hangs: fail instead
class UnreadableInputTest {

    @TempDir Path dir;

    private static final String TINY_SY = "model tiny\ndim n = 4\nblock forward(x: f32[n]) {\n  return (y = x)\n}\n";

    private static CliRun cli(String... args) {
        return CliRun.run(Commands.all(), args);
    }

    private static void assertUserError(CliRun r, String message) {
        assertEquals(Main.USER_ERROR, r.exitCode(), r::toString);
        assertTrue((r.err() + r.out()).contains(message), () -> "expected '" + message + "' in\n" + r);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r::toString);
    }

    private Path fifo(String name) throws Exception {
        Path p = dir.resolve(name);
        Process mk = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
        Assumptions.assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is needed");
        return p;
    }

    private static final String NOT_REGULAR = "is not a regular file (a FIFO, socket or device would be read forever)";

    @Test
    void aFifoIsRefusedWhereverAFileIsRead() throws Exception {
        Path sy = fifo("m.sy");
        assertUserError(cli("check", sy.toString()), sy + ": error: cannot read " + sy + ": " + NOT_REGULAR);
        assertUserError(cli("fmt", sy.toString()), sy + ": " + NOT_REGULAR);
        assertUserError(cli("compile", sy.toString(), "-o", dir.resolve("a").toString()), sy + ": " + NOT_REGULAR);
        Path mlir = fifo("m.mlir");
        assertUserError(cli("interpret", mlir.toString()), mlir + ": " + NOT_REGULAR);
        assertUserError(cli("hlo-fmt", mlir.toString()), mlir + ": " + NOT_REGULAR);

        Path importer = Files.writeString(dir.resolve("i.sy"), "import \"m.sy\"\n" + TINY_SY);
        assertUserError(cli("check", importer.toString()), importer + ":1:1: error: cannot read import \"m.sy\": " + NOT_REGULAR);

        Path art = TestArtifacts.withMesh(dir.resolve("art"));
        Path weights = fifo("w.safetensors");
        assertUserError(cli("run", art.toString(), "--weights", weights.toString()), weights + ": " + NOT_REGULAR);
        Path inputs = Files.createDirectories(dir.resolve("in"));
        Path x = inputs.resolve("x.npy");
        Process mk = new ProcessBuilder("mkfifo", x.toString()).start();
        assertTrue(mk.waitFor(10, TimeUnit.SECONDS));
        assertUserError(cli("run", art.toString(), "--inputs", inputs.toString()), x + ": " + NOT_REGULAR);
    }

    @Test
    void aDirectoryAsWeightsIsAUserError() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("art"));
        Path weights = Files.createDirectories(dir.resolve("w.safetensors"));
        assertUserError(cli("run", art.toString(), "--weights", weights.toString()), weights + ": is a directory, not a file");
    }

    /** Latin-1, UTF-16 and random bytes: the place of the first byte that is not UTF-8. */
    @Test
    void textThatIsNotUtf8IsReportedAtItsFirstBadByte() throws Exception {
        byte[] latin1 = "model m\ndim n = 4\n// caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Path sy = Files.write(dir.resolve("l.sy"), latin1);
        assertUserError(cli("check", sy.toString()), sy + ":3:7: error: the file is not UTF-8 text (byte 0xe9 at offset 24)");
        assertUserError(cli("fmt", sy.toString()), sy + ":3:7: is not UTF-8 text (byte 0xe9 at offset 24)");
        Path utf16 = Files.write(dir.resolve("u.sy"), TINY_SY.getBytes(StandardCharsets.UTF_16));
        assertUserError(cli("check", utf16.toString()), utf16 + ":1:1: error: the file is not UTF-8 text (byte 0xfe at offset 0)");
        // a truncated multi-byte character at the very end: the column counts characters, not bytes
        Path cut = Files.write(dir.resolve("c.mlir"), new byte[] {'a', (byte) 0xc3, (byte) 0xa9, 'b', '\n', 'x', (byte) 0xe2, (byte) 0x82});
        assertUserError(cli("hlo-fmt", cut.toString()), cut + ":2:2: is not UTF-8 text (byte 0xe2 at offset 6)");
        Path imported = Files.write(dir.resolve("lib.sy"), latin1);
        Path importer = Files.writeString(dir.resolve("i.sy"), "import \"lib.sy\"\n" + TINY_SY);
        assertUserError(cli("check", importer.toString()), "cannot read import \"lib.sy\": is not UTF-8 text (byte 0xe9 at offset 24) (3:7)");
    }

    @Test
    void anEndlessWhileStopsAtMaxSteps() throws Exception {
        Path mlir = Files.writeString(dir.resolve("loop.mlir"), """
                func.func @main() {
                  %0 = stablehlo.constant dense<0> : tensor<i64>
                  %1 = stablehlo.while(%iter = %0) : tensor<i64>
                  cond {
                    %c = stablehlo.constant dense<0> : tensor<i64>
                    %p = stablehlo.compare GE, %iter, %c : (tensor<i64>, tensor<i64>) -> tensor<i1>
                    stablehlo.return %p : tensor<i1>
                  } do {
                    %one = stablehlo.constant dense<1> : tensor<i64>
                    %n = stablehlo.add %iter, %one : tensor<i64>
                    stablehlo.return %n : tensor<i64>
                  }
                  func.return
                }
                """);
        assertUserError(cli("interpret", mlir.toString(), "--max-steps", "1000"),
                "FAIL main: " + mlir + ":3:8: stablehlo.while: ran more than 1000 loop iterations (the limit, --max-steps)");
        assertUserError(cli("interpret", mlir.toString(), "--max-steps", "0"), "--max-steps must be at least 1, got 0");
    }

    /** An unknown op used to be "1 skipped" with exit 0. */
    @Test
    void anUnknownOpOrProseIsAFailureNotASkip() throws Exception {
        Path mlir = Files.writeString(dir.resolve("u.mlir"), "func.func @main() {\n  %0 = stablehlo.frobnicate : tensor<f32>\n  func.return\n}\n");
        CliRun r = cli("interpret", mlir.toString());
        assertUserError(r, mlir + ":2:8: error: unknown operation 'stablehlo.frobnicate'");
        assertTrue(r.out().contains("0 passed, 1 failed, 0 skipped"), r::toString);
        Path prose = Files.writeString(dir.resolve("LICENSE"), "Apache License\nVersion 2.0\n");
        assertUserError(cli("interpret", prose.toString()), prose + ":1:1: ");
    }

    /** Two nested loops of 100 000 used to run 23 s and die out of memory (exit 2). */
    @Test
    void compileTimeWorkIsBounded() throws Exception {
        Path sy = Files.writeString(dir.resolve("loop.sy"), """
                model loop
                dim n = 4
                block forward(x: f32[n]) {
                  let s = 0
                  for i in 0..100000 {
                    for j in 0..100000 {
                      s = s + 1
                    }
                  }
                  return (y = x)
                }
                """);
        assertUserError(cli("check", sy.toString()), sy + ":5:3: error: compile-time evaluation ran more than 5000000 statements");
    }
}
