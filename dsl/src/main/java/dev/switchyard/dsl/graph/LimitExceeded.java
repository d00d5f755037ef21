package dev.switchyard.dsl.graph;

import dev.switchyard.dsl.SourceSpan;

/**
 * A model past one of the front end's limits (graph size, elaboration work, tensor bytes): it
 * ends the check at once with one located error instead of many repeated ones, so it is not a
 * {@code CheckFailure}, which only ends a statement.
 */
public final class LimitExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final transient SourceSpan span;

    public LimitExceeded(String code, SourceSpan span, String message) {
        super(message, null, false, false);
        this.code = code;
        this.span = span;
    }

    /** The diagnostic code (E0xx). */
    public String code() { return code; }

    public SourceSpan span() { return span; }
}
