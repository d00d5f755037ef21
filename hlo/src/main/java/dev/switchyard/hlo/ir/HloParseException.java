package dev.switchyard.hlo.ir;

/**
 * A syntax error in StableHLO text, located at a 1-based line and column of the input file. The
 * message names what was expected and what was found, e.g. {@code expected ')', found '}'}.
 */
public final class HloParseException extends Exception {
    private final String file;
    private final int line;
    private final int column;
    private final String reason;

    public HloParseException(String file, int line, int column, String reason) {
        super(format(file, line, column, reason));
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    private static String format(String file, int line, int column, String reason) {
        return (file.isEmpty() ? "" : file + ":") + line + ":" + column + ": error: " + reason;
    }

    public String file() { return file; }

    public int line() { return line; }

    public int column() { return column; }

    /** The message without the location. */
    public String reason() { return reason; }

    public Location location() { return new Location(file, line, column); }
}
