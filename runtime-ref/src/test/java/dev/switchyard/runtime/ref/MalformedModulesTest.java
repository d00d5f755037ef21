package dev.switchyard.runtime.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.ExecutionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Broken modules give a located message, never a stray exception: suite files without loops,
 * mutated at random (characters deleted, duplicated, digits changed), run through the test-file
 * runner, whose every FAIL line must carry file:line:col.
 */
class MalformedModulesTest {

    private static final List<String> FILES = List.of("add.mlir", "dot_general.mlir", "gather.mlir", "scatter.mlir",
            "convolution.mlir", "reduce.mlir", "transpose.mlir", "broadcast_in_dim.mlir", "pad.mlir", "slice.mlir",
            "concatenate.mlir", "reduce_window.mlir", "iota.mlir", "dynamic_slice.mlir");

    private static final Pattern LOCATED = Pattern.compile("^\\S+\\.mlir:\\d+:\\d+: .+", Pattern.DOTALL);

    private static String read(String name) throws IOException {
        return Files.readString(Path.of(System.getProperty("switchyard.shared"), "conformance", "stablehlo-interpret", name));
    }

    private static String mutate(String text, Random r) {
        StringBuilder s = new StringBuilder(text);
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && s.length() > 1; e++) {
            int at = r.nextInt(s.length());
            switch (r.nextInt(4)) {
                case 0 -> s.delete(at, Math.min(s.length(), at + 1 + r.nextInt(8)));
                case 1 -> s.insert(at, s.substring(at, Math.min(s.length(), at + 1 + r.nextInt(8))));
                case 2 -> { if (Character.isDigit(s.charAt(at))) s.setCharAt(at, (char) ('0' + r.nextInt(10))); else s.insert(at, r.nextInt(100)); }
                default -> s.setCharAt(at, "[]<>(),:=%x-0123456789".charAt(r.nextInt(22)));
            }
        }
        return s.toString();
    }

    @Property(tries = 300)
    void mutatedSuiteFilesFailWithLocatedMessages(@ForAll @IntRange(min = 0, max = 13) int file, @ForAll long seed) throws IOException {
        String name = FILES.get(file);
        String text = mutate(read(name), new Random(seed));
        for (TestFileRunner.CaseResult r : TestFileRunner.run(text, name, true)) {
            if (r.outcome() != TestFileRunner.Outcome.FAILED) continue;
            String why = r.detail();
            assertTrue(!why.startsWith("internal error") && LOCATED.matcher(why).matches(), r.line());
        }
    }

    @Test
    void executorReportsParseErrorsWithTheirLocation() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> new ReferenceExecutor().compile(
                "func.func @main() -> tensor<2xf32> {\n  %0 = stablehlo.constant dense<[1.0, 2.0> : tensor<2xf32>\n  func.return %0 : tensor<2xf32>\n}\n",
                CompileOptions.defaults()));
        assertTrue(e.getMessage().startsWith("<module>:2:"), e.getMessage());
    }

    @Test
    void compileRunsTheVerifier() {
        // dot_general contracting dims of different sizes (3 vs 2)
        String text = """
                func.func @main(%a: tensor<2x3xf32>, %b: tensor<2x2xf32>) -> tensor<2x2xf32> {
                  %0 = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<2x3xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
                  func.return %0 : tensor<2x2xf32>
                }
                """;
        ExecutionException e = assertThrows(ExecutionException.class, () -> new ReferenceExecutor().compile(text, CompileOptions.defaults()));
        assertTrue(e.getMessage().startsWith("<module>:2:8: error: 'stablehlo.dot_general' (C"), e.getMessage());
    }
}
