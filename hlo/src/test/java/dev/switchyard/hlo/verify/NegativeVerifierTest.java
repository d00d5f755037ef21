package dev.switchyard.hlo.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchyard.hlo.ir.HloParseException;
import dev.switchyard.hlo.ir.HloParser;
import dev.switchyard.hlo.ir.ModuleOp;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each case is a small module that breaks exactly one constraint of the StableHLO spec (the one the
 * case is named after) and is otherwise valid, so the verifier must report exactly that one error,
 * located at the op (line:column of its name in the text). The expected sizes in the messages were
 * worked out by hand from the spec's formulas.
 */
class NegativeVerifierTest {

    static List<VerifierError> verifyText(String text) {
        ModuleOp m;
        try {
            m = HloParser.parse(text, "");
        } catch (HloParseException e) {
            throw new AssertionError("test module does not parse: " + e.getMessage(), e);
        }
        return Verifier.verify(m);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsTheViolatedConstraint(String name, String module, String expected) {
        List<String> found = verifyText(module).stream().map(VerifierError::format).toList();
        assertEquals(List.of(expected), found);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            // ---- elementwise ----
            Arguments.of("add C1 operand types differ", """
                func.func @main(%x: tensor<2xf32>, %y: tensor<3xf32>) -> tensor<2xf32> {
                  %0 = "stablehlo.add"(%x, %y) : (tensor<2xf32>, tensor<3xf32>) -> tensor<2xf32>
                  func.return %0 : tensor<2xf32>
                }""",
                "2:8: error: 'stablehlo.add' (C1): expected rhs of type tensor<2xf32> (the type of lhs), found tensor<3xf32>"),
            Arguments.of("multiply C1 result type differs", """
                func.func @main(%x: tensor<2xf32>) -> tensor<2xf16> {
                  %0 = "stablehlo.multiply"(%x, %x) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf16>
                  func.return %0 : tensor<2xf16>
                }""",
                "2:8: error: 'stablehlo.multiply' (C1): expected result of type tensor<2xf32> (the type of lhs), found tensor<2xf16>"),
            Arguments.of("and I1 float operands", """
                func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
                  %0 = stablehlo.and %x, %x : tensor<2xf32>
                  func.return %0 : tensor<2xf32>
                }""",
                "2:8: error: 'stablehlo.and' (I1): lhs must be a tensor of boolean or integer type, found tensor<2xf32>"),
            Arguments.of("floor I1 integer operand", """
                func.func @main(%x: tensor<2xi32>) -> tensor<2xi32> {
                  %0 = stablehlo.floor %x : tensor<2xi32>
                  func.return %0 : tensor<2xi32>
                }""",
                "2:8: error: 'stablehlo.floor' (I1): operand must be a tensor of floating-point type, found tensor<2xi32>"),
            Arguments.of("negate C1 result type differs", """
                func.func @main(%x: tensor<2xf32>) -> tensor<2xf64> {
                  %0 = "stablehlo.negate"(%x) : (tensor<2xf32>) -> tensor<2xf64>
                  func.return %0 : tensor<2xf64>
                }""",
                "2:8: error: 'stablehlo.negate' (C1): expected result of type tensor<2xf32> (the type of operand), found tensor<2xf64>"),
            Arguments.of("shift_left I1 boolean operands", """
                func.func @main(%x: tensor<4xi1>) -> tensor<4xi1> {
                  %0 = stablehlo.shift_left %x, %x : tensor<4xi1>
                  func.return %0 : tensor<4xi1>
                }""",
                "2:8: error: 'stablehlo.shift_left' (I1): lhs must be a tensor of integer type, found tensor<4xi1>"),
            Arguments.of("abs C2 complex operand keeps complex result", """
                func.func @main(%x: tensor<2xcomplex<f32>>) -> tensor<2xcomplex<f32>> {
                  %0 = "stablehlo.abs"(%x) : (tensor<2xcomplex<f32>>) -> tensor<2xcomplex<f32>>
                  func.return %0 : tensor<2xcomplex<f32>>
                }""",
                "2:8: error: 'stablehlo.abs' (C2): expected result element type f32 for operand tensor<2xcomplex<f32>>, found tensor<2xcomplex<f32>>"),
            Arguments.of("compare C1 element types differ", """
                func.func @main(%x: tensor<2xi32>, %y: tensor<2xf32>) -> tensor<2xi1> {
                  %0 = stablehlo.compare LT, %x, %y : (tensor<2xi32>, tensor<2xf32>) -> tensor<2xi1>
                  func.return %0 : tensor<2xi1>
                }""",
                "2:8: error: 'stablehlo.compare' (C1): expected rhs element type i32 (that of lhs), found f32 in tensor<2xf32>"),
            Arguments.of("compare C2 result shape differs", """
                func.func @main(%x: tensor<2xi32>) -> tensor<3xi1> {
                  %0 = stablehlo.compare EQ, %x, %x : (tensor<2xi32>, tensor<2xi32>) -> tensor<3xi1>
                  func.return %0 : tensor<3xi1>
                }""",
                "2:8: error: 'stablehlo.compare' (C2): expected result of shape [2] (the shape of lhs), found [3] in tensor<3xi1>"),
            Arguments.of("compare C3 FLOAT compare of integers", """
                func.func @main(%x: tensor<2xi32>) -> tensor<2xi1> {
                  %0 = stablehlo.compare LT, %x, %x, FLOAT : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi1>
                  func.return %0 : tensor<2xi1>
                }""",
                "2:8: error: 'stablehlo.compare' (C3): compare_type for element type i32 must be SIGNED, found FLOAT"),
            Arguments.of("compare C3 SIGNED compare of unsigned", """
                func.func @main(%x: tensor<2xui8>) -> tensor<2xi1> {
                  %0 = stablehlo.compare GE, %x, %x, SIGNED : (tensor<2xui8>, tensor<2xui8>) -> tensor<2xi1>
                  func.return %0 : tensor<2xi1>
                }""",
                "2:8: error: 'stablehlo.compare' (C3): compare_type for element type ui8 must be UNSIGNED, found SIGNED"),
            Arguments.of("select C1 predicate shape", """
                func.func @main(%p: tensor<3xi1>, %x: tensor<2xf32>) -> tensor<2xf32> {
                  %0 = "stablehlo.select"(%p, %x, %x) : (tensor<3xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
                  func.return %0 : tensor<2xf32>
                }""",
                "2:8: error: 'stablehlo.select' (C1): pred must be rank 0 or have the shape of on_true [2], found tensor<3xi1>"),
            Arguments.of("select C2 branch types differ", """
                func.func @main(%p: tensor<i1>, %x: tensor<2xf32>, %y: tensor<2xi32>) -> tensor<2xf32> {
                  %0 = "stablehlo.select"(%p, %x, %y) : (tensor<i1>, tensor<2xf32>, tensor<2xi32>) -> tensor<2xf32>
                  func.return %0 : tensor<2xf32>
                }""",
                "2:8: error: 'stablehlo.select' (C2): expected on_false of type tensor<2xf32> (the type of on_true), found tensor<2xi32>"),
            Arguments.of("clamp C1 min shape", """
                func.func @main(%lo: tensor<3xf32>, %x: tensor<2xf32>) -> tensor<2xf32> {
                  %0 = "stablehlo.clamp"(%lo, %x, %x) : (tensor<3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
                  func.return %0 : tensor<2xf32>
                }""",
                "2:8: error: 'stablehlo.clamp' (C1): min must be rank 0 or have the shape of operand [2], found tensor<3xf32>"),
            Arguments.of("clamp C3 max element type", """
                func.func @main(%lo: tensor<f32>, %x: tensor<2xf32>, %hi: tensor<i32>) -> tensor<2xf32> {
                  %0 = "stablehlo.clamp"(%lo, %x, %hi) : (tensor<f32>, tensor<2xf32>, tensor<i32>) -> tensor<2xf32>
                  func.return %0 : tensor<2xf32>
                }""",
                "2:8: error: 'stablehlo.clamp' (C3): expected max element type f32 (that of operand), found i32 in tensor<i32>"),
            Arguments.of("convert C1 shape changes", """
                func.func @main(%x: tensor<2xf32>) -> tensor<3xi32> {
                  %0 = stablehlo.convert %x : (tensor<2xf32>) -> tensor<3xi32>
                  func.return %0 : tensor<3xi32>
                }""",
                "2:8: error: 'stablehlo.convert' (C1): expected result of shape [2] (the shape of operand), found [3] in tensor<3xi32>"),
            Arguments.of("bitcast_convert C1 narrowing needs a new minor dimension", """
                func.func @main(%x: tensor<2xf32>) -> tensor<2x2xi8> {
                  %0 = "stablehlo.bitcast_convert"(%x) : (tensor<2xf32>) -> tensor<2x2xi8>
                  func.return %0 : tensor<2x2xi8>
                }""",
                "2:8: error: 'stablehlo.bitcast_convert' (C1): bitcast from f32 to narrower i8 needs result shape [2, 4], found tensor<2x2xi8>"),
            Arguments.of("real C2 result element type", """
                func.func @main(%x: tensor<2xcomplex<f64>>) -> tensor<2xf32> {
                  %0 = stablehlo.real %x : (tensor<2xcomplex<f64>>) -> tensor<2xf32>
                  func.return %0 : tensor<2xf32>
                }""",
                "2:8: error: 'stablehlo.real' (C2): expected result element type f64 for operand tensor<2xcomplex<f64>>, found tensor<2xf32>"),
            Arguments.of("reduce_precision C2 no exponent bits", """
                func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
                  %0 = "stablehlo.reduce_precision"(%x) {exponent_bits = 0 : i32, mantissa_bits = 2 : i32} : (tensor<2xf32>) -> tensor<2xf32>
                  func.return %0 : tensor<2xf32>
                }""",
                "2:8: error: 'stablehlo.reduce_precision' (C2): exponent_bits must be at least 1, found 0"),

            // ---- shape ops ----
            Arguments.of("transpose C2 not a permutation", """
                func.func @main(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
                  %0 = "stablehlo.transpose"(%x) {permutation = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
                  func.return %0 : tensor<3x2xf32>
                }""",
                "2:8: error: 'stablehlo.transpose' (C2): permutation [0, 0] is not a permutation of [0, 1]"),
            Arguments.of("transpose C3 result shape", """
                func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
                  %0 = stablehlo.transpose %x, dims = [1, 0] : (tensor<2x3xf32>) -> tensor<2x3xf32>
                  func.return %0 : tensor<2x3xf32>
                }""",
                "2:8: error: 'stablehlo.transpose' (C3): expected result shape [3, 2] (operand dimensions permuted), found tensor<2x3xf32>"),
            Arguments.of("broadcast_in_dim C2 one entry per operand dimension", """
                func.func @main(%x: tensor<3xf32>) -> tensor<2x3xf32> {
                  %0 = "stablehlo.broadcast_in_dim"(%x) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<3xf32>) -> tensor<2x3xf32>
                  func.return %0 : tensor<2x3xf32>
                }""",
                "2:8: error: 'stablehlo.broadcast_in_dim' (C2): broadcast_dimensions [0, 1] must have one entry per operand dimension (1), found 2"),
            Arguments.of("broadcast_in_dim C3 dimension out of range", """
                func.func @main(%x: tensor<3xf32>) -> tensor<2x3xf32> {
                  %0 = stablehlo.broadcast_in_dim %x, dims = [2] : (tensor<3xf32>) -> tensor<2x3xf32>
                  func.return %0 : tensor<2x3xf32>
                }""",
                "2:8: error: 'stablehlo.broadcast_in_dim' (C3): broadcast_dimensions [2] must lie in [0, 2) for result tensor<2x3xf32>"),
            Arguments.of("broadcast_in_dim C4 repeated dimension", """
                func.func @main(%x: tensor<1x1xf32>) -> tensor<2x3xf32> {
                  %0 = stablehlo.broadcast_in_dim %x, dims = [1, 1] : (tensor<1x1xf32>) -> tensor<2x3xf32>
                  func.return %0 : tensor<2x3xf32>
                }""",
                "2:8: error: 'stablehlo.broadcast_in_dim' (C4): broadcast_dimensions [1, 1] must be unique"),
            Arguments.of("broadcast_in_dim C5 size neither 1 nor the result's", """
                func.func @main(%x: tensor<3xf32>) -> tensor<2x3xf32> {
                  %0 = stablehlo.broadcast_in_dim %x, dims = [0] : (tensor<3xf32>) -> tensor<2x3xf32>
                  func.return %0 : tensor<2x3xf32>
                }""",
                "2:8: error: 'stablehlo.broadcast_in_dim' (C5): operand dimension 0 has size 3, which is neither 1 nor result dimension 0 (size 2)"),
            Arguments.of("reshape C2 element count", """
                func.func @main(%x: tensor<2x3xf32>) -> tensor<4xf32> {
                  %0 = stablehlo.reshape %x : (tensor<2x3xf32>) -> tensor<4xf32>
                  func.return %0 : tensor<4xf32>
                }""",
                "2:8: error: 'stablehlo.reshape' (C2): operand tensor<2x3xf32> has 6 elements but result tensor<4xf32> has 4"),
            Arguments.of("reshape C1 element type", """
                func.func @main(%x: tensor<2x3xf32>) -> tensor<6xi32> {
                  %0 = stablehlo.reshape %x : (tensor<2x3xf32>) -> tensor<6xi32>
                  func.return %0 : tensor<6xi32>
                }""",
                "2:8: error: 'stablehlo.reshape' (C1): expected result element type f32 (that of operand), found i32 in tensor<6xi32>"),
            Arguments.of("slice C2 index list lengths", """
                func.func @main(%x: tensor<4x4xf32>) -> tensor<2x4xf32> {
                  %0 = "stablehlo.slice"(%x) {start_indices = array<i64: 0>, limit_indices = array<i64: 2, 4>, strides = array<i64: 1, 1>} : (tensor<4x4xf32>) -> tensor<2x4xf32>
                  func.return %0 : tensor<2x4xf32>
                }""",
                "2:8: error: 'stablehlo.slice' (C2): start_indices, limit_indices and strides must each have 2 entries (the operand rank), found 1, 2 and 2"),
            Arguments.of("slice C3 limit past the end", """
                func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
                  %0 = "stablehlo.slice"(%x) {start_indices = array<i64: 1>, limit_indices = array<i64: 5>, strides = array<i64: 1>} : (tensor<4xf32>) -> tensor<4xf32>
                  func.return %0 : tensor<4xf32>
                }""",
                "2:8: error: 'stablehlo.slice' (C3): dimension 0: need 0 <= start 1 <= limit 5 <= size 4"),
            Arguments.of("slice C4 zero stride", """
                func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
                  %0 = "stablehlo.slice"(%x) {start_indices = array<i64: 0>, limit_indices = array<i64: 4>, strides = array<i64: 0>} : (tensor<4xf32>) -> tensor<4xf32>
                  func.return %0 : tensor<4xf32>
                }""",
                "2:8: error: 'stablehlo.slice' (C4): strides must be positive, found [0]"),
            Arguments.of("slice C5 result shape", """
                func.func @main(%x: tensor<5xf32>) -> tensor<2xf32> {
                  %0 = "stablehlo.slice"(%x) {start_indices = array<i64: 0>, limit_indices = array<i64: 5>, strides = array<i64: 2>} : (tensor<5xf32>) -> tensor<2xf32>
                  func.return %0 : tensor<2xf32>
                }""",
                "2:8: error: 'stablehlo.slice' (C5): expected result shape [3], found tensor<2xf32>"),
            Arguments.of("dynamic_slice C2 start index count", """
                func.func @main(%x: tensor<4xf32>, %i: tensor<i64>) -> tensor<2xf32> {
                  %0 = "stablehlo.dynamic_slice"(%x, %i, %i) {slice_sizes = array<i64: 2>} : (tensor<4xf32>, tensor<i64>, tensor<i64>) -> tensor<2xf32>
                  func.return %0 : tensor<2xf32>
                }""",
                "2:8: error: 'stablehlo.dynamic_slice' (C2): expected 1 start indices and slice sizes (the operand rank), found 2 start indices and slice_sizes [2]"),
            Arguments.of("dynamic_slice C4 slice larger than operand", """
                func.func @main(%x: tensor<4xf32>, %i: tensor<i64>) -> tensor<5xf32> {
                  %0 = "stablehlo.dynamic_slice"(%x, %i) {slice_sizes = array<i64: 5>} : (tensor<4xf32>, tensor<i64>) -> tensor<5xf32>
                  func.return %0 : tensor<5xf32>
                }""",
                "2:8: error: 'stablehlo.dynamic_slice' (C4): slice_sizes [5] must lie within operand shape [4]"),
            Arguments.of("dynamic_slice C5 result is the slice size", """
                func.func @main(%x: tensor<4xf32>, %i: tensor<i64>) -> tensor<3xf32> {
                  %0 = stablehlo.dynamic_slice %x, %i, sizes = [2] : (tensor<4xf32>, tensor<i64>) -> tensor<3xf32>
                  func.return %0 : tensor<3xf32>
                }""",
                "2:8: error: 'stablehlo.dynamic_slice' (C5): expected result shape [2] (slice_sizes), found tensor<3xf32>"),
            Arguments.of("dynamic_update_slice C6 update larger than operand", """
                func.func @main(%x: tensor<4xf32>, %u: tensor<5xf32>, %i: tensor<i64>) -> tensor<4xf32> {
                  %0 = "stablehlo.dynamic_update_slice"(%x, %u, %i) : (tensor<4xf32>, tensor<5xf32>, tensor<i64>) -> tensor<4xf32>
                  func.return %0 : tensor<4xf32>
                }""",
                "2:8: error: 'stablehlo.dynamic_update_slice' (C6): update shape [5] must fit in operand shape [4]"),
            Arguments.of("concatenate C2 other dimensions differ", """
                func.func @main(%x: tensor<2x3xf32>, %y: tensor<3x4xf32>) -> tensor<5x3xf32> {
                  %0 = "stablehlo.concatenate"(%x, %y) {dimension = 0 : i64} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<5x3xf32>
                  func.return %0 : tensor<5x3xf32>
                }""",
                "2:8: error: 'stablehlo.concatenate' (C2): inputs[1] tensor<3x4xf32> must have the shape of inputs[0] tensor<2x3xf32> except in dimension 0"),
            Arguments.of("concatenate C4 dimension out of range", """
                func.func @main(%x: tensor<2x3xf32>) -> tensor<4x3xf32> {
                  %0 = "stablehlo.concatenate"(%x, %x) {dimension = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
                  func.return %0 : tensor<4x3xf32>
                }""",
                "2:8: error: 'stablehlo.concatenate' (C4): dimension 2 must lie in [0, 2) for inputs[0] tensor<2x3xf32>"),
            Arguments.of("concatenate C6 result shape", """
                func.func @main(%x: tensor<2x3xf32>, %y: tensor<3x3xf32>) -> tensor<4x3xf32> {
                  %0 = stablehlo.concatenate %x, %y, dim = 0 : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<4x3xf32>
                  func.return %0 : tensor<4x3xf32>
                }""",
                "2:8: error: 'stablehlo.concatenate' (C6): expected result shape [5, 3], found tensor<4x3xf32>"),
            Arguments.of("pad C3 negative interior padding", """
                func.func @main(%x: tensor<2x3xf32>, %v: tensor<f32>) -> tensor<2x3xf32> {
                  %0 = "stablehlo.pad"(%x, %v) {edge_padding_low = array<i64: 0, 0>, edge_padding_high = array<i64: 0, 0>, interior_padding = array<i64: -1, 0>} : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
                  func.return %0 : tensor<2x3xf32>
                }""",
                "2:8: error: 'stablehlo.pad' (C3): interior_padding must be non-negative, found [-1, 0]"),
            Arguments.of("pad C4 result shape", """
                func.func @main(%x: tensor<2x3xf32>, %v: tensor<f32>) -> tensor<3x3xf32> {
                  %0 = stablehlo.pad %x, %v, low = [1, 0], high = [0, 0], interior = [0, 1] : (tensor<2x3xf32>, tensor<f32>) -> tensor<3x3xf32>
                  func.return %0 : tensor<3x3xf32>
                }""",
                "2:8: error: 'stablehlo.pad' (C4): expected result shape [3, 5], found tensor<3x3xf32>"),
            Arguments.of("iota C1 dimension out of range", """
                func.func @main() -> tensor<2x3xi32> {
                  %0 = stablehlo.iota dim = 2 : tensor<2x3xi32>
                  func.return %0 : tensor<2x3xi32>
                }""",
                "2:8: error: 'stablehlo.iota' (C1): iota_dimension 2 must lie in [0, 2) for output tensor<2x3xi32>"),
            Arguments.of("reverse C3 dimension out of range", """
                func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
                  %0 = "stablehlo.reverse"(%x) {dimensions = array<i64: 3>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
                  func.return %0 : tensor<2x3xf32>
                }""",
                "2:8: error: 'stablehlo.reverse' (C3): dimensions [3] must lie in [0, 2)"),
            Arguments.of("get_dimension_size C1 dimension out of range", """
                func.func @main(%x: tensor<2x3xf32>) -> tensor<i32> {
                  %0 = "stablehlo.get_dimension_size"(%x) {dimension = 2 : i64} : (tensor<2x3xf32>) -> tensor<i32>
                  func.return %0 : tensor<i32>
                }""",
                "2:8: error: 'stablehlo.get_dimension_size' (C1): dimension 2 must lie in [0, 2) for operand tensor<2x3xf32>"),
            Arguments.of("constant C1 value type differs from output", """
                func.func @main() -> tensor<3xf32> {
                  %0 = "stablehlo.constant"() {value = dense<1.0> : tensor<2xf32>} : () -> tensor<3xf32>
                  func.return %0 : tensor<3xf32>
                }""",
                "2:8: error: 'stablehlo.constant' (C1): value has type tensor<2xf32> but output has type tensor<3xf32>"),
            Arguments.of("get_tuple_element C1 index out of range", """
                func.func @main(%t: tuple<tensor<f32>, tensor<i32>>) -> tensor<f32> {
                  %0 = "stablehlo.get_tuple_element"(%t) {index = 2 : i32} : (tuple<tensor<f32>, tensor<i32>>) -> tensor<f32>
                  func.return %0 : tensor<f32>
                }""",
                "2:8: error: 'stablehlo.get_tuple_element' (C1): index 2 must lie in [0, 2) for tuple<tensor<f32>, tensor<i32>>"),

            // ---- dot_general, convolution ----
            Arguments.of("dot_general C1 batching dimension counts differ", """
                func.func @main(%x: tensor<2x3xf32>, %y: tensor<3x4xf32>) -> tensor<2x4xf32> {
                  %0 = stablehlo.dot_general %x, %y, batching_dims = [0] x [], contracting_dims = [1] x [0] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
                  func.return %0 : tensor<2x4xf32>
                }""",
                "2:8: error: 'stablehlo.dot_general' (C1): lhs_batching_dimensions [0] and rhs_batching_dimensions [] differ in size"),
            Arguments.of("dot_general C6 contracting dimension out of range", """
                func.func @main(%x: tensor<2x3xf32>, %y: tensor<3x4xf32>) -> tensor<2x4xf32> {
                  %0 = stablehlo.dot_general %x, %y, contracting_dims = [2] x [0] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
                  func.return %0 : tensor<2x4xf32>
                }""",
                "2:8: error: 'stablehlo.dot_general' (C6): lhs_contracting_dimensions [2] must lie in [0, 2)"),
            Arguments.of("dot_general C10 contracting sizes differ", """
                func.func @main(%x: tensor<2x3xf32>, %y: tensor<4x5xf32>) -> tensor<2x5xf32> {
                  %0 = stablehlo.dot_general %x, %y, contracting_dims = [1] x [0] : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
                  func.return %0 : tensor<2x5xf32>
                }""",
                "2:8: error: 'stablehlo.dot_general' (C10): contracting dimension sizes differ: lhs dimension 1 is 3, rhs dimension 0 is 4"),
            Arguments.of("dot_general C12 result shape", """
                func.func @main(%x: tensor<8x2x3xf32>, %y: tensor<8x3x5xf32>) -> tensor<8x2x4xf32> {
                  %0 = stablehlo.dot_general %x, %y, batching_dims = [0] x [0], contracting_dims = [2] x [1] : (tensor<8x2x3xf32>, tensor<8x3x5xf32>) -> tensor<8x2x4xf32>
                  func.return %0 : tensor<8x2x4xf32>
                }""",
                "2:8: error: 'stablehlo.dot_general' (C12): expected result shape [8, 2, 5] (batch, lhs free, rhs free dimensions), found tensor<8x2x4xf32>"),
            Arguments.of("convolution C2 window_strides length", """
                func.func @main(%x: tensor<1x4x4x1xf32>, %k: tensor<3x3x1x1xf32>) -> tensor<1x2x2x1xf32> {
                  %0 = "stablehlo.convolution"(%x, %k) {window_strides = array<i64: 1>, dimension_numbers = #stablehlo.conv<[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]>, feature_group_count = 1 : i64, batch_group_count = 1 : i64} : (tensor<1x4x4x1xf32>, tensor<3x3x1x1xf32>) -> tensor<1x2x2x1xf32>
                  func.return %0 : tensor<1x2x2x1xf32>
                }""",
                "2:8: error: 'stablehlo.convolution' (C2): window_strides [1] must have 2 entries, found 1"),
            Arguments.of("convolution C14 kernel input features", """
                func.func @main(%x: tensor<1x4x4x1xf32>, %k: tensor<3x3x2x1xf32>) -> tensor<1x2x2x1xf32> {
                  %0 = "stablehlo.convolution"(%x, %k) {dimension_numbers = #stablehlo.conv<[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]>, feature_group_count = 1 : i64, batch_group_count = 1 : i64} : (tensor<1x4x4x1xf32>, tensor<3x3x2x1xf32>) -> tensor<1x2x2x1xf32>
                  func.return %0 : tensor<1x2x2x1xf32>
                }""",
                "2:8: error: 'stablehlo.convolution' (C14): kernel input feature size 2 must be input feature size 1 / feature_group_count 1"),
            Arguments.of("convolution C25 result spatial size", """
                func.func @main(%x: tensor<1x4x4x1xf32>, %k: tensor<3x3x1x1xf32>) -> tensor<1x3x3x1xf32> {
                  %0 = "stablehlo.convolution"(%x, %k) {dimension_numbers = #stablehlo.conv<[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]>, feature_group_count = 1 : i64, batch_group_count = 1 : i64} : (tensor<1x4x4x1xf32>, tensor<3x3x1x1xf32>) -> tensor<1x3x3x1xf32>
                  func.return %0 : tensor<1x3x3x1xf32>
                }""",
                "2:8: error: 'stablehlo.convolution' (C25): expected result shape [1, 2, 2, 1], found tensor<1x3x3x1xf32>"),

            // ---- gather, scatter ----
            Arguments.of("gather C9 collapsed dimension sliced wider than 1", """
                func.func @main(%x: tensor<3x4x2xi64>, %i: tensor<2x3x2xi64>) -> tensor<2x3x2x2xi64> {
                  %0 = "stablehlo.gather"(%x, %i) {dimension_numbers = #stablehlo.gather<offset_dims = [2, 3], collapsed_slice_dims = [0], start_index_map = [1, 0], index_vector_dim = 2>, slice_sizes = array<i64: 2, 2, 2>} : (tensor<3x4x2xi64>, tensor<2x3x2xi64>) -> tensor<2x3x2x2xi64>
                  func.return %0 : tensor<2x3x2x2xi64>
                }""",
                "2:8: error: 'stablehlo.gather' (C9): slice_sizes[0] = 2 must be at most 1 for a collapsed dimension"),
            Arguments.of("gather C22 result shape", """
                func.func @main(%x: tensor<3x4x2xi64>, %i: tensor<2x3x2xi64>) -> tensor<2x3x2x3xi64> {
                  %0 = "stablehlo.gather"(%x, %i) {dimension_numbers = #stablehlo.gather<offset_dims = [2, 3], collapsed_slice_dims = [0], start_index_map = [1, 0], index_vector_dim = 2>, slice_sizes = array<i64: 1, 2, 2>} : (tensor<3x4x2xi64>, tensor<2x3x2xi64>) -> tensor<2x3x2x3xi64>
                  func.return %0 : tensor<2x3x2x3xi64>
                }""",
                "2:8: error: 'stablehlo.gather' (C22): expected result shape [2, 3, 2, 2], found tensor<2x3x2x3xi64>"),
            Arguments.of("gather C3 index vector size", """
                func.func @main(%x: tensor<3x4x2xi64>, %i: tensor<2x3x2xi64>) -> tensor<2x3x2x2xi64> {
                  %0 = "stablehlo.gather"(%x, %i) {dimension_numbers = #stablehlo.gather<offset_dims = [2, 3], collapsed_slice_dims = [0], start_index_map = [1], index_vector_dim = 2>, slice_sizes = array<i64: 1, 2, 2>} : (tensor<3x4x2xi64>, tensor<2x3x2xi64>) -> tensor<2x3x2x2xi64>
                  func.return %0 : tensor<2x3x2x2xi64>
                }""",
                "2:8: error: 'stablehlo.gather' (C3): start_index_map [1] must have 2 entries (the index vector size)"),
            Arguments.of("scatter C4 update window larger than input", """
                func.func @main(%x: tensor<3x4x2xi64>, %i: tensor<2x3x2xi64>, %u: tensor<2x3x2x3xi64>) -> tensor<3x4x2xi64> {
                  %0 = "stablehlo.scatter"(%x, %i, %u) ({
                  ^bb0(%a: tensor<i64>, %b: tensor<i64>):
                    %s = stablehlo.add %a, %b : tensor<i64>
                    stablehlo.return %s : tensor<i64>
                  }) {scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [2, 3], inserted_window_dims = [0], scatter_dims_to_operand_dims = [1, 0], index_vector_dim = 2>} : (tensor<3x4x2xi64>, tensor<2x3x2xi64>, tensor<2x3x2x3xi64>) -> tensor<3x4x2xi64>
                  func.return %0 : tensor<3x4x2xi64>
                }""",
                "2:8: error: 'stablehlo.scatter' (C4): updates[0] window dimension 3 has size 3, larger than the input's 2"),
            Arguments.of("scatter C23 update_computation signature", """
                func.func @main(%x: tensor<3x4x2xi64>, %i: tensor<2x3x2xi64>, %u: tensor<2x3x2x2xi64>) -> tensor<3x4x2xi64> {
                  %0 = "stablehlo.scatter"(%x, %i, %u) ({
                  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
                    %s = stablehlo.add %a, %b : tensor<f32>
                    stablehlo.return %s : tensor<f32>
                  }) {scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [2, 3], inserted_window_dims = [0], scatter_dims_to_operand_dims = [1, 0], index_vector_dim = 2>} : (tensor<3x4x2xi64>, tensor<2x3x2xi64>, tensor<2x3x2x2xi64>) -> tensor<3x4x2xi64>
                  func.return %0 : tensor<3x4x2xi64>
                }""",
                "2:8: error: 'stablehlo.scatter' (C23): update_computation must have type (tensor<i64>, tensor<i64>) -> (tensor<i64>) (or wider element types of the same kind), found (tensor<f32>, tensor<f32>) -> (tensor<f32>)"),

            // ---- ops with regions ----
            Arguments.of("reduce C4 dimension out of range", """
                func.func @main(%x: tensor<1x6xi64>, %z: tensor<i64>) -> tensor<1xi64> {
                  %0 = "stablehlo.reduce"(%x, %z) ({
                  ^bb0(%a: tensor<i64>, %b: tensor<i64>):
                    %s = stablehlo.add %a, %b : tensor<i64>
                    stablehlo.return %s : tensor<i64>
                  }) {dimensions = array<i64: 2>} : (tensor<1x6xi64>, tensor<i64>) -> tensor<1xi64>
                  func.return %0 : tensor<1xi64>
                }""",
                "2:8: error: 'stablehlo.reduce' (C4): dimensions [2] must lie in [0, 2)"),
            Arguments.of("reduce C6 body signature", """
                func.func @main(%x: tensor<1x6xi64>, %z: tensor<i64>) -> tensor<1xi64> {
                  %0 = "stablehlo.reduce"(%x, %z) ({
                  ^bb0(%a: tensor<i32>, %b: tensor<i32>):
                    %s = stablehlo.add %a, %b : tensor<i32>
                    stablehlo.return %s : tensor<i32>
                  }) {dimensions = array<i64: 1>} : (tensor<1x6xi64>, tensor<i64>) -> tensor<1xi64>
                  func.return %0 : tensor<1xi64>
                }""",
                "2:8: error: 'stablehlo.reduce' (C6): body must have type (tensor<i64>, tensor<i64>) -> (tensor<i64>) (or wider element types of the same kind), found (tensor<i32>, tensor<i32>) -> (tensor<i32>)"),
            Arguments.of("reduce C7 result keeps the reduced dimension", """
                func.func @main(%x: tensor<1x6xi64>, %z: tensor<i64>) -> tensor<6xi64> {
                  %0 = stablehlo.reduce(%x init: %z) applies stablehlo.add across dimensions = [1] : (tensor<1x6xi64>, tensor<i64>) -> tensor<6xi64>
                  func.return %0 : tensor<6xi64>
                }""",
                "2:8: error: 'stablehlo.reduce' (C7): expected results[0] shape [1] (inputs without dimensions [1]), found tensor<6xi64>"),
            Arguments.of("reduce_window C15 number of windows", """
                func.func @main(%x: tensor<3x2xi64>, %z: tensor<i64>) -> tensor<3x2xi64> {
                  %0 = "stablehlo.reduce_window"(%x, %z) ({
                  ^bb0(%a: tensor<i64>, %b: tensor<i64>):
                    %s = stablehlo.add %a, %b : tensor<i64>
                    stablehlo.return %s : tensor<i64>
                  }) {base_dilations = array<i64: 2, 1>, padding = dense<[[2, 1], [0, 0]]> : tensor<2x2xi64>, window_dilations = array<i64: 3, 1>, window_dimensions = array<i64: 2, 1>, window_strides = array<i64: 4, 1>} : (tensor<3x2xi64>, tensor<i64>) -> tensor<3x2xi64>
                  func.return %0 : tensor<3x2xi64>
                }""",
                "2:8: error: 'stablehlo.reduce_window' (C15): expected results[0] shape [2, 2] (the number of windows), found tensor<3x2xi64>"),
            Arguments.of("reduce_window C4 window rank", """
                func.func @main(%x: tensor<3x2xi64>, %z: tensor<i64>) -> tensor<3x2xi64> {
                  %0 = "stablehlo.reduce_window"(%x, %z) ({
                  ^bb0(%a: tensor<i64>, %b: tensor<i64>):
                    %s = stablehlo.add %a, %b : tensor<i64>
                    stablehlo.return %s : tensor<i64>
                  }) {window_dimensions = array<i64: 1>} : (tensor<3x2xi64>, tensor<i64>) -> tensor<3x2xi64>
                  func.return %0 : tensor<3x2xi64>
                }""",
                "2:8: error: 'stablehlo.reduce_window' (C4): window_dimensions [1] must have 2 entries (the input rank)"),
            Arguments.of("sort C4 dimension out of range", """
                func.func @main(%x: tensor<2x3xi64>) -> tensor<2x3xi64> {
                  %0 = "stablehlo.sort"(%x) ({
                  ^bb0(%a: tensor<i64>, %b: tensor<i64>):
                    %p = stablehlo.compare GT, %a, %b : (tensor<i64>, tensor<i64>) -> tensor<i1>
                    stablehlo.return %p : tensor<i1>
                  }) {dimension = 2 : i64, is_stable = true} : (tensor<2x3xi64>) -> tensor<2x3xi64>
                  func.return %0 : tensor<2x3xi64>
                }""",
                "2:8: error: 'stablehlo.sort' (C4): dimension 2 must lie in [-2, 2)"),
            Arguments.of("sort C5 comparator returns a non-predicate", """
                func.func @main(%x: tensor<2x3xi64>) -> tensor<2x3xi64> {
                  %0 = "stablehlo.sort"(%x) ({
                  ^bb0(%a: tensor<i64>, %b: tensor<i64>):
                    stablehlo.return %a : tensor<i64>
                  }) {dimension = 0 : i64} : (tensor<2x3xi64>) -> tensor<2x3xi64>
                  func.return %0 : tensor<2x3xi64>
                }""",
                "2:8: error: 'stablehlo.sort' (C5): comparator must have type (tensor<i64>, tensor<i64>) -> (tensor<i1>), found (tensor<i64>, tensor<i64>) -> (tensor<i64>)"),
            Arguments.of("while C1 cond must yield a predicate", """
                func.func @main(%n: tensor<i64>) -> tensor<i64> {
                  %0 = stablehlo.while(%i = %n) : tensor<i64>
                  cond {
                    stablehlo.return %i : tensor<i64>
                  } do {
                    stablehlo.return %i : tensor<i64>
                  }
                  func.return %0 : tensor<i64>
                }""",
                "2:8: error: 'stablehlo.while' (C1): cond must have type (tensor<i64>) -> (tensor<i1>), found (tensor<i64>) -> (tensor<i64>)"),
            Arguments.of("while C2 body must keep the loop types", """
                func.func @main(%n: tensor<i64>, %p: tensor<i1>, %f: tensor<f32>) -> tensor<i64> {
                  %0 = stablehlo.while(%i = %n) : tensor<i64>
                  cond {
                    stablehlo.return %p : tensor<i1>
                  } do {
                    stablehlo.return %f : tensor<f32>
                  }
                  func.return %0 : tensor<i64>
                }""",
                "2:8: error: 'stablehlo.while' (C2): body must have type (tensor<i64>) -> (tensor<i64>), found (tensor<i64>) -> (tensor<f32>)"),
            Arguments.of("if C2 branches return different types", """
                func.func @main(%p: tensor<i1>, %x: tensor<2xi64>, %y: tensor<2xf32>) -> tensor<2xi64> {
                  %0 = "stablehlo.if"(%p) ({
                    stablehlo.return %x : tensor<2xi64>
                  }, {
                    stablehlo.return %y : tensor<2xf32>
                  }) : (tensor<i1>) -> tensor<2xi64>
                  func.return %0 : tensor<2xi64>
                }""",
                "2:8: error: 'stablehlo.if' (C2): true_branch returns (tensor<2xi64>) but false_branch returns (tensor<2xf32>)"),
            Arguments.of("if C3 results differ from the branches", """
                func.func @main(%p: tensor<i1>, %x: tensor<2xi64>) -> tensor<3xi64> {
                  %0 = "stablehlo.if"(%p) ({
                    stablehlo.return %x : tensor<2xi64>
                  }, {
                    stablehlo.return %x : tensor<2xi64>
                  }) : (tensor<i1>) -> tensor<3xi64>
                  func.return %0 : tensor<3xi64>
                }""",
                "2:8: error: 'stablehlo.if' (C3): result types (tensor<3xi64>) must equal the branches' output types (tensor<2xi64>)"),
            Arguments.of("case C3 branches return different types", """
                func.func @main(%k: tensor<i32>, %x: tensor<2xi64>, %y: tensor<3xi64>) -> tensor<2xi64> {
                  %0 = "stablehlo.case"(%k) ({
                    stablehlo.return %x : tensor<2xi64>
                  }, {
                    stablehlo.return %y : tensor<3xi64>
                  }) : (tensor<i32>) -> tensor<2xi64>
                  func.return %0 : tensor<2xi64>
                }""",
                "2:8: error: 'stablehlo.case' (C3): branches[1] returns (tensor<3xi64>) but branches[0] returns (tensor<2xi64>)"),

            // ---- collectives ----
            Arguments.of("all_gather C6 result size", """
                func.func @main(%x: tensor<2x2xi64>) -> tensor<2x6xi64> {
                  %0 = "stablehlo.all_gather"(%x) {all_gather_dim = 1 : i64, replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<2x2xi64>) -> tensor<2x6xi64>
                  func.return %0 : tensor<2x6xi64>
                }""",
                "2:8: error: 'stablehlo.all_gather' (C6): expected results[0] shape [2, 4] (dimension 1 times the group size 2), found tensor<2x6xi64>"),
            Arguments.of("all_to_all C2 split dimension not divisible", """
                func.func @main(%x: tensor<3x4xi64>) -> tensor<3x4xi64> {
                  %0 = "stablehlo.all_to_all"(%x) {split_dimension = 0 : i64, concat_dimension = 0 : i64, split_count = 2 : i64, replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<3x4xi64>) -> tensor<3x4xi64>
                  func.return %0 : tensor<3x4xi64>
                }""",
                "2:8: error: 'stablehlo.all_to_all' (C2): operands[0] dimension 0 (size 3) is not a multiple of split_count 2"),

            // ---- linear algebra, batch norm, random ----
            Arguments.of("cholesky C3 not square", """
                func.func @main(%a: tensor<3x4xf32>) -> tensor<3x4xf32> {
                  %0 = "stablehlo.cholesky"(%a) {lower = true} : (tensor<3x4xf32>) -> tensor<3x4xf32>
                  func.return %0 : tensor<3x4xf32>
                }""",
                "2:8: error: 'stablehlo.cholesky' (C3): a must be square in its last two dimensions, found tensor<3x4xf32>"),
            Arguments.of("triangular_solve C3 a does not match b", """
                func.func @main(%a: tensor<3x3xf32>, %b: tensor<4x1xf32>) -> tensor<4x1xf32> {
                  %0 = "stablehlo.triangular_solve"(%a, %b) {left_side = true, lower = true, unit_diagonal = false, transpose_a = #stablehlo<transpose NO_TRANSPOSE>} : (tensor<3x3xf32>, tensor<4x1xf32>) -> tensor<4x1xf32>
                  func.return %0 : tensor<4x1xf32>
                }""",
                "2:8: error: 'stablehlo.triangular_solve' (C3): a must be square, share b's batch dimensions and match b's second-to-last dimension, found tensor<3x3xf32> and tensor<4x1xf32>"),
            Arguments.of("fft C2 RFFT of a complex operand", """
                func.func @main(%x: tensor<4xcomplex<f64>>) -> tensor<3xcomplex<f64>> {
                  %0 = stablehlo.fft %x, type = RFFT, length = [4] : (tensor<4xcomplex<f64>>) -> tensor<3xcomplex<f64>>
                  func.return %0 : tensor<3xcomplex<f64>>
                }""",
                "2:8: error: 'stablehlo.fft' (C2): element types complex<f64> -> complex<f64> do not fit fft_type RFFT"),
            Arguments.of("fft C5 RFFT keeps n/2+1 frequencies", """
                func.func @main(%x: tensor<4xf64>) -> tensor<4xcomplex<f64>> {
                  %0 = stablehlo.fft %x, type = RFFT, length = [4] : (tensor<4xf64>) -> tensor<4xcomplex<f64>>
                  func.return %0 : tensor<4xcomplex<f64>>
                }""",
                "2:8: error: 'stablehlo.fft' (C5): expected result shape [3], found tensor<4xcomplex<f64>>"),
            Arguments.of("batch_norm_inference C3 scale per feature", """
                func.func @main(%x: tensor<2x3xf32>, %s: tensor<2xf32>, %v: tensor<3xf32>) -> tensor<2x3xf32> {
                  %0 = "stablehlo.batch_norm_inference"(%x, %s, %v, %v, %v) {epsilon = 1.0e-3 : f32, feature_index = 1 : i64} : (tensor<2x3xf32>, tensor<2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
                  func.return %0 : tensor<2x3xf32>
                }""",
                "2:8: error: 'stablehlo.batch_norm_inference' (C3): scale must be a 1-D tensor of 3 (dimension 1 of operand), found tensor<2xf32>"),
            Arguments.of("rng_bit_generator C2 THREE_FRY state size", """
                func.func @main(%s: tensor<3xui64>) -> tensor<2x2xui32> {
                  %0, %1 = "stablehlo.rng_bit_generator"(%s) {rng_algorithm = #stablehlo<rng_algorithm THREE_FRY>} : (tensor<3xui64>) -> (tensor<3xui64>, tensor<2x2xui32>)
                  func.return %1 : tensor<2x2xui32>
                }""",
                "2:12: error: 'stablehlo.rng_bit_generator' (C2): THREE_FRY needs an initial_state of 2 elements, found tensor<3xui64>"),
            Arguments.of("composite C3 inputs differ from the decomposition", """
                func.func @impl(%x: tensor<i64>) -> tensor<i64> {
                  func.return %x : tensor<i64>
                }
                func.func @main(%x: tensor<i32>) -> tensor<i64> {
                  %0 = stablehlo.composite "my.op" %x {decomposition = @impl} : (tensor<i32>) -> tensor<i64>
                  func.return %0 : tensor<i64>
                }""",
                "5:8: error: 'stablehlo.composite' (C3): input types (tensor<i32>) do not match @impl's inputs (tensor<i64>)"),
            Arguments.of("composite C1 name without namespace", """
                func.func @impl(%x: tensor<i64>) -> tensor<i64> {
                  func.return %x : tensor<i64>
                }
                func.func @main(%x: tensor<i64>) -> tensor<i64> {
                  %0 = stablehlo.composite "add_n" %x {decomposition = @impl} : (tensor<i64>) -> tensor<i64>
                  func.return %0 : tensor<i64>
                }""",
                "5:8: error: 'stablehlo.composite' (C1): name 'add_n' must be namespaced, like 'my_namespace.my_op'"),
            Arguments.of("dynamic_pad C2 padding list length", """
                func.func @main(%x: tensor<2x3xf32>, %v: tensor<f32>, %two: tensor<2xi64>, %three: tensor<3xi64>) -> tensor<?x?xf32> {
                  %0 = "stablehlo.dynamic_pad"(%x, %v, %two, %three, %two) : (tensor<2x3xf32>, tensor<f32>, tensor<2xi64>, tensor<3xi64>, tensor<2xi64>) -> tensor<?x?xf32>
                  func.return %0 : tensor<?x?xf32>
                }""",
                "2:8: error: 'stablehlo.dynamic_pad' (C2): edge_padding_high must have 2 entries (the operand rank), found tensor<3xi64>"),

            Arguments.of("all_reduce C5 computation signature", """
                func.func @main(%x: tensor<4xi64>) -> tensor<4xi64> {
                  %0 = "stablehlo.all_reduce"(%x) ({
                  ^bb0(%a: tensor<i64>, %b: tensor<i64>):
                    %p = stablehlo.compare GT, %a, %b : (tensor<i64>, tensor<i64>) -> tensor<i1>
                    stablehlo.return %p : tensor<i1>
                  }) {replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<4xi64>) -> tensor<4xi64>
                  func.return %0 : tensor<4xi64>
                }""",
                "2:8: error: 'stablehlo.all_reduce' (C5): computation must have type (tensor<i64>, tensor<i64>) -> (tensor<i64>) (or wider element types of the same kind), found (tensor<i64>, tensor<i64>) -> (tensor<i1>)"),
            Arguments.of("reduce_scatter C8 scattered dimension size", """
                func.func @main(%x: tensor<2x4xi64>) -> tensor<2x4xi64> {
                  %0 = "stablehlo.reduce_scatter"(%x) ({
                  ^bb0(%a: tensor<i64>, %b: tensor<i64>):
                    %s = stablehlo.add %a, %b : tensor<i64>
                    stablehlo.return %s : tensor<i64>
                  }) {scatter_dimension = 1 : i64, replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<2x4xi64>) -> tensor<2x4xi64>
                  func.return %0 : tensor<2x4xi64>
                }""",
                "2:8: error: 'stablehlo.reduce_scatter' (C8): expected result shape [2, 2], found tensor<2x4xi64>"),
            Arguments.of("collective_permute C2 repeated source", """
                func.func @main(%x: tensor<2xi64>) -> tensor<2xi64> {
                  %0 = "stablehlo.collective_permute"(%x) {source_target_pairs = dense<[[0, 1], [0, 2]]> : tensor<2x2xi64>} : (tensor<2xi64>) -> tensor<2xi64>
                  func.return %0 : tensor<2xi64>
                }""",
                "2:8: error: 'stablehlo.collective_permute' (C2): sources [0, 0] in source_target_pairs must be unique"),
            Arguments.of("select_and_scatter C9 select must yield a predicate", """
                func.func @main(%x: tensor<4x2xi64>, %s: tensor<2x2xi64>, %z: tensor<i64>) -> tensor<4x2xi64> {
                  %0 = "stablehlo.select_and_scatter"(%x, %s, %z) ({
                  ^bb0(%a: tensor<i64>, %b: tensor<i64>):
                    stablehlo.return %a : tensor<i64>
                  }, {
                  ^bb0(%a: tensor<i64>, %b: tensor<i64>):
                    %t = stablehlo.add %a, %b : tensor<i64>
                    stablehlo.return %t : tensor<i64>
                  }) {window_dimensions = array<i64: 3, 1>, window_strides = array<i64: 2, 1>, padding = dense<[[0, 1], [0, 0]]> : tensor<2x2xi64>} : (tensor<4x2xi64>, tensor<2x2xi64>, tensor<i64>) -> tensor<4x2xi64>
                  func.return %0 : tensor<4x2xi64>
                }""",
                "2:8: error: 'stablehlo.select_and_scatter' (C9): select must have type (tensor<i64>, tensor<i64>) -> (tensor<i1>), found (tensor<i64>, tensor<i64>) -> (tensor<i64>)"),
            Arguments.of("infeed C3 last result must be a token", """
                func.func @main(%t: !stablehlo.token) -> tensor<2xi64> {
                  %0:2 = "stablehlo.infeed"(%t) : (!stablehlo.token) -> (tensor<2xi64>, tensor<2xi64>)
                  func.return %0#1 : tensor<2xi64>
                }""",
                "2:10: error: 'stablehlo.infeed' (C3): the last result must be !stablehlo.token, found tensor<2xi64>"),
            Arguments.of("uniform_dequantize C1 shape", """
                func.func @main(%q: tensor<2x!quant.uniform<i8:f32, 0.5>>) -> tensor<3xf32> {
                  %0 = stablehlo.uniform_dequantize %q : (tensor<2x!quant.uniform<i8:f32, 0.5>>) -> tensor<3xf32>
                  func.return %0 : tensor<3xf32>
                }""",
                "2:8: error: 'stablehlo.uniform_dequantize' (C1): expected result of shape [2] (the shape of operand), found [3] in tensor<3xf32>"),
            Arguments.of("partition_id result type", """
                func.func @main() -> tensor<i32> {
                  %0 = "stablehlo.partition_id"() : () -> tensor<i32>
                  func.return %0 : tensor<i32>
                }""",
                "2:8: error: 'stablehlo.partition_id': result must be a 0-dimensional tensor of ui32, found tensor<i32>"),

            // ---- Shardy shardings (not numbered by the spec: no label) ----
            Arguments.of("sdy.sharding_constraint rank differs from the tensor's", """
                sdy.mesh @mesh = <["data"=2, "expert"=4]>
                func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
                  %0 = sdy.sharding_constraint %x <@mesh, [{"data"}]> : tensor<2x3xf32>
                  func.return %0 : tensor<2x3xf32>
                }""",
                "3:8: error: 'sdy.sharding_constraint': sharding has 1 dimension shardings but tensor<2x3xf32> has rank 2"),
            Arguments.of("function argument sharded over an axis the mesh lacks", """
                sdy.mesh @mesh = <["data"=2, "expert"=4]>
                func.func @main(%x: tensor<8x16xf32> {sdy.sharding = #sdy.sharding<@mesh, [{"model"}, {}]>}) -> tensor<8x16xf32> {
                  func.return %x : tensor<8x16xf32>
                }""",
                "2:1: error: 'func.func': argument #0 sharding uses axis \"model\", which the mesh does not have (mesh axes: [data, expert])"),
            Arguments.of("one mesh axis shards two dimensions", """
                sdy.mesh @mesh = <["data"=2, "expert"=4]>
                func.func @main(%x: tensor<8x16xf32>) -> tensor<8x16xf32> {
                  %0 = sdy.sharding_constraint %x <@mesh, [{"expert"}, {"expert"}]> : tensor<8x16xf32>
                  func.return %0 : tensor<8x16xf32>
                }""",
                "3:8: error: 'sdy.sharding_constraint': sharding uses axis \"expert\" more than once"),
            Arguments.of("op sharding names an undefined mesh", """
                func.func @main(%x: tensor<8xf32>) -> tensor<8xf32> {
                  %0 = stablehlo.negate %x {sdy.sharding = #sdy.sharding_per_value<[<@nomesh, [{}]>]>} : tensor<8xf32>
                  func.return %0 : tensor<8xf32>
                }""",
                "2:8: error: 'stablehlo.negate': result #0 sharding refers to @nomesh, which is not an sdy.mesh in scope"),

            // ---- func ----
            Arguments.of("func.return type differs from the function's result", """
                func.func @main(%x: tensor<2xf32>) -> tensor<2xi32> {
                  func.return %x : tensor<2xf32>
                }""",
                "2:3: error: 'func.return': returns (tensor<2xf32>) but @main declares results (tensor<2xi32>)"),
            Arguments.of("func.call operand types differ from the callee's", """
                func.func @callee(%x: tensor<2xi32>) -> tensor<2xi32> {
                  func.return %x : tensor<2xi32>
                }
                func.func @main(%x: tensor<2xf32>) -> tensor<2xi32> {
                  %0 = func.call @callee(%x) : (tensor<2xf32>) -> tensor<2xi32>
                  func.return %0 : tensor<2xi32>
                }""",
                "5:8: error: 'func.call': operand types (tensor<2xf32>) do not match @callee's inputs (tensor<2xi32>)"),
            Arguments.of("func.call to an undefined function", """
                func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
                  %0 = func.call @missing(%x) : (tensor<2xf32>) -> tensor<2xf32>
                  func.return %0 : tensor<2xf32>
                }""",
                "2:8: error: 'func.call': no function @missing in scope")
        );
    }
}
