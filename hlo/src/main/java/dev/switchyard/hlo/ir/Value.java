package dev.switchyard.hlo.ir;

import java.util.Objects;
import java.util.Optional;

/**
 * An SSA value: the result of an op or an argument of a block. Values have identity (two values
 * with the same type are different values), so they can key an {@code IdentityHashMap} or a
 * {@code HashMap}. The name hint ({@code %logits}) records the name the text gave a value, for
 * diagnostics; the printers number values as MLIR does ({@code %0}, {@code %arg0}), which keeps
 * printing deterministic.
 */
public final class Value {
    private final Type type;
    private String nameHint;
    private final Operation definingOp;
    private final Block ownerBlock;
    private final int index;

    Value(Type type, Operation definingOp, Block ownerBlock, int index) {
        this.type = Objects.requireNonNull(type, "type");
        this.definingOp = definingOp;
        this.ownerBlock = ownerBlock;
        this.index = index;
    }

    public Type type() { return type; }

    /** The op whose result this is; empty for a block argument. */
    public Optional<Operation> definingOp() { return Optional.ofNullable(definingOp); }

    /** The block whose argument this is; empty for an op result. */
    public Optional<Block> ownerBlock() { return Optional.ofNullable(ownerBlock); }

    public boolean isBlockArgument() { return ownerBlock != null; }

    /** The result number, or the argument number for a block argument. */
    public int index() { return index; }

    public Optional<String> nameHint() { return Optional.ofNullable(nameHint); }

    /** Sets the name hint (without {@code %}); returns this value. */
    public Value setNameHint(String name) {
        this.nameHint = name;
        return this;
    }

    @Override public String toString() {
        return "%" + (nameHint == null ? "?" : nameHint) + " : " + type.text();
    }
}
