package dev.switchyard.compiler;

import dev.switchyard.dsl.graph.Mesh;
import dev.switchyard.dsl.graph.ModelGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --mesh-shape}: a graph with some mesh axes resized (e.g. a model declared for 8 devices run
 * on 1). Shardings name axes, not sizes, so nothing else changes.
 */
public final class MeshOverride {
    private MeshOverride() {}

    public static ModelGraph apply(ModelGraph g, Map<String, Long> sizes) {
        if (sizes.isEmpty()) return g;
        List<Mesh.Axis> axes = new ArrayList<>();
        for (Mesh.Axis a : g.mesh().axes()) axes.add(new Mesh.Axis(a.name(), sizes.getOrDefault(a.name(), a.size())));
        for (String name : sizes.keySet()) {
            if (g.mesh().axes().stream().noneMatch(a -> a.name().equals(name))) {
                throw new CompileException("--mesh-shape: mesh '" + g.mesh().name() + "' has no axis '" + name
                        + "' (axes: " + String.join(", ", g.mesh().axes().stream().map(Mesh.Axis::name).toList()) + ")");
            }
        }
        return new ModelGraph(g.name(), new Mesh(g.mesh().name(), axes), g.layout(), g.params(), g.inputs(), g.nodes(), g.outputs());
    }
}
