package dev.switchyard.dsl;

/**
 * A range of source text: 1-based line and column of the first character, and of the character
 * just past the end, plus character offsets. {@link #NONE} stands for compiler-made things.
 */
public record SourceSpan(String file, int line, int column, int endLine, int endColumn, int start, int end) {

    public static final SourceSpan NONE = new SourceSpan("<builtin>", 0, 0, 0, 0, 0, 0);

    public boolean isNone() { return line == 0; }

    /** {@code file:line:col}, the prefix of every diagnostic. */
    public String location() { return file + ":" + line + ":" + column; }

    /** The span covering this one and {@code other} (same file assumed). */
    public SourceSpan to(SourceSpan other) {
        if (isNone()) return other;
        if (other.isNone()) return this;
        return new SourceSpan(file, line, column, other.endLine, other.endColumn, start, other.end);
    }

    @Override public String toString() { return location(); }
}
