package dev.switchyard.dsl;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

/**
 * The canonical layout of a {@code .sy} file ({@code switchyard fmt}). Works on the token stream,
 * so comments stay where they are and the program cannot change: line breaks are kept (at most
 * one blank line in a row), spacing between tokens follows fixed rules, indentation is two
 * spaces per open brace, and a line continued inside parentheses or brackets lines up after the
 * opening one. Formatting a formatted file gives the same text.
 */
public final class Formatter {
    private Formatter() {}

    private static final Set<String> NO_SPACE_BEFORE = Set.of(")", "]", ",", ";", ":", "..");
    private static final Set<String> NO_SPACE_AFTER = Set.of("(", "[", "..");
    private static final Set<Integer> VALUE_END = Set.of(SwitchyardLexer.IDENT, SwitchyardLexer.INT, SwitchyardLexer.FLOAT,
            SwitchyardLexer.STRING);

    private record Opener(String text, int alignColumn, int lineIndent, boolean lastOnLine) {}

    /** The formatted text, or empty if the file has syntax errors (reported into {@code diagnostics}). */
    public static Optional<String> format(String file, String text, Diagnostics diagnostics) {
        if (SourceParser.parse(file, text, diagnostics).isEmpty()) return Optional.empty();
        return Optional.of(layout(text));
    }

    static String layout(String text) {
        SwitchyardLexer lexer = new SwitchyardLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        CommonTokenStream stream = new CommonTokenStream(lexer);
        stream.fill();
        List<Token> tokens = stream.getTokens();
        StringBuilder out = new StringBuilder();
        Deque<Opener> openers = new ArrayDeque<>();
        int lineStart = 0;
        int lineIndent = 0;
        Token prev = null;
        Token beforePrev = null;
        int pendingNewlines = 0;
        String pendingSpace = "";
        for (Token t : tokens) {
            if (t.getType() == Token.EOF) break;
            if (t.getType() == SwitchyardLexer.WS) {
                long nl = t.getText().chars().filter(c -> c == '\n').count();
                pendingNewlines += (int) nl;
                pendingSpace = nl == 0 ? t.getText() : "";
                continue;
            }
            String s = t.getText();
            boolean comment = t.getChannel() == 2;
            if (prev == null) {
                pendingNewlines = 0;
            }
            if (prev != null && pendingNewlines > 0) {
                // a new line: mark an opener that ended its line, trim trailing spaces, indent
                if (!openers.isEmpty() && isLastOpenerEndingLine(openers, out, lineStart)) {
                    Opener o = openers.pop();
                    int extra = o.text().equals("{") ? 2 : 4;
                    openers.push(new Opener(o.text(), o.lineIndent() + extra, o.lineIndent(), true));
                }
                trimTrailing(out);
                out.append("\n".repeat(Math.min(2, pendingNewlines)));
                lineStart = out.length();
                int indent = indentFor(s, openers);
                out.append(" ".repeat(indent));
                lineIndent = indent;
            } else if (prev != null) {
                if (comment && t.getType() == SwitchyardLexer.LINE_COMMENT) {
                    out.append(pendingSpace.isEmpty() ? " " : pendingSpace.replace("\t", " "));
                } else if (spaceBetween(beforePrev, prev, t)) {
                    out.append(' ');
                }
            }
            if (!comment && (s.equals(")") || s.equals("]") || s.equals("}")) && !openers.isEmpty()) openers.pop();
            out.append(s);
            if (!comment && (s.equals("(") || s.equals("[") || s.equals("{"))) {
                int column = out.length() - lineStart;
                int base = s.equals("{") ? statementIndent(openers, lineIndent) : lineIndent;
                int align = s.equals("{") ? base + 2 : column;
                openers.push(new Opener(s, align, base, false));
            }
            if (!comment) {
                beforePrev = prev;
                prev = t;
            } else if (prev == null) {
                prev = t;
            } else {
                beforePrev = prev;
                prev = t;
            }
            pendingNewlines = 0;
            pendingSpace = "";
        }
        trimTrailing(out);
        if (out.length() > 0) out.append('\n');
        return out.toString();
    }

    /**
     * A body brace indents from its statement's first line, not from a continuation line: the
     * enclosing brace's content indent (0 at top level), unless the brace is inside parentheses.
     */
    private static int statementIndent(Deque<Opener> openers, int lineIndent) {
        for (Opener o : openers) {
            if (!o.text().equals("{")) return lineIndent;
            return o.alignColumn();
        }
        return 0;
    }

    private static boolean isLastOpenerEndingLine(Deque<Opener> openers, StringBuilder out, int lineStart) {
        Opener top = openers.peek();
        if (top.lastOnLine()) return false;
        String line = out.substring(lineStart).stripTrailing();
        return line.endsWith(top.text());
    }

    private static int indentFor(String first, Deque<Opener> openers) {
        if (openers.isEmpty()) return 0;
        Opener top = openers.peek();
        if (first.equals("}") || first.equals(")") || first.equals("]")) return top.lineIndent();
        return top.alignColumn();
    }

    private static void trimTrailing(StringBuilder out) {
        int n = out.length();
        while (n > 0 && (out.charAt(n - 1) == ' ' || out.charAt(n - 1) == '\t')) n--;
        out.setLength(n);
    }

    private static boolean spaceBetween(Token beforePrev, Token prev, Token t) {
        String p = prev.getText();
        String s = t.getText();
        if (prev.getChannel() == 2) return true;
        if (NO_SPACE_BEFORE.contains(s)) return false;
        if (NO_SPACE_AFTER.contains(p)) return false;
        if (s.equals("...") || p.equals("...")) return !(p.equals("[") || p.equals("(") || s.equals("]") || s.equals(","));
        if ((s.equals("(") || s.equals("[")) && prev.getType() == SwitchyardLexer.IDENT) return false;
        if (s.equals("(") && p.equals("]")) return false;
        if ((p.equals("-") || p.equals("!")) && isUnary(beforePrev)) return false;
        return true;
    }

    /** Whether a '-' or '!' is a prefix operator: decided by the token before it. */
    private static boolean isUnary(Token before) {
        if (before == null || before.getChannel() == 2) return true;
        String b = before.getText();
        return !(VALUE_END.contains(before.getType()) || b.equals(")") || b.equals("]") || b.equals("}")
                || b.equals("true") || b.equals("false"));
    }
}
