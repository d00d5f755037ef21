package dev.switchyard.hlo.ir;

import java.util.Objects;

/** One {@code name = value} entry of an attribute dictionary. */
public record NamedAttribute(String name, Attribute value) {
    public NamedAttribute {
        Objects.requireNonNull(name);
        Objects.requireNonNull(value);
    }
}
