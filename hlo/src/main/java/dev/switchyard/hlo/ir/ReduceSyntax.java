package dev.switchyard.hlo.ir;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code stablehlo.reduce(%x init: %zero) applies stablehlo.add across dimensions = [1] : (...) -> ...}
 * (compact, when the body is one commutative binary op) or with an explicit
 * {@code reducer(%a: t, %b: t) { ... }} region.
 */
final class ReduceSyntax implements OpSyntax {
    private static final Set<String> COMMUTATIVE = Set.of("stablehlo.add", "stablehlo.multiply", "stablehlo.maximum",
            "stablehlo.minimum", "stablehlo.and", "stablehlo.or", "stablehlo.xor");

    @Override
    public boolean canPrint(Operation op) {
        int n = op.numOperands();
        if (n == 0 || n % 2 != 0 || op.regions().size() != 1 || op.region(0).blocks().size() != 1) return false;
        if (op.region(0).entry().arguments().size() != n) return false;
        return op.attribute("dimensions").orElse(null) instanceof Attribute.DenseArrayAttr d && d.elementType() == ElementType.I64;
    }

    /** The inner op's name if the body is exactly {@code %r = op %a, %b; return %r} on scalar tensors. */
    private static Optional<String> compactInnerOp(Operation op) {
        Block b = op.region(0).entry();
        if (op.numOperands() != 2 || b.operations().size() != 2) return Optional.empty();
        Operation inner = b.operations().get(0);
        Operation ret = b.operations().get(1);
        if (!COMMUTATIVE.contains(inner.name()) || !inner.attributes().isEmpty() || !inner.regions().isEmpty()
                || inner.numResults() != 1 || inner.numOperands() != 2) return Optional.empty();
        if (!(op.operand(0).type() instanceof Type.TensorType in)) return Optional.empty();
        Type scalar = new Type.TensorType(in.elementType());
        if (!inner.result().type().equals(scalar) || !inner.operand(0).type().equals(scalar) || !inner.operand(1).type().equals(scalar)) {
            return Optional.empty();
        }
        if (inner.operand(0) != b.argument(0) || inner.operand(1) != b.argument(1)) return Optional.empty();
        if (!ret.name().equals("stablehlo.return") || ret.numOperands() != 1 || ret.operand(0) != inner.result()
                || !ret.attributes().isEmpty() || ret.numResults() != 0 || !ret.regions().isEmpty()) return Optional.empty();
        return Optional.of(inner.name());
    }

    @Override
    public void print(Operation op, AsmPrinter p) {
        int n = op.numOperands() / 2;
        for (int i = 0; i < n; i++) {
            p.text(i == 0 ? "(" : ", (");
            p.value(op.operand(i));
            p.text(" init: ");
            p.value(op.operand(i + n));
            p.text(")");
        }
        Optional<String> compact = compactInnerOp(op);
        compact.ifPresent(name -> p.text(" applies " + name));
        p.text(" across dimensions = " + FormatSyntax.longList(((Attribute.DenseArrayAttr) op.attribute("dimensions").get()).values()));
        p.attrDict(op, Set.of("dimensions"));
        p.text(" : ");
        p.functionalType(op);
        if (compact.isEmpty()) {
            Block b = op.region(0).entry();
            p.newlineIndent();
            p.text(" reducer");
            for (int i = 0; i < n; i++) {
                p.text("(");
                p.value(b.argument(i));
                p.text(": ");
                p.type(b.argument(i).type());
                p.text(", ");
                p.value(b.argument(i + n));
                p.text(": ");
                p.type(b.argument(i + n).type());
                p.text(") ");
            }
            p.region(op.region(0), false);
        }
    }

    @Override
    public void parse(OpParser p, State st) {
        Cursor c = p.c;
        List<Value> inputs = new ArrayList<>();
        List<Value> inits = new ArrayList<>();
        List<Integer> inAt = new ArrayList<>();
        List<Integer> initAt = new ArrayList<>();
        do {
            c.punct("(");
            c.skipWs();
            inAt.add(c.pos);
            inputs.add(p.valueUse());
            c.keyword("init");
            c.punct(":");
            c.skipWs();
            initAt.add(c.pos);
            inits.add(p.valueUse());
            c.punct(")");
        } while (c.tryPunct(","));
        st.operands.addAll(inputs);
        st.operands.addAll(inits);
        List<Integer> offsets = new ArrayList<>(inAt);
        offsets.addAll(initAt);
        String inner = null;
        int innerAt = -1;
        if (c.tryKeyword("applies")) {
            c.skipWs();
            innerAt = c.pos;
            inner = c.bareId("operation name");
            if (!COMMUTATIVE.contains(inner)) {
                throw c.error(innerAt, "expected the inner-op to be a commutative binary-op from the stablehlo dialect, found '" + inner + "'");
            }
        }
        c.keyword("across");
        c.keyword("dimensions");
        c.punct("=");
        st.attr("dimensions", Attribute.DenseArrayAttr.i64(StructuredAttrParser.intList(c)));
        if (c.peek() == '{') st.attributes.addAll(p.at.dictionary());
        c.punct(":");
        int typeAt = c.pos;
        Type t = p.at.type();
        if (!(t instanceof Type.FunctionType ft)) throw c.error(typeAt, "expected function type, found " + t.text());
        p.checkOperandTypes(st.operands, offsets, ft.inputs(), typeAt);
        st.resultTypes = ft.results();
        if (inner != null) {
            if (inputs.size() != 1 || !(inputs.get(0).type() instanceof Type.TensorType in)) {
                throw c.error(innerAt, "the compact reduce form needs exactly one tensor input");
            }
            Type scalar = new Type.TensorType(in.elementType());
            Block b = new Block(List.of(scalar, scalar));
            Operation op = Operation.create(inner, b.arguments(), List.of(scalar), List.of(), List.of(), c.location(innerAt));
            b.append(op);
            b.append(Operation.create("stablehlo.return", List.of(op.result()), List.of(), List.of(), List.of(), c.location(innerAt)));
            st.regions.add(Region.of(b));
            return;
        }
        c.keyword("reducer");
        List<OpParser.Arg> elems = new ArrayList<>();
        List<OpParser.Arg> accs = new ArrayList<>();
        while (c.tryPunct("(")) {
            elems.add(p.argDecl());
            c.punct(",");
            accs.add(p.argDecl());
            c.punct(")");
        }
        List<OpParser.Arg> args = new ArrayList<>(elems);
        args.addAll(accs);
        st.regions.add(p.region(args));
    }
}
