package dev.switchyard.hlo.ir;

import java.util.Objects;

/**
 * Where an op came from: a position in the text it was parsed from (1-based line and column), or
 * {@link #UNKNOWN} for ops a builder made. Verifier and interpreter messages cite it.
 */
public record Location(String file, int line, int column) {
    public static final Location UNKNOWN = new Location("", 0, 0);

    public Location { Objects.requireNonNull(file); }

    public boolean isKnown() { return line > 0; }

    /** {@code file:line:col}, or {@code line:col} when there is no file name, or {@code <unknown>}. */
    @Override public String toString() {
        if (!isKnown()) return "<unknown>";
        return file.isEmpty() ? line + ":" + column : file + ":" + line + ":" + column;
    }
}
