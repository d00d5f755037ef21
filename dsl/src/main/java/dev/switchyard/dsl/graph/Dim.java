package dev.switchyard.dsl.graph;

/**
 * A named dimension with its size. Within one program a name always has one size, so two dims
 * are the same dim iff their names are equal.
 */
public record Dim(String name, long size) {
    @Override public String toString() { return name + "=" + size; }
}
