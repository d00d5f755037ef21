package dev.switchyard.hlo.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes a module as MLIR text, in generic form or in pretty form (ops with a registered
 * {@link OpSyntax} that can print them; generic form for the rest, with their regions still pretty).
 * Values are numbered per top-level op as MLIR numbers them, so printing is deterministic and
 * print → parse → print is a fixpoint.
 */
final class AsmPrinter {
    private final StringBuilder sb;
    private final boolean pretty;
    private ValueNames names = new ValueNames();
    private int indent;

    AsmPrinter(StringBuilder sb, boolean pretty) {
        this.sb = sb;
        this.pretty = pretty;
    }

    void module(ModuleOp m) {
        if (!m.isExplicit()) {
            topLevels(m.operations());
            return;
        }
        List<NamedAttribute> attrs = new ArrayList<>();
        if (pretty) {
            sb.append("module");
            m.name().ifPresent(n -> {
                sb.append(' ');
                symbol(n);
            });
            if (!m.attributes().isEmpty()) {
                sb.append(" attributes ");
                AttributePrinter.dictionary(m.attributes(), sb);
            }
            sb.append(" {\n");
            indent++;
            topLevels(m.operations());
            indent--;
            sb.append("}\n");
            return;
        }
        sb.append("\"builtin.module\"() ({\n");
        indent++;
        topLevels(m.operations());
        indent--;
        sb.append("})");
        m.name().ifPresent(n -> attrs.add(new NamedAttribute("sym_name", new Attribute.StringAttr(n))));
        attrs.addAll(m.attributes());
        if (!attrs.isEmpty()) {
            sb.append(' ');
            AttributePrinter.dictionary(attrs, sb);
        }
        sb.append(" : () -> ()\n");
    }

    /**
     * The module body is one scope: results of ops outside any function are numbered together
     * (and regions of such ops see them). A function numbers afresh, as MLIR does, unless the
     * module also has values outside functions: then numbering continues through the functions,
     * since our parser (unlike MLIR's) lets a function body see the module's names.
     */
    private void topLevels(List<Operation> ops) {
        ValueNames moduleScope = new ValueNames();
        names = moduleScope;
        boolean moduleValues = false;
        for (Operation op : ops) {
            if (!isolatedFromAbove(op)) {
                nameResults(op);
                moduleValues |= op.numResults() > 0;
            }
        }
        for (Operation op : ops) {
            if (isolatedFromAbove(op) && !moduleValues) {
                topLevel(op);
            } else {
                names = moduleScope;
                nameResults(op);
                for (Region r : op.regions()) numberRegion(r);
                op(op);
            }
        }
    }

    private static boolean isolatedFromAbove(Operation op) {
        return op.name().equals("func.func") || op.name().equals("builtin.module");
    }

    void topLevel(Operation op) {
        names = new ValueNames();
        nameResults(op);
        for (Region r : op.regions()) numberRegion(r);
        op(op);
    }

    /**
     * Numbers values as MLIR does: a region's block arguments and op results first, then the
     * regions nested in its ops, in order. In pretty form a while's body arguments share the
     * names of its condition's, since the syntax declares them once.
     */
    private void numberRegion(Region r) {
        for (Block b : r.blocks()) {
            Operation parent = r.parentOp().orElse(null);
            boolean whileBody = pretty && parent != null && parent.name().equals("stablehlo.while") && parent.regions().size() == 2
                    && parent.region(1) == r && PrettySyntax.forName(parent.name()).canPrint(parent);
            for (int i = 0; i < b.arguments().size(); i++) {
                if (whileBody) names.alias(b.argument(i), names.name(parent.region(0).entry().argument(i)));
                else names.name(b.argument(i));
            }
            for (Operation op : b.operations()) nameResults(op);
        }
        for (Block b : r.blocks()) {
            for (Operation op : b.operations()) {
                for (Region nested : op.regions()) numberRegion(nested);
            }
        }
    }

    private void nameResults(Operation op) {
        if (op.numResults() == 1) names.name(op.result());
        else if (op.numResults() > 1) names.group(op.results());
    }

