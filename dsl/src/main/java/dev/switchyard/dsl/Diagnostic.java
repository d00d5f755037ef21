package dev.switchyard.dsl;

import java.util.List;

/**
 * One message for the user: severity, a stable kind code (e.g. {@code E012}), the message, the
 * primary span and notes pointing at related places (e.g. the first definition of a duplicate).
 */
public record Diagnostic(Severity severity, String code, String message, SourceSpan span, List<Note> notes) {

    public enum Severity {
        ERROR, WARNING;
        public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    public record Note(String message, SourceSpan span) {}

    public Diagnostic {
        notes = List.copyOf(notes);
    }

    public boolean isError() { return severity == Severity.ERROR; }

    /** {@code file:line:col: error: message} (without the source excerpt). */
    public String headline() {
        if (span.equals(SourceSpan.NONE)) return severity.label() + ": " + message;
        if (span.line() == 0) return span.file() + ": " + severity.label() + ": " + message;
        return span.location() + ": " + severity.label() + ": " + message;
    }
}
