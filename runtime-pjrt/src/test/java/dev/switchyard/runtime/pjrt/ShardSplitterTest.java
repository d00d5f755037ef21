package dev.switchyard.runtime.pjrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Shard split and reassembly by pure index arithmetic: a tensor whose every element holds its own
 * row-major index, so each shard element says where it came from.
 */
class ShardSplitterTest {

    private static HostTensor iota(long... shape) {
        int n = (int) HostTensor.elementCount(shape);
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return Tensors.i32(shape, v);
    }

    @Test
    void gspmdRowSplitOverTwoDevices() {
        // {devices=[2,1]0,1}: device 0 holds rows 0-1, device 1 rows 2-3 of a 4x3 tensor
        TensorSharding s = TensorSharding.fromGspmd("{devices=[2,1]0,1}", 2, 2);
        List<HostTensor> shards = ShardSplitter.split(iota(4, 3), s);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, Tensors.ints(shards.get(0)));
        assertArrayEquals(new int[] {6, 7, 8, 9, 10, 11}, Tensors.ints(shards.get(1)));
    }

    @Test
    void gspmdTwoByTwoWithPermutedDevices() {
        // tiles in row-major order go to devices 3, 2, 1, 0
        TensorSharding s = TensorSharding.fromGspmd("{devices=[2,2]3,2,1,0}", 2, 4);
        List<HostTensor> shards = ShardSplitter.split(iota(4, 4), s);
        assertArrayEquals(new int[] {0, 1, 4, 5}, Tensors.ints(shards.get(3)));
        assertArrayEquals(new int[] {2, 3, 6, 7}, Tensors.ints(shards.get(2)));
        assertArrayEquals(new int[] {8, 9, 12, 13}, Tensors.ints(shards.get(1)));
        assertArrayEquals(new int[] {10, 11, 14, 15}, Tensors.ints(shards.get(0)));
    }

    @Test
    void gspmdIotaTransposedAndPartiallyReplicated() {
        // <=[2,2]T(1,0) lists devices 0,2,1,3; with last_tile_dim_replicate the 2 tiles of dim 0 each have 2 replicas
        TensorSharding s = TensorSharding.fromGspmd("{devices=[2,1,2]<=[2,2]T(1,0) last_tile_dim_replicate}", 2, 4);
        assertArrayEquals(new int[] {2, 1}, s.tilesPerDim());
        assertArrayEquals(new int[] {0, 0}, s.tileOf(0));
        assertArrayEquals(new int[] {0, 0}, s.tileOf(2));
        assertArrayEquals(new int[] {1, 0}, s.tileOf(1));
        assertArrayEquals(new int[] {1, 0}, s.tileOf(3));
        assertEquals(TensorSharding.fromGspmd("{devices=[2,2]<=[4]}", 2, 4), TensorSharding.fromGspmd("{devices=[2,2]0,1,2,3}", 2, 4));
    }

    @Test
    void shardyExpertAxisSplitsDimZero() {
        Map<String, Integer> mesh = new LinkedHashMap<>();
        mesh.put("data", 2);
        mesh.put("expert", 2);
        // [{"expert"}, {}]: devices (data, expert) = (0,0),(0,1),(1,0),(1,1) hold expert tiles 0,1,0,1
        TensorSharding s = TensorSharding.fromShardy(mesh, List.of(List.of("expert"), List.of()));
        List<HostTensor> shards = ShardSplitter.split(iota(2, 3), s);
        assertArrayEquals(new int[] {0, 1, 2}, Tensors.ints(shards.get(0)));
        assertArrayEquals(new int[] {3, 4, 5}, Tensors.ints(shards.get(1)));
        assertArrayEquals(new int[] {0, 1, 2}, Tensors.ints(shards.get(2)));
        assertArrayEquals(new int[] {3, 4, 5}, Tensors.ints(shards.get(3)));
        // two axes on one dim, major first: tile = data * 2 + expert
        TensorSharding both = TensorSharding.fromShardy(mesh, List.of(List.of("data", "expert")));
        for (int d = 0; d < 4; d++) assertArrayEquals(new int[] {d}, both.tileOf(d));
        TensorSharding reversed = TensorSharding.fromShardy(mesh, List.of(List.of("expert", "data")));
        assertArrayEquals(new int[] {0, 2, 1, 3}, new int[] {reversed.tileOf(0)[0], reversed.tileOf(1)[0], reversed.tileOf(2)[0], reversed.tileOf(3)[0]});
    }

    @Property(tries = 60)
    void everyShardElementComesFromItsTile(@ForAll @IntRange(min = 1, max = 3) int t0, @ForAll @IntRange(min = 1, max = 3) int t1,
                                           @ForAll @IntRange(min = 1, max = 3) int t2, @ForAll @IntRange(min = 1, max = 2) int s0,
                                           @ForAll @IntRange(min = 1, max = 3) int s1, @ForAll @IntRange(min = 1, max = 2) int s2) {
        int[] tiles = {t0, t1, t2};
        long[] shard = {s0, s1, s2};
        long[] full = {t0 * s0, t1 * s1, t2 * s2};
        int devices = t0 * t1 * t2;
        int[][] tileOf = new int[devices][];
        for (int d = 0; d < devices; d++) tileOf[d] = TensorSharding.unravel(devices - 1 - d, tiles); // reversed device order
        TensorSharding sharding = new TensorSharding(tiles, tileOf);
        HostTensor tensor = iota(full);
        List<HostTensor> shards = ShardSplitter.split(tensor, sharding);
        for (int d = 0; d < devices; d++) {
            int[] values = Tensors.ints(shards.get(d));
            assertArrayEquals(shard, shards.get(d).shape());
            int k = 0;
            for (int a = 0; a < s0; a++) for (int b = 0; b < s1; b++) for (int c = 0; c < s2; c++) {
                long i = tileOf[d][0] * s0 + a, j = tileOf[d][1] * s1 + b, l = tileOf[d][2] * s2 + c;
                assertEquals((i * full[1] + j) * full[2] + l, values[k++]);
            }
        }
        assertEquals(tensor, ShardSplitter.assemble(shards, sharding, full));
    }

    @Test
    void replicatedAndScalar() {
        HostTensor scalar = new HostTensor(ElementType.F64, new long[0], new byte[8]);
        List<HostTensor> shards = ShardSplitter.split(scalar, TensorSharding.replicated(0, 3));
        assertEquals(3, shards.size());
        assertEquals(scalar, ShardSplitter.assemble(shards, TensorSharding.replicated(0, 3), new long[0]));
    }

    @Test
    void unevenSplitsAndBadShardingsAreClearErrors() {
        TensorSharding s = TensorSharding.fromGspmd("{devices=[2,1]0,1}", 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShardSplitter.split(iota(3, 2), s));
        assertEquals("dimension 0 of size 3 does not split evenly into 2 tiles (shape [3, 2])", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TensorSharding.fromGspmd("{devices=[2,1]0,0}", 2, 2));
        assertThrows(IllegalArgumentException.class, () -> TensorSharding.fromGspmd("{devices=[2,1]0,1}", 1, 2));
        assertThrows(IllegalArgumentException.class, () -> TensorSharding.fromGspmd("{maximal device=0}", 1, 2));
    }

    @Test
    void entrySignatureReadsBothSyntaxes() {
        String gspmd = """
                func.func public @main(%arg0: tensor<8x4xf32> {mhlo.sharding = "{devices=[2,1]0,1}"}, %arg1: tensor<4xf32>)
                    -> (tensor<8x4xf32> {mhlo.sharding = "{devices=[2,1]0,1}"}) {
                """;
        EntrySignature g = EntrySignature.parse(gspmd, "main", 2);
        assertEquals(List.of(2, 1), g.argumentRanks());
        assertEquals(TensorSharding.fromGspmd("{devices=[2,1]0,1}", 2, 2), g.arguments().get(0));
        assertEquals(TensorSharding.replicated(1, 2), g.arguments().get(1));
        assertEquals(1, g.results().size());

        String shardy = """
                module @m attributes {mhlo.num_partitions = 4 : i32} {
                  sdy.mesh @mesh = <["data"=2, "expert"=2]>
                  func.func @main(%arg0: tensor<4x6xbf16> {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {"expert"}]>}) -> tensor<4x6xbf16> {
                """;
        EntrySignature s = EntrySignature.parse(shardy, "main", 4);
        assertArrayEquals(new int[] {2, 2}, s.arguments().getFirst().tilesPerDim());
        assertArrayEquals(new int[] {1, 0}, s.arguments().getFirst().tileOf(2));
        assertEquals(List.of(TensorSharding.replicated(2, 4)), s.results());
    }

    @Test
    void entrySignatureOfTheGenericForm() {
        // as GenericPrinter writes a train step: another function first, @main's attributes after its region
        String generic = """
                "builtin.module"() ({
                  "func.func"() ({
                  ^bb0(%arg0: tensor<3xf32>):
                    "func.return"(%arg0) : (tensor<3xf32>) -> ()
                  }) {arg_attrs = [{mhlo.sharding = "{replicated}"}], function_type = (tensor<3xf32>) -> tensor<3xf32>, sym_name = "helper"} : () -> ()
                  "func.func"() ({
                  ^bb0(%arg0: tensor<4x2xf32>, %arg1: tensor<2xf32>):
                    "func.return"(%arg0, %arg1) : (tensor<4x2xf32>, tensor<2xf32>) -> ()
                  }) {arg_attrs = [{mhlo.sharding = "{devices=[2,1]0,1}", tf.aliasing_output = 0 : i32}, {}], function_type = (tensor<4x2xf32>, tensor<2xf32>) -> (tensor<4x2xf32>, tensor<2xf32>), res_attrs = [{mhlo.sharding = "{devices=[2,1]0,1}"}, {}], sym_name = "main"} : () -> ()
                }) : () -> ()
                """;
        EntrySignature g = EntrySignature.parse(generic, "main", 2);
        assertEquals(List.of(2, 1), g.argumentRanks());
        assertEquals(TensorSharding.fromGspmd("{devices=[2,1]0,1}", 2, 2), g.arguments().get(0));
        assertEquals(TensorSharding.replicated(1, 2), g.arguments().get(1));
        assertEquals(List.of(TensorSharding.fromGspmd("{devices=[2,1]0,1}", 2, 2), TensorSharding.replicated(1, 2)), g.results());
        assertThrows(IllegalArgumentException.class, () -> EntrySignature.parse(generic, "absent", 2));

        // Shardy in the generic form, as a train step compiled with the default sharding form prints it
        String shardy = """
                "builtin.module"() ({
                  "sdy.mesh"() {mesh = #sdy.mesh<["data"=2]>, sym_name = "mesh"} : () -> ()
                  "func.func"() ({
                  ^bb0(%arg0: tensor<4xf32>, %arg1: tensor<4x4xf32>):
                    "func.return"(%arg0) : (tensor<4xf32>) -> ()
                  }) {arg_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{"data"}]>, tf.aliasing_output = 0 : i32}, {sdy.sharding = #sdy.sharding<@mesh, [{}, {"data"}]>}], function_type = (tensor<4xf32>, tensor<4x4xf32>) -> tensor<4xf32>, sym_name = "main"} : () -> ()
                }) : () -> ()
                """;
        EntrySignature s = EntrySignature.parse(shardy, "main", 2);
        assertArrayEquals(new int[] {2}, s.arguments().get(0).tilesPerDim());
        assertArrayEquals(new int[] {1, 2}, s.arguments().get(1).tilesPerDim());
        assertEquals(List.of(TensorSharding.replicated(1, 2)), s.results());
    }
}
