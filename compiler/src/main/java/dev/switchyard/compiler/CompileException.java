package dev.switchyard.compiler;

/**
 * A compile the user can fix (an unknown mesh axis, a malformed option): the message is meant for
 * the user as is. Compiler bugs are other exceptions.
 */
public final class CompileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CompileException(String message) { super(message); }
}
