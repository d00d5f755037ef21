package dev.switchyard.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksToResultsTest {

    @Test
    void checksBecomeResultPairsAndHelpersBecomePrivate() {
        ConformanceCase c = new ConformanceCase("x.mlir", 0, """
                func.func @twice(%a: tensor<2xf32>) -> tensor<2xf32> {
                  %0 = stablehlo.add %a, %a : tensor<2xf32>
                  func.return %0 : tensor<2xf32>
                }
                func.func @test() {
                  %c = stablehlo.constant dense<[1.0, 2.0]> : tensor<2xf32>
                  %r = func.call @twice(%c) : (tensor<2xf32>) -> tensor<2xf32>
                  check.expect_almost_eq_const %r,
                      dense<[2.0, 4.0]> : tensor<2xf32> {tolerance = 0.5 : f64}
                  check.expect_eq %c, %c : tensor<2xf32> // same value
                  check.expect_serialized_eq %c, probe_id = "p" : tensor<2xf32>
                  func.return
                }
                """);
        var conv = assertInstanceOf(ChecksToResults.Converted.class, ChecksToResults.convert(c));
        assertEquals(List.of(new Check("expect_almost_eq_const", "tensor<2xf32>", 0.5),
                new Check("expect_eq", "tensor<2xf32>", 0)), conv.checks());
        String m = conv.module();
        assertTrue(m.contains("func.func private @twice("), m);
        assertTrue(m.contains("func.func public @main() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {"), m);
        assertTrue(m.contains("%switchyard_expected0 = stablehlo.constant dense<[2.0, 4.0]> : tensor<2xf32>\n"), m);
        assertTrue(m.contains("func.return %r, %switchyard_expected0, %c, %c : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>"), m);
        assertTrue(!m.contains("check."), m);
    }

    @Test
    void casesWithoutUsableChecksSayWhy() {
        var none = ChecksToResults.convert(new ConformanceCase("y.mlir", 1, "func.func @t() {\n  func.return\n}\n"));
        assertEquals(new ChecksToResults.Unconvertible("no check ops"), none);
        var parallel = ChecksToResults.convert(new ConformanceCase("z.mlir", 0,
                "func.func @t() {\n  %r = \"interpreter.run_parallel\"() : () -> ()\n  check.expect_eq %r, %r : tensor<i1>\n  func.return\n}\n"));
        assertInstanceOf(ChecksToResults.Unconvertible.class, parallel);
    }
}
