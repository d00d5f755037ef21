package dev.switchyard.dsl.graph;

import java.util.List;

/**
 * How a tensor is split over the mesh: for each dim (in the tensor type's order) the mesh axes it
 * is split over, major to minor; an empty list means replicated along that dim. {@code overridden}
 * is true where the user asked for this layout explicitly (the compiler then emits a sharding
 * constraint), false where it follows from the layout rules.
 */
public record Sharding(List<List<String>> axesPerDim, boolean overridden) {

    public Sharding {
        List<List<String>> copy = new java.util.ArrayList<>(axesPerDim.size());
        for (List<String> axes : axesPerDim) copy.add(List.copyOf(axes));
        axesPerDim = List.copyOf(copy);
    }

    public static Sharding replicated(int rank) {
        return new Sharding(java.util.Collections.nCopies(rank, List.of()), false);
    }

    public boolean isReplicated() { return axesPerDim.stream().allMatch(List::isEmpty); }

    /** {@code {data}, {}, {expert}} style, one brace group per dim. */
    @Override public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < axesPerDim.size(); i++) {
            if (i > 0) b.append(", ");
            b.append('{').append(String.join(", ", axesPerDim.get(i))).append('}');
        }
        return b.append(']').append(overridden ? "!" : "").toString();
    }
}
