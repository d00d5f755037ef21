package dev.switchyard.hlo.ir;

import dev.switchyard.hlo.tensor.ElementType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parses MLIR types and attributes (builtin, {@code #stablehlo.*}, {@code #sdy.*}) from a {@link Cursor}. */
final class AttrTypeParser {
    private final Cursor c;
    final Map<String, Attribute> attributeAliases = new HashMap<>();
    final Map<String, Type> typeAliases = new HashMap<>();

    AttrTypeParser(Cursor c) { this.c = c; }

    // ===== types ================================================================================

    Type type() {
        char ch = c.peek();
        c.enter();
        try {
            if (ch == '(') return functionType();
            if (ch == '!') return bangType();
            int start = c.pos;
            String id = c.tryBareId();
            if (id == null) throw c.expected("type");
            return switch (id) {
                case "tensor" -> cachedTensorType(start);
                case "tuple" -> {
                    c.punct("<");
                    List<Type> elems = new ArrayList<>();
                    if (!c.tryPunct(">")) {
                        do elems.add(type()); while (c.tryPunct(","));
                        c.punct(">");
                    }
                    yield new Type.TupleType(elems);
                }
                case "complex" -> {
                    String body = c.balanced('<');
                    Optional<ElementType> et = ElementType.fromMlirName("complex" + body);
                    yield et.<Type>map(Type.ScalarType::new).orElseGet(() -> new Type.OpaqueType("complex" + body));
                }
                case "vector", "memref" -> new Type.OpaqueType(id + c.balanced('<'));
                default -> {
                    Optional<ElementType> et = ElementType.fromMlirName(id);
                    if (et.isPresent()) yield new Type.ScalarType(et.get());
                    if (isBuiltinScalarName(id)) yield new Type.OpaqueType(id);
                    c.pos = start;
                    throw c.expected("type");
                }
            };
        } finally {
            c.leave();
        }
    }

    private static boolean isBuiltinScalarName(String id) {
        return id.equals("index") || id.equals("none") || id.matches("(i|si|ui)[0-9]+")
                || id.matches("f(8|6|4)E[0-9A-Za-z]+") || id.equals("tf32") || id.equals("f80") || id.equals("f128");
    }

    private Type bangType() {
        int start = c.pos;
        c.pos++;
        String name = c.suffixId("type name");
        if (name.equals("stablehlo.token")) return new Type.TokenType();
        if (c.pos < c.end && c.text.charAt(c.pos) == '<') return new Type.OpaqueType("!" + name + c.balanced('<'));
        if (name.indexOf('.') >= 0) return new Type.OpaqueType("!" + name);
        Type t = typeAliases.get(name);
        if (t == null) throw c.error(start, "undefined type alias '!" + name + "'");
        return t;
    }

    private Type.FunctionType functionType() {
        c.punct("(");
        List<Type> ins = new ArrayList<>();
        if (!c.tryPunct(")")) {
            do ins.add(type()); while (c.tryPunct(","));
            c.punct(")");
        }
        c.punct("->");
        return new Type.FunctionType(ins, resultTypes());
    }

    /** A function result list: {@code (t, u)}, {@code ()} or a single type. */
    List<Type> resultTypes() {
        List<Type> outs = new ArrayList<>();
        if (c.peek() == '(' ) {
            // "(a) -> b" as a single result would be a function type; MLIR reads '(' here as a list.
            c.punct("(");
            if (!c.tryPunct(")")) {
                do outs.add(type()); while (c.tryPunct(","));
                c.punct(")");
            }
        } else {
            outs.add(type());
        }
        return outs;
    }

    List<Type> typeList() {
        List<Type> ts = new ArrayList<>();
        do ts.add(type()); while (c.tryPunct(","));
        return ts;
    }

    /** Parsed tensor types by spelling: big modules repeat a few types many times. */
    private final Map<String, Type.TensorType> tensorTypes = new HashMap<>();

    /** A tensor type without nested brackets is looked up by its text before it is parsed. */
    private Type.TensorType cachedTensorType(int start) {
        if (c.pos < c.end && c.text.charAt(c.pos) == '<') {
            int close = c.text.indexOf('>', c.pos);
            if (close > 0) {
                boolean flat = true;
                for (int i = c.pos + 1; i < close && flat; i++) {
                    char ch = c.text.charAt(i);
                    flat = ch != '<' && ch != '"' && ch != '/' && ch != '#' && ch != '!';
                }
                if (flat) {
                    String key = c.text.substring(start, close + 1);
                    Type.TensorType t = tensorTypes.get(key);
                    if (t == null) {
                        t = tensorType();
                        if (c.pos == close + 1) tensorTypes.put(key, t);
                    } else {
                        c.pos = close + 1;
                    }
                    return t;
                }
            }
        }
        return tensorType();
    }

    private Type.TensorType tensorType() {
        c.punct("<");
        List<Long> dims = new ArrayList<>();
        boolean ranked = true;
        while (true) {
            c.skipWs();
            if (c.pos >= c.end) throw c.expected("tensor dimension or element type");
            char ch = c.text.charAt(c.pos);
            if (Cursor.isDigit(ch)) {
                int s = c.pos;
                while (c.pos < c.end && Cursor.isDigit(c.text.charAt(c.pos))) c.pos++;
                try {
                    dims.add(Long.parseLong(c.text.substring(s, c.pos)));
                } catch (NumberFormatException e) {
                    throw c.error(s, "tensor dimension too large");
                }
            } else if (ch == '?') {
                c.pos++;
                dims.add(Type.TensorType.DYNAMIC);
            } else if (ch == '*' && dims.isEmpty() && ranked) {
                c.pos++;
                ranked = false;
            } else {
                break;
            }
            if (c.pos < c.end && c.text.charAt(c.pos) == 'x') c.pos++;
            else throw c.expected("'x' after tensor dimension");
            if (!ranked) break; // tensor<*xf32>: only the element type follows
        }
        Type element = type();
        if (element instanceof Type.TensorType || element instanceof Type.FunctionType) {
            throw c.error(c.pos, "invalid tensor element type " + element.text());
        }
        Optional<Attribute> encoding = Optional.empty();
        if (c.tryPunct(",")) encoding = Optional.of(attribute());
        c.punct(">");
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = dims.get(i);
        return new Type.TensorType(shape, element, encoding, ranked);
    }

    // ===== attributes ===========================================================================

    Attribute attribute() {
        char ch = c.peek();
        c.enter();
        try {
            return switch (ch) {
                case '[' -> arrayAttr();
                case '{' -> new Attribute.DictionaryAttr(dictionary());
                case '"' -> new Attribute.StringAttr(c.string());
                case '@' -> symbolRef();
                case '#' -> hashAttr();
                case '(', '!' -> new Attribute.TypeAttr(type());
                default -> {
                    if (ch == '-' || ch == '+' || Cursor.isDigit(ch)) yield numberAttr();
                    yield keywordAttr();
                }
            };
        } finally {
            c.leave();
        }
    }

    private Attribute arrayAttr() {
        c.punct("[");
        List<Attribute> elems = new ArrayList<>();
        if (!c.tryPunct("]")) {
            do elems.add(attribute()); while (c.tryPunct(","));
            c.punct("]");
        }
        return new Attribute.ArrayAttr(elems);
    }

    /** {@code {name = attr, unitName, "quoted" = attr}}; {@code mhlo.sharding} strings become structured. */
    List<NamedAttribute> dictionary() {
        c.punct("{");
        List<NamedAttribute> entries = new ArrayList<>();
        if (c.tryPunct("}")) return entries;
        do {
            int at = c.pos;
            String name;
            if (c.peek() == '"') {
                name = c.string();
            } else {
                name = c.tryBareId();
                if (name == null) throw c.expected("attribute name");
            }
            Attribute value = c.tryPunct("=") ? attribute() : new Attribute.UnitAttr();
            if (name.equals("mhlo.sharding") && value instanceof Attribute.StringAttr s) {
                Optional<GspmdSharding> g = GspmdSharding.parse(s.value());
                if (g.isPresent()) value = new Attribute.MhloSharding(g.get());
            }
            for (NamedAttribute e : entries) {
                if (e.name().equals(name)) throw c.error(at, "duplicate attribute '" + name + "'");
            }
            entries.add(new NamedAttribute(name, value));
        } while (c.tryPunct(","));
        c.punct("}");
        return entries;
    }

    private Attribute symbolRef() {
        c.skipWs();
        c.pos++;
        String root = c.symbolName();
        List<String> nested = new ArrayList<>();
        while (c.text.startsWith("::@", c.pos)) {
            c.pos += 3;
            nested.add(c.symbolName());
        }
        return new Attribute.SymbolRefAttr(root, nested);
    }

    private Attribute numberAttr() {
        int start = c.pos;
        String num = c.tryNumber();
        if (num == null) throw c.expected("attribute");
        boolean isFloat = Cursor.isFloatLiteral(num);
        if (!c.tryPunct(":")) {
            if (isFloat) return Attribute.FloatAttr.f64(Double.parseDouble(num));
            BigInteger v = bigInteger(num, start);
            checkRange(v, ElementType.I64, start);
            return new Attribute.IntegerAttr(v, new Type.ScalarType(ElementType.I64));
        }
        int typeAt = c.pos;
        Type t = type();
        return typedNumber(num, start, t, typeAt);
    }

    /** A number literal given its type: integer, bool (i1), float (decimal or bit pattern), index. */
    Attribute typedNumber(String num, int start, Type t, int typeAt) {
        boolean isFloat = Cursor.isFloatLiteral(num);
        if (t instanceof Type.ScalarType s) {
            ElementType et = s.elementType();
            if (et.isFloat()) return new Attribute.FloatAttr(floatBits(num, start, et), et);
            if (et == ElementType.I1 && !isFloat) {
                BigInteger v = bigInteger(num, start);
                if (!v.equals(BigInteger.ZERO) && !v.equals(BigInteger.ONE)) throw c.error(start, "integer constant out of range for i1");
                return new Attribute.BoolAttr(v.equals(BigInteger.ONE));
            }
            if (et.isInteger() && !isFloat) {
                BigInteger v = bigInteger(num, start);
                checkRange(v, et, start);
                return new Attribute.IntegerAttr(v, t);
            }
        }
        if (t instanceof Type.OpaqueType o && !isFloat && (o.spelling().equals("index") || o.spelling().matches("(si|i|ui)[0-9]+"))) {
            return new Attribute.IntegerAttr(bigInteger(num, start), t);
        }
        throw c.error(typeAt, "number literal of type " + t.text() + " is not supported");
    }

    private BigInteger bigInteger(String num, int at) {
        if (Cursor.isFloatLiteral(num)) throw c.error(at, "expected integer, found float " + num);
        boolean neg = num.startsWith("-");
        String body = neg || num.startsWith("+") ? num.substring(1) : num;
        BigInteger v = body.startsWith("0x") ? new BigInteger(body.substring(2), 16) : new BigInteger(body);
        return neg ? v.negate() : v;
    }

    private void checkRange(BigInteger v, ElementType et, int at) {
        int w = et.bitWidth();
        BigInteger min;
        BigInteger max;
        if (et.kind() == ElementType.Kind.UNSIGNED) {
            min = BigInteger.ZERO;
            max = BigInteger.ONE.shiftLeft(w).subtract(BigInteger.ONE);
        } else {
            // MLIR accepts signless values up to 2^w - 1 too (they wrap): i8 255 == -1.
            min = BigInteger.ONE.shiftLeft(w - 1).negate();
            max = BigInteger.ONE.shiftLeft(w).subtract(BigInteger.ONE);
        }
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) throw c.error(at, "integer constant " + v + " out of range for " + et);
    }

    /** The bit pattern of a float literal: decimal rounded to the type, or hex taken as raw bits. */
    long floatBits(String num, int at, ElementType et) {
        String body = num.startsWith("-") || num.startsWith("+") ? num.substring(1) : num;
        if (body.startsWith("0x")) {
            if (num.startsWith("-")) throw c.error(at, "hexadecimal float literal cannot be negative");
            int width = FloatBits.width(et);
            if (body.length() - 2 > width / 4) throw c.error(at, "hexadecimal float constant " + num + " does not fit in " + et);
            return Long.parseUnsignedLong(body.substring(2), 16);
        }
        return FloatBits.fromDouble(Double.parseDouble(num), et);
    }

    private Attribute keywordAttr() {
        int start = c.pos;
        String id = c.tryBareId();
        if (id == null) throw c.expected("attribute");
        switch (id) {
            case "true": return new Attribute.BoolAttr(true);
            case "false": return new Attribute.BoolAttr(false);
            case "unit": return new Attribute.UnitAttr();
            case "dense": return DenseLiteral.parse(c, this, start);
            case "array": return denseArray();
            case "dense_resource", "sparse", "opaque": {
                String body = c.balanced('<');
                c.punct(":");
                Type t = type();
                return new Attribute.OpaqueAttr(id + body + " : " + t.text());
            }
            case "affine_map", "affine_set", "strided", "distinct":
                return new Attribute.OpaqueAttr(id + (c.peek() == '[' ? c.balanced('[') : "") + c.balanced('<'));
            case "loc":
                return new Attribute.OpaqueAttr("loc" + c.balanced('('));
            default:
                c.pos = start;
                return new Attribute.TypeAttr(type());
        }
    }

    private Attribute denseArray() {
        c.punct("<");
        int at = c.pos;
        Type t = type();
        if (!(t instanceof Type.ScalarType s) || s.elementType().kind() == ElementType.Kind.COMPLEX) {
            throw c.error(at, "expected integer or float element type of array, found " + t.text());
        }
        ElementType et = s.elementType();
        List<Long> vals = new ArrayList<>();
        if (c.tryPunct(":")) {
            do {
                int vAt = c.pos;
                if (et == ElementType.I1) {
                    if (c.tryKeyword("true")) vals.add(1L);
                    else if (c.tryKeyword("false")) vals.add(0L);
                    else throw c.expected("true or false");
                } else {
                    String num = c.tryNumber();
                    if (num == null) throw c.expected("number");
                    if (et.isFloat()) {
                        vals.add(floatBits(num, vAt, et));
                    } else {
                        BigInteger v = bigInteger(num, vAt);
                        checkRange(v, et, vAt);
                        vals.add(v.longValue());
                    }
                }
            } while (c.tryPunct(","));
        }
        c.punct(">");
        long[] out = new long[vals.size()];
        for (int i = 0; i < out.length; i++) out[i] = vals.get(i);
        return new Attribute.DenseArrayAttr(et, out);
    }

    // ---- #dialect attributes ----------------------------------------------------------------------

    private Attribute hashAttr() {
        c.skipWs();
        int start = c.pos;
        c.pos++;
        String name = c.suffixId("attribute name");
        boolean hasBody = c.pos < c.end && c.text.charAt(c.pos) == '<';
        if (!hasBody) {
            Attribute a = attributeAliases.get(name);
            if (a != null) return a;
            if (name.indexOf('.') >= 0) return new Attribute.OpaqueAttr("#" + name);
            throw c.error(start, "undefined attribute alias '#" + name + "'");
        }
        return switch (name) {
            case "stablehlo" -> enumAttr(start);
            case "stablehlo.dot" -> StructuredAttrParser.dot(c);
            case "stablehlo.gather" -> StructuredAttrParser.gather(c);
            case "stablehlo.scatter" -> StructuredAttrParser.scatter(c);
            case "stablehlo.conv" -> StructuredAttrParser.conv(c);
            case "stablehlo.channel_handle" -> StructuredAttrParser.channelHandle(c);
            case "stablehlo.result_accuracy" -> StructuredAttrParser.resultAccuracy(c, this);
            case "sdy.mesh" -> {
                c.punct("<");
                Attribute.SdyMesh m = StructuredAttrParser.meshBody(c);
                c.punct(">");
                yield m;
            }
            case "sdy.sharding" -> {
                c.punct("<");
                Attribute.SdySharding s = StructuredAttrParser.shardingBody(c, this);
                c.punct(">");
                yield s;
            }
            case "sdy.sharding_per_value" -> {
                c.punct("<");
                c.punct("[");
                List<Attribute.SdySharding> list = new ArrayList<>();
                if (!c.tryPunct("]")) {
                    do {
                        c.punct("<");
                        list.add(StructuredAttrParser.shardingBody(c, this));
                        c.punct(">");
                    } while (c.tryPunct(","));
                    c.punct("]");
                }
                c.punct(">");
                yield new Attribute.SdyShardingPerValue(list);
            }
            case "stablehlo.type_extensions" -> typeExtensions();
            default -> new Attribute.OpaqueAttr("#" + name + c.balanced('<'));
        };
    }

    /** {@code #stablehlo.type_extensions<bounds = [3, ?]>} is the long spelling of {@code #stablehlo.bounds<3, ?>}. */
    private Attribute typeExtensions() {
        int save = c.pos;
        c.punct("<");
        if (c.tryKeyword("bounds") && c.tryPunct("=") && c.tryPunct("[")) {
            List<String> bounds = new ArrayList<>();
            if (!c.tryPunct("]")) {
                do {
                    if (c.tryPunct("?")) bounds.add("?");
                    else bounds.add(Long.toString(c.integer("bound")));
                } while (c.tryPunct(","));
                c.punct("]");
            }
            if (c.tryPunct(">")) return new Attribute.OpaqueAttr("#stablehlo.bounds<" + String.join(", ", bounds) + ">");
        }
        c.pos = save;
        return new Attribute.OpaqueAttr("#stablehlo.type_extensions" + c.balanced('<'));
    }

    private Attribute enumAttr(int start) {
        int bodyStart = c.pos;
        c.punct("<");
        String mnemonic = c.tryBareId();
        String value = mnemonic == null ? null : c.tryBareId();
        if (value != null && c.tryPunct(">")) {
            Optional<StablehloEnum> e = StablehloEnum.lookup(mnemonic, value);
            if (e.isPresent()) return new Attribute.EnumAttr(e.get());
        }
        c.pos = bodyStart;
        return new Attribute.OpaqueAttr("#stablehlo" + c.balanced('<'));
    }

    /** Reads an optional {@code loc(...)} trailing an op; the location is not kept. */
    void skipOptionalLocation() {
        if (c.atKeyword("loc")) {
            c.keyword("loc");
            c.balanced('(');
        }
    }
}
