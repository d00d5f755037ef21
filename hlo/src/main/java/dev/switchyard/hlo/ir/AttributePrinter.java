package dev.switchyard.hlo.ir;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.List;

/** Writes attributes in MLIR syntax (the same in generic and pretty form). */
final class AttributePrinter {
    private AttributePrinter() {}

    /** Dense elements with more elements than this print as a hex blob, which is fast to print and parse. */
    static final int HEX_THRESHOLD = 100;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static String print(Attribute a) {
        StringBuilder sb = new StringBuilder();
        print(a, sb);
        return sb.toString();
    }

    static void print(Attribute a, StringBuilder sb) {
        switch (a) {
            case Attribute.IntegerAttr i -> {
                sb.append(i.value()).append(" : ");
                TypePrinter.print(i.type(), sb);
            }
            case Attribute.FloatAttr f -> {
                floatLiteral(f.bits(), f.type(), sb);
                sb.append(" : ").append(f.type().mlirName());
            }
            case Attribute.BoolAttr b -> sb.append(b.value());
            case Attribute.StringAttr s -> string(s.value(), sb);
            case Attribute.UnitAttr u -> sb.append("unit");
            case Attribute.TypeAttr t -> TypePrinter.print(t.type(), sb);
            case Attribute.SymbolRefAttr r -> {
                symbol(r.root(), sb);
                for (String n : r.nested()) {
                    sb.append("::");
                    symbol(n, sb);
                }
            }
            case Attribute.ArrayAttr arr -> {
                sb.append('[');
                for (int k = 0; k < arr.elements().size(); k++) {
                    if (k > 0) sb.append(", ");
                    print(arr.elements().get(k), sb);
                }
                sb.append(']');
            }
            case Attribute.DenseArrayAttr d -> {
                sb.append("array<").append(d.elementType().mlirName());
                for (int k = 0; k < d.size(); k++) {
                    sb.append(k == 0 ? ": " : ", ");
                    scalar(d.get(k), d.elementType(), sb);
                }
                sb.append('>');
            }
            case Attribute.DictionaryAttr d -> dictionary(d.entries(), sb);
            case Attribute.DenseElementsAttr d -> {
                sb.append("dense<");
                denseBody(d, sb);
                sb.append("> : ");
                TypePrinter.print(d.type(), sb);
            }
            case Attribute.DenseTextAttr d -> {
                sb.append("dense<").append(d.literal()).append("> : ");
                TypePrinter.print(d.type(), sb);
            }
            case Attribute.OpaqueAttr o -> sb.append(o.spelling());
            case Attribute.EnumAttr e -> sb.append("#stablehlo<").append(e.value().mnemonic()).append(' ')
                    .append(e.value().spelling()).append('>');
            case Attribute.DotDimensionNumbers d -> {
                sb.append("#stablehlo.dot<");
                Fields f = new Fields(sb);
                f.dims("lhs_batching_dimensions", d.lhsBatchingDimensions());
                f.dims("rhs_batching_dimensions", d.rhsBatchingDimensions());
                f.dims("lhs_contracting_dimensions", d.lhsContractingDimensions());
                f.dims("rhs_contracting_dimensions", d.rhsContractingDimensions());
                sb.append('>');
            }
            case Attribute.GatherDimensionNumbers g -> {
                sb.append("#stablehlo.gather<");
                Fields f = new Fields(sb);
                f.dims("offset_dims", g.offsetDims());
                f.dims("collapsed_slice_dims", g.collapsedSliceDims());
                f.dims("operand_batching_dims", g.operandBatchingDims());
                f.dims("start_indices_batching_dims", g.startIndicesBatchingDims());
                f.dims("start_index_map", g.startIndexMap());
                f.value("index_vector_dim", g.indexVectorDim());
                sb.append('>');
            }
            case Attribute.ScatterDimensionNumbers s -> {
                sb.append("#stablehlo.scatter<");
                Fields f = new Fields(sb);
                f.dims("update_window_dims", s.updateWindowDims());
                f.dims("inserted_window_dims", s.insertedWindowDims());
                f.dims("input_batching_dims", s.inputBatchingDims());
                f.dims("scatter_indices_batching_dims", s.scatterIndicesBatchingDims());
                f.dims("scatter_dims_to_operand_dims", s.scatterDimsToOperandDims());
                f.value("index_vector_dim", s.indexVectorDim());
                sb.append('>');
            }
            case Attribute.ConvDimensionNumbers c -> sb.append("#stablehlo.conv<").append(ConvDimensionsText.print(c)).append('>');
            case Attribute.ChannelHandle c -> sb.append("#stablehlo.channel_handle<handle = ").append(c.handle())
                    .append(", type = ").append(c.type()).append('>');
            case Attribute.ResultAccuracy r -> {
                // Zero tolerances are left out, as StableHLO prints them.
                sb.append("#stablehlo.result_accuracy<");
                if (r.atol() != 0 || Double.doubleToRawLongBits(r.atol()) != 0) {
                    sb.append("atol = ");
                    floatLiteral(Double.doubleToRawLongBits(r.atol()), ElementType.F64, sb);
                    sb.append(", ");
                }
                if (Double.doubleToRawLongBits(r.rtol()) != 0) {
                    sb.append("rtol = ");
                    floatLiteral(Double.doubleToRawLongBits(r.rtol()), ElementType.F64, sb);
                    sb.append(", ");
                }
                if (r.ulps() != 0) sb.append("ulps = ").append(r.ulps()).append(", ");
                sb.append("mode = #stablehlo.result_accuracy_mode<").append(r.mode().spelling()).append(">>");
            }
            case Attribute.SdyMesh m -> {
                sb.append("#sdy.mesh<");
                meshBody(m, sb);
                sb.append('>');
            }
            case Attribute.SdySharding s -> {
                sb.append("#sdy.sharding<");
                shardingBody(s, sb);
                sb.append('>');
            }
            case Attribute.SdyShardingPerValue p -> {
                sb.append("#sdy.sharding_per_value<[");
                for (int k = 0; k < p.shardings().size(); k++) {
                    if (k > 0) sb.append(", ");
                    sb.append('<');
                    shardingBody(p.shardings().get(k), sb);
                    sb.append('>');
                }
                sb.append("]>");
            }
            case Attribute.MhloSharding m -> string(m.sharding().text(), sb);
        }
    }

