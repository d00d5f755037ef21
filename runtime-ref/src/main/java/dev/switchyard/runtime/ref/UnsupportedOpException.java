package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Operation;

/** The module uses something the interpreter does not implement; {@link #feature} names it. */
public final class UnsupportedOpException extends InterpretException {
    private final String feature;

    public UnsupportedOpException(Operation op, String feature) {
        super(op, "not supported by the reference interpreter: " + feature);
        this.feature = feature;
    }

    public String feature() { return feature; }
}
