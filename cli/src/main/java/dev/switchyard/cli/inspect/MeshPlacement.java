package dev.switchyard.cli.inspect;

import java.util.List;

/**
 * What each device of a mesh holds: the input of the mesh picture ({@link MeshSvg}). The
 * compiler can build one directly, or {@link Placements#of} derives one from an artifact's mesh
 * and parameter shardings.
 *
 * @param meshName the mesh's name ({@code mesh})
 * @param axes     mesh axes, major to minor
 * @param devices  one entry per mesh position, in row-major order of the axes
 */
public record MeshPlacement(String meshName, List<Axis> axes, List<Device> devices) {

    public MeshPlacement {
        axes = List.copyOf(axes);
        devices = List.copyOf(devices);
        long n = 1;
        for (Axis a : axes) n *= a.size();
        if (n != devices.size()) {
            throw new IllegalArgumentException("a mesh of " + n + " positions needs " + n + " devices, got " + devices.size());
        }
    }

    public record Axis(String name, int size) {}

    /** A half-open index range {@code [start, end)} along one dim. */
    public record Range(long start, long end) {
        public long length() { return end - start; }

        @Override
        public String toString() {
            return length() == 1 ? Long.toString(start) : start + ".." + (end - 1);
        }
    }

    /**
     * One device: its id (what PJRT calls it), its coordinates on the mesh axes, the experts it
     * holds (empty when the model has no expert dim), each parameter's slice, and the bytes of
     * parameters it stores.
     */
    public record Device(int id, List<Integer> coordinates, List<Range> experts, List<Slice> slices, long parameterBytes) {
        public Device {
            coordinates = List.copyOf(coordinates);
            experts = List.copyOf(experts);
            slices = List.copyOf(slices);
        }
    }

    /** The part of one parameter a device holds: per dim, the index range; {@code sharded} when not the whole. */
    public record Slice(String path, List<String> dims, List<Long> shape, List<Range> ranges, long bytes) {
        public Slice {
            dims = List.copyOf(dims);
            shape = List.copyOf(shape);
            ranges = List.copyOf(ranges);
        }

        public boolean sharded() {
            for (int d = 0; d < shape.size(); d++) {
                if (ranges.get(d).length() != shape.get(d)) return true;
            }
            return false;
        }

        /** {@code [2..3, :, :]}: numpy-style, a range for each split dim and {@code :} for whole ones. */
        public String index() {
            StringBuilder b = new StringBuilder("[");
            for (int d = 0; d < dims.size(); d++) {
                if (d > 0) b.append(',');
                b.append(ranges.get(d).length() == shape.get(d) ? ":" : ranges.get(d).toString());
            }
            return b.append(']').toString();
        }

        /** {@code path[experts 2..3, d_model, d_ff]}: only split dims show a range. */
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(path).append('[');
            for (int d = 0; d < dims.size(); d++) {
                if (d > 0) b.append(", ");
                b.append(dims.get(d));
                if (ranges.get(d).length() != shape.get(d)) b.append(' ').append(ranges.get(d));
            }
            return b.append(']').toString();
        }
    }
}
