package dev.switchyard.tests.xla;

import static dev.switchyard.tests.support.Tensors.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.tests.support.Tensors;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Hand-written StableHLO run by real XLA, against values worked out by hand. */
class XlaCpuExecutorTest {

    private static final XlaCpuExecutor XLA = new XlaCpuExecutor();

    @AfterAll
    static void close() { XLA.close(); }

    private static List<HostTensor> run(HandWrittenModules.Case c) throws ExecutionException {
        return run(c.text(), c.inputs().toArray(HostTensor[]::new));
    }

    private static List<HostTensor> run(String module, HostTensor... inputs) throws ExecutionException {
        try (Executable exe = XLA.compile(module, CompileOptions.defaults())) {
            return exe.execute(List.of(inputs));
        }
    }

    @Test
    void dotGeneralWithShardingAttributesIgnored() throws Exception {
        List<HostTensor> out = run(HandWrittenModules.DOT);
        // [1 2 3; 4 5 6] x [7 8; 9 10; 11 12] = [58 64; 139 154]
        assertArrayEquals(new long[] {2, 2}, out.getFirst().shape());
        assertArrayEquals(new double[] {58, 64, 139, 154}, Tensors.toDoubles(out.getFirst()));
    }

    @Test
    void reduceSumAndMaxWithTwoResults() throws Exception {
        List<HostTensor> out = run(HandWrittenModules.REDUCE);
        assertArrayEquals(new double[] {2, 1.5}, Tensors.toDoubles(out.get(0)));
        assertArrayEquals(new double[] {1, 5, 3}, Tensors.toDoubles(out.get(1)));
    }

    @Test
    void whileLoopSumsItsCounter() throws Exception {
        List<HostTensor> out = run(HandWrittenModules.WHILE);
        // 100 + (0 + 1 + ... + 9)
        assertArrayEquals(new long[] {145}, Tensors.toLongs(out.getFirst()));
    }

    @Test
    void gatherLooksUpRowsAndClampsOutOfRangeStarts() throws Exception {
        List<HostTensor> out = run(HandWrittenModules.GATHER);
        // row 2, row 0, and start 7 clamped to the last valid start (2), per the spec's gather semantics
        assertArrayEquals(new double[] {30, 31, 10, 11, 30, 31}, Tensors.toDoubles(out.getFirst()));
    }

    @Test
    void bf16RoundsToNearestEven() throws Exception {
        List<HostTensor> out = run(HandWrittenModules.BF16);
        // bf16 keeps 7 fraction bits: 1+2^-8 is a tie between 1 and 1+2^-7 -> 1 (even);
        // 1+3*2^-8 ties between 1+2^-7 and 1+2^-6 -> 1+2^-6 (even); just above a tie rounds up.
        assertArrayEquals(new long[] {0x3F80, 0x3F82, 0x3F81, 0xBF80}, Tensors.toLongs(asUnsigned(out.get(0))));
        // near 256 the bf16 spacing is 2: 257 ties to 256, 259 ties to 260
        assertArrayEquals(new double[] {256, 260}, Tensors.toDoubles(out.get(1)));
    }

    @Test
    void typesWithoutTfJavaClassesAreBitCastThroughAWrapper() throws Exception {
        List<HostTensor> out = run(HandWrittenModules.CARRIED_INTEGERS);
        assertEquals(ElementType.UI32, out.get(0).elementType());
        // i8 -1 converts to ui32 by two's-complement wrap-around: 2^32 - 1
        assertArrayEquals(new long[] {4294967295L, 127, 4294967168L}, Tensors.toLongs(out.get(0)));
        assertArrayEquals(new long[] {-1, 127, -128}, Tensors.toLongs(out.get(1)));
        // (2^64 - 1) + 1 wraps to 0 in ui64
        assertArrayEquals(new long[] {0, 11}, Tensors.toLongs(out.get(2)));
    }

    @Test
    void subByteIntegersCrossAsBytes() throws Exception {
        // XLA's CPU backend allows i4 only in a few instructions (convert, not add), so this only
        // moves values across: the sign-extended host byte must arrive as the same i4 value
        List<HostTensor> out = run("""
                func.func public @main(%a: tensor<4xi4>) -> (tensor<4xi4>, tensor<4xi32>) {
                  %0 = stablehlo.convert %a : (tensor<4xi4>) -> tensor<4xi32>
                  return %a, %0 : tensor<4xi4>, tensor<4xi32>
                }
                """, Tensors.ints(ElementType.I4, shape(4), 7, -8, -3, 5));
        assertEquals(ElementType.I4, out.get(0).elementType());
        assertArrayEquals(new long[] {7, -8, -3, 5}, Tensors.toLongs(out.get(0)));
        assertArrayEquals(new long[] {7, -8, -3, 5}, Tensors.toLongs(out.get(1)));
    }

