package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Location;
import dev.switchyard.hlo.ir.Operation;

/** A module could not be evaluated; the message names the op and where it is. */
public class InterpretException extends RuntimeException {
    public InterpretException(String message) { super(message); }

    public InterpretException(Operation op, String message) { super(where(op) + op.name() + ": " + message); }

    static String where(Operation op) {
        Location loc = op.location();
        return loc.isKnown() ? loc + ": " : "";
    }
}
