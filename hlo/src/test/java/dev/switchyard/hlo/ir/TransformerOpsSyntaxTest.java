package dev.switchyard.hlo.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.tensor.ElementType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ops a transformer compiler emits, written in StableHLO's pretty syntax as stablehlo-opt prints
 * it (spellings follow StableHLO's {@code print_stablehlo.mlir} checks). Parsing and printing gives
 * the same text back; the generic form is accepted by mlir-opt; and the parsed structure is right.
 */
class TransformerOpsSyntaxTest {

    static final String MODULE = """
            module @jit_switch attributes {mhlo.num_partitions = 4 : i32, mhlo.num_replicas = 1 : i32} {
              sdy.mesh @mesh = <["data"=2, "expert"=2]>
              func.func @main(%arg0: tensor<8x16xbf16> {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}]>}, %arg1: tensor<16x32xbf16> {mhlo.sharding = "{devices=[1,2]<=[2]}"}, %arg2: tensor<8xi32>) -> (tensor<8x32xf32> {jax.result_info = "out"}) {
                %0 = stablehlo.dot_general %arg0, %arg1, contracting_dims = [1] x [0], precision = [DEFAULT, DEFAULT] : (tensor<8x16xbf16>, tensor<16x32xbf16>) -> tensor<8x32xf32>
                %1 = stablehlo.constant dense<0.000000e+00> : tensor<f32>
                %2 = stablehlo.broadcast_in_dim %1, dims = [] : (tensor<f32>) -> tensor<8x32xf32>
                %3 = stablehlo.maximum %0, %2 : tensor<8x32xf32>
                %4 = stablehlo.reduce(%3 init: %1) applies stablehlo.add across dimensions = [1] : (tensor<8x32xf32>, tensor<f32>) -> tensor<8xf32>
                %5 = stablehlo.reshape %4 : (tensor<8xf32>) -> tensor<8x1xf32>
                %6 = stablehlo.transpose %5, dims = [1, 0] : (tensor<8x1xf32>) -> tensor<1x8xf32>
                %7 = stablehlo.convert %arg2 : (tensor<8xi32>) -> tensor<8xf32>
                %8 = stablehlo.compare  GT, %4, %7,  FLOAT : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xi1>
                %9 = stablehlo.select %8, %4, %7 : tensor<8xi1>, tensor<8xf32>
                %10 = stablehlo.exponential %9 : tensor<8xf32>
                %11 = stablehlo.log %10 : tensor<8xf32>
                %12 = stablehlo.rsqrt %11 : tensor<8xf32>
                %13 = stablehlo.tanh %12 : tensor<8xf32>
                %14 = stablehlo.multiply %13, %13 : tensor<8xf32>
                %15 = stablehlo.iota dim = 0 : tensor<8xi32>
                %16 = stablehlo.concatenate %15, %arg2, dim = 0 : (tensor<8xi32>, tensor<8xi32>) -> tensor<16xi32>
                %17 = stablehlo.slice %16 [0:16:2] : (tensor<16xi32>) -> tensor<8xi32>
                %18 = stablehlo.constant dense<1> : tensor<i32>
                %19 = stablehlo.dynamic_slice %3, %18, %18, sizes = [4, 8] : (tensor<8x32xf32>, tensor<i32>, tensor<i32>) -> tensor<4x8xf32>
                %20 = stablehlo.dynamic_update_slice %3, %19, %18, %18 : (tensor<8x32xf32>, tensor<4x8xf32>, tensor<i32>, tensor<i32>) -> tensor<8x32xf32>
                %21 = stablehlo.pad %14, %1, low = [1], high = [2], interior = [0] : (tensor<8xf32>, tensor<f32>) -> tensor<11xf32>
                %22 = stablehlo.reshape %17 : (tensor<8xi32>) -> tensor<8x1xi32>
                %23 = "stablehlo.gather"(%20, %22) {dimension_numbers = #stablehlo.gather<offset_dims = [1], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1>, slice_sizes = array<i64: 1, 32>} : (tensor<8x32xf32>, tensor<8x1xi32>) -> tensor<8x32xf32>
                %24 = "stablehlo.scatter"(%20, %22, %23) ({
                ^bb0(%arg5: tensor<f32>, %arg6: tensor<f32>):
                  %43 = stablehlo.add %arg5, %arg6 : tensor<f32>
                  stablehlo.return %43 : tensor<f32>
                }) {scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [1], inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 1>} : (tensor<8x32xf32>, tensor<8x1xi32>, tensor<8x32xf32>) -> tensor<8x32xf32>
                %25 = stablehlo.custom_call @Sharding(%24) {backend_config = "", mhlo.sharding = "{replicated}"} : (tensor<8x32xf32>) -> tensor<8x32xf32>
                %26 = sdy.sharding_constraint %25 <@mesh, [{"data", ?}, {?}]> : tensor<8x32xf32>
                %27 = stablehlo.constant dense<[1, 2]> : tensor<2xui64>
                %output_state, %output = stablehlo.rng_bit_generator %27, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<8x32xui32>)
                """;

    // The input spells some things differently from the canonical print (result names, spacing); the
    // canonical text replaces them. Nested regions continue the function's numbering (MLIR numbers a
    // region's own values before those of regions nested in it; the compact reduce's hidden body counts).
    static final String SOURCE = (MODULE.replace("%output_state, %output = stablehlo.rng_bit_generator", "%28:2 = stablehlo.rng_bit_generator")
            .replace("stablehlo.compare  GT, %4, %7,  FLOAT", "stablehlo.compare GT, %4, %7, FLOAT") + """
                %29 = stablehlo.constant dense<0> : tensor<i32>
                %30:2 = stablehlo.while(%arg7 = %29, %arg8 = %26) : tensor<i32>, tensor<8x32xf32>
                cond {
                  %44 = stablehlo.compare LT, %arg7, %18 : (tensor<i32>, tensor<i32>) -> tensor<i1>
                  stablehlo.return %44 : tensor<i1>
                } do {
                  %45 = stablehlo.add %arg7, %18 : tensor<i32>
                  stablehlo.return %45, %arg8 : tensor<i32>, tensor<8x32xf32>
                }
                %31 = stablehlo.compare EQ, %29, %18 : (tensor<i32>, tensor<i32>) -> tensor<i1>
                %32 = "stablehlo.if"(%31) ({
                  stablehlo.return %30#1 : tensor<8x32xf32>
                }, {
                  stablehlo.return %3 : tensor<8x32xf32>
                }) : (tensor<i1>) -> tensor<8x32xf32>
                %33 = "stablehlo.case"(%29) ({
                  stablehlo.return %32 : tensor<8x32xf32>
                }) : (tensor<i32>) -> tensor<8x32xf32>
                %34:2 = "stablehlo.sort"(%14, %7) ({
                ^bb0(%arg9: tensor<f32>, %arg10: tensor<f32>, %arg11: tensor<f32>, %arg12: tensor<f32>):
                  %46 = stablehlo.compare GT, %arg9, %arg10, TOTALORDER : (tensor<f32>, tensor<f32>) -> tensor<i1>
                  stablehlo.return %46 : tensor<i1>
                }) {dimension = 0 : i64, is_stable = true} : (tensor<8xf32>, tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>)
                %35 = stablehlo.reduce(%3 init: %1) across dimensions = [0] : (tensor<8x32xf32>, tensor<f32>) -> tensor<32xf32>
                 reducer(%arg13: tensor<f32>, %arg14: tensor<f32>) {
                  %47 = stablehlo.maximum %arg13, %arg14 : tensor<f32>
                  %48 = stablehlo.add %47, %arg13 : tensor<f32>
                  stablehlo.return %48 : tensor<f32>
                }
                %36 = stablehlo.convolution(%arg0, %arg1) dim_numbers = [b, f]x[i, o]->[b, f], window = {} {batch_group_count = 1 : i64, feature_group_count = 1 : i64} : (tensor<8x16xbf16>, tensor<16x32xbf16>) -> tensor<8x32xf32>
                %37 = func.call @helper(%3) : (tensor<8x32xf32>) -> tensor<8x32xf32>
                %38 = stablehlo.logistic %37 : tensor<8x32xf32>
                %39 = stablehlo.negate %38 : tensor<8x32xf32>
                %40 = stablehlo.divide %39, %38 : tensor<8x32xf32>
                %41 = stablehlo.subtract %40, %36 : tensor<8x32xf32>
                func.return %41 : tensor<8x32xf32>
              }
              func.func private @helper(%arg0: tensor<8x32xf32>) -> tensor<8x32xf32> {
                func.return %arg0 : tensor<8x32xf32>
              }
            }
            """);

    @Test
    void prettyFormPrintsBackUnchanged() throws HloParseException {
        ModuleOp m = HloParser.parse(SOURCE, "t.mlir");
        assertEquals(SOURCE, PrettyPrinter.print(m));
    }

    @Test
    void parsedStructureMatchesTheText() throws HloParseException {
        ModuleOp m = HloParser.parse(SOURCE, "t.mlir");
        assertEquals("jit_switch", m.name().orElseThrow());
        assertEquals(Attribute.IntegerAttr.i32(4), m.attribute("mhlo.num_partitions").orElseThrow());
        Operation mesh = m.operations().get(0);
        assertEquals("sdy.mesh", mesh.name());
        Attribute.SdyMesh meshAttr = assertInstanceOf(Attribute.SdyMesh.class, mesh.attribute("mesh").orElseThrow());
        assertEquals("expert", meshAttr.axes().get(1).name());
        assertEquals(2, meshAttr.axes().get(1).size());

        FuncOp main = m.function("main").orElseThrow();
        assertEquals(3, main.arguments().size());
        var sharding = assertInstanceOf(Attribute.SdySharding.class, main.argumentAttributes(0).get("sdy.sharding").orElseThrow());
        assertEquals(Attribute.SymbolRefAttr.of("mesh"), sharding.mesh());
        assertEquals("data", sharding.dimShardings().get(0).axes().get(0).name());
        var gspmd = assertInstanceOf(Attribute.MhloSharding.class, main.argumentAttributes(1).get("mhlo.sharding").orElseThrow());
        var tiled = assertInstanceOf(GspmdSharding.Tiled.class, gspmd.sharding());
        assertEquals(2, tiled.tileDims()[1]);
        assertEquals("out", ((Attribute.StringAttr) main.resultAttributes(0).get("jax.result_info").orElseThrow()).value());
        assertEquals("private", m.function("helper").orElseThrow().visibility());

        Operation dot = main.body().operations().get(0);
        assertEquals("stablehlo.dot_general", dot.name());
        var dims = assertInstanceOf(Attribute.DotDimensionNumbers.class, dot.attribute("dot_dimension_numbers").orElseThrow());
        assertEquals(1, dims.lhsContractingDimensions()[0]);
        assertEquals(0, dims.rhsContractingDimensions()[0]);
        assertEquals(new Type.TensorType(ElementType.F32, 8, 32), dot.result().type());
        assertEquals(main.arguments().get(0), dot.operand(0));

        Operation reduce = main.body().operations().get(4);
        assertEquals("stablehlo.reduce", reduce.name());
        Block body = reduce.region(0).entry();
        assertEquals("stablehlo.add", body.operations().get(0).name());
        assertEquals(body.argument(0), body.operations().get(0).operand(0));

        Operation compare = main.body().operations().get(8);
        assertEquals(new Attribute.EnumAttr(StablehloEnum.ComparisonDirection.GT), compare.attribute("comparison_direction").orElseThrow());
        assertEquals(new Attribute.EnumAttr(StablehloEnum.ComparisonType.FLOAT), compare.attribute("compare_type").orElseThrow());

        Operation whileOp = main.body().operations().stream().filter(o -> o.name().equals("stablehlo.while")).findFirst().orElseThrow();
        Operation condCompare = whileOp.region(0).entry().operations().get(0);
        assertEquals(whileOp.region(0).entry().argument(0), condCompare.operand(0));
        Operation ifOp = main.body().operations().stream().filter(o -> o.name().equals("stablehlo.if")).findFirst().orElseThrow();
        assertEquals(whileOp.result(1), ifOp.region(0).entry().operations().get(0).operand(0));
    }

    @Test
    void genericFormIsAcceptedByMlirOptAndReadsBackTheSame(@TempDir Path tmp) throws Exception {
        ModuleOp m = HloParser.parse(SOURCE, "t.mlir");
        String generic = GenericPrinter.print(m);
        assertEquals(generic, GenericPrinter.print(HloParser.parse(generic, "g.mlir")));
        Path mlirOpt = Path.of(ConformanceRoundTripTest.MLIR_OPT);
        assertTrue(Files.isExecutable(mlirOpt), "mlir-opt not found at " + mlirOpt + ": install mlir-22-tools or set -Dswitchyard.mlirOpt");
        Path in = tmp.resolve("g.mlir");
        Files.writeString(in, generic, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(mlirOpt.toString(), "--allow-unregistered-dialect", in.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }
}