    @Test
    void arithmeticOnI4IsRejectedByXlaCpuWithItsReason() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> run("""
                func.func public @main(%a: tensor<2xi4>) -> tensor<2xi4> {
                  %0 = stablehlo.add %a, %a : tensor<2xi4>
                  return %0 : tensor<2xi4>
                }
                """, Tensors.ints(ElementType.I4, shape(2), 1, 2)));
        assertTrue(e.getMessage().contains("s4 is currently only supported in allow-listed instructions"), e.getMessage());
    }

    @Test
    void complexNumbersCrossAsPairsOfFloats() throws Exception {
        List<HostTensor> out = run("""
                func.func public @main(%a: tensor<2xcomplex<f32>>, %b: tensor<2xcomplex<f32>>) -> (tensor<2xcomplex<f32>>, tensor<2xf32>) {
                  %0 = stablehlo.multiply %a, %b : tensor<2xcomplex<f32>>
                  %1 = stablehlo.abs %a : (tensor<2xcomplex<f32>>) -> tensor<2xf32>
                  return %0, %1 : tensor<2xcomplex<f32>>, tensor<2xf32>
                }
                """,
                new HostTensor(ElementType.COMPLEX_F32, shape(2), Tensors.f32(shape(4), 1, 2, 3, -4).data()),
                new HostTensor(ElementType.COMPLEX_F32, shape(2), Tensors.f32(shape(4), 3, 4, 0, 1).data()));
        // (1+2i)(3+4i) = -5+10i; (3-4i)(0+1i) = 4+3i; |1+2i| = sqrt(5), |3-4i| = 5
        assertEquals(ElementType.COMPLEX_F32, out.get(0).elementType());
        assertArrayEquals(new double[] {-5, 10, 4, 3},
                Tensors.toDoubles(new HostTensor(ElementType.F32, shape(4), out.get(0).data())));
        assertArrayEquals(new double[] {Math.sqrt(5), 5}, Tensors.toDoubles(out.get(1)), 1e-6);
    }

    @Test
    void compareAndSelectReturnBooleans() throws Exception {
        List<HostTensor> out = run(HandWrittenModules.COMPARE_SELECT);
        assertArrayEquals(new double[] {0, 1, 0}, Tensors.toDoubles(out.get(0)));
        assertArrayEquals(new double[] {2, 5, -1}, Tensors.toDoubles(out.get(1)));
    }

    @Test
    void rejectedModuleCarriesTheMlirDiagnostic() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> run("""
                func.func public @main(%a: tensor<2xf32>) -> tensor<2xf32> {
                  %0 = stablehlo.frobnicate %a : tensor<2xf32>
                  return %0 : tensor<2xf32>
                }
                """, Tensors.f32(shape(2), 1, 2)));
        assertTrue(e.getMessage().contains("Cannot deserialize computation"), e.getMessage());
        assertTrue(e.getMessage().contains("'stablehlo.frobnicate' is unknown"), e.getMessage());
        assertTrue(e.getMessage().contains("2:8"), "diagnostic should locate line 2, col 8: " + e.getMessage());
    }

    @Test
    void typeErrorInTheBodyIsReportedByTheVerifier() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> run("""
                func.func public @main(%a: tensor<2xf32>, %b: tensor<3xf32>) -> tensor<2xf32> {
                  %0 = stablehlo.add %a, %b : (tensor<2xf32>, tensor<3xf32>) -> tensor<2xf32>
                  return %0 : tensor<2xf32>
                }
                """, Tensors.f32(shape(2), 1, 2), Tensors.f32(shape(3), 1, 2, 3)));
        assertTrue(e.getMessage().contains("native diagnostic"), e.getMessage());
        assertTrue(e.getMessage().contains("error:"), e.getMessage());
    }

    @Test
    void inputsThatDoNotMatchTheSignatureAreRejectedBeforeXla() throws Exception {
        try (Executable exe = XLA.compile("func.func public @main(%a: tensor<2xf32>) -> tensor<2xf32> { return %a : tensor<2xf32> }",
                CompileOptions.defaults())) {
            ExecutionException shape = assertThrows(ExecutionException.class,
                    () -> exe.execute(List.of(Tensors.f32(shape(3), 1, 2, 3))));
            assertEquals("argument 0 of @main is tensor<2xf32>, got tensor<3xf32>", shape.getMessage());
            ExecutionException count = assertThrows(ExecutionException.class, () -> exe.execute(List.of()));
            assertEquals("@main takes 1 arguments, got 0", count.getMessage());
        }
    }

    @Test
    void unsupportedTypesAndMeshesAreClearErrors() {
        ExecutionException f8 = assertThrows(XlaUnsupportedException.class, () -> XLA.compile(
                "func.func public @main(%a: tensor<2xf8E4M3FN>) -> tensor<2xf8E4M3FN> { return %a : tensor<2xf8E4M3FN> }",
                CompileOptions.defaults()));
        assertTrue(f8.getMessage().contains("unsupported element type 'f8E4M3FN'"), f8.getMessage());
        ExecutionException mesh = assertThrows(ExecutionException.class, () -> XLA.compile(
                "func.func public @main() { return }", new CompileOptions("main", 1, 8)));
        assertTrue(mesh.getMessage().contains("one device"), mesh.getMessage());
    }

    private static HostTensor asUnsigned(HostTensor bf16) {
        return new HostTensor(ElementType.UI16, bf16.shape(), bf16.data());
    }
}
