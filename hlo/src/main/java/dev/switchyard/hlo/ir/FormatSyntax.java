package dev.switchyard.hlo.ir;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An op syntax described, like MLIR's declarative assembly format, as a list of elements — literal
 * keywords and punctuation, operands, attribute values, the type signature, and StableHLO's custom
 * directives. Each element prints and parses itself, so one description gives both directions.
 */
final class FormatSyntax implements OpSyntax {

    /** One piece of an op's syntax. */
    sealed interface El {}

    /** Literal text; printed as is, parsed as its whitespace-separated tokens. */
    record Lit(String text) implements El {}
    /** All operands, comma separated; a leading space when there are any and {@code space}. */
    record Operands(boolean space) implements El {}
    /** All operands each followed by a comma ({@code custom<VariadicOperandWithAttribute>}). */
    record OperandsTrailingComma() implements El {}
    record I64Array(String attr) implements El {}
    record Int(String attr, ElementType type) implements El {}
    record EnumWord(String attr, String mnemonic) implements El {}
    record Str(String attr) implements El {}
    /** A string attribute printed as a symbol name, {@code @foo}. */
    record SymbolStr(String attr) implements El {}
    record SymbolRef(String attr) implements El {}
    record AnyAttr(String attr) implements El {}
    record FloatBare(String attr, ElementType type) implements El {}
    record BoolBare(String attr) implements El {}
    record ShardingStripped(String attr) implements El {}
    record MeshStripped(String attr) implements El {}
    /** Printed iff the attribute is present; parsed iff the input starts with the group's first literal. */
    record Opt(String attr, List<El> group) implements El {}
    record AttrDict() implements El {}
    record FunctionalType() implements El {}
    record SameType() implements El {}
    record ResultType() implements El {}
    record ResultTypes() implements El {}
    record OperandType(int index) implements El {}
    record OptionalOperandTypes() implements El {}
    record TupleResultType() implements El {}
    record SelectType() implements El {}
    record ComplexType() implements El {}
    record BarrierOperands() implements El {}
    record SliceRanges() implements El {}
    record DotDims(String attr) implements El {}
    record PrecisionConfig() implements El {}
    record PrecisionAndAlgorithm() implements El {}
    record ConvDims(String attr) implements El {}
    record WindowAttrs() implements El {}
    record ExponentMantissa() implements El {}

    private final List<El> elements;
    private final Set<String> consumed = new HashSet<>();
    private final boolean setsResults;

    FormatSyntax(El... elements) {
        this.elements = List.of(elements);
        collect(this.elements);
        boolean sets = false;
        for (El e : this.elements) {
            sets |= e instanceof FunctionalType || e instanceof SameType || e instanceof ResultType || e instanceof ResultTypes
                    || e instanceof TupleResultType || e instanceof SelectType || e instanceof ComplexType || e instanceof BarrierOperands;
        }
        this.setsResults = sets;
    }

    private void collect(List<El> els) {
        for (El e : els) {
            switch (e) {
                case I64Array a -> consumed.add(a.attr());
                case Int a -> consumed.add(a.attr());
                case EnumWord a -> consumed.add(a.attr());
                case Str a -> consumed.add(a.attr());
                case SymbolStr a -> consumed.add(a.attr());
                case SymbolRef a -> consumed.add(a.attr());
                case AnyAttr a -> consumed.add(a.attr());
                case FloatBare a -> consumed.add(a.attr());
                case BoolBare a -> consumed.add(a.attr());
                case ShardingStripped a -> consumed.add(a.attr());
                case MeshStripped a -> consumed.add(a.attr());
                case Opt o -> { consumed.add(o.attr()); collect(o.group()); }
                case SliceRanges s -> consumed.addAll(List.of("start_indices", "limit_indices", "strides"));
                case DotDims d -> consumed.add(d.attr());
                case PrecisionConfig p -> consumed.add("precision_config");
                case PrecisionAndAlgorithm p -> consumed.addAll(List.of("precision_config", "algorithm"));
                case ConvDims d -> consumed.add(d.attr());
                case WindowAttrs w -> consumed.addAll(List.of("window_strides", "padding", "lhs_dilation", "rhs_dilation", "window_reversal"));
                case ExponentMantissa x -> consumed.addAll(List.of("exponent_bits", "mantissa_bits"));
                default -> { }
            }
        }
    }

