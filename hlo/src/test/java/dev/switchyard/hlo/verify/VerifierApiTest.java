package dev.switchyard.hlo.verify;

import static dev.switchyard.hlo.verify.NegativeVerifierTest.verifyText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.Block;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.HloParser;
import dev.switchyard.hlo.ir.Location;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.OpBuilder;
import dev.switchyard.hlo.ir.Region;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.ir.Type.TensorType;
import dev.switchyard.hlo.ir.Value;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.verify.bench.TransformerLikeModule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verifier's entry points: reporting order, the throwing variant, what it must accept, and deep IR. */
class VerifierApiTest {

    @Test
    void reportsEveryErrorInSourceOrderIncludingInsideRegions() {
        List<VerifierError> errors = verifyText("""
                func.func @main(%x: tensor<2x3xf32>, %z: tensor<f32>) -> tensor<2xf32> {
                  %0 = "stablehlo.transpose"(%x) {permutation = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
                  %1 = "stablehlo.reduce"(%x, %z) ({
                  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
                    %s = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f64>
                    stablehlo.return %a : tensor<f32>
                  }) {dimensions = array<i64: 1>} : (tensor<2x3xf32>, tensor<f32>) -> tensor<2xf32>
                  %2 = stablehlo.iota dim = 1 : tensor<4xi32>
                  func.return %1 : tensor<2xf32>
                }""");
        assertEquals(List.of(
                "2:8: error: 'stablehlo.transpose' (C2): permutation [1, 1] is not a permutation of [0, 1]",
                "5:10: error: 'stablehlo.add' (C1): expected result of type tensor<f32> (the type of lhs), found tensor<f64>",
                "8:8: error: 'stablehlo.iota' (C1): iota_dimension 1 must lie in [0, 1) for output tensor<4xi32>"),
                errors.stream().map(VerifierError::format).toList());
    }

    @Test
    void throwingVariantListsEveryErrorWithTheFileName() throws Exception {
        ModuleOp m = HloParser.parse("""
                func.func @main(%x: tensor<2xf32>) -> tensor<2xi32> {
                  %0 = stablehlo.floor %x : tensor<2xf32>
                  %1 = stablehlo.popcnt %0 : tensor<2xf32>
                  func.return %1 : tensor<2xf32>
                }""", "model.mlir");
        VerificationException e = assertThrows(VerificationException.class, () -> Verifier.verifyOrThrow(m));
        assertEquals(2, e.errors().size());
        assertEquals("""
                model.mlir:3:8: error: 'stablehlo.popcnt' (I1): operand must be a tensor of integer type, found tensor<2xf32>
                model.mlir:4:3: error: 'func.return': returns (tensor<2xf32>) but @main declares results (tensor<2xi32>)""",
                e.getMessage());
    }

    @Test
    void acceptsUnmodelledOpsDynamicShapesAndQuantizedTypes() {
        List<VerifierError> errors = verifyText("""
                func.func @main(%x: tensor<?x3xf32>, %y: tensor<2x3xf32>, %q: tensor<2x!quant.uniform<i8:f32, 0.5>>) -> tensor<?x3xf32> {
                  %0 = stablehlo.add %x, %y : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x3xf32>
                  %1 = "mydialect.anything"(%x, %q) {weird = [1, "two"]} : (tensor<?x3xf32>, tensor<2x!quant.uniform<i8:f32, 0.5>>) -> i32
                  %2 = stablehlo.transpose %x, dims = [1, 0] : (tensor<?x3xf32>) -> tensor<3x?xf32>
                  %3 = stablehlo.abs %q : tensor<2x!quant.uniform<i8:f32, 0.5>>
                  %4 = "stablehlo.all_gather"(%y) {all_gather_dim = 1 : i64, replica_groups = dense<> : tensor<0x0xi64>} : (tensor<2x3xf32>) -> tensor<2x12xf32>
                  func.return %0 : tensor<?x3xf32>
                }""");
        assertEquals(List.of(), errors);
    }

    @Test
    void locationsFromBuiltModulesAreUnknownButStillNamed() {
        ModuleOp m = new ModuleOp();
        TensorType t = new TensorType(ElementType.F32, 2);
        FuncOp f = m.addFunction("main", new Type.FunctionType(List.of(t), List.of(t)));
        OpBuilder b = new OpBuilder(f.body());
        Value x = f.arguments().getFirst();
        b.op("stablehlo.reshape").operands(x).result(new TensorType(ElementType.F32, 3)).build();
        b.op("func.return").operands(x).build();
        List<VerifierError> errors = Verifier.verify(m);
        assertEquals(1, errors.size());
        assertEquals("<unknown>: error: 'stablehlo.reshape' (C2): operand tensor<2xf32> has 2 elements but result tensor<3xf32> has 3",
                errors.getFirst().format());
    }

    /** The walk keeps its own stack: 10 000 nested regions must neither overflow nor lose the innermost error. */
    @Test
    void deeplyNestedRegionsAreWalkedWithoutRecursion() {
        ModuleOp m = new ModuleOp();
        FuncOp f = m.addFunction("main", new Type.FunctionType(List.of(), List.of()));
        Block block = f.body();
        int depth = 10_000;
        for (int i = 0; i < depth; i++) {
            Block inner = new Block();
            new OpBuilder(block).op("test.wrapper").region(Region.of(inner)).build();
            block = inner;
        }
        new OpBuilder(block).at(new Location("deep.mlir", 7, 9)).op("stablehlo.iota")
                .attr("iota_dimension", Attribute.IntegerAttr.i64(3)).result(new TensorType(ElementType.I32, 4)).build();
        new OpBuilder(f.body()).op("func.return").build();
        List<VerifierError> errors = Verifier.verify(m);
        assertEquals(List.of("deep.mlir:7:9: error: 'stablehlo.iota' (C1): iota_dimension 3 must lie in [0, 1) for output tensor<4xi32>"),
                errors.stream().map(VerifierError::format).toList());
    }

    @Test
    void aValidBuiltFeedForwardStackHasNoErrors() {
        ModuleOp m = TransformerLikeModule.build(20, 8, 16);
        assertEquals(List.of(), Verifier.verify(m));
    }

    @Test
    void callsResolveInTheEnclosingModuleScope() {
        List<VerifierError> errors = verifyText("""
                module {
                  func.func private @double(%x: tensor<2xi64>) -> tensor<2xi64> {
                    %0 = stablehlo.add %x, %x : tensor<2xi64>
                    func.return %0 : tensor<2xi64>
                  }
                  func.func @main(%x: tensor<2xi64>) -> tensor<2xi64> {
                    %0 = func.call @double(%x) : (tensor<2xi64>) -> tensor<2xi64>
                    %1 = func.call @double(%0) : (tensor<2xi64>) -> tensor<2xi32>
                    func.return %0 : tensor<2xi64>
                  }
                }""");
        assertEquals(List.of("8:10: error: 'func.call': result types (tensor<2xi32>) do not match @double's results (tensor<2xi64>)"),
                errors.stream().map(VerifierError::format).toList());
        assertTrue(Verifier.models("stablehlo.dot_general"));
        assertTrue(!Verifier.models("mydialect.anything"));
    }
}
