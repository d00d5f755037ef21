package dev.switchyard.tests.xla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainSignatureParserTest {

    @Test
    void prettyFormWithArgumentAndResultAttributes() throws Exception {
        MainSignature sig = MainSignatureParser.fromSignatureText("""
                module @jit_f attributes {mhlo.num_partitions = 1 : i32} {
                  func.func private @helper(%x: tensor<9xf64>) -> tensor<9xf64> { return %x : tensor<9xf64> }
                  func.func public @main(%arg0: tensor<2x3xf32> {mhlo.sharding = "{devices=[2,1]0,1}", jax.arg_info = "x}"},
                                         %arg1: tensor<bf16>, %arg2: tensor<4xcomplex<f32>>)
                      -> (tensor<2xi1> {jax.result_info = "[0]"}, tensor<0x7xui8>) {
                    return
                  }
                }
                """, "main");
        assertEquals(List.of(
                new TensorType(ElementType.F32, new long[] {2, 3}),
                new TensorType(ElementType.BF16, new long[] {}),
                new TensorType(ElementType.COMPLEX_F32, new long[] {4})), sig.arguments());
        assertEquals(List.of(
                new TensorType(ElementType.I1, new long[] {2}),
                new TensorType(ElementType.UI8, new long[] {0, 7})), sig.results());
    }

    @Test
    void singleUnparenthesisedResultAndNoResults() throws Exception {
        MainSignature one = MainSignatureParser.fromSignatureText("func.func @main(%a: tensor<5xi64>) -> tensor<i32> {", "main");
        assertEquals(List.of(new TensorType(ElementType.I32, new long[] {})), one.results());
        MainSignature none = MainSignatureParser.fromSignatureText("func.func public @main() {\n return\n}", "main");
        assertTrue(none.arguments().isEmpty());
        assertTrue(none.results().isEmpty());
    }

    @Test
    void genericForm() throws Exception {
        MainSignature sig = MainSignatureParser.fromSignatureText("""
                "builtin.module"() ({
                  "func.func"() <{function_type = (tensor<3xf32>, tensor<2x2xi32>) -> (tensor<3xf32>, tensor<i1>), sym_name = "main"}> ({
                  }) : () -> ()
                }) : () -> ()
                """, "main");
        assertEquals(2, sig.arguments().size());
        assertArrayEquals(new long[] {2, 2}, sig.arguments().get(1).shape());
        assertEquals(ElementType.I1, sig.results().get(1).elementType());
    }

    @Test
    void theProjectParserAndTheFallbackReadTheSameSignature() throws Exception {
        String module = """
                module @m {
                  func.func public @main(%a: tensor<2x3xf32> {mhlo.sharding = "{replicated}"}, %b: tensor<i32>) -> (tensor<3xbf16>, tensor<2xui8>) {
                    %0 = stablehlo.constant dense<1.0> : tensor<3xbf16>
                    %1 = stablehlo.constant dense<7> : tensor<2xui8>
                    return %0, %1 : tensor<3xbf16>, tensor<2xui8>
                  }
                }
                """;
        MainSignature fromParser = MainSignatureParser.parse(module, "main");
        assertEquals(MainSignatureParser.fromSignatureText(module, "main"), fromParser);
        assertEquals(List.of(new TensorType(ElementType.F32, new long[] {2, 3}), new TensorType(ElementType.I32, new long[] {})),
                fromParser.arguments());
    }

    @Test
    void tensorTypeRoundTripsToMlir() {
        assertEquals("tensor<2x3xbf16>", new TensorType(ElementType.BF16, new long[] {2, 3}).mlir());
        assertEquals("tensor<ui32>", new TensorType(ElementType.UI32, new long[] {}).mlir());
    }

    @Test
    void rejectsDynamicShapesUnknownTypesAndMissingEntry() {
        ExecutionException dynamic = assertThrows(ExecutionException.class,
                () -> MainSignatureParser.fromSignatureText("func.func @main(%a: tensor<?x3xf32>) -> tensor<3xf32>", "main"));
        assertTrue(dynamic.getMessage().contains("dynamic dimension"), dynamic.getMessage());
        ExecutionException unknown = assertThrows(ExecutionException.class,
                () -> MainSignatureParser.fromSignatureText("func.func @main(%a: tensor<3xf8E4M3FN>)", "main"));
        assertTrue(unknown.getMessage().contains("f8E4M3FN"), unknown.getMessage());
        ExecutionException missing = assertThrows(ExecutionException.class,
                () -> MainSignatureParser.fromSignatureText("func.func @other() {}", "main"));
        assertTrue(missing.getMessage().contains("no function @main"), missing.getMessage());
        ExecutionException token = assertThrows(ExecutionException.class,
                () -> MainSignatureParser.fromSignatureText("func.func @main(%t: !stablehlo.token)", "main"));
        assertTrue(token.getMessage().contains("1:21: expected a tensor type"), token.getMessage());
    }
}
