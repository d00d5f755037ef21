package dev.switchyard.hlo.ir;

import java.util.Arrays;

/**
 * A scanner over MLIR text: skips whitespace and {@code //} comments, recognises MLIR's lexical
 * forms (identifiers, {@code %values}, {@code @symbols}, numbers, strings) and reports errors at a
 * line and column. The parsers read characters through it directly, which keeps them fast on
 * megabyte constants and lets them handle MLIR's context-dependent lexing ({@code 2x3xf32}).
 */
final class Cursor {
    /** Deepest nesting of regions, attributes and types; deeper input is an error, not a stack overflow. */
    static final int MAX_DEPTH = 200;

    final String text;
    final int end;
    int pos;
    private final String file;
    private final int firstLine;
    private int[] lineStarts;
    private int depth;

    Cursor(String text, String file, int firstLine) {
        this.text = text;
        this.end = text.length();
        this.file = file;
        this.firstLine = firstLine;
    }

    // ---- errors ---------------------------------------------------------------------------

    /** Thrown inside the parser; converted to {@link HloParseException} at the API boundary. */
    static final class Failure extends RuntimeException {
        final int offset;
        final String reason;

        Failure(int offset, String reason) {
            super(reason, null, false, false);
            this.offset = offset;
            this.reason = reason;
        }
    }

    Failure error(int offset, String reason) { return new Failure(offset, reason); }

    Failure expected(String what) {
        skipWs();
        return new Failure(pos, "expected " + what + ", found " + describeHere());
    }

    HloParseException toException(Failure f) {
        Location l = location(f.offset);
        return new HloParseException(file, l.line(), l.column(), f.reason);
    }

    Location location(int offset) {
        if (lineStarts == null) {
            int[] starts = new int[16];
            int n = 0;
            starts[n++] = 0;
            for (int i = 0; i < end; i++) {
                if (text.charAt(i) == '\n') {
                    if (n == starts.length) starts = Arrays.copyOf(starts, n * 2);
                    starts[n++] = i + 1;
                }
            }
            lineStarts = Arrays.copyOf(starts, n);
        }
        int idx = Arrays.binarySearch(lineStarts, Math.min(offset, end));
        int line = idx >= 0 ? idx : -idx - 2;
        return new Location(file, line + firstLine, offset - lineStarts[line] + 1);
    }

    /** What the input holds at the cursor, for "found ..." in messages. */
    String describeHere() {
        if (pos >= end) return "end of input";
        char c = text.charAt(pos);
        if (c == '"') return "string";
        int e = pos;
        if (isIdChar(c) || c == '%' || c == '@' || c == '#' || c == '!' || c == '^' || c == '-') {
            e++;
            while (e < end && e - pos < 30 && (isIdChar(text.charAt(e)) || text.charAt(e) == '.')) e++;
            if (e == pos + 1 && c == '-' && e < end && text.charAt(e) == '>') e++;
        } else {
            e = pos + 1;
        }
        String tok = text.substring(pos, e);
        StringBuilder sb = new StringBuilder("'");
        for (char ch : tok.toCharArray()) {
            if (ch < 0x20 || ch > 0x7E) sb.append(String.format("\\u%04x", (int) ch));
            else sb.append(ch);
        }
        return sb.append('\'').toString();
    }

    // ---- nesting ------------------------------------------------------------------------------

