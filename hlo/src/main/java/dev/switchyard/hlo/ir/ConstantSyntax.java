package dev.switchyard.hlo.ir;

import java.util.List;
import java.util.Set;

/** {@code stablehlo.constant dense<[1, 2]> : tensor<2xi32>}: the value attribute carries the result type. */
final class ConstantSyntax implements OpSyntax {

    @Override
    public boolean canPrint(Operation op) {
        if (op.numOperands() != 0 || op.numResults() != 1 || !op.regions().isEmpty()) return false;
        Attribute v = op.attribute("value").orElse(null);
        Type t = switch (v) {
            case Attribute.DenseElementsAttr d -> d.type();
            case Attribute.DenseTextAttr d -> d.type();
            case null, default -> null;
        };
        return t != null && t.equals(op.result().type());
    }

    @Override
    public void print(Operation op, AsmPrinter p) {
        p.attrDict(op, Set.of("value"));
        p.text(" ");
        p.attr(op.attribute("value").get());
    }

    @Override
    public void parse(OpParser p, State st) {
        Cursor c = p.c;
        if (c.tryPunct("(")) {
            // The generic form without the op name, which stablehlo-opt prints for a constant whose
            // value type differs from its result type.
            c.punct(")");
            if (c.tryPunct("<")) {
                st.attributes.addAll(p.at.dictionary());
                c.punct(">");
            }
            if (c.peek() == '{') st.attributes.addAll(p.at.dictionary());
            c.punct(":");
            c.punct("(");
            c.punct(")");
            c.punct("->");
            st.resultTypes = List.of(p.at.type());
            return;
        }
        if (c.peek() == '{') st.attributes.addAll(p.at.dictionary());
        c.skipWs();
        int at = c.pos;
        Attribute v = p.at.attribute();
        Type t = switch (v) {
            case Attribute.DenseElementsAttr d -> d.type();
            case Attribute.DenseTextAttr d -> d.type();
            default -> throw c.error(at, "expected dense elements attribute for stablehlo.constant");
        };
        for (NamedAttribute a : st.attributes) {
            if (a.name().equals("value")) throw c.error(at, "attribute 'value' given twice");
        }
        st.attr("value", v);
        st.resultTypes = List.of(t);
    }
}
