package dev.switchyard.hlo.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuilderAndGenericPrinterTest {

    @Test
    void buildsAndPrintsAFunctionInGenericForm() {
        Type.TensorType t = new Type.TensorType(ElementType.F32, 2);
        ModuleOp m = new ModuleOp();
        FuncOp f = m.addFunction("main", new Type.FunctionType(List.of(t, t), List.of(t)));
        OpBuilder b = new OpBuilder(f.body());
        Value sum = b.op("stablehlo.add").operands(f.arguments()).result(t).value();
        b.op("func.return").operands(sum).build();

        String expected = """
                "func.func"() ({
                ^bb0(%arg0: tensor<2xf32>, %arg1: tensor<2xf32>):
                  %0 = "stablehlo.add"(%arg0, %arg1) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
                  "func.return"(%0) : (tensor<2xf32>) -> ()
                }) {function_type = (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>, sym_name = "main"} : () -> ()
                """;
        assertEquals(expected, GenericPrinter.print(m));
    }

    @Test
    void printsAttributesInMlirSyntax() {
        byte[] le = {0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0}; // 1.0f, -2.0f
        var dense = new Attribute.DenseElementsAttr(new Type.TensorType(ElementType.F32, 2),
                new HostTensor(ElementType.F32, new long[] {2}, le));
        assertEquals("dense<[1.000000e+00, -2.000000e+00]> : tensor<2xf32>", dense.text());
        var splat = Attribute.DenseElementsAttr.splat(new Type.TensorType(ElementType.I32, 3, 4),
                new HostTensor(ElementType.I32, new long[0], new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}));
        assertEquals("dense<-1> : tensor<3x4xi32>", splat.text());
        assertEquals("0x7FC00000 : f32", new Attribute.FloatAttr(0x7FC00000L, ElementType.F32).text());
        assertEquals("0xFC00 : f16", new Attribute.FloatAttr(0xFC00L, ElementType.F16).text());
        assertEquals("array<i64: 1, 2>", Attribute.DenseArrayAttr.i64(1, 2).text());
        assertEquals("#stablehlo<comparison_direction LT>",
                new Attribute.EnumAttr(StablehloEnum.ComparisonDirection.LT).text());
        assertEquals("#stablehlo.conv<[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]>",
                new Attribute.ConvDimensionNumbers(0, 3, new long[] {1, 2}, 2, 3, new long[] {0, 1}, 0, 3, new long[] {1, 2}).text());
        assertEquals("#sdy.sharding<@mesh, [{\"data\"}, {?}]>",
                new Attribute.SdySharding("mesh", List.of(Attribute.DimSharding.closed(Attribute.AxisRef.of("data")),
                        new Attribute.DimSharding(List.of(), false, java.util.OptionalLong.empty()))).text());
        assertEquals("\"a\\22b\\0A\"", new Attribute.StringAttr("a\"b\n").text());
    }

    @Test
    void roundsDoublesToHalfPrecisionTiesToEven() {
        // 1 + 2^-11 is halfway between f16 1.0 (0x3C00) and the next value 0x3C01: ties to even -> 0x3C00.
        assertEquals(0x3C00L, Attribute.FloatAttr.of(1 + Math.scalb(1.0, -11), ElementType.F16).bits());
        // 1 + 3*2^-11 is halfway between 0x3C01 and 0x3C02: ties to even -> 0x3C02.
        assertEquals(0x3C02L, Attribute.FloatAttr.of(1 + 3 * Math.scalb(1.0, -11), ElementType.F16).bits());
        // 65520 rounds past the largest f16 (65504) to +inf.
        assertEquals(0x7C00L, Attribute.FloatAttr.of(65520, ElementType.F16).bits());
        // the smallest f16 subnormal is 2^-24.
        assertEquals(0x0001L, Attribute.FloatAttr.of(Math.scalb(1.0, -24), ElementType.F16).bits());
        // bf16 keeps the top 16 bits of f32 when exact; -0.0 keeps its sign.
        assertEquals(0x3FC0L, Attribute.FloatAttr.of(1.5, ElementType.BF16).bits());
        assertEquals(0x8000L, Attribute.FloatAttr.of(-0.0, ElementType.BF16).bits());
        assertTrue(Double.isNaN(Attribute.FloatAttr.of(Double.NaN, ElementType.BF16).value()));
    }

    /** Found by the malformed-input property: ops outside any function share the module's scope. */
    @Test
    void opsOutsideAFunctionAreNumberedInOneScope() throws HloParseException {
        String text = """
                %operand = stablehlo.constant dense<[-1, 0, 1]> : tensor<3xi64>
                %result = stablehlo.sign %operand : tensor<3xi64>
                check.expect_eq_const %result, dense<[-1, 0, 1]> : tensor<3xi64>
                func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
                  %0 = stablehlo.add %arg0, %arg0 : tensor<2xf32>
                  func.return %0 : tensor<2xf32>
                }
                """;
        ModuleOp m = HloParser.parse(text, "top.mlir");
        String generic = GenericPrinter.print(m);
        assertTrue(generic.contains("%1 = \"stablehlo.sign\"(%0)"), generic);
        assertTrue(generic.contains("\"check.expect_eq_const\"(%1)"), generic);
        assertTrue(generic.contains("%2 = \"stablehlo.add\"(%arg0, %arg0)"), generic);
        assertEquals(generic, GenericPrinter.print(HloParser.parse(generic, "generic.mlir")));
        String pretty = PrettyPrinter.print(m);
        assertEquals(generic, GenericPrinter.print(HloParser.parse(pretty, "pretty.mlir")));
    }
}