    /** One op on its own line(s) at the current indentation. */
    void op(Operation op) {
        indent();
        List<Value> rs = op.results();
        if (rs.size() == 1) {
            value(rs.get(0));
            sb.append(" = ");
        } else if (rs.size() > 1) {
            // Several results print as one group, %4:2, used as %4#0 and %4#1 (MLIR's default).
            String first = names.name(rs.get(0));
            int hash = first.indexOf('#');
            if (hash > 0) {
                sb.append('%').append(first, 0, hash).append(':').append(rs.size()).append(" = ");
            } else {
                values(rs);
                sb.append(" = ");
            }
        }
        OpSyntax syntax = pretty ? PrettySyntax.forName(op.name()) : null;
        if (syntax != null && syntax.canPrint(op)) {
            sb.append(op.name());
            syntax.print(op, this);
        } else {
            generic(op);
        }
        sb.append('\n');
    }

    private void generic(Operation op) {
        sb.append('"').append(op.name()).append("\"(");
        values(op.operands());
        sb.append(')');
        if (!op.regions().isEmpty()) {
            sb.append(" (");
            for (int i = 0; i < op.regions().size(); i++) {
                if (i > 0) sb.append(", ");
                region(op.region(i), true);
            }
            sb.append(')');
        }
        if (!op.attributes().isEmpty()) {
            sb.append(' ');
            AttributePrinter.dictionary(op.attributes(), sb);
        }
        sb.append(" : ");
        functionalType(op);
    }

    // ---- pieces for op syntaxes ---------------------------------------------------------------

    void text(String s) { sb.append(s); }

    void value(Value v) { sb.append('%').append(names.name(v)); }

    void values(List<Value> vs) {
        for (int i = 0; i < vs.size(); i++) {
            if (i > 0) sb.append(", ");
            value(vs.get(i));
        }
    }

    void type(Type t) { TypePrinter.print(t, sb); }

    void types(List<Type> ts) { TypePrinter.list(ts, sb); }

    void attr(Attribute a) { AttributePrinter.print(a, sb); }

    void symbol(String name) { AttributePrinter.symbol(name, sb); }

    /** {@code (operand types) -> result types}. */
    void functionalType(Operation op) {
        sb.append('(');
        for (int i = 0; i < op.numOperands(); i++) {
            if (i > 0) sb.append(", ");
            type(op.operand(i).type());
        }
        sb.append(") -> ");
        List<Type> rs = FormatSyntax.resultTypes(op);
        TypePrinter.results(rs, sb);
    }

    /** {@code  {name = value, ...}} of the attributes not in {@code elided}; nothing if none remain. */
    void attrDict(Operation op, Set<String> elided) {
        List<NamedAttribute> rest = remaining(op.attributes(), elided);
        if (rest.isEmpty()) return;
        sb.append(' ');
        AttributePrinter.dictionary(rest, sb);
    }

    /** {@code  attributes {...}} of the attributes not in {@code elided}; nothing if none remain. */
    void attrDictWithKeyword(List<NamedAttribute> attrs, Set<String> elided) {
        List<NamedAttribute> rest = remaining(attrs, elided);
        if (rest.isEmpty()) return;
        sb.append(" attributes ");
        AttributePrinter.dictionary(rest, sb);
    }

    private static List<NamedAttribute> remaining(List<NamedAttribute> attrs, Set<String> elided) {
        List<NamedAttribute> rest = new ArrayList<>();
        for (NamedAttribute a : attrs) if (!elided.contains(a.name())) rest.add(a);
        return rest;
    }

    /** A region in braces; the entry block's header only if {@code printEntryArgs} and it has arguments. */
    void region(Region r, boolean printEntryArgs) {
        sb.append("{\n");
        indent++;
        List<Block> blocks = r.blocks();
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            boolean header = b > 0 || (printEntryArgs && (blocks.size() > 1 || !block.arguments().isEmpty()));
            if (header) {
                indent--;
                indent();
                indent++;
                sb.append("^bb").append(b); // labels restart in each region, as in MLIR
                if (!block.arguments().isEmpty()) {
                    sb.append('(');
                    for (int i = 0; i < block.arguments().size(); i++) {
                        if (i > 0) sb.append(", ");
                        Value a = block.argument(i);
                        value(a);
                        sb.append(": ");
                        type(a.type());
                    }
                    sb.append(')');
                }
                sb.append(":\n");
            }
            for (Operation op : block.operations()) op(op);
        }
        indent--;
        indent();
        sb.append('}');
    }

    void newlineIndent() {
        sb.append('\n');
        indent();
    }

    private void indent() {
        for (int i = 0; i < indent; i++) sb.append("  ");
    }
}
