package dev.switchyard.compiler.sharding;

import dev.switchyard.compiler.lower.StablehloOps;
import dev.switchyard.dsl.graph.Mesh;
import dev.switchyard.dsl.graph.Sharding;
import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.GspmdSharding;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.NamedAttribute;
import dev.switchyard.hlo.ir.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * GSPMD: {@code mhlo.sharding} strings on arguments and results and
 * {@code stablehlo.custom_call @Sharding(%x) {mhlo.sharding = "…"}} as the constraint, which every
 * PJRT plugin understands. The named-axis layout becomes a tile assignment over the mesh's devices
 * (numbered row-major over the mesh axes), see {@link #tiling}.
 */
public final class GspmdAnnotator implements ShardingAnnotator {
    private final Mesh mesh;

    GspmdAnnotator(Mesh mesh) { this.mesh = mesh; }

    @Override public void declareMesh(ModuleOp module) {}

    @Override public NamedAttribute attribute(Sharding s, int rank) {
        return new NamedAttribute("mhlo.sharding", new Attribute.MhloSharding(tiling(mesh, s, rank)));
    }

    @Override public Value constrain(StablehloOps ops, Value v, Sharding s) {
        return ops.customCall("Sharding", v, List.of(attribute(s, StablehloOps.rank(v)))).result();
    }

    /**
     * The GSPMD tiling of a named-axis sharding. Tensor dim i is cut into the product of its axes'
     * sizes; the device of a tile is found by laying the mesh's device ids out as an iota over the
     * mesh shape and transposing it so that the axes used by dim 0, dim 1, … (major to minor within a
     * dim) come first and the unused axes last; unused axes become one trailing replicated tile dim
     * ({@code last_tile_dim_replicate}). No split at all is {@code {replicated}}.
     */
    public static GspmdSharding tiling(Mesh mesh, Sharding s, int rank) {
        List<List<String>> perDim = ShardingAnnotator.effectiveAxes(mesh, s, rank);
        List<Mesh.Axis> axes = new ArrayList<>();
        for (Mesh.Axis a : mesh.axes()) if (a.size() > 1) axes.add(a);
        List<Integer> perm = new ArrayList<>();
        long[] tiles = new long[rank];
        for (int i = 0; i < rank; i++) {
            tiles[i] = 1;
            for (String name : perDim.get(i)) {
                int k = indexOf(axes, name);
                perm.add(k);
                tiles[i] *= axes.get(k).size();
            }
        }
        if (perm.isEmpty()) return new GspmdSharding.Replicated();
        long replicated = 1;
        for (int k = 0; k < axes.size(); k++) {
            if (!perm.contains(k)) {
                perm.add(k);
                replicated *= axes.get(k).size();
            }
        }
        long[] tileDims = tiles;
        if (replicated > 1) {
            tileDims = java.util.Arrays.copyOf(tiles, rank + 1);
            tileDims[rank] = replicated;
        }
        boolean identity = true;
        for (int k = 0; k < perm.size(); k++) identity &= perm.get(k) == k;
        long devices = 1;
        for (Mesh.Axis a : axes) devices *= a.size();
        long[] iotaDims = identity ? new long[] {devices} : axes.stream().mapToLong(Mesh.Axis::size).toArray();
        long[] permutation = identity ? new long[0] : perm.stream().mapToLong(Integer::longValue).toArray();
        return new GspmdSharding.Tiled(tileDims, new long[0], iotaDims, permutation, replicated > 1);
    }

    private static int indexOf(List<Mesh.Axis> axes, String name) {
        for (int k = 0; k < axes.size(); k++) if (axes.get(k).name().equals(name)) return k;
        throw new IllegalStateException("no mesh axis " + name);
    }
}
