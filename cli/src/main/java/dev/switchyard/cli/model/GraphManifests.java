package dev.switchyard.cli.model;

import dev.switchyard.cli.artifact.Initializer;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.dsl.graph.Input;
import dev.switchyard.dsl.graph.Mesh;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Output;
import dev.switchyard.dsl.graph.Param;
import dev.switchyard.dsl.graph.TensorType;
import dev.switchyard.dsl.graph.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The parts of a manifest that follow from the checked model graph alone: the mesh, the
 * parameters (paths, types, initializers, shardings) and the entry signature. The entry
 * function takes the parameters first, in graph order, then the inputs, as the graph numbers
 * its values; the compiler's lowering follows the same order.
 */
public final class GraphManifests {
    private GraphManifests() {}

    public static Manifest.MeshSpec mesh(Mesh mesh) {
        List<Manifest.MeshSpec.Axis> axes = new ArrayList<>();
        for (Mesh.Axis a : mesh.axes()) axes.add(new Manifest.MeshSpec.Axis(a.name(), Math.toIntExact(a.size())));
        int devices = Math.toIntExact(mesh.devices());
        return new Manifest.MeshSpec(mesh.name(), axes, IntStream.range(0, devices).boxed().toList());
    }

    public static List<Manifest.ParameterSpec> parameters(ModelGraph g) {
        List<Manifest.ParameterSpec> out = new ArrayList<>();
        for (Param p : g.params()) {
            TensorType t = p.type();
            out.add(new Manifest.ParameterSpec(p.path(), t.elem().mlir(), t.dimNames(), shape(t), initializer(p.init()),
                    p.sharding().axesPerDim(), t.elementCount() * t.elem().bytes(), p.id()));
        }
        return out;
    }

    public static List<Manifest.TensorSpec> inputs(ModelGraph g) {
        List<Manifest.TensorSpec> out = new ArrayList<>();
        for (Input in : g.inputs()) {
            out.add(new Manifest.TensorSpec(in.name(), in.type().elem().mlir(), in.type().dimNames(), shape(in.type()),
                    in.sharding().axesPerDim(), in.id()));
        }
        return out;
    }

    public static List<Manifest.TensorSpec> outputs(ModelGraph g) {
        List<Manifest.TensorSpec> out = new ArrayList<>();
        for (Output o : g.outputs()) {
            Value v = g.value(o.value());
            out.add(new Manifest.TensorSpec(o.name(), v.type().elem().mlir(), v.type().dimNames(), shape(v.type()),
                    v.sharding().axesPerDim(), -1));
        }
        return out;
    }

    static List<Long> shape(TensorType t) {
        return t.dims().stream().map(d -> d.size()).toList();
    }

    public static Initializer initializer(dev.switchyard.dsl.graph.Initializer init) {
        return switch (init) {
            case dev.switchyard.dsl.graph.Initializer.Zeros z -> new Initializer.Zeros();
            case dev.switchyard.dsl.graph.Initializer.Ones o -> new Initializer.Ones();
            case dev.switchyard.dsl.graph.Initializer.Constant c -> new Initializer.Constant(c.value());
            case dev.switchyard.dsl.graph.Initializer.Normal n -> new Initializer.Normal(0.0, n.std());
            case dev.switchyard.dsl.graph.Initializer.TruncatedNormal t -> new Initializer.TruncatedNormal(t.std());
            case dev.switchyard.dsl.graph.Initializer.Uniform u -> new Initializer.Uniform(u.low(), u.high());
        };
    }
}