    void enter() {
        if (++depth > MAX_DEPTH) {
            depth = 0; // the error unwinds everything
            throw error(pos, "nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    void leave() { depth--; }

    // ---- whitespace and simple tokens -----------------------------------------------------------

    void skipWs() {
        while (pos < end) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '/' && pos + 1 < end && text.charAt(pos + 1) == '/') {
                int nl = text.indexOf('\n', pos);
                pos = nl < 0 ? end : nl + 1;
            } else {
                return;
            }
        }
    }

    boolean atEnd() {
        skipWs();
        return pos >= end;
    }

    /** The next non-blank character, or 0 at the end. */
    char peek() {
        skipWs();
        return pos < end ? text.charAt(pos) : 0;
    }

    /** The character {@code k} after the next non-blank one (no skipping inside), or 0. */
    char peekAt(int k) {
        skipWs();
        return pos + k < end ? text.charAt(pos + k) : 0;
    }

    /** Consumes punctuation {@code p} if it comes next. {@code ->} is never taken as {@code -}. */
    boolean tryPunct(String p) {
        skipWs();
        if (!text.startsWith(p, pos)) return false;
        if (p.equals("-") && pos + 1 < end && text.charAt(pos + 1) == '>') return false;
        pos += p.length();
        return true;
    }

    void punct(String p) {
        if (!tryPunct(p)) throw expected("'" + p + "'");
    }

    /** Consumes keyword {@code kw} if the next identifier is exactly it. */
    boolean tryKeyword(String kw) {
        skipWs();
        if (!text.startsWith(kw, pos)) return false;
        int e = pos + kw.length();
        if (e < end && (isIdChar(text.charAt(e)) || text.charAt(e) == '.' || text.charAt(e) == '$')) return false;
        pos = e;
        return true;
    }

    void keyword(String kw) {
        if (!tryKeyword(kw)) throw expected("'" + kw + "'");
    }

    /** Whether the next identifier is {@code kw} (not consuming it). */
    boolean atKeyword(String kw) {
        int save = pos;
        boolean r = tryKeyword(kw);
        pos = save;
        return r;
    }

    static boolean isIdStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

    static boolean isIdChar(char c) { return isIdStart(c) || (c >= '0' && c <= '9') || c == '$'; }

    static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    /** A bare identifier: letter or '_' then letters, digits, '_', '$', '.'; or null if none is next. */
    String tryBareId() {
        skipWs();
        if (pos >= end || !isIdStart(text.charAt(pos))) return null;
        int s = pos;
        pos++;
        while (pos < end && (isIdChar(text.charAt(pos)) || text.charAt(pos) == '.')) pos++;
        return text.substring(s, pos);
    }

    String bareId(String what) {
        String id = tryBareId();
        if (id == null) throw expected(what);
        return id;
    }

    /** The suffix after a sigil ({@code %x}, {@code ^bb0}, {@code #alias}): digits or an id with '.', '$', '-'. */
    String suffixId(String what) {
        int s = pos;
        if (pos < end && isDigit(text.charAt(pos))) {
            while (pos < end && isDigit(text.charAt(pos))) pos++;
        } else {
            while (pos < end) {
                char c = text.charAt(pos);
                if (isIdChar(c) || c == '.' || c == '-') pos++;
                else break;
            }
        }
        if (s == pos) throw error(pos, "expected " + what + ", found " + describeHere());
        return text.substring(s, pos);
    }

    /** A symbol name after '@': a bare id or a string. */
    String symbolName() {
        if (pos < end && text.charAt(pos) == '"') return string();
        return suffixId("symbol name");
    }

    /** A string literal with MLIR escapes ({@code \"}, {@code \\}, {@code \n}, {@code \t}, {@code \XX}). */
    String string() {
        skipWs();
        if (pos >= end || text.charAt(pos) != '"') throw expected("string");
        int start = pos;
        pos++;
        StringBuilder sb = null;
        int runStart = pos;
        while (true) {
            if (pos >= end) throw error(start, "unterminated string");
            char c = text.charAt(pos);
            if (c == '"') {
                String r = sb == null ? text.substring(runStart, pos) : sb.append(text, runStart, pos).toString();
                pos++;
                return r;
            }
            if (c == '\n') throw error(start, "unterminated string");
            if (c == '\\') {
                if (sb == null) sb = new StringBuilder();
                sb.append(text, runStart, pos);
                if (pos + 1 >= end) throw error(start, "unterminated string");
                char n = text.charAt(pos + 1);
                switch (n) {
                    case '"', '\\' -> { sb.append(n); pos += 2; }
                    case 'n' -> { sb.append('\n'); pos += 2; }
                    case 't' -> { sb.append('\t'); pos += 2; }
                    default -> {
                        int h1 = pos + 2 < end ? Character.digit(n, 16) : -1;
                        int h2 = pos + 2 < end ? Character.digit(text.charAt(pos + 2), 16) : -1;
                        if (h1 < 0 || h2 < 0) throw error(pos, "unknown escape in string literal");
                        sb.append((char) (h1 * 16 + h2));
                        pos += 3;
                    }
                }
                runStart = pos;
            } else {
                pos++;
            }
        }
    }

    /**
     * A number token: optional '-', then hex {@code 0x...}, or decimal digits with optional fraction
     * and exponent. Returns the text; the caller decides int or float. Null if no number is next.
     */
    String tryNumber() {
        skipWs();
        int s = pos;
        int p = pos;
        if (p < end && (text.charAt(p) == '-' || text.charAt(p) == '+')) p++;
        if (p >= end || !isDigit(text.charAt(p))) return null;
        if (text.charAt(p) == '0' && p + 1 < end && text.charAt(p + 1) == 'x' && p + 2 < end
                && Character.digit(text.charAt(p + 2), 16) >= 0) {
            p += 2;
            while (p < end && Character.digit(text.charAt(p), 16) >= 0) p++;
            pos = p;
            return text.substring(s, p);
        }
        while (p < end && isDigit(text.charAt(p))) p++;
        if (p < end && text.charAt(p) == '.') {
            p++;
            while (p < end && isDigit(text.charAt(p))) p++;
            if (p < end && (text.charAt(p) == 'e' || text.charAt(p) == 'E')) {
                int q = p + 1;
                if (q < end && (text.charAt(q) == '+' || text.charAt(q) == '-')) q++;
                if (q < end && isDigit(text.charAt(q))) {
                    while (q < end && isDigit(text.charAt(q))) q++;
                    p = q;
                }
            }
        }
        pos = p;
        return text.substring(s, p);
    }

    static boolean isFloatLiteral(String num) {
        return !num.contains("0x") && (num.indexOf('.') >= 0);
    }

    /** A signed decimal or hex integer that fits in a long. */
    long integer(String what) {
        int s = pos;
        String n = tryNumber();
        if (n == null || isFloatLiteral(n)) {
            pos = s;
            throw expected(what);
        }
        try {
            return parseLong(n);
        } catch (NumberFormatException e) {
            throw error(s, "integer " + n + " out of range");
        }
    }

    static long parseLong(String n) {
        boolean neg = n.startsWith("-");
        String body = n.startsWith("-") || n.startsWith("+") ? n.substring(1) : n;
        long v = body.startsWith("0x") ? Long.parseUnsignedLong(body.substring(2), 16) : Long.parseLong(body);
        return neg ? -v : v;
    }

    /**
     * Skips a balanced bracket body starting at {@code open} (nested brackets and strings respected,
     * {@code ->} not closing) and returns its text including the brackets.
     */
    String balanced(char open) {
        skipWs();
        int s = pos;
        if (pos >= end || text.charAt(pos) != open) throw expected("'" + open + "'");
        int depthHere = 0;
        while (pos < end) {
            char c = text.charAt(pos);
            switch (c) {
                case '"' -> { string(); continue; }
                case '<', '(', '[', '{' -> {
                    depthHere++;
                    if (depthHere > MAX_DEPTH) throw error(pos, "nesting deeper than " + MAX_DEPTH + " levels");
                }
                case '>', ')', ']', '}' -> {
                    if (c == '>' && pos > s && text.charAt(pos - 1) == '-') break;
                    depthHere--;
                    if (depthHere == 0) {
                        pos++;
                        return text.substring(s, pos);
                    }
                    if (depthHere < 0) throw error(pos, "unbalanced '" + c + "'");
                }
                default -> { }
            }
            pos++;
        }
        throw error(s, "unterminated '" + open + "'");
    }
}
