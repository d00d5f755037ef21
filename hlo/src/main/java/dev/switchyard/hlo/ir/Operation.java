package dev.switchyard.hlo.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One op: its full name ({@code stablehlo.add}, {@code func.func}, {@code check.expect_eq}), operands,
 * results, attributes (ordered as written; MLIR's inherent "properties" and discardable attributes
 * share this one list), regions and source location. Results are created with the op and belong to it.
 * Operands and attributes may be changed by passes; the result list is fixed.
 */
public final class Operation {
    private final String name;
    private final List<Value> operands;
    private final List<Value> results;
    private final List<NamedAttribute> attributes;
    private final List<Region> regions;
    private final Location location;
    Block parent;

    private Operation(String name, List<Value> operands, List<Type> resultTypes, List<NamedAttribute> attributes,
                      List<Region> regions, Location location) {
        this.name = Objects.requireNonNull(name, "name");
        this.operands = new ArrayList<>(operands);
        for (Value v : operands) Objects.requireNonNull(v, "operand");
        List<Value> rs = new ArrayList<>(resultTypes.size());
        for (int i = 0; i < resultTypes.size(); i++) rs.add(new Value(resultTypes.get(i), this, null, i));
        this.results = Collections.unmodifiableList(rs);
        this.attributes = new ArrayList<>();
        for (NamedAttribute a : attributes) setAttribute(a.name(), a.value());
        this.regions = List.copyOf(regions);
        for (Region r : this.regions) {
            if (r.parent != null) throw new IllegalArgumentException("region already belongs to " + r.parent.name);
            r.parent = this;
        }
        this.location = Objects.requireNonNull(location, "location");
    }

    /** Makes an op (not yet in any block) with fresh result values of the given types. */
    public static Operation create(String name, List<Value> operands, List<Type> resultTypes,
                                   List<NamedAttribute> attributes, List<Region> regions, Location location) {
        return new Operation(name, operands, resultTypes, attributes, regions, location);
    }

    public String name() { return name; }

    /** The dialect prefix, e.g. {@code stablehlo} for {@code stablehlo.add}. */
    public String dialect() {
        int dot = name.indexOf('.');
        return dot < 0 ? "" : name.substring(0, dot);
    }

    public List<Value> operands() { return Collections.unmodifiableList(operands); }

    public Value operand(int i) { return operands.get(i); }

    public int numOperands() { return operands.size(); }

    public void setOperand(int i, Value v) { operands.set(i, Objects.requireNonNull(v)); }

    public List<Value> results() { return results; }

    public Value result(int i) { return results.get(i); }

    /** The only result; fails if the op has not exactly one. */
    public Value result() {
        if (results.size() != 1) throw new IllegalStateException(name + " has " + results.size() + " results");
        return results.get(0);
    }

    public int numResults() { return results.size(); }

    public List<NamedAttribute> attributes() { return Collections.unmodifiableList(attributes); }

    public Optional<Attribute> attribute(String attrName) {
        for (NamedAttribute a : attributes) if (a.name().equals(attrName)) return Optional.of(a.value());
        return Optional.empty();
    }

    /** Replaces the attribute in place if present (keeping its position), else appends it. */
    public Operation setAttribute(String attrName, Attribute value) {
        NamedAttribute entry = new NamedAttribute(attrName, value);
        for (int i = 0; i < attributes.size(); i++) {
            if (attributes.get(i).name().equals(attrName)) {
                attributes.set(i, entry);
                return this;
            }
        }
        attributes.add(entry);
        return this;
    }

    public boolean removeAttribute(String attrName) {
        return attributes.removeIf(a -> a.name().equals(attrName));
    }

    public List<Region> regions() { return regions; }

    public Region region(int i) { return regions.get(i); }

    public Location location() { return location; }

    /** The block holding this op; empty until it is appended somewhere. */
    public Optional<Block> parentBlock() { return Optional.ofNullable(parent); }

    @Override public String toString() { return name + " @ " + location; }
}
