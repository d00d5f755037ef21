package dev.switchyard.hlo.ir;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code chlo.scan(%inputs) inits(%inits) dimension=0 {region} : (types) -> (types)}; the operand and
 * result segment sizes, which the generic form spells out, follow from the operand lists and type.
 */
final class ChloScanSyntax implements OpSyntax {
    private static final Set<String> ELIDED = Set.of("dimension", "operandSegmentSizes", "resultSegmentSizes");

    @Override
    public boolean canPrint(Operation op) {
        if (op.regions().size() != 1) return false;
        if (!(op.attribute("dimension").orElse(null) instanceof Attribute.IntegerAttr d)
                || !d.type().equals(new Type.ScalarType(ElementType.I64)) || d.value().bitLength() >= 64) return false;
        long[] ops = segments(op, "operandSegmentSizes");
        long[] res = segments(op, "resultSegmentSizes");
        return ops != null && res != null && ops.length == 2 && res.length == 2 && ops[0] >= 0 && ops[1] >= 0
                && ops[0] + ops[1] == op.numOperands() && res[1] == ops[1] && res[0] == op.numResults() - ops[1];
    }

    private static long[] segments(Operation op, String name) {
        return op.attribute(name).orElse(null) instanceof Attribute.DenseArrayAttr a && a.elementType() == ElementType.I32 ? a.values() : null;
    }

    @Override
    public void print(Operation op, AsmPrinter p) {
        int nIn = (int) segments(op, "operandSegmentSizes")[0];
        p.text("(");
        p.values(op.operands().subList(0, nIn));
        p.text(") inits (");
        p.values(op.operands().subList(nIn, op.numOperands()));
        p.text(") dimension=" + ((Attribute.IntegerAttr) op.attribute("dimension").get()).value());
        p.attrDictWithKeyword(op.attributes(), ELIDED);
        p.text(" ");
        p.region(op.region(0), true);
        p.text(" : ");
        p.functionalType(op);
    }

    @Override
    public void parse(OpParser p, State st) {
        Cursor c = p.c;
        List<Integer> offsets = new ArrayList<>();
        int nIn = operandList(p, st, offsets);
        c.keyword("inits");
        int nInit = operandList(p, st, offsets);
        c.keyword("dimension");
        c.punct("=");
        long dim = c.integer("dimension");
        st.attr("dimension", Attribute.IntegerAttr.i64(dim));
        if (c.tryKeyword("attributes")) st.attributes.addAll(p.at.dictionary());
        st.regions.add(p.region(null));
        c.punct(":");
        int at = c.pos;
        Type t = p.at.type();
        if (!(t instanceof Type.FunctionType ft)) throw c.error(at, "expected function type, found " + t.text());
        p.checkOperandTypes(st.operands, offsets, ft.inputs(), at);
        int nOut = ft.results().size() - nInit;
        if (nOut < 0) throw c.error(at, "not enough result types to cover the required carries");
        st.attr("operandSegmentSizes", new Attribute.DenseArrayAttr(ElementType.I32, new long[] {nIn, nInit}));
        st.attr("resultSegmentSizes", new Attribute.DenseArrayAttr(ElementType.I32, new long[] {nOut, nInit}));
        st.resultTypes = ft.results();
    }

    private static int operandList(OpParser p, State st, List<Integer> offsets) {
        Cursor c = p.c;
        c.punct("(");
        int n = 0;
        if (!c.tryPunct(")")) {
            do {
                c.skipWs();
                offsets.add(c.pos);
                st.operands.add(p.valueUse());
                n++;
            } while (c.tryPunct(","));
            c.punct(")");
        }
        return n;
    }
}
