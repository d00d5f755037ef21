package dev.switchyard.dsl;

import java.util.List;

/**
 * Renders diagnostics for a terminal:
 * <pre>
 * model.sy:12:17: error: dims differ: d_ff (3072) vs d_model (768)
 *    12 |   let y = x @ w
 *       |           ^^^^^
 * model.sy:4:3: note: w declared here
 * </pre>
 */
public final class DiagnosticRenderer {
    private DiagnosticRenderer() {}

    public static String render(List<Diagnostic> diagnostics, SourceSet sources) {
        StringBuilder b = new StringBuilder();
        for (Diagnostic d : diagnostics) b.append(render(d, sources));
        return b.toString();
    }

    public static String render(Diagnostic d, SourceSet sources) {
        StringBuilder b = new StringBuilder();
        b.append(d.headline()).append('\n');
        excerpt(b, d.span(), sources);
        for (Diagnostic.Note n : d.notes()) {
            b.append(n.span().isNone() ? "note: " + n.message() : n.span().location() + ": note: " + n.message()).append('\n');
            excerpt(b, n.span(), sources);
        }
        return b.toString();
    }

    private static void excerpt(StringBuilder b, SourceSpan span, SourceSet sources) {
        if (span.isNone()) return;
        var line = sources.line(span.file(), span.line());
        if (line.isEmpty()) return;
        String text = line.get();
        String number = Integer.toString(span.line());
        String gutter = " ".repeat(Math.max(0, 5 - number.length())) + number + " | ";
        b.append(gutter).append(text).append('\n');
        int col = Math.max(1, span.column());
        int endCol = span.endLine() == span.line() ? Math.max(span.endColumn(), col + 1) : text.length() + 1;
        endCol = Math.min(endCol, Math.max(col + 1, text.length() + 1));
        StringBuilder under = new StringBuilder();
        for (int i = 1; i < col; i++) {
            under.append(i - 1 < text.length() && text.charAt(i - 1) == '\t' ? '\t' : ' ');
        }
        under.append("^".repeat(endCol - col));
        b.append(" ".repeat(gutter.length() - 2)).append("| ").append(under).append('\n');
    }
}