    // ===== can print ================================================================================

    @Override
    public boolean canPrint(Operation op) {
        if (!op.regions().isEmpty()) return false;
        if (!setsResults && op.numResults() != 0) return false;
        for (El e : elements) if (!fits(e, op)) return false;
        return true;
    }

    private static boolean fits(El e, Operation op) {
        return switch (e) {
            case I64Array a -> op.attribute(a.attr()).orElse(null) instanceof Attribute.DenseArrayAttr d && d.elementType() == ElementType.I64;
            case Int a -> op.attribute(a.attr()).orElse(null) instanceof Attribute.IntegerAttr i
                    && i.type().equals(new Type.ScalarType(a.type())) && i.value().bitLength() < 64;
            case EnumWord a -> op.attribute(a.attr()).orElse(null) instanceof Attribute.EnumAttr en && en.value().mnemonic().equals(a.mnemonic());
            case Str a -> op.attribute(a.attr()).orElse(null) instanceof Attribute.StringAttr;
            case SymbolStr a -> op.attribute(a.attr()).orElse(null) instanceof Attribute.StringAttr;
            case SymbolRef a -> op.attribute(a.attr()).orElse(null) instanceof Attribute.SymbolRefAttr r && r.nested().isEmpty();
            case AnyAttr a -> op.attribute(a.attr()).isPresent();
            case FloatBare a -> op.attribute(a.attr()).orElse(null) instanceof Attribute.FloatAttr f && f.type() == a.type();
            case BoolBare a -> op.attribute(a.attr()).orElse(null) instanceof Attribute.BoolAttr;
            case ShardingStripped a -> op.attribute(a.attr()).orElse(null) instanceof Attribute.SdySharding;
            case MeshStripped a -> op.attribute(a.attr()).orElse(null) instanceof Attribute.SdyMesh;
            case Opt o -> op.attribute(o.attr()).isEmpty() || o.group().stream().allMatch(g -> fits(g, op));
            case SameType s -> op.numResults() == 1;
            case ResultType r -> op.numResults() == 1;
            case ResultTypes r -> op.numResults() >= 1;
            case OperandType t -> op.numOperands() > t.index();
            case TupleResultType t -> op.numResults() == 1 && op.result(0).type() instanceof Type.TupleType tt
                    && tt.elements().equals(operandTypes(op));
            case SelectType s -> op.numOperands() == 3 && op.numResults() == 1;
            case ComplexType s -> op.numOperands() == 2 && op.numResults() == 1;
            case BarrierOperands b -> operandTypes(op).equals(resultTypes(op));
            case SliceRanges s -> {
                long[][] r = sliceArrays(op);
                yield r != null && r[0].length == r[1].length && r[0].length == r[2].length;
            }
            case DotDims d -> op.attribute(d.attr()).orElse(null) instanceof Attribute.DotDimensionNumbers;
            case PrecisionConfig p -> precisionFits(op);
            case PrecisionAndAlgorithm p -> precisionFits(op) && (op.attribute("algorithm").isEmpty()
                    || (op.attribute("algorithm").get() instanceof Attribute.OpaqueAttr o && o.spelling().startsWith("#stablehlo.dot_algorithm<")));
            case ConvDims d -> op.attribute(d.attr()).orElse(null) instanceof Attribute.ConvDimensionNumbers;
            case WindowAttrs w -> windowFits(op);
            case ExponentMantissa x -> op.attribute("exponent_bits").orElse(null) instanceof Attribute.IntegerAttr a
                    && op.attribute("mantissa_bits").orElse(null) instanceof Attribute.IntegerAttr b
                    && a.type().equals(new Type.ScalarType(ElementType.I32)) && b.type().equals(new Type.ScalarType(ElementType.I32))
                    && a.value().signum() >= 0 && b.value().signum() >= 0 && a.value().bitLength() < 32 && b.value().bitLength() < 32;
            case Lit l -> true;
            case Operands o -> true;
            case OperandsTrailingComma o -> true;
            case AttrDict a -> true;
            case FunctionalType f -> true;
            case OptionalOperandTypes o -> true;
        };
    }

