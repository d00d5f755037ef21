package dev.switchyard.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.Param;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.TensorType;
import dev.switchyard.dsl.graph.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the elaborator puts into the model graph for each construct. */
class ElaborationTest {

    static final String HEADER = """
            dim a = 2
            dim b = 3
            dim c = 4
            dim e = 4
            mesh m { data = 2, expert = 4 }
            layout {
              a -> data
              e -> expert
            }
            """;

    static ModelGraph graph(String body) {
        return graph(body, CheckOptions.defaults());
    }

    static ModelGraph graph(String program, CheckOptions options) {
        String text = program.contains("block forward") ? program : HEADER + "block forward(x: f32[a, b], y: f32[b, c]) {\n" + program + "\n}\n";
        CheckResult r = Frontend.checkText("t.sy", text, options);
        assertTrue(r.ok(), r::render);
        return r.graph().orElseThrow();
    }

    static List<Node> nodes(ModelGraph g, Primitive op) {
        return g.nodes().stream().filter(n -> n.op() == op).toList();
    }

    static TensorType t(ElemType elem, Object... dims) {
        List<Dim> ds = new java.util.ArrayList<>();
        for (int i = 0; i < dims.length; i += 2) ds.add(new Dim((String) dims[i], ((Number) dims[i + 1]).longValue()));
        return new TensorType(elem, ds);
    }

    /** NEG takes integers (its spec says numeric), so the type rule run on every node accepts -ids. */
    @Test
    void negatingAnIntegerTensorIsANegNode() {
        ModelGraph g = graph(HEADER + "block forward(ids: i32[a, b]) {\n  return -ids\n}\n", CheckOptions.defaults());
        assertEquals(t(ElemType.I32, "a", 2, "b", 3), nodes(g, Primitive.NEG).get(0).type());
    }

    @Test
    void broadcastingByNameInsertsBroadcastsToTheUnionOfDims() {
        ModelGraph g = graph("  return x + y");
        Node add = nodes(g, Primitive.ADD).get(0);
        TensorType abc = t(ElemType.F32, "a", 2, "b", 3, "c", 4);
        assertEquals(abc, add.type());
        for (int operand : add.operands()) assertEquals(abc, g.value(operand).type());
        assertEquals(2, nodes(g, Primitive.BROADCAST).size());
        assertEquals(List.of("output"), g.outputs().stream().map(o -> o.name()).toList());
        assertEquals(add.id(), g.outputs().get(0).value());
    }

    @Test
    void compileTimeNumbersBecomeSplatConstantsOfTheTensorType() {
        ModelGraph g = graph("  return x * 2");
        Node c = nodes(g, Primitive.CONSTANT).get(0);
        assertEquals(new Attrs.Constant(2), c.attrs());
        assertEquals(t(ElemType.F32, "a", 2, "b", 3), c.type());
        assertEquals(0, nodes(g, Primitive.BROADCAST).size());
    }

    @Test
    void contractionNamesItsContractedDims() {
        ModelGraph g = graph("  return x @ y");
        Node n = nodes(g, Primitive.EINSUM).get(0);
        assertEquals(new Attrs.Einsum(List.of("b"), List.of()), n.attrs());
        assertEquals(t(ElemType.F32, "a", 2, "c", 4), n.type());
    }

    @Test
    void instanceNamesGiveStableParameterPathsAndSharedParametersAreOne() {
        ModelGraph g = graph(HEADER + """
                dim b2 = b
                block layer(x: [a, b]) {
                  shared param gain: [b] = ones
                  param w: [b, b2] = truncated_normal(0.1, b)
                  return rename(x @ w, {b2 -> b}) * gain
                }
                block forward(x: f32[a, b]) {
                  for i in 0..3 {
                    x = layer(x) as layer[i]
                  }
                  return (out = x)
                }
                """, CheckOptions.defaults());
        List<String> paths = g.params().stream().map(Param::path).toList();
        assertEquals(List.of("layer_0.gain", "layer_0.w", "layer_1.w", "layer_2.w"), paths);
        assertTrue(g.params().get(0).shared());
        assertFalse(g.params().get(1).shared());
        assertEquals(3, nodes(g, Primitive.RENAME).size());
        assertEquals(0.1 / 3, ((dev.switchyard.dsl.graph.Initializer.TruncatedNormal) g.params().get(1).init()).std() * ((dev.switchyard.dsl.graph.Initializer.TruncatedNormal) g.params().get(1).init()).std(), 1e-12);
    }