    /** A dictionary with entries sorted by name, as MLIR stores dictionaries. */
    static void dictionary(List<NamedAttribute> unsorted, StringBuilder sb) {
        List<NamedAttribute> entries = unsorted;
        for (int k = 1; k < unsorted.size(); k++) {
            if (unsorted.get(k - 1).name().compareTo(unsorted.get(k).name()) > 0) {
                entries = new java.util.ArrayList<>(unsorted);
                entries.sort(java.util.Comparator.comparing(NamedAttribute::name));
                break;
            }
        }
        sb.append('{');
        for (int k = 0; k < entries.size(); k++) {
            if (k > 0) sb.append(", ");
            NamedAttribute e = entries.get(k);
            key(e.name(), sb);
            if (!(e.value() instanceof Attribute.UnitAttr)) {
                sb.append(" = ");
                print(e.value(), sb);
            }
        }
        sb.append('}');
    }

    /** The body of an sdy mesh: {@code ["a"=2, "b"=4]} and optional {@code , device_ids=[...]}. */
    static void meshBody(Attribute.SdyMesh m, StringBuilder sb) {
        sb.append('[');
        for (int k = 0; k < m.axes().size(); k++) {
            if (k > 0) sb.append(", ");
            string(m.axes().get(k).name(), sb);
            sb.append('=').append(m.axes().get(k).size());
        }
        sb.append(']');
        long[] ids = m.deviceIds();
        if (ids.length > 0) {
            sb.append(", device_ids=[");
            for (int k = 0; k < ids.length; k++) {
                if (k > 0) sb.append(", ");
                sb.append(ids[k]);
            }
            sb.append(']');
        }
    }

