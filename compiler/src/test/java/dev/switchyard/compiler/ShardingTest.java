package dev.switchyard.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.compiler.sharding.GspmdAnnotator;
import dev.switchyard.dsl.graph.GraphBuilder;
import dev.switchyard.compiler.testing.MlirOpt;
import dev.switchyard.dsl.graph.Mesh;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Sharding;
import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.Operation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShardingTest {
    static final Mesh MESH = dev.switchyard.compiler.testing.Types.mesh("data=2", "expert=4");

    static Sharding s(List<List<String>> axes) { return new Sharding(axes, false); }

    @Test
    void gspmdTilingsWorkedByHand() {
        // Devices are numbered row-major over (data, expert): device = 4·data + expert.
        assertEquals("{replicated}", GspmdAnnotator.tiling(MESH, s(List.of(List.of(), List.of())), 2).text());
        // Split on data only: tile d holds devices 4d..4d+3, replicated over expert.
        assertEquals("{devices=[2,1,4]<=[8] last_tile_dim_replicate}",
                GspmdAnnotator.tiling(MESH, s(List.of(List.of("data"), List.of())), 2).text());
        // Split on expert only: tile e holds devices e and 4+e, so the iota is transposed.
        assertEquals("{devices=[4,1,2]<=[2,4]T(1,0) last_tile_dim_replicate}",
                GspmdAnnotator.tiling(MESH, s(List.of(List.of("expert"), List.of())), 2).text());
        assertEquals("{devices=[4,2]<=[2,4]T(1,0)}",
                GspmdAnnotator.tiling(MESH, s(List.of(List.of("expert"), List.of("data"))), 2).text());
        assertEquals("{devices=[2,4]<=[8]}",
                GspmdAnnotator.tiling(MESH, s(List.of(List.of("data"), List.of("expert"))), 2).text());
        assertEquals("{devices=[8]<=[8]}", GspmdAnnotator.tiling(MESH, s(List.of(List.of("data", "expert"))), 1).text());
        // An axis shrunk to one device splits nothing.
        Mesh one = dev.switchyard.compiler.testing.Types.mesh("data=2", "expert=1");
        assertEquals("{replicated}", GspmdAnnotator.tiling(one, s(List.of(List.of("expert"), List.of())), 2).text());
    }

    @Test
    void shardyFormHasMeshShardingsAndTheExpertConstraint() {
        CompiledModel m = Compiler.compile(MoeGraphs.dispatchCombine(Optional.empty()),
                CompileOptions.defaults().withDispatch(Dispatch.GATHER));
        String text = m.genericText();
        assertTrue(text.contains("\"sdy.mesh\"() {mesh = #sdy.mesh<[\"data\"=2, \"expert\"=2]>, sym_name = \"mesh\"}"), text);
        assertTrue(text.contains("mhlo.num_partitions = 4 : i32, mhlo.num_replicas = 1 : i32"), text);
        assertFalse(text.contains("mhlo.sharding"), text);
        Operation c = constraintOf(m, "sdy.sharding_constraint", "stablehlo.scatter");
        assertEquals("#sdy.sharding<@mesh, [{\"expert\"}, {\"data\"}, {}, {}]>", c.attribute("sharding").orElseThrow().text());
        MlirOpt.check(text);
    }

    @Test
    void gspmdFormHasShardingStringsAndCustomCalls() {
        CompiledModel m = Compiler.compile(MoeGraphs.dispatchCombine(Optional.empty()),
                CompileOptions.defaults().withSharding(ShardingForm.GSPMD).withDispatch(Dispatch.GATHER));
        String text = m.genericText();
        assertFalse(text.contains("sdy."), text);
        assertTrue(text.contains("{mhlo.sharding = \"{devices=[2,1,1,2]<=[4] last_tile_dim_replicate}\"}"), text);
        Operation c = constraintOf(m, "stablehlo.custom_call", "stablehlo.scatter");
        assertEquals("\"Sharding\"", c.attribute("call_target_name").orElseThrow().text());
        // [experts, group, capacity, d] split (expert, data, -, -) over mesh (data=2, expert=2).
        assertEquals("\"{devices=[2,2,1,1]<=[2,2]T(1,0)}\"", c.attribute("mhlo.sharding").orElseThrow().text());
        MlirOpt.check(text);
    }

    @Test
    void meshShapeOverrideShrinksTheMesh() {
        ModelGraph g = MoeGraphs.dispatchCombine(Optional.empty());
        CompiledModel m = Compiler.compile(g, CompileOptions.defaults().withMeshShape(Map.of("data", 1L, "expert", 1L)));
        assertEquals(1, m.numPartitions());
        String text = m.genericText();
        assertTrue(text.contains("mhlo.num_partitions = 1 : i32"), text);
        assertTrue(text.contains("#sdy.mesh<[\"data\"=1, \"expert\"=1]>"), text);
        assertFalse(text.contains("{\"expert\"}"), text);
        MlirOpt.check(text);
        var e = assertThrows(CompileException.class,
                () -> Compiler.compile(g, CompileOptions.defaults().withMeshShape(Map.of("model", 2L))));
        assertEquals("--mesh-shape: mesh 'default' has no axis 'model' (axes: data, expert)", e.getMessage());
    }

    @Test
    void meshShapeParsing() {
        assertEquals(Map.of("data", 1L, "expert", 8L), CompileOptions.parseMeshShape("data=1, expert=8"));
        assertEquals("--mesh-shape: expected axis=size, found 'data'",
                assertThrows(CompileException.class, () -> CompileOptions.parseMeshShape("data")).getMessage());
        assertEquals("--mesh-shape: size of 'data' must be a positive integer, found 'x'",
                assertThrows(CompileException.class, () -> CompileOptions.parseMeshShape("data=x")).getMessage());
    }

    /** The constraint op applied to the result of the first op named {@code producer}. */
    static Operation constraintOf(CompiledModel m, String constraint, String producer) {
        List<Operation> ops = m.module().function("main").orElseThrow().body().operations();
        for (Operation op : ops) {
            if (op.name().equals(constraint) && op.operand(0).definingOp().map(Operation::name).orElse("").equals(producer)) return op;
        }
        throw new AssertionError("no " + constraint + " on a " + producer + " result");
    }

    static Attribute attr(Operation op, String name) { return op.attribute(name).orElseThrow(); }
}
