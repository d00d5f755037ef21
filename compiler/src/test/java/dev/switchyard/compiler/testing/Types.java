package dev.switchyard.compiler.testing;

import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.Mesh;
import dev.switchyard.dsl.graph.TensorType;
import java.util.ArrayList;
import java.util.List;

/** Literals for tests that build graphs with {@link dev.switchyard.dsl.graph.GraphBuilder}. */
public final class Types {
    private Types() {}

    /** {@code mesh("data=2", "expert=4")}. */
    public static Mesh mesh(String... axes) {
        List<Mesh.Axis> list = new ArrayList<>();
        for (String a : axes) {
            String[] kv = a.split("=");
            list.add(new Mesh.Axis(kv[0], Long.parseLong(kv[1])));
        }
        return new Mesh("default", list);
    }

    /** {@code t(ElemType.F32, "batch=2", "d=4")}. */
    public static TensorType t(ElemType e, String... dims) {
        List<Dim> ds = new ArrayList<>();
        for (String d : dims) {
            String[] kv = d.split("=");
            ds.add(new Dim(kv[0], Long.parseLong(kv[1])));
        }
        return new TensorType(e, ds);
    }
}
