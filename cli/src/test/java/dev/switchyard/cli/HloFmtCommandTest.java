package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HloFmtCommandTest {

    private static final String TWO_PIECES = """
            func.func @a(%x: tensor<2xf32>) -> tensor<2xf32> {
              %0 = "stablehlo.add"(%x, %x) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
              func.return %0 : tensor<2xf32>
            }
            // -----
            func.func @b() {
              func.return
            }
            """;

    private static CliRun run(String... args) { return CliRun.run(List.of(new HloFmtCommand()), args); }

    @Test
    void printsEachPieceInPrettyForm(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("m.mlir"), TWO_PIECES);
        CliRun r = run("hlo-fmt", "--split-input-file", f.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("""
                func.func @a(%arg0: tensor<2xf32>) -> tensor<2xf32> {
                  %0 = stablehlo.add %arg0, %arg0 : tensor<2xf32>
                  func.return %0 : tensor<2xf32>
                }
                // -----
                func.func @b() {
                  func.return
                }
                """, r.out());
    }

    @Test
    void printsTheGenericForm(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("m.mlir"), TWO_PIECES.substring(0, TWO_PIECES.indexOf("// -----")));
        CliRun r = run("hlo-fmt", "--generic", f.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("%0 = \"stablehlo.add\"(%arg0, %arg0) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>"), r.out());
        assertTrue(r.out().contains("\"func.return\"(%0) : (tensor<2xf32>) -> ()"), r.out());
    }

    @Test
    void badInputIsALocatedErrorWithExitCodeOne(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("bad.mlir"), TWO_PIECES.replace("func.return\n}", "func.return\n"));
        CliRun r = run("hlo-fmt", "--split-input-file", f.toString());
        assertEquals(1, r.exitCode(), r.toString());
        // The second piece starts at line 6 of the file; its region is unclosed at the end (line 9).
        assertTrue(r.err().startsWith(f + ":9:1: error: expected '}' to close region, found end of input"), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
    }

    /** Acceptance 2 of issue 2 through the command itself: mlir-opt reads what --generic prints. */
    @Test
    void genericOutputOfAConformanceFileIsAcceptedByMlirOpt(@TempDir Path dir) throws Exception {
        Path mlirOpt = Path.of(System.getProperty("switchyard.mlirOpt", "/usr/lib/llvm-22/bin/mlir-opt"));
        assertTrue(Files.isExecutable(mlirOpt), "mlir-opt not found at " + mlirOpt + ": install mlir-22-tools or set -Dswitchyard.mlirOpt");
        Path suite = Path.of(System.getProperty("switchyard.shared"), "conformance", "stablehlo-interpret");
        for (String name : List.of("while.mlir", "reduce.mlir", "sort.mlir")) {
            CliRun r = run("hlo-fmt", "--generic", "--split-input-file", suite.resolve(name).toString());
            assertEquals(0, r.exitCode(), r.toString());
            Path out = Files.writeString(dir.resolve(name), r.out());
            Process p = new ProcessBuilder(mlirOpt.toString(), "--allow-unregistered-dialect", "--split-input-file", out.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), name + ": " + log);
        }
    }

    @Test
    void missingFileIsAUserError(@TempDir Path dir) {
        CliRun r = run("hlo-fmt", dir.resolve("nope.mlir").toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("no such file"), r.err());
    }
}
