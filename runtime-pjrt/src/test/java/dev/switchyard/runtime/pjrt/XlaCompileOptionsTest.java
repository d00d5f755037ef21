package dev.switchyard.runtime.pjrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnknownFieldSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decodes what {@link XlaCompileOptions} writes with protobuf-java and checks every field by the
 * numbers of compile_options.proto / xla_data.proto (written here as literals, not the constants).
 */
class XlaCompileOptionsTest {

    private static long varint(UnknownFieldSet set, int field) {
        List<Long> values = set.getField(field).getVarintList();
        assertEquals(1, values.size(), "field " + field + " occurs once");
        return values.getFirst();
    }

    private static UnknownFieldSet message(UnknownFieldSet set, int field) throws Exception {
        List<ByteString> values = set.getField(field).getLengthDelimitedList();
        assertEquals(1, values.size(), "field " + field + " occurs once");
        return UnknownFieldSet.parseFrom(values.getFirst());
    }

    @Test
    void fourDeviceShardyMeshDecodesFieldByField() throws Exception {
        byte[] bytes = XlaCompileOptions.forMesh(List.of(0L, 1L, 2L, 3L), true).toByteArray();
        UnknownFieldSet options = UnknownFieldSet.parseFrom(bytes);
        assertEquals(java.util.Set.of(3), options.asMap().keySet(), "only executable_build_options is set");

        UnknownFieldSet build = message(options, 3);
        assertEquals(java.util.Set.of(1, 4, 5, 6, 9, 19), build.asMap().keySet());
        assertEquals(-1L, varint(build, 1), "device_ordinal unset");
        assertEquals(1L, varint(build, 4), "num_replicas");
        assertEquals(4L, varint(build, 5), "num_partitions");
        assertEquals(1L, varint(build, 6), "use_spmd_partitioning");
        assertEquals(1L, varint(build, 19), "use_shardy_partitioner");

        UnknownFieldSet assignment = message(build, 9);
        assertEquals(1L, varint(assignment, 1), "replica_count");
        assertEquals(4L, varint(assignment, 2), "computation_count");
        List<ByteString> computations = assignment.getField(3).getLengthDelimitedList();
        assertEquals(4, computations.size());
        for (int p = 0; p < 4; p++) {
            UnknownFieldSet device = UnknownFieldSet.parseFrom(computations.get(p));
            // replica_device_ids is a packed repeated int64: one length-delimited field of varints
            ByteString packed = device.getField(1).getLengthDelimitedList().getFirst();
            CodedInputStream in = packed.newCodedInput();
            List<Long> ids = new ArrayList<>();
            while (!in.isAtEnd()) ids.add(in.readInt64());
            assertEquals(List.of((long) p), ids, "devices of computation " + p);
        }
    }

    @Test
    void singleDeviceHasNoSpmdAndGspmdModulesNoShardy() throws Exception {
        UnknownFieldSet build = message(UnknownFieldSet.parseFrom(XlaCompileOptions.forMesh(List.of(7L), false).toByteArray()), 3);
        assertEquals(0L, varint(build, 6));
        assertEquals(0L, varint(build, 19));
        assertEquals(1L, varint(build, 5));
        UnknownFieldSet device = UnknownFieldSet.parseFrom(message(build, 9).getField(3).getLengthDelimitedList().getFirst());
        assertEquals(7L, device.getField(1).getLengthDelimitedList().getFirst().newCodedInput().readInt64());
    }

    @Test
    void shardyIsDetectedFromTheModule() {
        assertTrue(XlaCompileOptions.usesShardy("sdy.mesh @mesh = <[\"x\"=2]>"));
        assertFalse(XlaCompileOptions.usesShardy("func.func @main(%arg0: tensor<2xf32> {mhlo.sharding = \"{replicated}\"})"));
    }

    @Test
    void inconsistentAssignmentIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new XlaCompileOptions(1, 2, true, false, List.of(List.of(0L))));
        assertThrows(IllegalArgumentException.class, () -> new XlaCompileOptions(2, 1, true, false, List.of(List.of(0L))));
    }
}
