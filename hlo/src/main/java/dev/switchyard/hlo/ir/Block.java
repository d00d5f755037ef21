package dev.switchyard.hlo.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** A block: typed arguments and a list of ops (in StableHLO the last one is the terminator). */
public final class Block {
    private final List<Value> arguments = new ArrayList<>();
    private final List<Operation> operations = new ArrayList<>();
    Region parent;

    public Block() {}

    /** A block with arguments of these types. */
    public Block(List<Type> argumentTypes) {
        for (Type t : argumentTypes) addArgument(t);
    }

    public Value addArgument(Type type) {
        Value v = new Value(type, null, this, arguments.size());
        arguments.add(v);
        return v;
    }

    public List<Value> arguments() { return Collections.unmodifiableList(arguments); }

    public Value argument(int i) { return arguments.get(i); }

    public List<Operation> operations() { return Collections.unmodifiableList(operations); }

    public Operation append(Operation op) {
        if (op.parent != null) throw new IllegalArgumentException(op.name() + " is already in a block");
        op.parent = this;
        operations.add(op);
        return op;
    }

    /** Inserts {@code op} at position {@code index} of this block. */
    public Operation insert(int index, Operation op) {
        if (op.parent != null) throw new IllegalArgumentException(op.name() + " is already in a block");
        op.parent = this;
        operations.add(index, op);
        return op;
    }

    public boolean remove(Operation op) {
        boolean removed = operations.remove(op);
        if (removed) op.parent = null;
        return removed;
    }

    /** The last op, if any. */
    public Optional<Operation> terminator() {
        return operations.isEmpty() ? Optional.empty() : Optional.of(operations.getLast());
    }

    public Optional<Region> parentRegion() { return Optional.ofNullable(parent); }
}
