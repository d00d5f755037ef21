package dev.switchyard.compiler;

import static dev.switchyard.compiler.testing.Types.t;
import static dev.switchyard.dsl.graph.ElemType.F32;
import static dev.switchyard.dsl.graph.ElemType.I32;

import dev.switchyard.dsl.graph.GraphBuilder;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small MoE graphs for lowering tests. */
final class MoeGraphs {
    private MoeGraphs() {}

    /**
     * x[group=2, tokens=4, d=3] dispatched by given expert/slot/gate inputs to [experts=2, group, capacity=2, d]
     * and combined back; with {@code k} a choice dim of that size.
     */
    static ModelGraph dispatchCombine(Optional<Long> k) {
        GraphBuilder b = new GraphBuilder("moe", dev.switchyard.compiler.testing.Types.mesh("data=2", "expert=2")).rule("group", "data").rule("experts", "expert");
        List<String> route = new ArrayList<>(List.of("group=2", "tokens=4"));
        k.ifPresent(n -> route.add("choice=" + n));
        int x = b.input("x", t(F32, "group=2", "tokens=4", "d=3"));
        int expert = b.input("expert", t(I32, route.toArray(String[]::new)));
        int slot = b.input("slot", t(I32, route.toArray(String[]::new)));
        int gate = b.input("gate", t(F32, route.toArray(String[]::new)));
        Attrs.Moe a = new Attrs.Moe("tokens", "experts", "capacity", k.map(n -> "choice"));
        TensorType xe = t(F32, "experts=2", "group=2", "capacity=2", "d=3");
        int d = b.node(Primitive.MOE_DISPATCH, a, xe, x, expert, slot);
        int y = b.node(Primitive.MOE_COMBINE, a, t(F32, "group=2", "tokens=4", "d=3"), d, expert, slot, gate);
        return b.output("dispatched", d).output("combined", y).build();
    }
}
