package dev.switchyard.hlo.exec;

/** A module could not be compiled or run: the message is meant for the user. */
public class ExecutionException extends Exception {
    public ExecutionException(String message) { super(message); }
    public ExecutionException(String message, Throwable cause) { super(message, cause); }
}
