package dev.switchyard.dsl.ast;

import dev.switchyard.dsl.SourceSpan;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --emit ast} text: one node per line, indented by depth, each with its kind, its
 * scalar fields and its {@code @line:col}. Spans are shown by position only so the text is stable.
 */
public final class AstPrinter {
    private AstPrinter() {}

    public static String print(Program p) {
        StringBuilder b = new StringBuilder("Program ").append(p.file()).append('\n');
        for (Item i : p.items()) node(b, (Record) i, 1);
        return b.toString();
    }

    private static void node(StringBuilder b, Record r, int depth) {
        b.append("  ".repeat(depth)).append(name(r));
        SourceSpan where = null;
        StringBuilder children = new StringBuilder();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v = get(c, r);
            if (v instanceof SourceSpan s) {
                if (c.getName().equals("span")) where = s;
                continue;
            }
            if (v instanceof Optional<?> o) v = o.orElse(null);
            if (v == null) continue;
            if (v instanceof Record child) {
                children.append("  ".repeat(depth + 1)).append(c.getName()).append(":\n");
                node(children, child, depth + 2);
            } else if (v instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Record) {
                children.append("  ".repeat(depth + 1)).append(c.getName()).append(":\n");
                for (Object o : list) node(children, (Record) o, depth + 2);
            } else if (v instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof List<?>) {
                for (Object inner : list) {
                    children.append("  ".repeat(depth + 1)).append(c.getName()).append(":\n");
                    for (Object o : (List<?>) inner) node(children, (Record) o, depth + 2);
                }
            } else if (!(v instanceof List<?> l && l.isEmpty())) {
                b.append(' ').append(c.getName()).append('=').append(v instanceof String s ? quote(s) : v);
            }
        }
        if (where != null && !where.isNone()) b.append(" @").append(where.line()).append(':').append(where.column());
        b.append('\n').append(children);
    }

    private static String name(Record r) {
        Class<?> c = r.getClass();
        return c.getEnclosingClass() == null ? c.getSimpleName() : c.getEnclosingClass().getSimpleName() + "." + c.getSimpleName();
    }

    private static String quote(String s) { return "\"" + s.replace("\"", "\\\"") + "\""; }

    private static Object get(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
