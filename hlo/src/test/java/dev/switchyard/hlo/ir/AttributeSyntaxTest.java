package dev.switchyard.hlo.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attributes and types: the structure parsed from MLIR text (bytes worked out by hand, little-endian)
 * and the canonical text printed back.
 */
class AttributeSyntaxTest {

    /** Parses {@code attr} as the value of attribute {@code a} of a generic op. */
    private static Attribute parse(String attr) throws HloParseException {
        ModuleOp m = HloParser.parse("\"t.op\"() {a = " + attr + "} : () -> ()", "a.mlir");
        return m.operations().get(0).attribute("a").orElseThrow();
    }

    private static byte[] bytes(int... xs) {
        byte[] b = new byte[xs.length];
        for (int i = 0; i < xs.length; i++) b[i] = (byte) xs[i];
        return b;
    }

    @Test
    void denseIntegersAreLittleEndianAndSignExtended() throws Exception {
        var d = assertInstanceOf(Attribute.DenseElementsAttr.class, parse("dense<[[1, -2], [258, 0]]> : tensor<2x2xi16>"));
        assertArrayEquals(bytes(1, 0, 0xFE, 0xFF, 2, 1, 0, 0), d.data().data());
        assertArrayEquals(new long[] {2, 2}, d.data().shape());
        var i4 = assertInstanceOf(Attribute.DenseElementsAttr.class, parse("dense<[-8, 7, -1]> : tensor<3xi4>"));
        assertArrayEquals(bytes(0xF8, 0x07, 0xFF), i4.data().data());
        var u64 = assertInstanceOf(Attribute.DenseElementsAttr.class, parse("dense<18446744073709551615> : tensor<ui64>"));
        assertArrayEquals(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF), u64.data().data());
        assertEquals("dense<18446744073709551615> : tensor<ui64>", u64.text());
        assertEquals("dense<[-8, 7, -1]> : tensor<3xi4>", i4.text());
    }

    @Test
    void denseFloatsKeepNanPayloadsAndRoundToHalfPrecision() throws Exception {
        var f = assertInstanceOf(Attribute.DenseElementsAttr.class, parse("dense<[0x7FC00001, -0.0, 1.5]> : tensor<3xf32>"));
        // 0x7FC00001, -0.0 = 0x80000000, 1.5 = 0x3FC00000
        assertArrayEquals(bytes(0x01, 0, 0xC0, 0x7F, 0, 0, 0, 0x80, 0, 0, 0xC0, 0x3F), f.data().data());
        assertEquals("dense<[0x7FC00001, -0.000000e+00, 1.500000e+00]> : tensor<3xf32>", f.text());
        // bf16: 1/3 = 0x3EAAAAAB in f32, rounded to nearest even in 16 bits: 0x3EAB.
        var bf = assertInstanceOf(Attribute.DenseElementsAttr.class, parse("dense<0.333333333> : tensor<2xbf16>"));
        assertArrayEquals(bytes(0xAB, 0x3E), bf.data().data());
        assertEquals(0, bf.data().rank()); // a splat stays one element
        // f16: 65504 is the largest finite value (0x7BFF); 0x7C00 is +inf and prints as hex.
        var h = assertInstanceOf(Attribute.DenseElementsAttr.class, parse("dense<[65504.0, 0x7C00]> : tensor<2xf16>"));
        assertArrayEquals(bytes(0xFF, 0x7B, 0x00, 0x7C), h.data().data());
        assertEquals("dense<[6.550400e+04, 0x7C00]> : tensor<2xf16>", h.text());
    }

    @Test
    void complexBoolAndEmptyTensors() throws Exception {
        var c = assertInstanceOf(Attribute.DenseElementsAttr.class, parse("dense<[(1.0, -2.0)]> : tensor<1xcomplex<f32>>"));
        assertArrayEquals(bytes(0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0), c.data().data());
        assertEquals("dense<(1.000000e+00, -2.000000e+00)> : tensor<1xcomplex<f32>>", c.text());
        var b = assertInstanceOf(Attribute.DenseElementsAttr.class, parse("dense<[true, false, true]> : tensor<3xi1>"));
        assertArrayEquals(bytes(1, 0, 1), b.data().data());
        var e = assertInstanceOf(Attribute.DenseElementsAttr.class, parse("dense<[[], []]> : tensor<2x0xf32>"));
        assertEquals(0, e.data().data().length);
        assertEquals("dense<> : tensor<2x0xf32>", e.text());
    }

    @Test
    void largeConstantsUseTheHexFormBothWays() throws Exception {
        int n = 1000;
        byte[] data = new byte[4 * n];
        for (int i = 0; i < n; i++) data[4 * i] = (byte) i; // i32 values 0..255 repeating
        var t = new Type.TensorType(ElementType.I32, n);
        var d = new Attribute.DenseElementsAttr(t, new HostTensor(ElementType.I32, new long[] {n}, data));
        String text = d.text();
        assertEquals(true, text.startsWith("dense<\"0x000000000100000002000000"), text.substring(0, 40));
        assertEquals(d.materialize(), ((Attribute.DenseElementsAttr) parse(text)).materialize());
    }

    @Test
    void stablehloStructuredAttributes() throws Exception {
        var g = assertInstanceOf(Attribute.GatherDimensionNumbers.class, parse(
                "#stablehlo.gather<offset_dims = [1, 2], collapsed_slice_dims = [0], start_index_map = [0, 1], index_vector_dim = 2,>"));
        assertArrayEquals(new long[] {1, 2}, g.offsetDims());
        assertArrayEquals(new long[0], g.operandBatchingDims());
        assertEquals(2, g.indexVectorDim());
        assertEquals("#stablehlo.gather<offset_dims = [1, 2], collapsed_slice_dims = [0], start_index_map = [0, 1], index_vector_dim = 2>", g.text());

        var conv = assertInstanceOf(Attribute.ConvDimensionNumbers.class, parse("#stablehlo.conv<[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]>"));
        assertEquals(0, conv.inputBatchDimension());
        assertEquals(3, conv.inputFeatureDimension());
        assertArrayEquals(new long[] {1, 2}, conv.inputSpatialDimensions());
        assertEquals(2, conv.kernelInputFeatureDimension());
        var raw = assertInstanceOf(Attribute.ConvDimensionNumbers.class, parse("#stablehlo.conv<raw input_batch_dimension = 0, "
                + "input_feature_dimension = 3, input_spatial_dimensions = [1, 2], kernel_input_feature_dimension = 2, "
                + "kernel_output_feature_dimension = 3, kernel_spatial_dimensions = [0, 1], output_batch_dimension = 0, "
                + "output_feature_dimension = 3, output_spatial_dimensions = [1, 2]>"));
        assertEquals(conv, raw);

        assertEquals(new Attribute.EnumAttr(StablehloEnum.Precision.HIGHEST), parse("#stablehlo<precision HIGHEST>"));
        assertEquals(new Attribute.ChannelHandle(1, 2), parse("#stablehlo.channel_handle<handle = 1, type = 2>"));
        var acc = assertInstanceOf(Attribute.ResultAccuracy.class,
                parse("#stablehlo.result_accuracy<atol = 1.000000e-05, mode = #stablehlo.result_accuracy_mode<TOLERANCE>>"));
        assertEquals(1e-5, acc.atol());
        assertEquals(StablehloEnum.ResultAccuracyMode.TOLERANCE, acc.mode());
        assertEquals("#stablehlo.result_accuracy<atol = 1.000000e-05, mode = #stablehlo.result_accuracy_mode<TOLERANCE>>", acc.text());
        // Attributes we only carry keep their text exactly.
        assertEquals(new Attribute.OpaqueAttr("#stablehlo.output_operand_alias<output_tuple_indices = [0], operand_index = 1>"),
                parse("#stablehlo.output_operand_alias<output_tuple_indices = [0], operand_index = 1>"));
    }

    @Test
    void shardyAttributes() throws Exception {
        var s = assertInstanceOf(Attribute.SdySharding.class,
                parse("#sdy.sharding<@mesh, [{\"x\", \"y\":(2)2}p1, {?}, {}], replicated={\"z\"}>"));
        assertEquals(Attribute.SymbolRefAttr.of("mesh"), s.mesh());
        Attribute.DimSharding d0 = s.dimShardings().get(0);
        assertEquals(List.of("x", "y"), d0.axes().stream().map(Attribute.AxisRef::name).toList());
        assertEquals(2, d0.axes().get(1).subAxisPreSize().getAsLong());
        assertEquals(1, d0.priority().getAsLong());
        assertEquals(false, s.dimShardings().get(1).closed());
        assertEquals("z", s.replicatedAxes().get(0).name());
        assertEquals("#sdy.sharding<@mesh, [{\"x\", \"y\":(2)2}p1, {?}, {}], replicated={\"z\"}>", s.text());

        var mesh = assertInstanceOf(Attribute.SdyMesh.class, parse("#sdy.mesh<[\"data\"=4, \"expert\"=2], device_ids=[7, 6, 5, 4, 3, 2, 1, 0]>"));
        assertEquals(new Attribute.MeshAxis("expert", 2), mesh.axes().get(1));
        assertEquals(7, mesh.deviceIds()[0]);
        var per = assertInstanceOf(Attribute.SdyShardingPerValue.class, parse("#sdy.sharding_per_value<[<@mesh, [{\"x\"}]>, <@mesh, []>]>"));
        assertEquals(2, per.shardings().size());
    }

    @Test
    void mhloShardingStringsAreStructuredWhenTheyReadBackExactly() throws Exception {
        var m = assertInstanceOf(Attribute.MhloSharding.class,
                HloParser.parse("\"t.op\"() {mhlo.sharding = \"{devices=[2,1,2]0,2,1,3 last_tile_dim_replicate}\"} : () -> ()", "a")
                        .operations().get(0).attribute("mhlo.sharding").orElseThrow());
        var tiled = assertInstanceOf(GspmdSharding.Tiled.class, m.sharding());
        assertArrayEquals(new long[] {2, 1, 2}, tiled.tileDims());
        assertArrayEquals(new long[] {0, 2, 1, 3}, tiled.devices());
        assertEquals(true, tiled.lastTileDimReplicate());
        assertEquals(new GspmdSharding.Maximal(3), GspmdSharding.parse("{maximal device=3}").orElseThrow());
        // A form the model does not hold stays a string.
        Attribute meta = HloParser.parse("\"t.op\"() {mhlo.sharding = \"{replicated metadata={op_name=\\\"x\\\"}}\"} : () -> ()", "a")
                .operations().get(0).attribute("mhlo.sharding").orElseThrow();
        assertInstanceOf(Attribute.StringAttr.class, meta);
    }

    @Test
    void scalarsArraysAndDictionaries() throws Exception {
        assertEquals(Attribute.IntegerAttr.i64(-3), parse("-3"));
        assertEquals(new Attribute.BoolAttr(true), parse("1 : i1"));
        assertEquals(new Attribute.FloatAttr(0x7FC00000L, ElementType.F32), parse("0x7FC00000 : f32"));
        assertEquals(new Attribute.FloatAttr(0xFF80L, ElementType.BF16), parse("0xFF80 : bf16"));
        assertEquals(Attribute.DenseArrayAttr.i64(1, -2), parse("array<i64: 1, -2>"));
        assertEquals(Attribute.DenseArrayAttr.bools(true, false), parse("array<i1: true, false>"));
        var dict = assertInstanceOf(Attribute.DictionaryAttr.class, parse("{b = \"s\\0A\", a, \"c d\" = @f::@g}"));
        assertEquals(new Attribute.StringAttr("s\n"), dict.get("b").orElseThrow());
        assertEquals(new Attribute.UnitAttr(), dict.get("a").orElseThrow());
        assertEquals(new Attribute.SymbolRefAttr("f", List.of("g")), dict.get("c d").orElseThrow());
        // Dictionaries print sorted by name, as MLIR keeps them.
        assertEquals("{a, b = \"s\\0A\", \"c d\" = @f::@g}", dict.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tensor<2x?x3xf32>", "tensor<*xi8>", "tensor<f64>", "tensor<4xcomplex<f64>>", "tuple<tensor<i32>, !stablehlo.token>",
            "!stablehlo.token", "(tensor<f32>, i32) -> (tensor<i1>, tensor<i1>)", "tensor<2x!quant.uniform<i8:f32, 2.000000e+00:15>>",
            "tensor<?xf32, #stablehlo.bounds<3>>", "tensor<4xf8E4M3FN>", "index", "tensor<3xui2>"})
    void typesPrintAsWritten(String type) throws Exception {
        ModuleOp m = HloParser.parse("\"t.op\"() {a = " + type + "} : () -> ()", "t");
        var t = assertInstanceOf(Attribute.TypeAttr.class, m.operations().get(0).attribute("a").orElseThrow());
        assertEquals(type, t.type().text());
    }

    @Test
    void typeStructure() throws Exception {
        ModuleOp m = HloParser.parse("\"t.op\"() {a = tensor<2x?xbf16>} : () -> ()", "t");
        var tt = assertInstanceOf(Type.TensorType.class, ((Attribute.TypeAttr) m.operations().get(0).attribute("a").orElseThrow()).type());
        assertArrayEquals(new long[] {2, Type.TensorType.DYNAMIC}, tt.shape());
        assertEquals(ElementType.BF16, tt.knownElementType().orElseThrow());
        assertEquals(false, tt.hasStaticShape());
    }
}
