package dev.switchyard.hlo.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code builtin.module}: optional symbol name, attributes (e.g. {@code mhlo.num_partitions}) and a
 * body block of top-level ops ({@code func.func}, {@code sdy.mesh}). A file whose ops are not wrapped
 * in {@code module { }} parses to a module without name or attributes.
 */
public final class ModuleOp {
    private Optional<String> name;
    private final List<NamedAttribute> attributes = new ArrayList<>();
    private final Block body = new Block();
    private boolean explicit;

    public ModuleOp() { this.name = Optional.empty(); }

    public Optional<String> name() { return name; }

    public ModuleOp setName(String symName) {
        this.name = Optional.of(symName);
        this.explicit = true;
        return this;
    }

    /** Whether the text wraps the ops in {@code module { }} (always, once it has a name or attributes). */
    public boolean isExplicit() { return explicit || name.isPresent() || !attributes.isEmpty(); }

    public ModuleOp setExplicit(boolean explicitModule) {
        this.explicit = explicitModule;
        return this;
    }

    public List<NamedAttribute> attributes() { return Collections.unmodifiableList(attributes); }

    public Optional<Attribute> attribute(String attrName) {
        for (NamedAttribute a : attributes) if (a.name().equals(attrName)) return Optional.of(a.value());
        return Optional.empty();
    }

    public ModuleOp setAttribute(String attrName, Attribute value) {
        Objects.requireNonNull(value);
        for (int i = 0; i < attributes.size(); i++) {
            if (attributes.get(i).name().equals(attrName)) {
                attributes.set(i, new NamedAttribute(attrName, value));
                return this;
            }
        }
        attributes.add(new NamedAttribute(attrName, value));
        return this;
    }

    public Block body() { return body; }

    public List<Operation> operations() { return body.operations(); }

    /** Every {@code func.func} at top level, in order. */
    public List<FuncOp> functions() {
        List<FuncOp> out = new ArrayList<>();
        for (Operation op : body.operations()) if (op.name().equals(FuncOp.NAME)) out.add(new FuncOp(op));
        return out;
    }

    public Optional<FuncOp> function(String symName) {
        for (FuncOp f : functions()) if (f.name().equals(symName)) return Optional.of(f);
        return Optional.empty();
    }

    /** Appends a new {@code func.func} with an entry block whose arguments match {@code type}'s inputs. */
    public FuncOp addFunction(String symName, Type.FunctionType type) {
        FuncOp f = FuncOp.create(symName, type, Location.UNKNOWN);
        body.append(f.op());
        return f;
    }
}