    @Test
    void idsAreDenseParametersThenInputsThenNodesInTopologicalOrder() {
        ModelGraph g = graph("  param w: [b, c] = zeros\n  return (p = x @ w, q = y + 1.0)");
        List<Value> values = g.values();
        for (int i = 0; i < values.size(); i++) assertEquals(i, values.get(i).id());
        assertEquals(1, g.params().size());
        assertEquals(0, g.params().get(0).id());
        assertEquals(List.of(1, 2), g.inputs().stream().map(v -> v.id()).toList());
        for (Node n : g.nodes()) for (int o : n.operands()) assertTrue(o < n.id());
        assertEquals(List.of("p", "q"), g.outputs().stream().map(o -> o.name()).toList());
    }

    @Test
    void shardingsFollowTheLayoutRulesAndOverridesAreMarked() {
        ModelGraph g = graph("  param w: [e, b] = zeros\n  let z = einsum(x, w, out = [e, a])\n  return layout(z, {e -> none})");
        Param w = g.params().get(0);
        assertEquals(List.of(List.of("expert"), List.of()), w.sharding().axesPerDim());
        assertFalse(w.sharding().overridden());
        Node einsum = nodes(g, Primitive.EINSUM).get(0);
        assertEquals(List.of(List.of("expert"), List.of("data")), einsum.sharding().axesPerDim());
        Node layout = nodes(g, Primitive.LAYOUT).get(0);
        assertEquals(List.of(List.of(), List.of("data")), layout.sharding().axesPerDim());
        assertTrue(layout.sharding().overridden());
    }

    @Test
    void meshChoiceAndShapeOverride() {
        String program = HEADER.replace("mesh m { data = 2, expert = 4 }", "mesh m { data = 2, expert = 4 }\nmesh one { data = 1, expert = 1 }")
                + "block forward(x: f32[a, b]) {\n  return x\n}\n";
        assertEquals(8, graph(program, CheckOptions.defaults()).mesh().devices());
        assertEquals(1, graph(program, CheckOptions.defaults().withMesh("one")).mesh().devices());
        ModelGraph reshaped = graph(program, CheckOptions.defaults().withMeshShape(Map.of("expert", 2L)));
        assertEquals("m", reshaped.mesh().name());
        assertEquals(4, reshaped.mesh().devices());
    }

    @Test
    void dimOverridesShrinkABigModel() {
        String text = SamplesTest.sample("switch_c_2048");
        ModelGraph full = Frontend.checkText("c.sy", text, CheckOptions.defaults()).graph().orElseThrow();
        ModelGraph small = Frontend.checkText("c.sy", text,
                CheckOptions.defaults().withDimOverrides(Map.of("layers", 1.0, "d_model", 32.0, "d_ff", 64.0, "experts", 256.0)))
                .graph().orElseThrow();
        assertTrue(small.nodes().size() * 10 < full.nodes().size());
        assertTrue(small.parameterCount() < 100_000_000L);
        assertEquals(256, small.params().stream().filter(p -> p.path().endsWith("experts.wi")).findFirst().orElseThrow().type().dims().get(0).size());
    }