    private static boolean precisionFits(Operation op) {
        Optional<Attribute> a = op.attribute("precision_config");
        if (a.isEmpty()) return true;
        if (!(a.get() instanceof Attribute.ArrayAttr arr)) return false;
        for (Attribute x : arr.elements()) {
            if (!(x instanceof Attribute.EnumAttr en) || !(en.value() instanceof StablehloEnum.Precision)) return false;
        }
        return true;
    }

    private static boolean windowFits(Operation op) {
        for (String n : List.of("window_strides", "lhs_dilation", "rhs_dilation")) {
            Optional<Attribute> a = op.attribute(n);
            if (a.isPresent() && !(a.get() instanceof Attribute.DenseArrayAttr d && d.elementType() == ElementType.I64)) return false;
        }
        Optional<Attribute> rev = op.attribute("window_reversal");
        if (rev.isPresent() && !(rev.get() instanceof Attribute.DenseArrayAttr d && d.elementType() == ElementType.I1)) return false;
        Optional<Attribute> pad = op.attribute("padding");
        if (pad.isPresent()) {
            if (!(pad.get() instanceof Attribute.DenseElementsAttr d) || d.elementType() != ElementType.I64) return false;
            long[] s = d.type().shape();
            if (s.length != 2 || s[1] != 2) return false;
        }
        return true;
    }

    private static long[][] sliceArrays(Operation op) {
        long[][] r = new long[3][];
        String[] names = {"start_indices", "limit_indices", "strides"};
        for (int i = 0; i < 3; i++) {
            if (!(op.attribute(names[i]).orElse(null) instanceof Attribute.DenseArrayAttr d) || d.elementType() != ElementType.I64) return null;
            r[i] = d.values();
        }
        return r;
    }

    static List<Type> operandTypes(Operation op) {
        List<Type> ts = new ArrayList<>();
        for (Value v : op.operands()) ts.add(v.type());
        return ts;
    }

    static List<Type> resultTypes(Operation op) {
        List<Type> ts = new ArrayList<>();
        for (Value v : op.results()) ts.add(v.type());
        return ts;
    }

    // ===== print ====================================================================================

    @Override
    public void print(Operation op, AsmPrinter p) {
        print(elements, op, p);
    }

