package dev.switchyard.compiler.testing;

import dev.switchyard.dsl.SourceSpan;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.Initializer;
import dev.switchyard.dsl.graph.Input;
import dev.switchyard.dsl.graph.LayoutRule;
import dev.switchyard.dsl.graph.Mesh;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.Output;
import dev.switchyard.dsl.graph.Param;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.Sharding;
import dev.switchyard.dsl.graph.TensorType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds model graphs in tests the way the elaborator does: shardings from the layout rules (dim
 * name → mesh axes); parameters, inputs and nodes may be declared in any order (handles are local)
 * and {@link #build()} numbers them as the graph requires: parameters, then inputs, then nodes.
 */
public final class GraphBuilder {
    private final String name;
    private final Mesh mesh;
    private final List<LayoutRule> layout = new ArrayList<>();
    private final Map<String, List<String>> rules = new HashMap<>();
    private final List<Param> params = new ArrayList<>();
    private final List<Input> inputs = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();
    private final List<TensorType> types = new ArrayList<>();
    private String blockPath = "";

    public GraphBuilder(String name, Mesh mesh) {
        this.name = name;
        this.mesh = mesh;
    }

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

    public GraphBuilder rule(String dim, String... axes) {
        layout.add(new LayoutRule(dim, List.of(axes)));
        rules.put(dim, List.of(axes));
        return this;
    }

    public GraphBuilder in(String path) {
        this.blockPath = path;
        return this;
    }

    public Sharding shardingOf(TensorType t) {
        List<List<String>> per = new ArrayList<>();
        for (Dim d : t.dims()) per.add(rules.getOrDefault(d.name(), List.of()));
        return new Sharding(per, false);
    }

    public int param(String path, TensorType t, Initializer init) {
        int id = types.size();
        params.add(new Param(id, path, t, init, shardingOf(t), false, SourceSpan.NONE));
        types.add(t);
        return id;
    }

    public int param(String path, TensorType t) { return param(path, t, new Initializer.TruncatedNormal(0.1, t.dims().get(0).size())); }

    public int input(String inputName, TensorType t) {
        int id = types.size();
        inputs.add(new Input(id, inputName, t, shardingOf(t), SourceSpan.NONE));
        types.add(t);
        return id;
    }

    public int node(Primitive op, Attrs attrs, TensorType t, int... operands) {
        return node(op, attrs, t, shardingOf(t), operands);
    }

    public int node(Primitive op, Attrs attrs, TensorType t, Sharding sharding, int... operands) {
        int id = types.size();
        List<Integer> ops = new ArrayList<>();
        for (int o : operands) ops.add(o);
        nodes.add(new Node(id, op, ops, attrs, t, sharding, SourceSpan.NONE, blockPath));
        types.add(t);
        return id;
    }

    public int node(Primitive op, TensorType t, int... operands) { return node(op, Attrs.NONE, t, operands); }

    public TensorType type(int id) { return types.get(id); }

    public GraphBuilder output(String outName, int value) {
        outputs.add(new Output(outName, value));
        return this;
    }

    public ModelGraph build() {
        int[] renumber = new int[types.size()];
        int next = 0;
        for (Param p : params) renumber[p.id()] = next++;
        for (Input in : inputs) renumber[in.id()] = next++;
        for (Node n : nodes) renumber[n.id()] = next++;
        List<Param> ps = new ArrayList<>();
        for (Param p : params) ps.add(new Param(renumber[p.id()], p.path(), p.type(), p.init(), p.sharding(), p.shared(), p.span()));
        List<Input> is = new ArrayList<>();
        for (Input in : inputs) is.add(new Input(renumber[in.id()], in.name(), in.type(), in.sharding(), in.span()));
        List<Node> ns = new ArrayList<>();
        for (Node n : nodes) {
            List<Integer> ops = new ArrayList<>();
            for (int o : n.operands()) ops.add(renumber[o]);
            ns.add(new Node(renumber[n.id()], n.op(), ops, n.attrs(), n.type(), n.sharding(), n.span(), n.blockPath()));
        }
        List<Output> os = new ArrayList<>();
        for (Output o : outputs) os.add(new Output(o.name(), renumber[o.value()]));
        return new ModelGraph(name, mesh, layout, ps, is, ns, os);
    }
}
