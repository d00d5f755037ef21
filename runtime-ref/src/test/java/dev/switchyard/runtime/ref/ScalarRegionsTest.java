package dev.switchyard.runtime.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reduce bodies compiled to registers ({@link ScalarRegions}) give what the body means: each case
 * is checked against the body's semantics written out in plain Java, and the test also checks
 * which bodies take the register path (so a fast path that silently stops applying is seen).
 */
class ScalarRegionsTest {

    /** The compiler's argmax: keep the accumulated pair iff its value is larger, or equal with a smaller index. */
    private static final String ARGMAX = """
            func.func public @main(%x: tensor<3x5xf32>) -> tensor<3xi32> {
              %idx = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<3x5xi32>
              %lowest = stablehlo.constant dense<0xFF800000> : tensor<f32>
              %zero = stablehlo.constant dense<0> : tensor<i32>
              %r:2 = "stablehlo.reduce"(%x, %idx, %lowest, %zero) ({
              ^bb0(%a: tensor<f32>, %ai: tensor<i32>, %b: tensor<f32>, %bi: tensor<i32>):
                %gt = stablehlo.compare GT, %a, %b : (tensor<f32>, tensor<f32>) -> tensor<i1>
                %eq = stablehlo.compare EQ, %a, %b : (tensor<f32>, tensor<f32>) -> tensor<i1>
                %lt = stablehlo.compare LT, %ai, %bi : (tensor<i32>, tensor<i32>) -> tensor<i1>
                %and = stablehlo.and %eq, %lt : tensor<i1>
                %left = stablehlo.or %gt, %and : tensor<i1>
                %v = stablehlo.select %left, %a, %b : tensor<i1>, tensor<f32>
                %i = stablehlo.select %left, %ai, %bi : tensor<i1>, tensor<i32>
                stablehlo.return %v, %i : tensor<f32>, tensor<i32>
              }) {dimensions = array<i64: 1>} : (tensor<3x5xf32>, tensor<3x5xi32>, tensor<f32>, tensor<i32>) -> (tensor<3xf32>, tensor<3xi32>)
              return %r#1 : tensor<3xi32>
            }
            """;

    @Test
    void argmaxBodyRunsOnRegistersWithTiesNanAndSignedZeros() throws Exception {
        ModuleOp m = ModuleText.parse(ARGMAX, "argmax.mlir");
        assertTrue(ScalarRegions.compile(reduce(m).region(0)).isPresent(), "the argmax body has a register form");
        float nan = Float.NaN;
        float[] x = {
            1, 7, 3, 7, 2,            // a tie: the first 7 wins
            -0.0f, 0.0f, -1, -0.0f, -5, // -0 equals +0: index 0
            4, nan, 9, nan, 2,        // NaN compares false every way
        };
        long[] got = run(m, HostTensor.ofFloats(ElementType.F32, new long[] {3, 5}, x)).toLongs();
        assertArrayEquals(firstMaximum(x, 3, 5), got);
        assertArrayEquals(new long[] {1, 0, 4}, got, "worked by hand from the body");
    }

    /** The argmax body's meaning in plain Java, fold from (-inf, 0). */
    private static long[] firstMaximum(float[] x, int rows, int cols) {
        long[] out = new long[rows];
        for (int r = 0; r < rows; r++) {
            float v = Float.NEGATIVE_INFINITY;
            long i = 0;
            for (int c = 0; c < cols; c++) {
                float b = x[r * cols + c];
                boolean left = v > b || (v == b && i < c);
                if (!left) {
                    v = b;
                    i = c;
                }
            }
            out[r] = i;
        }
        return out;
    }

    @Test
    void unsignedCompareAndSelectKeepTheUnsignedMaximum() throws Exception {
        String text = """
                func.func public @main(%x: tensor<2x3xui32>) -> tensor<2xui32> {
                  %zero = stablehlo.constant dense<0> : tensor<ui32>
                  %r = "stablehlo.reduce"(%x, %zero) ({
                  ^bb0(%a: tensor<ui32>, %b: tensor<ui32>):
                    %gt = stablehlo.compare GT, %a, %b : (tensor<ui32>, tensor<ui32>) -> tensor<i1>
                    %v = stablehlo.select %gt, %a, %b : tensor<i1>, tensor<ui32>
                    stablehlo.return %v : tensor<ui32>
                  }) {dimensions = array<i64: 1>} : (tensor<2x3xui32>, tensor<ui32>) -> tensor<2xui32>
                  return %r : tensor<2xui32>
                }
                """;
        ModuleOp m = ModuleText.parse(text, "umax.mlir");
        assertTrue(ScalarRegions.compile(reduce(m).region(0)).isPresent());
        long[] x = {0x7FFFFFFFL, 0x80000000L, 5, 3, 0xFFFFFFFFL, 0x80000001L};
        long[] got = run(m, HostTensor.ofLongs(ElementType.UI32, new long[] {2, 3}, x)).toLongs();
        assertArrayEquals(new long[] {0x80000000L, 0xFFFFFFFFL}, got);
    }

