package dev.switchyard.hlo.ir;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * MLIR attributes as StableHLO modules use them. Builtin attributes and the structured
 * {@code #stablehlo.*} and {@code #sdy.*} attributes are records a consumer can switch over; any
 * other attribute (other dialects, affine maps, {@code dense_resource}) is an {@link OpaqueAttr}
 * keeping its exact text, so parsing then printing never loses it.
 */
public sealed interface Attribute {

    /** The attribute in MLIR syntax as the generic printer writes it. */
    default String text() { return AttributePrinter.print(this); }

    // ---- builtin ----------------------------------------------------------------------------

    /** {@code 42 : i64}; the type is an integer {@link Type.ScalarType} or {@code index}. */
    record IntegerAttr(BigInteger value, Type type) implements Attribute {
        public IntegerAttr { Objects.requireNonNull(value); Objects.requireNonNull(type); }
        public static IntegerAttr i64(long v) { return new IntegerAttr(BigInteger.valueOf(v), new Type.ScalarType(ElementType.I64)); }
        public static IntegerAttr i32(long v) { return new IntegerAttr(BigInteger.valueOf(v), new Type.ScalarType(ElementType.I32)); }
        public long longValue() { return value.longValue(); }
        @Override public String toString() { return text(); }
    }

    /**
     * {@code 1.5 : f32}. The value is kept as the exact bit pattern of its type (f16/bf16: 16 bits,
     * f32: 32, f64: 64), so NaN payloads and signed zeros survive a round trip.
     */
    record FloatAttr(long bits, ElementType type) implements Attribute {
        public FloatAttr {
            if (!type.isFloat()) throw new IllegalArgumentException("not a float type: " + type);
        }
        public static FloatAttr of(double v, ElementType type) { return new FloatAttr(FloatBits.fromDouble(v, type), type); }
        public static FloatAttr f32(float v) { return new FloatAttr(Float.floatToRawIntBits(v) & 0xffffffffL, ElementType.F32); }
        public static FloatAttr f64(double v) { return new FloatAttr(Double.doubleToRawLongBits(v), ElementType.F64); }
        /** The value widened to double (exact for every float type we model). */
        public double value() { return FloatBits.toDouble(bits, type); }
        @Override public String toString() { return text(); }
    }

    /** {@code true} / {@code false}. */
    record BoolAttr(boolean value) implements Attribute {
        @Override public String toString() { return text(); }
    }

    /** A string; {@link #value} is the decoded text (escapes resolved; may hold any bytes as chars 0-255). */
    record StringAttr(String value) implements Attribute {
        public StringAttr { Objects.requireNonNull(value); }
        @Override public String toString() { return text(); }
    }

    /** The presence-only attribute ({@code unit}, or a bare name in a dictionary). */
    record UnitAttr() implements Attribute {
        @Override public String toString() { return text(); }
    }

    /** A type used as an attribute, e.g. {@code function_type = (tensor<f32>) -> tensor<f32>}. */
    record TypeAttr(Type type) implements Attribute {
        public TypeAttr { Objects.requireNonNull(type); }
        @Override public String toString() { return text(); }
    }

    /** {@code @root} or {@code @root::@nested}. */
    record SymbolRefAttr(String root, List<String> nested) implements Attribute {
        public SymbolRefAttr { Objects.requireNonNull(root); nested = List.copyOf(nested); }
        public static SymbolRefAttr of(String name) { return new SymbolRefAttr(name, List.of()); }
        @Override public String toString() { return text(); }
    }

    /** {@code [a, b, c]}. */
    record ArrayAttr(List<Attribute> elements) implements Attribute {
        public ArrayAttr { elements = List.copyOf(elements); }
        @Override public String toString() { return text(); }
    }

    /**
     * {@code array<i64: 1, 2>}: a dense array of integers, booleans (0/1) or floats (kept as raw bits
     * of the element type, like {@link FloatAttr}).
     */
    record DenseArrayAttr(ElementType elementType, long[] values) implements Attribute {
        public DenseArrayAttr { Objects.requireNonNull(elementType); values = values.clone(); }
        public static DenseArrayAttr i64(long... values) { return new DenseArrayAttr(ElementType.I64, values); }
        public static DenseArrayAttr bools(boolean... values) {
            long[] v = new long[values.length];
            for (int i = 0; i < v.length; i++) v[i] = values[i] ? 1 : 0;
            return new DenseArrayAttr(ElementType.I1, v);
        }
        @Override public long[] values() { return values.clone(); }
        public int size() { return values.length; }
        public long get(int i) { return values[i]; }
        @Override public boolean equals(Object o) {
            return o instanceof DenseArrayAttr a && a.elementType == elementType && Arrays.equals(a.values, values);
        }
        @Override public int hashCode() { return Objects.hash(elementType, Arrays.hashCode(values)); }
        @Override public String toString() { return text(); }
    }

    /** {@code {a = 1, b}}: ordered, names unique. */
    record DictionaryAttr(List<NamedAttribute> entries) implements Attribute {
        public DictionaryAttr { entries = List.copyOf(entries); }
        public Optional<Attribute> get(String name) {
            for (NamedAttribute e : entries) if (e.name().equals(name)) return Optional.of(e.value());
            return Optional.empty();
        }
        @Override public String toString() { return text(); }
    }

    /**
     * {@code dense<...> : tensor<...>} whose element type we model. {@link #data} either has the
     * type's full shape, or is a rank-0 tensor meaning a splat (every element equal), so a splat of
     * a huge tensor stays small. Use {@link #materialize()} for the full tensor.
     */
    record DenseElementsAttr(Type.TensorType type, HostTensor data) implements Attribute {
        public DenseElementsAttr {
            Objects.requireNonNull(type);
            Objects.requireNonNull(data);
            ElementType et = type.knownElementType().orElseThrow(() -> new IllegalArgumentException("dense elements need a modelled element type: " + type));
            if (et != data.elementType()) throw new IllegalArgumentException("data is " + data.elementType() + ", type is " + type);
            if (!type.hasStaticShape()) throw new IllegalArgumentException("dense elements need a static shape: " + type);
            if (data.rank() != 0 && !Arrays.equals(data.shape(), type.shape())) {
                throw new IllegalArgumentException("data shape " + Arrays.toString(data.shape()) + " does not match " + type);
            }
        }
        public static DenseElementsAttr splat(Type.TensorType type, HostTensor scalar) { return new DenseElementsAttr(type, scalar); }
        public boolean isSplat() { return data.rank() == 0 && type.rank() != 0; }
        public ElementType elementType() { return data.elementType(); }
        /** The full tensor of the type's shape (copies a splat out). */
        public HostTensor materialize() {
            if (data.rank() == type.rank()) return data;
            int n = Math.toIntExact(type.elementCount());
            byte[] one = data.data();
            byte[] all = new byte[n * one.length];
            for (int i = 0; i < n; i++) System.arraycopy(one, 0, all, i * one.length, one.length);
            return new HostTensor(data.elementType(), type.shape(), all);
        }
        @Override public String toString() { return "dense<...> : " + type; }
    }

    /**
     * {@code dense<...>} of a type we do not model (e.g. a quantized element type): the literal
     * between the angle brackets is kept verbatim.
     */
    record DenseTextAttr(String literal, Type type) implements Attribute {
        public DenseTextAttr { Objects.requireNonNull(literal); Objects.requireNonNull(type); }
        @Override public String toString() { return text(); }
    }

    /** Any attribute we carry but do not model, kept as its exact text. */
    record OpaqueAttr(String spelling) implements Attribute {
        public OpaqueAttr { Objects.requireNonNull(spelling); }
        @Override public String toString() { return spelling; }
    }

    // ---- #stablehlo.* ----------------------------------------------------------------------

    /** {@code #stablehlo<comparison_direction LT>} and the other enum-valued attributes. */
    record EnumAttr(StablehloEnum value) implements Attribute {
        public EnumAttr { Objects.requireNonNull(value); }
        @Override public String toString() { return text(); }
    }

    /** {@code #stablehlo.dot<lhs_batching_dimensions = [0], ...>}. */
    record DotDimensionNumbers(long[] lhsBatchingDimensions, long[] rhsBatchingDimensions,
                               long[] lhsContractingDimensions, long[] rhsContractingDimensions) implements Attribute {
        public DotDimensionNumbers {
            lhsBatchingDimensions = lhsBatchingDimensions.clone(); rhsBatchingDimensions = rhsBatchingDimensions.clone();
            lhsContractingDimensions = lhsContractingDimensions.clone(); rhsContractingDimensions = rhsContractingDimensions.clone();
        }
        @Override public long[] lhsBatchingDimensions() { return lhsBatchingDimensions.clone(); }
        @Override public long[] rhsBatchingDimensions() { return rhsBatchingDimensions.clone(); }
        @Override public long[] lhsContractingDimensions() { return lhsContractingDimensions.clone(); }
        @Override public long[] rhsContractingDimensions() { return rhsContractingDimensions.clone(); }
        @Override public boolean equals(Object o) { return o instanceof DotDimensionNumbers d && text().equals(d.text()); }
        @Override public int hashCode() { return text().hashCode(); }
        @Override public String toString() { return text(); }
    }

    /** {@code #stablehlo.gather<offset_dims = [...], ...>}. */
    record GatherDimensionNumbers(long[] offsetDims, long[] collapsedSliceDims, long[] operandBatchingDims,
                                  long[] startIndicesBatchingDims, long[] startIndexMap, long indexVectorDim) implements Attribute {
        public GatherDimensionNumbers {
            offsetDims = offsetDims.clone(); collapsedSliceDims = collapsedSliceDims.clone(); operandBatchingDims = operandBatchingDims.clone();
            startIndicesBatchingDims = startIndicesBatchingDims.clone(); startIndexMap = startIndexMap.clone();
        }
        @Override public long[] offsetDims() { return offsetDims.clone(); }
        @Override public long[] collapsedSliceDims() { return collapsedSliceDims.clone(); }
        @Override public long[] operandBatchingDims() { return operandBatchingDims.clone(); }
        @Override public long[] startIndicesBatchingDims() { return startIndicesBatchingDims.clone(); }
        @Override public long[] startIndexMap() { return startIndexMap.clone(); }
        @Override public boolean equals(Object o) { return o instanceof GatherDimensionNumbers d && text().equals(d.text()); }
        @Override public int hashCode() { return text().hashCode(); }
        @Override public String toString() { return text(); }
    }

    /** {@code #stablehlo.scatter<update_window_dims = [...], ...>}. */
    record ScatterDimensionNumbers(long[] updateWindowDims, long[] insertedWindowDims, long[] inputBatchingDims,
                                   long[] scatterIndicesBatchingDims, long[] scatterDimsToOperandDims, long indexVectorDim) implements Attribute {
        public ScatterDimensionNumbers {
            updateWindowDims = updateWindowDims.clone(); insertedWindowDims = insertedWindowDims.clone(); inputBatchingDims = inputBatchingDims.clone();
            scatterIndicesBatchingDims = scatterIndicesBatchingDims.clone(); scatterDimsToOperandDims = scatterDimsToOperandDims.clone();
        }
        @Override public long[] updateWindowDims() { return updateWindowDims.clone(); }
        @Override public long[] insertedWindowDims() { return insertedWindowDims.clone(); }
        @Override public long[] inputBatchingDims() { return inputBatchingDims.clone(); }
        @Override public long[] scatterIndicesBatchingDims() { return scatterIndicesBatchingDims.clone(); }
        @Override public long[] scatterDimsToOperandDims() { return scatterDimsToOperandDims.clone(); }
        @Override public boolean equals(Object o) { return o instanceof ScatterDimensionNumbers d && text().equals(d.text()); }
        @Override public int hashCode() { return text().hashCode(); }
        @Override public String toString() { return text(); }
    }

    /**
     * {@code #stablehlo.conv<[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]>}: which dimension of input,
     * kernel and output is batch/feature/each spatial dimension.
     */
    record ConvDimensionNumbers(long inputBatchDimension, long inputFeatureDimension, long[] inputSpatialDimensions,
                                long kernelInputFeatureDimension, long kernelOutputFeatureDimension, long[] kernelSpatialDimensions,
                                long outputBatchDimension, long outputFeatureDimension, long[] outputSpatialDimensions) implements Attribute {
        public ConvDimensionNumbers {
            inputSpatialDimensions = inputSpatialDimensions.clone(); kernelSpatialDimensions = kernelSpatialDimensions.clone();
            outputSpatialDimensions = outputSpatialDimensions.clone();
        }
        @Override public long[] inputSpatialDimensions() { return inputSpatialDimensions.clone(); }
        @Override public long[] kernelSpatialDimensions() { return kernelSpatialDimensions.clone(); }
        @Override public long[] outputSpatialDimensions() { return outputSpatialDimensions.clone(); }
        @Override public boolean equals(Object o) { return o instanceof ConvDimensionNumbers d && text().equals(d.text()); }
        @Override public int hashCode() { return text().hashCode(); }
        @Override public String toString() { return text(); }
    }

    /** {@code #stablehlo.channel_handle<handle = 1, type = 0>}. */
    record ChannelHandle(long handle, long type) implements Attribute {
        @Override public String toString() { return text(); }
    }

    /** {@code #stablehlo.result_accuracy<atol = 0.0, rtol = 0.0, ulps = 0, mode = #stablehlo.result_accuracy_mode<DEFAULT>>}. */
    record ResultAccuracy(double atol, double rtol, long ulps, StablehloEnum.ResultAccuracyMode mode) implements Attribute {
        public ResultAccuracy { Objects.requireNonNull(mode); }
        @Override public boolean equals(Object o) { return o instanceof ResultAccuracy r && text().equals(r.text()); }
        @Override public int hashCode() { return text().hashCode(); }
        @Override public String toString() { return text(); }
    }

    // ---- Shardy (#sdy.*) --------------------------------------------------------------------

    /** One named mesh axis, {@code "expert"=8}. */
    record MeshAxis(String name, long size) {
        public MeshAxis { Objects.requireNonNull(name); }
    }

    /** {@code #sdy.mesh<["data"=4, "expert"=8]>}, optionally with explicit {@code device_ids}. */
    record SdyMesh(List<MeshAxis> axes, long[] deviceIds) implements Attribute {
        public SdyMesh { axes = List.copyOf(axes); deviceIds = deviceIds.clone(); }
        public SdyMesh(List<MeshAxis> axes) { this(axes, new long[0]); }
        @Override public long[] deviceIds() { return deviceIds.clone(); }
        @Override public boolean equals(Object o) { return o instanceof SdyMesh m && text().equals(m.text()); }
        @Override public int hashCode() { return text().hashCode(); }
        @Override public String toString() { return text(); }
    }

    /** An axis reference, {@code "x"} or a sub-axis {@code "x":(2)4} (pre-size 2, size 4). */
    record AxisRef(String name, OptionalLong subAxisPreSize, OptionalLong subAxisSize) {
        public AxisRef {
            Objects.requireNonNull(name);
            if (subAxisPreSize.isPresent() != subAxisSize.isPresent()) throw new IllegalArgumentException("sub-axis needs pre-size and size");
        }
        public static AxisRef of(String name) { return new AxisRef(name, OptionalLong.empty(), OptionalLong.empty()); }
    }

    /** How one tensor dimension is split: over these axes (major first); open ({@code ?}) or closed; optional priority. */
    record DimSharding(List<AxisRef> axes, boolean closed, OptionalLong priority) {
        public DimSharding { axes = List.copyOf(axes); }
        public static DimSharding closed(AxisRef... axes) { return new DimSharding(List.of(axes), true, OptionalLong.empty()); }
    }

    /**
     * {@code #sdy.sharding<@mesh, [{"data"}, {}], replicated={"x"}>}. The mesh is a
     * {@link SymbolRefAttr} naming an {@code sdy.mesh} op, or an inline {@link SdyMesh}.
     */
    record SdySharding(Attribute mesh, List<DimSharding> dimShardings, List<AxisRef> replicatedAxes,
                       List<AxisRef> unreducedAxes) implements Attribute {
        public SdySharding {
            if (!(mesh instanceof SymbolRefAttr) && !(mesh instanceof SdyMesh)) throw new IllegalArgumentException("mesh must be @name or #sdy.mesh");
            dimShardings = List.copyOf(dimShardings); replicatedAxes = List.copyOf(replicatedAxes); unreducedAxes = List.copyOf(unreducedAxes);
        }
        public SdySharding(String meshName, List<DimSharding> dims) { this(SymbolRefAttr.of(meshName), dims, List.of(), List.of()); }
        @Override public String toString() { return text(); }
    }

    /** {@code #sdy.sharding_per_value<[<@mesh, [...]>, ...]>}: one sharding per op result. */
    record SdyShardingPerValue(List<SdySharding> shardings) implements Attribute {
        public SdyShardingPerValue { shardings = List.copyOf(shardings); }
        @Override public String toString() { return text(); }
    }

    /**
     * An {@code mhlo.sharding} string (GSPMD), e.g. {@code "{devices=[2,1]<=[2]}"}, held as a parsed
     * {@link GspmdSharding}; prints as the string attribute it came from.
     */
    record MhloSharding(GspmdSharding sharding) implements Attribute {
        public MhloSharding { Objects.requireNonNull(sharding); }
        @Override public String toString() { return text(); }
    }
}