    /** The body of a tensor sharding: {@code @mesh, [{"a"}, {?}], replicated={"b"}}. */
    static void shardingBody(Attribute.SdySharding s, StringBuilder sb) {
        if (s.mesh() instanceof Attribute.SdyMesh m) {
            sb.append("<");
            meshBody(m, sb);
            sb.append(">");
        } else {
            print(s.mesh(), sb);
        }
        sb.append(", [");
        for (int k = 0; k < s.dimShardings().size(); k++) {
            if (k > 0) sb.append(", ");
            Attribute.DimSharding d = s.dimShardings().get(k);
            sb.append('{');
            axes(d.axes(), sb);
            if (!d.closed()) sb.append(d.axes().isEmpty() ? "?" : ", ?");
            sb.append('}');
            if (d.priority().isPresent()) sb.append('p').append(d.priority().getAsLong());
        }
        sb.append(']');
        if (!s.replicatedAxes().isEmpty()) {
            sb.append(", replicated={");
            axes(s.replicatedAxes(), sb);
            sb.append('}');
        }
        if (!s.unreducedAxes().isEmpty()) {
            sb.append(", unreduced={");
            axes(s.unreducedAxes(), sb);
            sb.append('}');
        }
    }

    private static void axes(List<Attribute.AxisRef> axes, StringBuilder sb) {
        for (int k = 0; k < axes.size(); k++) {
            if (k > 0) sb.append(", ");
            Attribute.AxisRef a = axes.get(k);
            string(a.name(), sb);
            if (a.subAxisSize().isPresent()) {
                sb.append(":(").append(a.subAxisPreSize().getAsLong()).append(')').append(a.subAxisSize().getAsLong());
            }
        }
    }

    /** Writes {@code name = [..]} entries separated by commas, skipping empty dimension lists. */
    private static final class Fields {
        private final StringBuilder sb;
        private boolean first = true;

        Fields(StringBuilder sb) { this.sb = sb; }

        void dims(String name, long[] values) {
            if (values.length == 0) return;
            sep();
            sb.append(name).append(" = [");
            for (int k = 0; k < values.length; k++) {
                if (k > 0) sb.append(", ");
                sb.append(values[k]);
            }
            sb.append(']');
        }

        void value(String name, long v) {
            sep();
            sb.append(name).append(" = ").append(v);
        }

        private void sep() {
            if (!first) sb.append(", ");
            first = false;
        }
    }

    // ---- dense elements ---------------------------------------------------------------------

    private static void denseBody(Attribute.DenseElementsAttr d, StringBuilder sb) {
        HostTensor t = d.data();
        ElementType et = t.elementType();
        byte[] bytes = t.data();
        if (d.type().rank() > 0 && (d.isSplat() || allEqual(bytes, et.byteSize()))) {
            // MLIR stores (and prints) a literal whose elements are all equal as a splat.
            element(bytes, 0, et, sb);
            return;
        }
        long n = t.elementCount();
        if (n == 0) return; // dense<> : tensor<0xf32>
        if (n > HEX_THRESHOLD && et.byteSize() * 8 == et.bitWidth()) {
            sb.ensureCapacity(sb.length() + bytes.length * 2 + 4);
            sb.append("\"0x");
            for (byte b : bytes) sb.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            sb.append('"');
            return;
        }
        long[] shape = t.shape();
        if (shape.length == 0) {
            element(bytes, 0, et, sb);
            return;
        }
        nested(shape, 0, new int[] {0}, bytes, et, sb);
    }

    private static boolean allEqual(byte[] bytes, int size) {
        if (bytes.length == 0) return false;
        for (int i = size; i < bytes.length; i++) if (bytes[i] != bytes[i - size]) return false;
        return true;
    }

