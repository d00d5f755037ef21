package dev.switchyard.runtime.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.ExecutionException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: a while that never ends stops at the step bound; a result too large for one array or
 * for the heap is refused before it is allocated; unparseable text or an unknown op is a failure
 * with its location, never "unsupported".
 */
class InterpreterLimitsTest {

    /** Counts up from 0 while the counter is ≥ 0: never false (until i64 wraps, 2^63 steps later). */
    static final String ENDLESS = """
            func.func @main() -> tensor<i64> {
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
              func.return %1 : tensor<i64>
            }
            """;

    private static TestFileRunner.CaseResult only(String text, long maxSteps) {
        List<TestFileRunner.CaseResult> r = TestFileRunner.run(text, "t.mlir", false, maxSteps);
        assertEquals(1, r.size(), r::toString);
        return r.getFirst();
    }

    @Test
    void anEndlessWhileStopsAtTheStepBound() {
        TestFileRunner.CaseResult r = only(ENDLESS, 1000);
        assertEquals(TestFileRunner.Outcome.FAILED, r.outcome());
        assertEquals("t.mlir:3:8: stablehlo.while: ran more than 1000 loop iterations (the limit, --max-steps);"
                + " does its condition ever become false?", r.detail());
    }

    /** A loop of exactly the bound runs; one more iteration is refused (the bound counts iterations, not evaluations of the condition). */
    @Test
    void theBoundIsExact() throws ExecutionException {
        String counted = ENDLESS.replace("stablehlo.compare GE, %iter, %c", "stablehlo.compare LT, %iter, %c")
                .replace("%c = stablehlo.constant dense<0>", "%c = stablehlo.constant dense<5>");
        var exe = new ReferenceExecutor(5).compile(counted, new CompileOptions("main", 1, 1));
        assertEquals(5L, exe.execute(List.of()).getFirst().toLongs()[0]);
        var tooFew = new ReferenceExecutor(4).compile(counted, new CompileOptions("main", 1, 1));
        ExecutionException e = assertThrows(ExecutionException.class, () -> tooFew.execute(List.of()));
        assertTrue(e.getMessage().contains("ran more than 4 loop iterations"), e.getMessage());
    }

    @Test
    void aResultPastOneArrayIsRefusedBeforeItIsAllocated() {
        String big = """
                func.func @main() -> tensor<100000x100000xf32> {
                  %0 = stablehlo.constant dense<1.0> : tensor<f32>
                  %1 = stablehlo.broadcast_in_dim %0, dims = [] : (tensor<f32>) -> tensor<100000x100000xf32>
                  func.return %1 : tensor<100000x100000xf32>
                }
                """;
        TestFileRunner.CaseResult r = only(big, 10);
        assertEquals(TestFileRunner.Outcome.FAILED, r.outcome());
        assertEquals("t.mlir:3:8: stablehlo.broadcast_in_dim: result tensor<100000x100000xf32> is 37.3 GiB (10000000000 elements);"
                + " the reference interpreter holds at most 2.0 GiB per tensor", r.detail());
    }

    /** 2·10^9 booleans are 1.9 GiB as host bytes but 14.9 GiB as the interpreter's long[]: more than this JVM's heap. */
    @Test
    void aResultPastTheHeapIsRefusedWithTheLimit() {
        long heap = Runtime.getRuntime().maxMemory();
        org.junit.jupiter.api.Assumptions.assumeTrue(heap < 16_000_000_000L, "needs a heap below 16 GB");
        String big = """
                func.func @main() -> tensor<2000000000xi1> {
                  %0 = stablehlo.constant dense<true> : tensor<i1>
                  %1 = stablehlo.broadcast_in_dim %0, dims = [] : (tensor<i1>) -> tensor<2000000000xi1>
                  func.return %1 : tensor<2000000000xi1>
                }
                """;
        TestFileRunner.CaseResult r = only(big, 10);
        assertEquals(TestFileRunner.Outcome.FAILED, r.outcome());
        assertTrue(r.detail().startsWith("t.mlir:3:8: stablehlo.broadcast_in_dim: result tensor<2000000000xi1> needs 14.9 GiB of heap, but only "),
                r.detail());
        assertTrue(r.detail().contains(TensorBudget.bytes(heap) + " limit is free; raise it with -Xmx"), r.detail());
    }

    @Test
    void unparseableTextAndUnknownOpsFailWithTheirPlace() {
        TestFileRunner.CaseResult unknown = only("func.func @main() {\n  %0 = stablehlo.frobnicate : tensor<f32>\n  func.return\n}\n", 10);
        assertEquals(TestFileRunner.Outcome.FAILED, unknown.outcome());
        assertTrue(unknown.detail().startsWith("t.mlir:2:8: "), unknown.detail());
        assertTrue(unknown.detail().contains("unknown operation 'stablehlo.frobnicate'"), unknown.detail());

        TestFileRunner.CaseResult prose = only("Apache License\nVersion 2.0, January 2004\n", 10);
        assertEquals(TestFileRunner.Outcome.FAILED, prose.outcome());
        assertTrue(prose.detail().startsWith("t.mlir:1:1: "), prose.detail());

        TestFileRunner.CaseResult truncated = only("func.func @main() {\n  %0 = stablehlo.constant dense<1.0> : tensor<f32>\n  %1 = stablehlo.ad", 10);
        assertEquals(TestFileRunner.Outcome.FAILED, truncated.outcome());
        assertTrue(truncated.detail().startsWith("t.mlir:3:"), truncated.detail());

        TestFileRunner.CaseResult otherDialect = only("func.func @main() {\n  %0 = \"mydialect.thing\"() : () -> tensor<f32>\n  func.return\n}\n", 10);
        assertEquals(TestFileRunner.Outcome.FAILED, otherDialect.outcome());
        assertEquals("t.mlir:2:8: mydialect.thing: unknown operation 'mydialect.thing'", otherDialect.detail());
    }

    /** A real StableHLO op the interpreter does not implement stays "unsupported" (exit 0 in the CLI). */
    @Test
    void aKnownOpWithoutAKernelIsUnsupported() {
        TestFileRunner.CaseResult r = only("func.func @main() {\n  %0 = \"stablehlo.dynamic_conv\"() : () -> tensor<f32>\n  func.return\n}\n", 10);
        assertEquals(TestFileRunner.Outcome.UNSUPPORTED, r.outcome(), r::line);
        assertFalse(r.detail().contains("unknown"), r.detail());
    }
}
