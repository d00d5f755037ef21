package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterpretCommandTest {

    @TempDir Path dir;

    private record Result(int exit, String out, String err) {
        List<String> lines() { return out.lines().toList(); }
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.standard().run(args, new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path suiteFile(String name) {
        return Path.of(System.getProperty("switchyard.shared"), "conformance", "stablehlo-interpret", name);
    }

    @Test
    void suiteFilePrintsOneLinePerCaseAndATotal() {
        Result r = run("interpret", "--split-input-file", suiteFile("add.mlir").toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.lines();
        assertTrue(lines.contains("PASS add_op_test_si4"), r.out());
        assertTrue(lines.contains("PASS add_op_test_i1"), r.out());
        long cases = lines.stream().filter(l -> l.startsWith("PASS ")).count();
        assertEquals(cases + " passed, 0 failed, 0 skipped", lines.getLast());
    }

    @Test
    void failingAndUnsupportedCasesAreReportedAndExitOne() throws IOException {
        Path f = dir.resolve("t.mlir");
        Files.writeString(f, """
                func.func @good() {
                  %0 = stablehlo.constant dense<[1, 2]> : tensor<2xi32>
                  %1 = stablehlo.add %0, %0 : tensor<2xi32>
                  check.expect_eq_const %1, dense<[2, 4]> : tensor<2xi32>
                  func.return
                }

                // -----

                func.func @bad() {
                  %0 = stablehlo.constant dense<[1, 2]> : tensor<2xi32>
                  check.expect_eq_const %0, dense<[1, 3]> : tensor<2xi32>
                  func.return
                }

                // -----

                func.func @custom() {
                  %0 = stablehlo.constant dense<1.0> : tensor<f32>
                  %1 = stablehlo.custom_call @my_kernel(%0) : (tensor<f32>) -> tensor<f32>
                  func.return
                }
                """);
        Result r = run("interpret", "--split-input-file", f.toString());
        assertEquals(1, r.exit());
        assertEquals(List.of(
                "PASS good",
                "FAIL bad: " + f + ":12:3: check.expect_eq_const: element 1: expected [3], got [2] (all: [1, 2])",
                "UNSUPPORTED custom: custom call target 'my_kernel'",
                "1 passed, 1 failed, 1 skipped"), r.lines());
    }

    @Test
    void malformedModuleIsALocatedFailure() throws IOException {
        Path f = dir.resolve("broken.mlir");
        Files.writeString(f, "func.func @x() {\n  %0 = stablehlo.constant dense<[1, 2> : tensor<2xi32>\n}\n");
        Result r = run("interpret", f.toString());
        assertEquals(1, r.exit());
        assertEquals(List.of("FAIL " + f + "#1: " + f + ":2:38: error: expected ']', found '>'", "0 passed, 1 failed, 0 skipped"), r.lines());
        assertTrue(r.err().isEmpty(), r.err());
    }

    private static final String DOUBLE = """
            func.func @main(%x: tensor<3xbf16>) -> tensor<3xbf16> {
              %0 = stablehlo.add %x, %x : tensor<3xbf16>
              func.return %0 : tensor<3xbf16>
            }
            """;

    @Test
    void runsMainOnNpyInputs() throws IOException {
        Path f = dir.resolve("double.mlir");
        Files.writeString(f, DOUBLE);
        Path in = Files.createDirectories(dir.resolve("in"));
        // numpy has no bf16: the input is float32, rounded to bf16 on reading (1 + 2^-8 is a tie -> 1.0)
        Npy.write(in.resolve("arg0.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {3}, 1f + 0x1p-8f, -2.5f, 3f));
        Path out = dir.resolve("out");
        Result r = run("interpret", f.toString(), "--inputs", in.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        HostTensor result = Npy.read(out.resolve("result0.npy"));
        assertEquals(ElementType.F32, result.elementType());
        assertArrayEquals(new float[] {2f, -5f, 6f}, result.toFloats());
    }

    @Test
    void wrongShapedInputIsAClearError() throws IOException {
        Path f = dir.resolve("double.mlir");
        Files.writeString(f, DOUBLE);
        Path in = Files.createDirectories(dir.resolve("in"));
        Npy.write(in.resolve("arg0.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {2}, 1f, 2f));
        Result r = run("interpret", f.toString(), "--inputs", in.toString(), "--out", dir.resolve("out").toString());
        assertEquals(1, r.exit());
        assertEquals("switchyard interpret: error: " + f + ": argument 0 of @main: expected tensor<3xbf16>, got bf16[2]", r.err().strip());
        Result missing = run("interpret", f.toString(), "--inputs", Files.createDirectories(dir.resolve("empty")).toString(),
                "--out", dir.resolve("out2").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("missing input for argument 0 of @main (tensor<3xbf16>)"), missing.err());
        Result nowhere = run("interpret", f.toString(), "--inputs", dir.resolve("nowhere").toString(), "--out", dir.resolve("out2").toString());
        assertEquals(1, nowhere.exit());
        assertTrue(nowhere.err().contains(dir.resolve("nowhere") + ": no such inputs directory"), nowhere.err());
    }
}
