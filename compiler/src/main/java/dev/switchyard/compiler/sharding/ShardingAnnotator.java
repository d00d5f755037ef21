package dev.switchyard.compiler.sharding;

import dev.switchyard.compiler.ShardingForm;
import dev.switchyard.compiler.lower.StablehloOps;
import dev.switchyard.dsl.graph.Mesh;
import dev.switchyard.dsl.graph.Sharding;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.NamedAttribute;
import dev.switchyard.hlo.ir.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the graph's shardings into the module in one dialect: the mesh declaration, the attribute
 * of each {@code @main} argument and result, and a constraint op on an intermediate value.
 * Mesh axes of size 1 are left out of tensor shardings (splitting over one device is no split), so a
 * {@code --mesh-shape} that shrinks an axis to 1 yields valid, replicated annotations.
 */
public sealed interface ShardingAnnotator permits ShardyAnnotator, GspmdAnnotator {

    /** Declares the mesh at module level (Shardy) or nothing (GSPMD needs none). */
    void declareMesh(ModuleOp module);

    /** The attribute of a function argument or result with this sharding. */
    NamedAttribute attribute(Sharding sharding, int rank);

    /** {@code v} constrained to this sharding; returns the constrained value. */
    Value constrain(StablehloOps ops, Value v, Sharding sharding);

    static ShardingAnnotator of(ShardingForm form, Mesh mesh) {
        return switch (form) {
            case SHARDY -> new ShardyAnnotator(mesh);
            case GSPMD -> new GspmdAnnotator(mesh);
        };
    }

    /** Per dim, the mesh axes it is split over, without axes of size 1; padded/cut to {@code rank}. */
    static List<List<String>> effectiveAxes(Mesh mesh, Sharding s, int rank) {
        List<List<String>> out = new ArrayList<>(rank);
        for (int i = 0; i < rank; i++) {
            List<String> axes = new ArrayList<>();
            if (i < s.axesPerDim().size()) {
                for (String a : s.axesPerDim().get(i)) if (mesh.size(a) > 1) axes.add(a);
            }
            out.add(axes);
        }
        return out;
    }
}
