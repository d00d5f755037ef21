package dev.switchyard.hlo.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Appends ops to a block. {@code b.op("stablehlo.add").operands(x, y).result(t).value()} builds,
 * appends and returns the single result; {@link OpSpec#build()} returns the op for several results.
 */
public final class OpBuilder {
    private final Block block;
    private Location location = Location.UNKNOWN;

    public OpBuilder(Block block) { this.block = Objects.requireNonNull(block); }

    public Block block() { return block; }

    /** The location given to ops built from now on. */
    public OpBuilder at(Location loc) {
        this.location = Objects.requireNonNull(loc);
        return this;
    }

    public OpSpec op(String name) { return new OpSpec(name); }

    /** {@code stablehlo.constant} of a dense attribute. */
    public Value constant(Attribute.DenseElementsAttr value) {
        return op("stablehlo.constant").attr("value", value).result(value.type()).value();
    }

    /** The op under construction; nothing is appended before {@link #build()} or {@link #value()}. */
    public final class OpSpec {
        private final String name;
        private final List<Value> operands = new ArrayList<>();
        private final List<Type> resultTypes = new ArrayList<>();
        private final List<NamedAttribute> attributes = new ArrayList<>();
        private final List<Region> regions = new ArrayList<>();

        private OpSpec(String name) { this.name = name; }

        public OpSpec operands(Value... vs) { operands.addAll(Arrays.asList(vs)); return this; }

        public OpSpec operands(List<Value> vs) { operands.addAll(vs); return this; }

        public OpSpec result(Type t) { resultTypes.add(t); return this; }

        public OpSpec results(List<? extends Type> ts) { resultTypes.addAll(ts); return this; }

        public OpSpec attr(String attrName, Attribute value) { attributes.add(new NamedAttribute(attrName, value)); return this; }

        public OpSpec region(Region r) { regions.add(r); return this; }

        public Operation build() {
            return block.append(Operation.create(name, operands, resultTypes, attributes, regions, location));
        }

        /** Builds and returns the single result. */
        public Value value() { return build().result(); }
    }
}
