package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.exec.ResidentTensor;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.kernel.Tensor;
import java.util.Arrays;

/**
 * An interpreter {@link Tensor} held between executes of a {@link ReferenceExecutable}: a training
 * loop's parameters and optimizer state go in and come out as these, never through host bytes.
 * Donating it to an execute consumes it (the interpreter may drop the tensor at its last use in
 * the module); any later use is an {@link IllegalStateException}.
 */
public final class ReferenceResidentTensor implements ResidentTensor {
    private Tensor tensor;
    /** Whether no other tensor this executable handed out or keeps shares its storage, so a donating execute may write into it. */
    private final boolean exclusive;

    ReferenceResidentTensor(Tensor tensor) { this(tensor, true); }

    ReferenceResidentTensor(Tensor tensor, boolean exclusive) {
        this.tensor = tensor;
        this.exclusive = exclusive;
    }

    boolean exclusive() { return exclusive; }

    /** The tensor; {@link IllegalStateException} once donated or closed. */
    public Tensor tensor() {
        Tensor t = tensor;
        if (t == null) throw new IllegalStateException("resident tensor used after it was donated or closed");
        return t;
    }

    /** Hands the tensor to a donating execute and forgets it, so only the interpreter holds it. */
    Tensor consume() {
        Tensor t = tensor();
        tensor = null;
        return t;
    }

    @Override public ElementType elementType() { return tensor().type(); }

    @Override public long[] shape() { return Arrays.stream(tensor().shape()).asLongStream().toArray(); }

    @Override public boolean isLive() { return tensor != null; }

    @Override public HostTensor toHost() { return tensor().toHost(); }

    @Override public void close() { tensor = null; }

    @Override public String toString() { return tensor == null ? "resident tensor (consumed)" : "resident " + tensor; }
}
