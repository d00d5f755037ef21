package dev.switchyard.compiler.sharding;

import dev.switchyard.compiler.lower.StablehloOps;
import dev.switchyard.dsl.graph.Mesh;
import dev.switchyard.dsl.graph.Sharding;
import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.NamedAttribute;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Shardy: {@code sdy.mesh @mesh = <["data"=2, "expert"=4]>} first in the module,
 * {@code sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}]>} on arguments and results, and
 * {@code sdy.sharding_constraint} ops. Dims are closed (the layout is decided, not a hint), so XLA
 * keeps exactly this split and inserts the collectives between differing layouts.
 */
public final class ShardyAnnotator implements ShardingAnnotator {
    /** The symbol of the mesh op. */
    public static final String MESH = "mesh";

    private final Mesh mesh;

    ShardyAnnotator(Mesh mesh) { this.mesh = mesh; }

    @Override public void declareMesh(ModuleOp module) {
        List<Attribute.MeshAxis> axes = new ArrayList<>();
        for (Mesh.Axis a : mesh.axes()) axes.add(new Attribute.MeshAxis(a.name(), a.size()));
        Operation op = Operation.create("sdy.mesh", List.of(), List.of(),
                List.of(new NamedAttribute("sym_name", new Attribute.StringAttr(MESH)),
                        new NamedAttribute("mesh", new Attribute.SdyMesh(axes))),
                List.of(), dev.switchyard.hlo.ir.Location.UNKNOWN);
        module.body().insert(0, op);
    }

    @Override public NamedAttribute attribute(Sharding s, int rank) {
        return new NamedAttribute("sdy.sharding", sharding(s, rank));
    }

    @Override public Value constrain(StablehloOps ops, Value v, Sharding s) {
        return ops.builder().op("sdy.sharding_constraint").operands(v)
                .attr("sharding", sharding(s, StablehloOps.rank(v))).result(v.type()).value();
    }

    Attribute.SdySharding sharding(Sharding s, int rank) {
        List<Attribute.DimSharding> dims = new ArrayList<>();
        for (List<String> axes : ShardingAnnotator.effectiveAxes(mesh, s, rank)) {
            dims.add(Attribute.DimSharding.closed(axes.stream().map(Attribute.AxisRef::of).toArray(Attribute.AxisRef[]::new)));
        }
        return new Attribute.SdySharding(MESH, dims);
    }
}
