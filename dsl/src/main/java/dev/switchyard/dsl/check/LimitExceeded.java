package dev.switchyard.dsl.check;

import dev.switchyard.dsl.SourceSpan;

/**
 * A model past one of the front end's limits (graph size, elaboration work, tensor bytes): it
 * ends the check at once with one located error instead of many repeated ones, so it is not a
 * {@link CheckFailure}, which only ends a statement.
 */
final class LimitExceeded extends RuntimeException {
    final String code;
    final SourceSpan span;

    LimitExceeded(String code, SourceSpan span, String message) {
        super(message, null, false, false);
        this.code = code;
        this.span = span;
    }
}