    private void print(List<El> els, Operation op, AsmPrinter p) {
        for (El e : els) {
            switch (e) {
                case Lit l -> p.text(l.text());
                case Operands o -> {
                    if (o.space() && op.numOperands() > 0) p.text(" ");
                    p.values(op.operands());
                }
                case OperandsTrailingComma o -> {
                    for (Value v : op.operands()) {
                        p.text(" ");
                        p.value(v);
                        p.text(",");
                    }
                }
                case I64Array a -> p.text(longList(((Attribute.DenseArrayAttr) op.attribute(a.attr()).get()).values()));
                case Int a -> p.text(((Attribute.IntegerAttr) op.attribute(a.attr()).get()).value().toString());
                case EnumWord a -> p.text(((Attribute.EnumAttr) op.attribute(a.attr()).get()).value().spelling());
                case Str a -> p.attr(op.attribute(a.attr()).get());
                case SymbolStr a -> p.symbol(((Attribute.StringAttr) op.attribute(a.attr()).get()).value());
                case SymbolRef a -> p.attr(op.attribute(a.attr()).get());
                case AnyAttr a -> p.attr(op.attribute(a.attr()).get());
                case FloatBare a -> {
                    Attribute.FloatAttr f = (Attribute.FloatAttr) op.attribute(a.attr()).get();
                    StringBuilder sb = new StringBuilder();
                    AttributePrinter.floatLiteral(f.bits(), f.type(), sb);
                    p.text(sb.toString());
                }
                case BoolBare a -> p.text(Boolean.toString(((Attribute.BoolAttr) op.attribute(a.attr()).get()).value()));
                case ShardingStripped a -> {
                    StringBuilder sb = new StringBuilder("<");
                    AttributePrinter.shardingBody((Attribute.SdySharding) op.attribute(a.attr()).get(), sb);
                    p.text(sb.append('>').toString());
                }
                case MeshStripped a -> {
                    StringBuilder sb = new StringBuilder("<");
                    AttributePrinter.meshBody((Attribute.SdyMesh) op.attribute(a.attr()).get(), sb);
                    p.text(sb.append('>').toString());
                }
                case Opt o -> {
                    if (op.attribute(o.attr()).isPresent()) print(o.group(), op, p);
                }
                case AttrDict a -> p.attrDict(op, consumed);
                case FunctionalType f -> p.functionalType(op);
                case SameType s -> {
                    Type r = op.result(0).type();
                    boolean same = true;
                    for (Value v : op.operands()) same &= v.type().equals(r);
                    if (same) p.type(r);
                    else p.functionalType(op);
                }
                case ResultType r -> p.type(op.result(0).type());
                case ResultTypes r -> p.types(resultTypes(op));
                case OperandType t -> p.type(op.operand(t.index()).type());
                case OptionalOperandTypes o -> {
                    if (op.numOperands() > 0) {
                        p.text(" : ");
                        p.types(operandTypes(op));
                    }
                }
                case TupleResultType t -> p.type(op.result(0).type());
                case SelectType s -> {
                    Type r = op.result(0).type();
                    if (op.operand(1).type().equals(r) && op.operand(2).type().equals(r)) {
                        p.type(op.operand(0).type());
                        p.text(", ");
                        p.type(r);
                    } else {
                        p.functionalType(op);
                    }
                }
                case ComplexType s -> {
                    Type r = op.result(0).type();
                    Optional<Type> real = realType(r);
                    if (real.isPresent() && op.operand(0).type().equals(real.get()) && op.operand(1).type().equals(real.get())) p.type(r);
                    else p.functionalType(op);
                }
                case BarrierOperands b -> {
                    if (op.numOperands() == 0) {
                        p.text("()");
                    } else {
                        p.text(" ");
                        p.values(op.operands());
                        p.text(" : ");
                        p.types(operandTypes(op));
                    }
                }
                case SliceRanges s -> {
                    long[][] r = sliceArrays(op);
                    StringBuilder sb = new StringBuilder("[");
                    for (int i = 0; i < r[0].length; i++) {
                        if (i > 0) sb.append(", ");
                        sb.append(r[0][i]).append(':').append(r[1][i]);
                        if (r[2][i] != 1) sb.append(':').append(r[2][i]);
                    }
                    p.text(sb.append(']').toString());
                }
                case DotDims d -> {
                    Attribute.DotDimensionNumbers n = (Attribute.DotDimensionNumbers) op.attribute(d.attr()).get();
                    StringBuilder sb = new StringBuilder();
                    if (n.lhsBatchingDimensions().length > 0 || n.rhsBatchingDimensions().length > 0) {
                        sb.append("batching_dims = ").append(longList(n.lhsBatchingDimensions())).append(" x ")
                                .append(longList(n.rhsBatchingDimensions())).append(", ");
                    }
                    sb.append("contracting_dims = ").append(longList(n.lhsContractingDimensions())).append(" x ")
                            .append(longList(n.rhsContractingDimensions()));
                    p.text(sb.toString());
                }
                case PrecisionConfig pc -> printPrecision(op, p);
                case PrecisionAndAlgorithm pa -> {
                    printPrecision(op, p);
                    op.attribute("algorithm").ifPresent(a -> p.text(", algorithm = "
                            + ((Attribute.OpaqueAttr) a).spelling().substring("#stablehlo.dot_algorithm".length())));
                }
                case ConvDims d -> p.text(ConvDimensionsText.print((Attribute.ConvDimensionNumbers) op.attribute(d.attr()).get()));
                case WindowAttrs w -> printWindow(op, p);
                case ExponentMantissa x -> p.text("e" + ((Attribute.IntegerAttr) op.attribute("exponent_bits").get()).value()
                        + "m" + ((Attribute.IntegerAttr) op.attribute("mantissa_bits").get()).value());
            }
        }
    }

    private static void printPrecision(Operation op, AsmPrinter p) {
        Optional<Attribute> a = op.attribute("precision_config");
        if (a.isEmpty()) return;
        StringBuilder sb = new StringBuilder(", precision = [");
        List<Attribute> xs = ((Attribute.ArrayAttr) a.get()).elements();
        for (int i = 0; i < xs.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(((Attribute.EnumAttr) xs.get(i)).value().spelling());
        }
        p.text(sb.append(']').toString());
    }

