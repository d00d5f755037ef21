package dev.switchyard.hlo.exec;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;

/**
 * The fallback {@link ResidentTensor}: a host tensor plus the consumed/closed state, for executors
 * that keep nothing of their own between executes.
 */
public final class HostResidentTensor implements ResidentTensor {
    private HostTensor value;

    public HostResidentTensor(HostTensor value) { this.value = value; }

    /** The held value; {@link IllegalStateException} once consumed. */
    public HostTensor value() {
        if (value == null) throw new IllegalStateException("resident tensor used after it was donated or closed");
        return value;
    }

    /** Marks the tensor consumed by a donating execute and returns its last value. */
    public HostTensor consume() {
        HostTensor v = value();
        value = null;
        return v;
    }

    @Override public ElementType elementType() { return value().elementType(); }

    @Override public long[] shape() { return value().shape(); }

    @Override public boolean isLive() { return value != null; }

    @Override public HostTensor toHost() { return value(); }

    @Override public void close() { value = null; }
}