    @Test
    void switchLayerTypesAreTheSwitchDocsShapes() {
        ModelGraph g = graph(HEADER + """
                dim seq = 8
                dim f = 16
                dim cap = 2
                block forward(x: f32[a, seq, c]) {
                  let (y, aux, z) = switch_ffn(x, e, f, cap) as mlp
                  return (y = y, aux = aux, z = z)
                }
                """, CheckOptions.defaults());
        Node dispatch = nodes(g, Primitive.MOE_DISPATCH).get(0);
        assertEquals(t(ElemType.F32, "e", 4, "a", 2, "cap", 2, "c", 4), dispatch.type());
        assertEquals(new Attrs.Moe("seq", "e", "cap", java.util.Optional.empty()), dispatch.attrs());
        assertEquals(ElemType.I32, g.value(dispatch.operands().get(1)).type().elem());
        Node combine = nodes(g, Primitive.MOE_COMBINE).get(0);
        assertEquals(t(ElemType.F32, "a", 2, "seq", 8, "c", 4), combine.type());
        assertEquals(TensorType.scalar(ElemType.F32), g.value(g.outputs().get(1).value()).type());
        assertEquals(List.of("mlp.router.classifier", "mlp.experts.wi", "mlp.experts.wo"), g.params().stream().map(Param::path).toList());
        assertEquals(List.of(List.of("expert"), List.of("data"), List.of(), List.of()), dispatch.sharding().axesPerDim());
    }

    @Test
    void topKReplacesTheSearchedDimByTheKDim() {
        ModelGraph g = graph(HEADER + "dim k = 2\nblock forward(x: f32[a, e]) {\n  let (v, i) = top_k(x, e, k)\n  return (v = v, i = i)\n}\n",
                CheckOptions.defaults());
        assertEquals(t(ElemType.F32, "a", 2, "k", 2), g.value(g.outputs().get(0).value()).type());
        assertEquals(t(ElemType.I32, "a", 2, "k", 2), g.value(g.outputs().get(1).value()).type());
    }

    @Test
    void dropoutWithCompileTimeFalseTrainingIsTheIdentity() {
        ModelGraph g = graph(HEADER + "block forward(x: f32[a, b], key: u32[rng_key], on: bool[]) {\n"
                + "  return (off = dropout(x, key, false, 0.5), on = dropout(x, key, on, 0.5))\n}\n", CheckOptions.defaults());
        assertEquals(g.inputs().get(0).id(), g.outputs().get(0).value());
        Node d = nodes(g, Primitive.DROPOUT).get(0);
        assertEquals(List.of(g.inputs().get(0).id(), g.inputs().get(1).id(), g.inputs().get(2).id()), d.operands());
        assertEquals(0.5, ((Attrs.Dropout) d.attrs()).rate());
    }

    @Test
    void capacityFromAFactorRoundsDownWithAMinimumOfFour() {
        ModelGraph g = graph(HEADER + """
                dim tokens = 512
                dim small_cap = max(4, floor(tokens / 2048 * 1.0))
                dim cap = max(4, floor(tokens / 8 * 1.25))
                block forward(p: f32[small_cap], q: f32[cap]) {
                  return (p = p, q = q)
                }
                """, CheckOptions.defaults());
        assertEquals(4, g.inputs().get(0).type().dims().get(0).size());
        assertEquals(80, g.inputs().get(1).type().dims().get(0).size());
    }

    @Test
    void aLetMayShadowAnArgument() {
        ModelGraph g = graph("  let x = x * 2.0\n  return x");
        assertEquals(Primitive.MUL, g.nodes().get(g.nodes().size() - 1).op());
    }

    @Test
    void graphTextIsStable() {
        ModelGraph g = graph(HEADER + """
                model tiny
                block forward(x: f32[a, b]) {
                  param w: [b, e] = normal(0.5)
                  return (h = relu(x @ w))
                }
                """, CheckOptions.defaults());
        String expected = """
                model tiny
                mesh m {data=2, expert=4} devices=8
                layout a -> data
                layout e -> expert
                param %0 w : f32[b=3, e=4] init=normal(0.5) sharding=[{}, {expert}]
                input %1 x : f32[a=2, b=3] sharding=[{data}, {}]
                %2 = einsum %1, %0 contract=[b] batch=[] : f32[a=2, e=4] sharding=[{data}, {expert}]  # t.sy:13:20
                %3 = relu %2 : f32[a=2, e=4] sharding=[{data}, {expert}]  # t.sy:13:15
                output h = %3
                """;
        assertEquals(expected, g.print());
    }
}
