package dev.switchyard.tests.xla;

import static dev.switchyard.tests.support.Tensors.shape;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.tests.support.Tensors;
import java.util.List;

/**
 * Hand-written StableHLO modules with inputs, shared by the XLA tests (which check hand-worked
 * values) and the interpreter-vs-XLA tests (which check agreement).
 */
public final class HandWrittenModules {

    public record Case(String name, String text, List<HostTensor> inputs) {}

    private HandWrittenModules() {}

    public static final Case DOT = new Case("dot", """
                module @dot attributes {mhlo.num_partitions = 1 : i32} {
                  func.func public @main(%a: tensor<2x3xf32> {mhlo.sharding = "{replicated}"}, %b: tensor<3x2xf32>)
                      -> (tensor<2x2xf32> {jax.result_info = "y"}) {
                    %0 = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
                    return %0 : tensor<2x2xf32>
                  }
                }
                """,
            List.of(Tensors.f32(shape(2, 3), 1, 2, 3, 4, 5, 6), Tensors.f32(shape(3, 2), 7, 8, 9, 10, 11, 12)));

    public static final Case REDUCE = new Case("reduce", """
                func.func public @main(%x: tensor<2x3xf32>) -> (tensor<2xf32>, tensor<3xf32>) {
                  %zero = stablehlo.constant dense<0.0> : tensor<f32>
                  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
                  %sum = stablehlo.reduce(%x init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2xf32>
                  %max = stablehlo.reduce(%x init: %ninf) applies stablehlo.maximum across dimensions = [0] : (tensor<2x3xf32>, tensor<f32>) -> tensor<3xf32>
                  return %sum, %max : tensor<2xf32>, tensor<3xf32>
                }
                """,
            List.of(Tensors.f32(shape(2, 3), 1, -2, 3, -4, 5, 0.5f)));

    public static final Case WHILE = new Case("while", """
                func.func public @main(%start: tensor<i32>, %n: tensor<i32>) -> tensor<i32> {
                  %c0 = stablehlo.constant dense<0> : tensor<i32>
                  %c1 = stablehlo.constant dense<1> : tensor<i32>
                  %r:2 = stablehlo.while(%i = %c0, %acc = %start) : tensor<i32>, tensor<i32>
                   cond {
                    %lt = stablehlo.compare LT, %i, %n, SIGNED : (tensor<i32>, tensor<i32>) -> tensor<i1>
                    stablehlo.return %lt : tensor<i1>
                  } do {
                    %next = stablehlo.add %i, %c1 : tensor<i32>
                    %sum = stablehlo.add %acc, %i : tensor<i32>
                    stablehlo.return %next, %sum : tensor<i32>, tensor<i32>
                  }
                  return %r#1 : tensor<i32>
                }
                """,
            List.of(Tensors.i32(shape(), 100), Tensors.i32(shape(), 10)));

    public static final Case GATHER = new Case("gather", """
                func.func public @main(%table: tensor<3x2xf32>, %ids: tensor<3x1xi32>) -> tensor<3x2xf32> {
                  %0 = "stablehlo.gather"(%table, %ids) {
                    dimension_numbers = #stablehlo.gather<offset_dims = [1], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1>,
                    slice_sizes = array<i64: 1, 2>, indices_are_sorted = false
                  } : (tensor<3x2xf32>, tensor<3x1xi32>) -> tensor<3x2xf32>
                  return %0 : tensor<3x2xf32>
                }
                """,
            List.of(Tensors.f32(shape(3, 2), 10, 11, 20, 21, 30, 31), Tensors.i32(shape(3, 1), 2, 0, 7)));

    public static final Case BF16 = new Case("bf16", """
                func.func public @main(%x: tensor<4xf32>, %a: tensor<2xbf16>, %b: tensor<2xbf16>) -> (tensor<4xbf16>, tensor<2xbf16>) {
                  %0 = stablehlo.convert %x : (tensor<4xf32>) -> tensor<4xbf16>
                  %1 = stablehlo.add %a, %b : tensor<2xbf16>
                  return %0, %1 : tensor<4xbf16>, tensor<2xbf16>
                }
                """,
            List.of(Tensors.f32(shape(4), 1 + 0x1p-8f, 1 + 3 * 0x1p-8f, 1 + 0x1p-8f + 0x1p-20f, -(1 + 0x1p-8f)), Tensors.bf16(shape(2), 256, 256), Tensors.bf16(shape(2), 1, 3)));

    public static final Case CARRIED_INTEGERS = new Case("carried_integers", """
                func.func public @main(%a: tensor<3xi8>, %b: tensor<2xui64>, %c: tensor<2xui64>) -> (tensor<3xui32>, tensor<3xi16>, tensor<2xui64>) {
                  %0 = stablehlo.convert %a : (tensor<3xi8>) -> tensor<3xui32>
                  %1 = stablehlo.convert %a : (tensor<3xi8>) -> tensor<3xi16>
                  %2 = stablehlo.add %b, %c : tensor<2xui64>
                  return %0, %1, %2 : tensor<3xui32>, tensor<3xi16>, tensor<2xui64>
                }
                """,
            List.of(Tensors.ints(ElementType.I8, shape(3), -1, 127, -128), Tensors.ints(ElementType.UI64, shape(2), -1L, 5L), Tensors.ints(ElementType.UI64, shape(2), 1L, 6L)));

    public static final Case COMPARE_SELECT = new Case("compare_select", """
                func.func public @main(%a: tensor<3xf32>, %b: tensor<3xf32>) -> (tensor<3xi1>, tensor<3xf32>) {
                  %p = stablehlo.compare GT, %a, %b, FLOAT : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
                  %m = stablehlo.select %p, %a, %b : tensor<3xi1>, tensor<3xf32>
                  return %p, %m : tensor<3xi1>, tensor<3xf32>
                }
                """,
            List.of(Tensors.f32(shape(3), 1, 5, -1), Tensors.f32(shape(3), 2, 4, -1)));

    public static List<Case> all() {
        return List.of(DOT, REDUCE, WHILE, GATHER, BF16, CARRIED_INTEGERS, COMPARE_SELECT);
    }
}
