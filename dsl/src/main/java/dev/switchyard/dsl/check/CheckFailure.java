package dev.switchyard.dsl.check;

/**
 * Abandons the statement being elaborated after a diagnostic was recorded (or, when
 * {@code silent}, after a use of an already-reported error). Carries no stack trace: it is control
 * flow, thrown often in the mutation tests.
 */
final class CheckFailure extends RuntimeException {
    static final CheckFailure SILENT = new CheckFailure();

    private CheckFailure() { super(null, null, false, false); }

    static CheckFailure reported() { return SILENT; }
}
