package dev.switchyard.hlo.verify;

import java.util.List;

/** Thrown by {@link Verifier#verifyOrThrow}; its message lists every error, one per line. */
public final class VerificationException extends RuntimeException {
    private final transient List<VerifierError> errors;

    public VerificationException(List<VerifierError> errors) {
        super(String.join("\n", errors.stream().map(VerifierError::format).toList()));
        if (errors.isEmpty()) throw new IllegalArgumentException("a verification failure needs at least one error");
        this.errors = List.copyOf(errors);
    }

    public List<VerifierError> errors() { return errors; }
}
