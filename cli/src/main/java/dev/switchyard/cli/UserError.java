package dev.switchyard.cli;

/** A mistake the user can fix: printed as {@code switchyard: error: message}, exit code 1, no stack trace. */
public class UserError extends Exception {
    public UserError(String message) { super(message); }
    public UserError(String message, Throwable cause) { super(message, cause); }
}