    private static void printWindow(Operation op, AsmPrinter p) {
        List<String> parts = new ArrayList<>();
        op.attribute("window_strides").ifPresent(a -> parts.add("stride = " + longList(((Attribute.DenseArrayAttr) a).values())));
        op.attribute("padding").ifPresent(a -> {
            HostTensor t = ((Attribute.DenseElementsAttr) a).materialize();
            byte[] b = t.data();
            StringBuilder sb = new StringBuilder("pad = [");
            long rows = t.shape()[0];
            for (int i = 0; i < rows; i++) {
                if (i > 0) sb.append(", ");
                sb.append('[').append(AttributePrinter.readLE(b, 16 * i, 8)).append(", ").append(AttributePrinter.readLE(b, 16 * i + 8, 8)).append(']');
            }
            parts.add(sb.append(']').toString());
        });
        op.attribute("lhs_dilation").ifPresent(a -> parts.add("lhs_dilate = " + longList(((Attribute.DenseArrayAttr) a).values())));
        op.attribute("rhs_dilation").ifPresent(a -> parts.add("rhs_dilate = " + longList(((Attribute.DenseArrayAttr) a).values())));
        op.attribute("window_reversal").ifPresent(a -> parts.add("reverse = " + longList(((Attribute.DenseArrayAttr) a).values())));
        p.text(String.join(", ", parts));
    }