    @Test
    void bf16BodyRoundsAfterEveryOp() throws Exception {
        // acc + b*b: two ops, each result rounded to bf16 as the spec's per-op types require
        String text = """
                func.func public @main(%x: tensor<1x6xbf16>) -> tensor<1xbf16> {
                  %zero = stablehlo.constant dense<0.0> : tensor<bf16>
                  %r = "stablehlo.reduce"(%x, %zero) ({
                  ^bb0(%a: tensor<bf16>, %b: tensor<bf16>):
                    %sq = stablehlo.multiply %b, %b : tensor<bf16>
                    %s = stablehlo.add %a, %sq : tensor<bf16>
                    stablehlo.return %s : tensor<bf16>
                  }) {dimensions = array<i64: 1>} : (tensor<1x6xbf16>, tensor<bf16>) -> tensor<1xbf16>
                  return %r : tensor<1xbf16>
                }
                """;
        ModuleOp m = ModuleText.parse(text, "bf16.mlir");
        assertTrue(ScalarRegions.compile(reduce(m).region(0)).isPresent());
        float[] x = {1.0078125f, 3.0f, 17.0f, 0.3359375f, 11.0f, 1.5f}; // all exact in bf16
        float acc = 0;
        for (float b : x) acc = bf16(acc + bf16(b * b));
        float got = run(m, HostTensor.ofFloats(ElementType.BF16, new long[] {1, 6}, x)).toFloats()[0];
        assertEquals(acc, got);
        assertTrue(acc != x[0] * x[0] + 9 + 289 + x[3] * x[3] + 121 + 2.25f, "the data makes per-op rounding visible");
    }

    /** Round-to-nearest-even to bf16, from the bits (no NaN in the data). */
    private static float bf16(float v) {
        int bits = Float.floatToRawIntBits(v);
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return Float.intBitsToFloat(rounded & 0xFFFF0000);
    }

    @Test
    void bodiesWithoutARegisterFormStayWithTheInterpreterAndStillAgree() throws Exception {
        // total order needs the float's bits; %bias comes from the enclosing function
        String text = """
                func.func public @main(%x: tensor<1x4xf32>, %y: tensor<1x4xf32>) -> (tensor<1xf32>, tensor<1xf32>) {
                  %lowest = stablehlo.constant dense<0xFF800000> : tensor<f32>
                  %bias = stablehlo.constant dense<1.0> : tensor<f32>
                  %m = "stablehlo.reduce"(%x, %lowest) ({
                  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
                    %gt = stablehlo.compare GT, %a, %b, TOTALORDER : (tensor<f32>, tensor<f32>) -> tensor<i1>
                    %v = stablehlo.select %gt, %a, %b : tensor<i1>, tensor<f32>
                    stablehlo.return %v : tensor<f32>
                  }) {dimensions = array<i64: 1>} : (tensor<1x4xf32>, tensor<f32>) -> tensor<1xf32>
                  %zero = stablehlo.constant dense<0.0> : tensor<f32>
                  %s = "stablehlo.reduce"(%y, %zero) ({
                  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
                    %t = stablehlo.add %a, %b : tensor<f32>
                    %u = stablehlo.add %t, %bias : tensor<f32>
                    stablehlo.return %u : tensor<f32>
                  }) {dimensions = array<i64: 1>} : (tensor<1x4xf32>, tensor<f32>) -> tensor<1xf32>
                  return %m, %s : tensor<1xf32>, tensor<1xf32>
                }
                """;
        ModuleOp m = ModuleText.parse(text, "fallback.mlir");
        List<Operation> reduces = m.function("main").orElseThrow().body().operations().stream()
                .filter(o -> o.name().equals("stablehlo.reduce")).toList();
        assertFalse(ScalarRegions.compile(reduces.get(0).region(0)).isPresent(), "TOTALORDER");
        assertFalse(ScalarRegions.compile(reduces.get(1).region(0)).isPresent(), "a value from outside the region");
        var exe = new ReferenceExecutor().compile(m, CompileOptions.defaults());
        List<HostTensor> out = exe.execute(List.of(HostTensor.ofFloats(ElementType.F32, new long[] {1, 4}, 2, Float.NaN, -3, 0.5f),
                HostTensor.ofFloats(ElementType.F32, new long[] {1, 4}, 2, -3, 0.5f, 4)));
        // +NaN is above +inf in total order (under FLOAT order it would lose every comparison)
        assertTrue(Float.isNaN(out.get(0).toFloats()[0]));
        // ((((0 + 2) + 1) - 3 + 1) + 0.5 + 1) + 4 + 1
        assertEquals(7.5f, out.get(1).toFloats()[0]);
    }

    private static Operation reduce(ModuleOp m) {
        return m.function("main").orElseThrow().body().operations().stream().filter(o -> o.name().equals("stablehlo.reduce")).findFirst().orElseThrow();
    }

    private static HostTensor run(ModuleOp m, HostTensor input) throws Exception {
        var exe = new ReferenceExecutor().compile(m, CompileOptions.defaults());
        return exe.execute(List.of(input)).getFirst();
    }
}
