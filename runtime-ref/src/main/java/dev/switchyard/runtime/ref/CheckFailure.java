package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Operation;

/** A {@code check.*} op found a value different from the expected one. */
public final class CheckFailure extends InterpretException {
    public CheckFailure(Operation op, String message) { super(op, message); }
}