    static String longList(long[] xs) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < xs.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(xs[i]);
        }
        return sb.append(']').toString();
    }

    /** The real counterpart of a complex tensor type (complex<f32> → f32), if it is one. */
    static Optional<Type> realType(Type t) {
        if (!(t instanceof Type.TensorType tt) || tt.knownElementType().isEmpty()) return Optional.empty();
        return switch (tt.knownElementType().get()) {
            case COMPLEX_F32 -> Optional.of(tt.withElementType(new Type.ScalarType(ElementType.F32)));
            case COMPLEX_F64 -> Optional.of(tt.withElementType(new Type.ScalarType(ElementType.F64)));
            default -> Optional.empty();
        };
    }

    // ===== parse ====================================================================================

    @Override
    public void parse(OpParser p, State st) {
        List<Integer> offsets = new ArrayList<>();
        parse(elements, p, st, offsets);
        if (st.resultTypes == null) st.resultTypes = List.of();
    }

    private void parse(List<El> els, OpParser p, State st, List<Integer> offsets) {
        Cursor c = p.c;
        for (El e : els) {
            switch (e) {
                case Lit l -> {
                    for (String tok : tokens(l)) {
                        if (Cursor.isIdStart(tok.charAt(0))) c.keyword(tok);
                        else c.punct(tok);
                    }
                }
                case Operands o -> {
                    c.skipWs();
                    int before = st.operands.size();
                    int at = c.pos;
                    st.operands.addAll(p.valueList());
                    for (int i = before; i < st.operands.size(); i++) offsets.add(at);
                }
                case OperandsTrailingComma o -> {
                    while (p.atValue()) {
                        offsets.add(c.pos);
                        st.operands.add(p.valueUse());
                        c.punct(",");
                    }
                }
                case I64Array a -> st.attr(a.attr(), Attribute.DenseArrayAttr.i64(StructuredAttrParser.intList(c)));
                case Int a -> {
                    long v = c.integer("integer");
                    st.attr(a.attr(), new Attribute.IntegerAttr(java.math.BigInteger.valueOf(v), new Type.ScalarType(a.type())));
                }
                case EnumWord a -> {
                    c.skipWs();
                    int at = c.pos;
                    String w = c.tryBareId();
                    Optional<StablehloEnum> v = w == null ? Optional.empty() : StablehloEnum.lookup(a.mnemonic(), w);
                    if (v.isEmpty()) {
                        c.pos = at;
                        throw c.expected(a.mnemonic().replace('_', ' ') + " value");
                    }
                    st.attr(a.attr(), new Attribute.EnumAttr(v.get()));
                }
                case Str a -> st.attr(a.attr(), new Attribute.StringAttr(c.string()));
                case SymbolStr a -> {
                    c.punct("@");
                    st.attr(a.attr(), new Attribute.StringAttr(c.symbolName()));
                }
                case SymbolRef a -> {
                    c.punct("@");
                    st.attr(a.attr(), Attribute.SymbolRefAttr.of(c.symbolName()));
                }
                case AnyAttr a -> st.attr(a.attr(), p.at.attribute());
                case FloatBare a -> {
                    c.skipWs();
                    int at = c.pos;
                    String n = c.tryNumber();
                    if (n == null) throw c.expected("float");
                    st.attr(a.attr(), new Attribute.FloatAttr(p.at.floatBits(n, at, a.type()), a.type()));
                    int save = c.pos;
                    if (!(c.tryPunct(":") && c.tryKeyword(a.type().mlirName()))) c.pos = save;
                }
                case BoolBare a -> {
                    if (c.tryKeyword("true")) st.attr(a.attr(), new Attribute.BoolAttr(true));
                    else if (c.tryKeyword("false")) st.attr(a.attr(), new Attribute.BoolAttr(false));
                    else throw c.expected("true or false");
                }
                case ShardingStripped a -> {
                    c.punct("<");
                    st.attr(a.attr(), StructuredAttrParser.shardingBody(c, p.at));
                    c.punct(">");
                }
                case MeshStripped a -> {
                    c.punct("<");
                    st.attr(a.attr(), StructuredAttrParser.meshBody(c));
                    c.punct(">");
                }
                case Opt o -> {
                    if (startsWith(c, o.group())) parse(o.group(), p, st, offsets);
                }
                case AttrDict a -> {
                    if (c.peek() == '{') {
                        int at = c.pos;
                        for (NamedAttribute na : p.at.dictionary()) {
                            for (NamedAttribute x : st.attributes) {
                                if (x.name().equals(na.name())) throw c.error(at, "attribute '" + na.name() + "' given twice");
                            }
                            st.attributes.add(na);
                        }
                    }
                }
                case FunctionalType f -> {
                    c.skipWs();
                    int at = c.pos;
                    Type t = p.at.type();
                    if (!(t instanceof Type.FunctionType ft)) throw c.error(at, "expected function type, found " + t.text());
                    p.checkOperandTypes(st.operands, offsets, ft.inputs(), at);
                    st.resultTypes = ft.results();
                }
                case SameType s -> {
                    c.skipWs();
                    int at = c.pos;
                    Type t = p.at.type();
                    if (t instanceof Type.FunctionType ft) {
                        p.checkOperandTypes(st.operands, offsets, ft.inputs(), at);
                        st.resultTypes = ft.results();
                    } else {
                        p.checkOperandTypes(st.operands, offsets, java.util.Collections.nCopies(st.operands.size(), t), at);
                        st.resultTypes = List.of(t);
                    }
                }
                case ResultType r -> st.resultTypes = List.of(p.at.type());
                case ResultTypes r -> st.resultTypes = p.at.typeList();
                case OperandType t -> {
                    c.skipWs();
                    int at = c.pos;
                    Type ty = p.at.type();
                    if (st.operands.size() <= t.index()) throw c.error(at, "missing operand " + t.index());
                    if (!st.operands.get(t.index()).type().equals(ty)) {
                        throw c.error(at, "type " + ty.text() + " does not match operand type " + st.operands.get(t.index()).type().text());
                    }
                }
                case OptionalOperandTypes o -> {
                    if (c.tryPunct(":")) {
                        int at = c.pos;
                        p.checkOperandTypes(st.operands, offsets, p.at.typeList(), at);
                    } else if (!st.operands.isEmpty()) {
                        throw c.expected("':' and operand types");
                    }
                }
                case TupleResultType t -> {
                    c.skipWs();
                    int at = c.pos;
                    Type ty = p.at.type();
                    if (!(ty instanceof Type.TupleType tt)) throw c.error(at, "expected tuple type, found " + ty.text());
                    p.checkOperandTypes(st.operands, offsets, tt.elements(), at);
                    st.resultTypes = List.of(ty);
                }
                case SelectType s -> {
                    c.skipWs();
                    int at = c.pos;
                    List<Type> ts = p.at.typeList();
                    if (ts.size() == 1 && ts.get(0) instanceof Type.FunctionType ft) {
                        p.checkOperandTypes(st.operands, offsets, ft.inputs(), at);
                        st.resultTypes = ft.results();
                    } else if (ts.size() == 2) {
                        p.checkOperandTypes(st.operands, offsets, List.of(ts.get(0), ts.get(1), ts.get(1)), at);
                        st.resultTypes = List.of(ts.get(1));
                    } else {
                        throw c.error(at, "expected functional type or list of two types");
                    }
                }
                case ComplexType s -> {
                    c.skipWs();
                    int at = c.pos;
                    Type t = p.at.type();
                    if (t instanceof Type.FunctionType ft) {
                        p.checkOperandTypes(st.operands, offsets, ft.inputs(), at);
                        st.resultTypes = ft.results();
                    } else {
                        Type real = realType(t).orElseThrow(() -> c.error(at, "expected complex tensor type, found " + t.text()));
                        p.checkOperandTypes(st.operands, offsets, List.of(real, real), at);
                        st.resultTypes = List.of(t);
                    }
                }
                case BarrierOperands b -> {
                    if (c.tryPunct("(")) {
                        c.punct(")");
                        st.resultTypes = List.of();
                    } else {
                        c.skipWs();
                        int at = c.pos;
                        st.operands.addAll(p.valueList());
                        for (int i = 0; i < st.operands.size(); i++) offsets.add(at);
                        c.punct(":");
                        int tAt = c.pos;
                        List<Type> ts = p.at.typeList();
                        p.checkOperandTypes(st.operands, offsets, ts, tAt);
                        st.resultTypes = ts;
                    }
                }
                case SliceRanges s -> parseSlice(c, st);
                case DotDims d -> parseDotDims(c, st, d.attr());
                case PrecisionConfig pc -> parsePrecision(c, st, false);
                case PrecisionAndAlgorithm pa -> parsePrecision(c, st, true);
                case ConvDims d -> st.attr(d.attr(), StructuredAttrParser.convBody(c));
                case WindowAttrs w -> parseWindow(c, st);
                case ExponentMantissa x -> {
                    c.skipWs();
                    int at = c.pos;
                    String w = c.tryBareId();
                    if (w == null || !w.matches("e[0-9]{1,9}m[0-9]{1,9}")) {
                        c.pos = at;
                        throw c.expected("exponent/mantissa format like e5m10");
                    }
                    int m = w.indexOf('m');
                    st.attr("exponent_bits", Attribute.IntegerAttr.i32(Long.parseLong(w.substring(1, m))));
                    st.attr("mantissa_bits", Attribute.IntegerAttr.i32(Long.parseLong(w.substring(m + 1))));
                }
            }
        }
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, String[]> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The whitespace-separated tokens of a literal, split once. */
    private static String[] tokens(Lit l) {
        return TOKENS.computeIfAbsent(l.text(), t -> t.isBlank() ? new String[0] : t.strip().split("\\s+"));
    }

    /** Whether the input continues with the tokens of the group's leading literal. */
    private static boolean startsWith(Cursor c, List<El> group) {
        if (group.isEmpty() || !(group.get(0) instanceof Lit l)) return true;
        int save = c.pos;
        try {
            for (String tok : tokens(l)) {
                boolean ok = Cursor.isIdStart(tok.charAt(0)) ? c.tryKeyword(tok) : c.tryPunct(tok);
                if (!ok) return false;
            }
            return true;
        } finally {
            c.pos = save;
        }
    }

    private static void parseSlice(Cursor c, State st) {
        c.punct("[");
        List<long[]> parts = new ArrayList<>();
        if (!c.tryPunct("]")) {
            do {
                long s = c.integer("start index");
                c.punct(":");
                long l = c.integer("limit index");
                long stride = 1;
                if (c.tryPunct(":")) stride = c.integer("stride");
                parts.add(new long[] {s, l, stride});
            } while (c.tryPunct(","));
            c.punct("]");
        }
        long[][] cols = new long[3][parts.size()];
        for (int i = 0; i < parts.size(); i++) for (int k = 0; k < 3; k++) cols[k][i] = parts.get(i)[k];
        st.attr("start_indices", Attribute.DenseArrayAttr.i64(cols[0]));
        st.attr("limit_indices", Attribute.DenseArrayAttr.i64(cols[1]));
        st.attr("strides", Attribute.DenseArrayAttr.i64(cols[2]));
    }

    private static void parseDotDims(Cursor c, State st, String attr) {
        long[] lb = new long[0];
        long[] rb = new long[0];
        if (c.tryKeyword("batching_dims")) {
            c.punct("=");
            lb = StructuredAttrParser.intList(c);
            c.keyword("x");
            rb = StructuredAttrParser.intList(c);
            c.punct(",");
        }
        c.keyword("contracting_dims");
        c.punct("=");
        long[] lc = StructuredAttrParser.intList(c);
        c.keyword("x");
        long[] rc = StructuredAttrParser.intList(c);
        st.attr(attr, new Attribute.DotDimensionNumbers(lb, rb, lc, rc));
    }

    private static void parsePrecision(Cursor c, State st, boolean withAlgorithm) {
        int save = c.pos;
        if (!c.tryPunct(",")) return;
        if (withAlgorithm && c.tryKeyword("algorithm")) {
            c.punct("=");
            st.attr("algorithm", new Attribute.OpaqueAttr("#stablehlo.dot_algorithm" + c.balanced('<')));
            return;
        }
        if (!c.atKeyword("precision")) {
            c.pos = save;
            return;
        }
        c.keyword("precision");
        c.punct("=");
        c.punct("[");
        List<Attribute> xs = new ArrayList<>();
        if (!c.tryPunct("]")) {
            do {
                c.skipWs();
                int at = c.pos;
                String w = c.tryBareId();
                Optional<StablehloEnum> v = w == null ? Optional.empty() : StablehloEnum.lookup("precision", w);
                if (v.isEmpty()) {
                    c.pos = at;
                    throw c.expected("precision (DEFAULT, HIGH or HIGHEST)");
                }
                xs.add(new Attribute.EnumAttr(v.get()));
            } while (c.tryPunct(","));
            c.punct("]");
        }
        st.attr("precision_config", new Attribute.ArrayAttr(xs));
        if (withAlgorithm) {
            int save2 = c.pos;
            if (c.tryPunct(",") && c.tryKeyword("algorithm")) {
                c.punct("=");
                st.attr("algorithm", new Attribute.OpaqueAttr("#stablehlo.dot_algorithm" + c.balanced('<')));
            } else {
                c.pos = save2;
            }
        }
    }

    private static void parseWindow(Cursor c, State st) {
        Set<String> seen = new HashSet<>();
        if (c.peek() == '}') return;
        do {
            c.skipWs();
            int at = c.pos;
            String key = c.tryBareId();
            if (key == null || !Set.of("stride", "pad", "lhs_dilate", "rhs_dilate", "reverse").contains(key)) {
                c.pos = at;
                throw c.expected("one of stride, pad, lhs_dilate, rhs_dilate, reverse");
            }
            if (!seen.add(key)) throw c.error(at, "duplicated '" + key + "'");
            c.punct("=");
            switch (key) {
                case "pad" -> {
                    c.punct("[");
                    List<long[]> rows = new ArrayList<>();
                    if (!c.tryPunct("]")) {
                        do {
                            c.skipWs();
                            int rAt = c.pos;
                            long[] row = StructuredAttrParser.intList(c);
                            if (row.length != 2) throw c.error(rAt, "expected array with 2 elements, got " + row.length);
                            rows.add(row);
                        } while (c.tryPunct(","));
                        c.punct("]");
                    }
                    byte[] data = new byte[rows.size() * 16];
                    for (int i = 0; i < rows.size(); i++) {
                        for (int k = 0; k < 2; k++) {
                            long v = rows.get(i)[k];
                            for (int b = 0; b < 8; b++) data[16 * i + 8 * k + b] = (byte) (v >>> (8 * b));
                        }
                    }
                    long[] shape = {rows.size(), 2};
                    st.attr("padding", new Attribute.DenseElementsAttr(new Type.TensorType(ElementType.I64, shape),
                            new HostTensor(ElementType.I64, shape, data)));
                }
                case "reverse" -> {
                    c.punct("[");
                    List<Long> xs = new ArrayList<>();
                    if (!c.tryPunct("]")) {
                        do {
                            if (c.tryKeyword("true")) xs.add(1L);
                            else if (c.tryKeyword("false")) xs.add(0L);
                            else xs.add(c.integer("0 or 1") != 0 ? 1L : 0L);
                        } while (c.tryPunct(","));
                        c.punct("]");
                    }
                    st.attr("window_reversal", new Attribute.DenseArrayAttr(ElementType.I1, xs.stream().mapToLong(Long::longValue).toArray()));
                }
                default -> {
                    String name = switch (key) {
                        case "stride" -> "window_strides";
                        case "lhs_dilate" -> "lhs_dilation";
                        default -> "rhs_dilation";
                    };
                    st.attr(name, Attribute.DenseArrayAttr.i64(StructuredAttrParser.intList(c)));
                }
            }
        } while (c.tryPunct(","));
    }
}
