package dev.switchyard.dsl.graph;

import java.util.List;

/** A logical device mesh: named axes with sizes, major to minor. */
public record Mesh(String name, List<Axis> axes) {

    public record Axis(String name, long size) {
        @Override public String toString() { return name + "=" + size; }
    }

    public Mesh {
        axes = List.copyOf(axes);
    }

    /** Number of devices = product of the axis sizes. */
    public long devices() {
        long n = 1;
        for (Axis a : axes) n *= a.size();
        return n;
    }

    public long size(String axis) {
        for (Axis a : axes) if (a.name().equals(axis)) return a.size();
        throw new IllegalArgumentException("no mesh axis " + axis);
    }

    @Override public String toString() {
        return name + " {" + String.join(", ", axes.stream().map(Axis::toString).toList()) + "}";
    }
}