    private static void nested(long[] shape, int dim, int[] next, byte[] bytes, ElementType et, StringBuilder sb) {
        sb.append('[');
        for (long k = 0; k < shape[dim]; k++) {
            if (k > 0) sb.append(", ");
            if (dim + 1 == shape.length) {
                element(bytes, next[0]++, et, sb);
            } else {
                nested(shape, dim + 1, next, bytes, et, sb);
            }
        }
        sb.append(']');
    }

    private static void element(byte[] bytes, int index, ElementType et, StringBuilder sb) {
        int size = et.byteSize();
        int off = index * size;
        switch (et.kind()) {
            case COMPLEX -> {
                int half = size / 2;
                ElementType part = et == ElementType.COMPLEX_F32 ? ElementType.F32 : ElementType.F64;
                sb.append('(');
                floatLiteral(readLE(bytes, off, half), part, sb);
                sb.append(", ");
                floatLiteral(readLE(bytes, off + half, half), part, sb);
                sb.append(')');
            }
            default -> scalar(readLE(bytes, off, size), et, sb);
        }
    }

    static long readLE(byte[] bytes, int off, int size) {
        long v = 0;
        for (int k = size - 1; k >= 0; k--) v = (v << 8) | (bytes[off + k] & 0xFF);
        return v;
    }

    /** A scalar element given as raw storage bits (sign-extension is done here). */
    static void scalar(long raw, ElementType et, StringBuilder sb) {
        switch (et.kind()) {
            case BOOL -> sb.append((raw & 1) != 0 ? "true" : "false");
            case SIGNED -> {
                int w = et.bitWidth();
                sb.append(w == 64 ? raw : (raw << (64 - w)) >> (64 - w));
            }
            case UNSIGNED -> {
                int w = et.bitWidth();
                sb.append(w == 64 ? Long.toUnsignedString(raw) : Long.toString(raw & ((1L << w) - 1)));
            }
            case FLOAT -> floatLiteral(raw, et, sb);
            case COMPLEX -> throw new IllegalArgumentException("complex is not a scalar");
        }
    }

    /**
     * A float as the shortest decimal that reads back to the same bits, or as its bit pattern in hex
     * ({@code 0x7FC00000}) for NaN and infinities, which have no decimal literal in MLIR.
     */
    static void floatLiteral(long bits, ElementType type, StringBuilder sb) {
        int width = FloatBits.width(type);
        long masked = width == 64 ? bits : bits & ((1L << width) - 1);
        double v = FloatBits.toDouble(masked, type);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            sb.append("0x");
            String h = Long.toHexString(masked).toUpperCase();
            for (int k = h.length(); k < width / 4; k++) sb.append('0');
            sb.append(h);
            return;
        }
        // MLIR's style: six significant decimals in exponent form when that reads back exactly,
        // else the shortest decimal that does.
        String six = String.format(java.util.Locale.ROOT, "%.6e", v);
        if (FloatBits.fromDouble(Double.parseDouble(six), type) == masked) {
            sb.append(six);
        } else if (type == ElementType.F64) {
            sb.append(Double.toString(v));
        } else {
            sb.append(Float.toString((float) v));
        }
    }

    // ---- names and strings ------------------------------------------------------------------

    static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '"' || c == '\\' || c < 0x20 || c == 0x7F) {
                sb.append('\\').append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    static boolean isBareId(String s) {
        if (s.isEmpty()) return false;
        char c0 = s.charAt(0);
        if (!(Character.isLetter(c0) && c0 < 128) && c0 != '_') return false;
        for (int k = 1; k < s.length(); k++) {
            char c = s.charAt(k);
            if (!((c < 128 && Character.isLetterOrDigit(c)) || c == '_' || c == '$' || c == '.')) return false;
        }
        return true;
    }

    static void key(String name, StringBuilder sb) {
        if (isBareId(name)) sb.append(name);
        else string(name, sb);
    }

    static void symbol(String name, StringBuilder sb) {
        sb.append('@');
        key(name, sb);
    }
}
