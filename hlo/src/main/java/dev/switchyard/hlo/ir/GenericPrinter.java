package dev.switchyard.hlo.ir;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a module in MLIR's generic op form, {@code %0 = "stablehlo.add"(%a, %b) : (t, t) -> t},
 * which any MLIR tool reads with {@code --allow-unregistered-dialect}. Attributes go in the
 * discardable dictionary {@code {...}}: MLIR moves inherent ones (e.g. {@code func.func}'s
 * {@code sym_name}) into properties itself.
 */
public final class GenericPrinter {
    private final StringBuilder sb;
    private ValueNames names = new ValueNames();
    private Map<Block, String> blockLabels = new IdentityHashMap<>();

    private GenericPrinter(StringBuilder sb) { this.sb = sb; }

    /** The module in generic form, ending with a newline. */
    public static String print(Module module) {
        StringBuilder sb = new StringBuilder();
        new GenericPrinter(sb).module(module);
        return sb.toString();
    }

    /** One op (and its regions) in generic form, names numbered afresh. */
    public static String print(Operation op) {
        StringBuilder sb = new StringBuilder();
        new GenericPrinter(sb).op(op, 0);
        return sb.toString();
    }

    private void module(Module m) {
        if (!m.isExplicit()) {
            for (Operation op : m.operations()) topLevel(op, 0);
            return;
        }
        sb.append("\"builtin.module\"() ({\n");
        for (Operation op : m.operations()) topLevel(op, 1);
        sb.append("})");
        java.util.List<NamedAttribute> attrs = new java.util.ArrayList<>();
        m.name().ifPresent(n -> attrs.add(new NamedAttribute("sym_name", new Attribute.StringAttr(n))));
        attrs.addAll(m.attributes());
        if (!attrs.isEmpty()) {
            sb.append(' ');
            AttributePrinter.dictionary(attrs, sb);
        }
        sb.append(" : () -> ()\n");
    }

    private void topLevel(Operation op, int indent) {
        names = new ValueNames();
        blockLabels = new IdentityHashMap<>();
        op(op, indent);
    }

    private void op(Operation op, int indent) {
        indent(indent);
        results(op.results());
        sb.append('"').append(op.name()).append("\"(");
        values(op.operands());
        sb.append(')');
        if (!op.regions().isEmpty()) {
            sb.append(" (");
            for (int i = 0; i < op.regions().size(); i++) {
                if (i > 0) sb.append(", ");
                region(op.region(i), indent);
            }
            sb.append(')');
        }
        if (!op.attributes().isEmpty()) {
            sb.append(' ');
            AttributePrinter.dictionary(op.attributes(), sb);
        }
        sb.append(" : (");
        for (int i = 0; i < op.numOperands(); i++) {
            if (i > 0) sb.append(", ");
            TypePrinter.print(op.operand(i).type(), sb);
        }
        sb.append(") -> ");
        List<Value> rs = op.results();
        if (rs.size() == 1 && !(rs.get(0).type() instanceof Type.FunctionType)) {
            TypePrinter.print(rs.get(0).type(), sb);
        } else {
            sb.append('(');
            for (int i = 0; i < rs.size(); i++) {
                if (i > 0) sb.append(", ");
                TypePrinter.print(rs.get(i).type(), sb);
            }
            sb.append(')');
        }
        sb.append('\n');
    }

    private void results(List<Value> results) {
        if (results.isEmpty()) return;
        for (int i = 0; i < results.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append('%').append(names.name(results.get(i)));
        }
        sb.append(" = ");
    }

    private void values(List<Value> vs) {
        for (int i = 0; i < vs.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append('%').append(names.name(vs.get(i)));
        }
    }

    private void region(Region r, int indent) {
        sb.append("{\n");
        List<Block> blocks = r.blocks();
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            if (b > 0 || !block.arguments().isEmpty()) {
                indent(indent);
                sb.append('^').append(label(block));
                if (!block.arguments().isEmpty()) {
                    sb.append('(');
                    for (int i = 0; i < block.arguments().size(); i++) {
                        if (i > 0) sb.append(", ");
                        Value a = block.argument(i);
                        sb.append('%').append(names.name(a)).append(": ");
                        TypePrinter.print(a.type(), sb);
                    }
                    sb.append(')');
                }
                sb.append(":\n");
            }
            for (Operation op : block.operations()) op(op, indent + 1);
        }
        indent(indent);
        sb.append('}');
    }

    private String label(Block b) {
        return blockLabels.computeIfAbsent(b, k -> "bb" + blockLabels.size());
    }

    private void indent(int n) {
        for (int i = 0; i < n; i++) sb.append("  ");
    }
}
