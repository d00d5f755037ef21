package dev.switchyard.dsl.graph;

import java.util.List;

/** A layout rule of the program: tensors split dim {@code dim} over these mesh axes (major to minor). */
public record LayoutRule(String dim, List<String> axes) {
    public LayoutRule {
        axes = List.copyOf(axes);
    }

    @Override public String toString() {
        return dim + " -> " + (axes.size() == 1 ? axes.get(0) : "(" + String.join(", ", axes) + ")");
    }
}
