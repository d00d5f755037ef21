package dev.switchyard.hlo.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Parsers for the bodies of the structured {@code #stablehlo.*} and {@code #sdy.*} attributes. */
final class StructuredAttrParser {
    private StructuredAttrParser() {}

    /** {@code [1, 2]} as longs. */
    static long[] intList(Cursor c) {
        c.punct("[");
        List<Long> xs = new ArrayList<>();
        if (!c.tryPunct("]")) {
            do xs.add(c.integer("integer")); while (c.tryPunct(","));
            c.punct("]");
        }
        long[] out = new long[xs.size()];
        for (int i = 0; i < out.length; i++) out[i] = xs.get(i);
        return out;
    }

    /** {@code <name = [..], other = 3>} with each field at most once, in any order. */
    private static Map<String, Object> struct(Cursor c, List<String> listFields, List<String> intFields) {
        c.punct("<");
        Map<String, Object> out = new HashMap<>();
        // StableHLO accepts a trailing comma before '>'.
        while (!c.tryPunct(">")) {
            int at = c.pos;
            String key = c.tryBareId();
            if (key == null || (!listFields.contains(key) && !intFields.contains(key))) {
                c.pos = at;
                List<String> all = new ArrayList<>(listFields);
                all.addAll(intFields);
                throw c.expected("one of " + String.join(", ", all));
            }
            if (out.containsKey(key)) throw c.error(at, "duplicated '" + key + "' entry");
            c.punct("=");
            out.put(key, listFields.contains(key) ? intList(c) : (Object) c.integer("integer"));
            if (!c.tryPunct(",")) {
                c.punct(">");
                break;
            }
        }
        return out;
    }

    private static long[] dims(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? new long[0] : (long[]) v;
    }

    private static long num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? 0 : (Long) v;
    }

    static Attribute.DotDimensionNumbers dot(Cursor c) {
        var m = struct(c, List.of("lhs_batching_dimensions", "rhs_batching_dimensions",
                "lhs_contracting_dimensions", "rhs_contracting_dimensions"), List.of());
        return new Attribute.DotDimensionNumbers(dims(m, "lhs_batching_dimensions"), dims(m, "rhs_batching_dimensions"),
                dims(m, "lhs_contracting_dimensions"), dims(m, "rhs_contracting_dimensions"));
    }

    static Attribute.GatherDimensionNumbers gather(Cursor c) {
        var m = struct(c, List.of("offset_dims", "collapsed_slice_dims", "operand_batching_dims",
                "start_indices_batching_dims", "start_index_map"), List.of("index_vector_dim"));
        return new Attribute.GatherDimensionNumbers(dims(m, "offset_dims"), dims(m, "collapsed_slice_dims"),
                dims(m, "operand_batching_dims"), dims(m, "start_indices_batching_dims"), dims(m, "start_index_map"),
                num(m, "index_vector_dim"));
    }

    static Attribute.ScatterDimensionNumbers scatter(Cursor c) {
        var m = struct(c, List.of("update_window_dims", "inserted_window_dims", "input_batching_dims",
                "scatter_indices_batching_dims", "scatter_dims_to_operand_dims"), List.of("index_vector_dim"));
        return new Attribute.ScatterDimensionNumbers(dims(m, "update_window_dims"), dims(m, "inserted_window_dims"),
                dims(m, "input_batching_dims"), dims(m, "scatter_indices_batching_dims"),
                dims(m, "scatter_dims_to_operand_dims"), num(m, "index_vector_dim"));
    }

    static Attribute.ChannelHandle channelHandle(Cursor c) {
        var m = struct(c, List.of(), List.of("handle", "type"));
        return new Attribute.ChannelHandle(num(m, "handle"), num(m, "type"));
    }

    static Attribute.ResultAccuracy resultAccuracy(Cursor c, AttrTypeParser p) {
        c.punct("<");
        double atol = 0;
        double rtol = 0;
        long ulps = 0;
        if (c.tryKeyword("atol")) { c.punct("="); atol = floatValue(c); c.punct(","); }
        if (c.tryKeyword("rtol")) { c.punct("="); rtol = floatValue(c); c.punct(","); }
        if (c.tryKeyword("ulps")) { c.punct("="); ulps = c.integer("integer"); c.punct(","); }
        c.keyword("mode");
        c.punct("=");
        int at = c.pos;
        c.skipWs();
        StablehloEnum.ResultAccuracyMode mode = null;
        if (c.tryPunct("#stablehlo.result_accuracy_mode<")) {
            String v = c.bareId("result accuracy mode");
            for (var m : StablehloEnum.ResultAccuracyMode.values()) if (m.name().equals(v)) mode = m;
            if (mode == null) throw c.error(at, "unknown result accuracy mode " + v);
            c.punct(">");
        } else {
            throw c.expected("#stablehlo.result_accuracy_mode<...>");
        }
        c.punct(">");
        return new Attribute.ResultAccuracy(atol, rtol, ulps, mode);
    }

    static double floatValue(Cursor c) {
        int at = c.pos;
        String n = c.tryNumber();
        if (n == null) throw c.expected("float");
        if (n.contains("0x")) return Double.longBitsToDouble(Cursor.parseLong(n));
        try {
            return Double.parseDouble(n);
        } catch (NumberFormatException e) {
            throw c.error(at, "bad float " + n);
        }
    }

    /** {@code <[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]>} or {@code <raw input_batch_dimension = 0, ...>}. */
    static Attribute.ConvDimensionNumbers conv(Cursor c) {
        c.punct("<");
        Attribute.ConvDimensionNumbers r = convBody(c);
        c.punct(">");
        return r;
    }

    /** The compact or raw form without angle brackets (also the {@code dim_numbers = ...} of the op). */
    static Attribute.ConvDimensionNumbers convBody(Cursor c) {
        if (c.tryKeyword("raw")) {
            var m = new HashMap<String, Object>();
            List<String> ints = List.of("input_batch_dimension", "input_feature_dimension", "kernel_input_feature_dimension",
                    "kernel_output_feature_dimension", "output_batch_dimension", "output_feature_dimension");
            List<String> lists = List.of("input_spatial_dimensions", "kernel_spatial_dimensions", "output_spatial_dimensions");
            do {
                int at = c.pos;
                String key = c.tryBareId();
                if (key == null || (!ints.contains(key) && !lists.contains(key))) {
                    c.pos = at;
                    throw c.expected("convolution dimension field");
                }
                c.punct("=");
                m.put(key, lists.contains(key) ? intList(c) : (Object) c.integer("integer"));
            } while (c.tryPunct(","));
            return new Attribute.ConvDimensionNumbers(num(m, "input_batch_dimension"), num(m, "input_feature_dimension"),
                    dims(m, "input_spatial_dimensions"), num(m, "kernel_input_feature_dimension"),
                    num(m, "kernel_output_feature_dimension"), dims(m, "kernel_spatial_dimensions"),
                    num(m, "output_batch_dimension"), num(m, "output_feature_dimension"), dims(m, "output_spatial_dimensions"));
        }
        long[][] in = layout(c, 'b', 'f');
        c.skipWs();
        if (c.pos < c.end && c.text.charAt(c.pos) == 'x') c.pos++;
        else throw c.expected("'x'");
        long[][] k = layout(c, 'i', 'o');
        c.punct("->");
        long[][] out = layout(c, 'b', 'f');
        return new Attribute.ConvDimensionNumbers(in[0][0], in[0][1], in[1], k[0][0], k[0][1], k[1], out[0][0], out[0][1], out[1]);
    }

    /** One bracket of the compact form: returns {{pos of a, pos of b}, spatial positions in order}. */
    private static long[][] layout(Cursor c, char a, char b) {
        int start = c.pos;
        c.punct("[");
        long posA = -1;
        long posB = -1;
        Map<Long, Long> spatial = new HashMap<>();
        int i = 0;
        if (!c.tryPunct("]")) {
            do {
                c.skipWs();
                int at = c.pos;
                char ch = c.pos < c.end ? c.text.charAt(c.pos) : 0;
                if (Cursor.isDigit(ch)) {
                    long n = c.integer("spatial dimension");
                    if (spatial.put(n, (long) i) != null) throw c.error(at, "duplicate spatial dimension " + n);
                } else if ((ch == a || ch == b) && (c.pos + 1 >= c.end || !Cursor.isIdChar(c.text.charAt(c.pos + 1)))) {
                    c.pos++;
                    if (ch == a) {
                        if (posA >= 0) throw c.error(at, "duplicate '" + a + "'");
                        posA = i;
                    } else {
                        if (posB >= 0) throw c.error(at, "duplicate '" + b + "'");
                        posB = i;
                    }
                } else {
                    throw c.expected("'" + a + "', '" + b + "' or a spatial dimension number");
                }
                i++;
            } while (c.tryPunct(","));
            c.punct("]");
        }
        if (posA < 0 || posB < 0) throw c.error(start, "dimension layout needs both '" + a + "' and '" + b + "'");
        long[] sp = new long[spatial.size()];
        for (int s = 0; s < sp.length; s++) {
            Long p = spatial.get((long) s);
            if (p == null) throw c.error(start, "spatial dimensions must be numbered 0.." + (sp.length - 1));
            sp[s] = p;
        }
        return new long[][] {{posA, posB}, sp};
    }

    // ---- Shardy -----------------------------------------------------------------------------------

    /** {@code ["a"=2, "b"=4]} and optional {@code , device_ids=[...]} (no angle brackets). */
    static Attribute.SdyMesh meshBody(Cursor c) {
        c.punct("[");
        List<Attribute.MeshAxis> axes = new ArrayList<>();
        if (!c.tryPunct("]")) {
            do {
                String name = c.string();
                c.punct("=");
                axes.add(new Attribute.MeshAxis(name, c.integer("axis size")));
            } while (c.tryPunct(","));
            c.punct("]");
        }
        long[] ids = new long[0];
        if (c.tryPunct(",")) {
            c.keyword("device_ids");
            c.punct("=");
            ids = intList(c);
        }
        return new Attribute.SdyMesh(axes, ids);
    }

    /** {@code @mesh, [{"a"}, {?}], replicated={"b"}} (no angle brackets). */
    static Attribute.SdySharding shardingBody(Cursor c, AttrTypeParser p) {
        Attribute mesh;
        char ch = c.peek();
        if (ch == '@') {
            mesh = p.attribute();
        } else if (ch == '<') {
            c.punct("<");
            mesh = meshBody(c);
            c.punct(">");
        } else if (c.tryPunct("#sdy.mesh<")) {
            mesh = meshBody(c);
            c.punct(">");
        } else {
            throw c.expected("mesh name or mesh");
        }
        c.punct(",");
        c.punct("[");
        List<Attribute.DimSharding> dims = new ArrayList<>();
        if (!c.tryPunct("]")) {
            do dims.add(dimSharding(c)); while (c.tryPunct(","));
            c.punct("]");
        }
        List<Attribute.AxisRef> replicated = List.of();
        List<Attribute.AxisRef> unreduced = List.of();
        while (c.tryPunct(",")) {
            if (c.tryKeyword("replicated")) {
                c.punct("=");
                replicated = axisSet(c);
            } else if (c.tryKeyword("unreduced")) {
                c.punct("=");
                unreduced = axisSet(c);
            } else {
                throw c.expected("'replicated' or 'unreduced'");
            }
        }
        return new Attribute.SdySharding(mesh, dims, replicated, unreduced);
    }

    private static Attribute.DimSharding dimSharding(Cursor c) {
        c.punct("{");
        List<Attribute.AxisRef> axes = new ArrayList<>();
        boolean closed = true;
        if (!c.tryPunct("}")) {
            do {
                if (c.tryPunct("?")) {
                    closed = false;
                    break;
                }
                axes.add(axisRef(c));
            } while (c.tryPunct(","));
            c.punct("}");
        }
        OptionalLong priority = OptionalLong.empty();
        if (c.pos < c.end && c.text.charAt(c.pos) == 'p' && c.pos + 1 < c.end && Cursor.isDigit(c.text.charAt(c.pos + 1))) {
            c.pos++;
            priority = OptionalLong.of(c.integer("priority"));
        }
        return new Attribute.DimSharding(axes, closed, priority);
    }

    private static List<Attribute.AxisRef> axisSet(Cursor c) {
        c.punct("{");
        List<Attribute.AxisRef> axes = new ArrayList<>();
        if (!c.tryPunct("}")) {
            do axes.add(axisRef(c)); while (c.tryPunct(","));
            c.punct("}");
        }
        return axes;
    }

    private static Attribute.AxisRef axisRef(Cursor c) {
        String name = c.string();
        if (c.pos < c.end && c.text.charAt(c.pos) == ':') {
            c.pos++;
            c.punct("(");
            long pre = c.integer("sub-axis pre-size");
            c.punct(")");
            long size = c.integer("sub-axis size");
            return new Attribute.AxisRef(name, OptionalLong.of(pre), OptionalLong.of(size));
        }
        return Attribute.AxisRef.of(name);
    }
}
