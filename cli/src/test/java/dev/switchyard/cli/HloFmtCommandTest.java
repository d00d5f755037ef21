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

    @Test
    void missingFileIsAUserError(@TempDir Path dir) {
        CliRun r = run("hlo-fmt", dir.resolve("nope.mlir").toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("no such file"), r.err());
    }
}
