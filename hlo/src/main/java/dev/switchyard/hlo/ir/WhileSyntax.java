package dev.switchyard.hlo.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code stablehlo.while(%iterArg = %init) : tensor<i64> cond { ... } do { ... }}: the iteration
 * arguments name the entry block arguments of both regions.
 */
final class WhileSyntax implements OpSyntax {

    @Override
    public boolean canPrint(Operation op) {
        if (op.regions().size() != 2) return false;
        List<Type> types = FormatSyntax.operandTypes(op);
        if (!FormatSyntax.resultTypes(op).equals(types)) return false;
        for (Region r : op.regions()) {
            if (r.blocks().size() != 1) return false;
            List<Type> argTypes = new ArrayList<>();
            for (Value a : r.entry().arguments()) argTypes.add(a.type());
            if (!argTypes.equals(types)) return false;
        }
        return true;
    }

    @Override
    public void print(Operation op, AsmPrinter p) {
        Block body = op.region(1).entry();
        p.text("(");
        for (int i = 0; i < op.numOperands(); i++) {
            if (i > 0) p.text(", ");
            p.value(body.argument(i));
            p.text(" = ");
            p.value(op.operand(i));
        }
        p.text(")");
        if (op.numOperands() > 0) {
            p.text(" : ");
            p.types(FormatSyntax.operandTypes(op));
        }
        p.attrDictWithKeyword(op.attributes(), Set.of());
        p.newlineIndent();
        p.text("cond ");
        p.region(op.region(0), false);
        p.text(" do ");
        p.region(op.region(1), false);
    }

    @Override
    public void parse(OpParser p, State st) {
        Cursor c = p.c;
        c.punct("(");
        List<String> argNames = new ArrayList<>();
        List<Integer> argAt = new ArrayList<>();
        List<Integer> operandAt = new ArrayList<>();
        if (!c.tryPunct(")")) {
            do {
                c.skipWs();
                if (c.peek() != '%') throw c.expected("iteration argument");
                argAt.add(c.pos);
                c.pos++;
                argNames.add(c.suffixId("argument name"));
                c.punct("=");
                c.skipWs();
                operandAt.add(c.pos);
                st.operands.add(p.valueUse());
            } while (c.tryPunct(","));
            c.punct(")");
        }
        List<Type> types = List.of();
        if (!st.operands.isEmpty()) {
            c.punct(":");
            int at = c.pos;
            types = p.at.typeList();
            p.checkOperandTypes(st.operands, operandAt, types, at);
        }
        if (c.tryKeyword("attributes")) st.attributes.addAll(p.at.dictionary());
        List<OpParser.Arg> args = new ArrayList<>();
        for (int i = 0; i < argNames.size(); i++) args.add(new OpParser.Arg(argNames.get(i), types.get(i), argAt.get(i)));
        c.keyword("cond");
        st.regions.add(p.region(args));
        c.keyword("do");
        st.regions.add(p.region(args));
        st.resultTypes = types;
    }
}
