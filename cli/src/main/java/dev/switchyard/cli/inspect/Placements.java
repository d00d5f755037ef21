package dev.switchyard.cli.inspect;

import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives a {@link MeshPlacement} from a mesh and parameter shardings. A dim split over mesh axes
 * (major first) is cut into as many equal chunks as the axes have positions together, the last
 * chunk shorter when the size does not divide (Shardy pads it); the chunk a device holds is its
 * mixed-radix index over those axes. Experts are the chunks of the dim named {@code experts}.
 */
public final class Placements {
    private Placements() {}

    public static final String EXPERT_DIM = "experts";

    public static MeshPlacement of(Manifest manifest) {
        return of(manifest.mesh(), manifest.parameters());
    }

    public static MeshPlacement of(Manifest.MeshSpec mesh, List<Manifest.ParameterSpec> parameters) {
        List<MeshPlacement.Axis> axes = mesh.axes().stream().map(a -> new MeshPlacement.Axis(a.name(), a.size())).toList();
        Map<String, Integer> axisIndex = new HashMap<>();
        for (int i = 0; i < axes.size(); i++) axisIndex.put(axes.get(i).name(), i);
        int positions = mesh.deviceOrder().size();
        List<MeshPlacement.Device> devices = new ArrayList<>(positions);
        for (int p = 0; p < positions; p++) {
            int[] coords = unravel(p, axes);
            List<MeshPlacement.Slice> slices = new ArrayList<>();
            List<MeshPlacement.Range> sharded = new ArrayList<>();
            List<MeshPlacement.Range> whole = new ArrayList<>();
            long bytes = 0;
            for (Manifest.ParameterSpec param : parameters) {
                MeshPlacement.Slice slice = slice(param, coords, axes, axisIndex);
                slices.add(slice);
                bytes += slice.bytes();
                int e = param.dims().indexOf(EXPERT_DIM);
                if (e < 0) continue;
                MeshPlacement.Range r = slice.ranges().get(e);
                List<MeshPlacement.Range> into = r.length() == param.shape().get(e) ? whole : sharded;
                if (!into.contains(r)) into.add(r);
            }
            // A device "holds" the experts whose weights it owns: where expert weights are split,
            // a replicated tensor with an experts dim (the router's logits) says nothing about that.
            List<MeshPlacement.Range> experts = sharded.isEmpty() ? whole : sharded;
            List<Integer> coordinates = new ArrayList<>();
            for (int c : coords) coordinates.add(c);
            devices.add(new MeshPlacement.Device(mesh.deviceOrder().get(p), coordinates, experts, slices, bytes));
        }
        return new MeshPlacement(mesh.name(), axes, devices);
    }

    private static MeshPlacement.Slice slice(Manifest.ParameterSpec param, int[] coords, List<MeshPlacement.Axis> axes,
                                             Map<String, Integer> axisIndex) {
        List<MeshPlacement.Range> ranges = new ArrayList<>();
        long elements = 1;
        for (int d = 0; d < param.shape().size(); d++) {
            long size = param.shape().get(d);
            long shards = 1;
            long index = 0;
            for (String axis : param.sharding().get(d)) {
                int a = axisIndex.get(axis);
                index = index * axes.get(a).size() + coords[a];
                shards *= axes.get(a).size();
            }
            long chunk = (size + shards - 1) / shards;
            long start = Math.min(size, index * chunk);
            long end = Math.min(size, start + chunk);
            ranges.add(new MeshPlacement.Range(start, end));
            elements *= end - start;
        }
        int byteSize = ElementType.fromMlirName(param.dtype()).map(ElementType::byteSize)
                .orElseThrow(() -> new IllegalArgumentException("unknown dtype " + param.dtype()));
        return new MeshPlacement.Slice(param.path(), param.dims(), param.shape(), ranges, elements * byteSize);
    }

    private static int[] unravel(int position, List<MeshPlacement.Axis> axes) {
        int[] coords = new int[axes.size()];
        int rest = position;
        for (int a = axes.size() - 1; a >= 0; a--) {
            coords[a] = rest % axes.get(a).size();
            rest /= axes.get(a).size();
        }
        return coords;
    }
}
