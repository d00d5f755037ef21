package dev.switchyard.runtime.pjrt;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The part of {@code xla.CompileOptionsProto} (openxla/xla {@code xla/pjrt/proto/compile_options.proto})
 * that Switchyard sets, written in protobuf wire format by field number:
 *
 * <pre>
 * CompileOptionsProto          3: executable_build_options (ExecutableBuildOptionsProto)
 * ExecutableBuildOptionsProto  1: device_ordinal (int64, -1 = unset)   4: num_replicas (int64)
 *                              5: num_partitions (int64)               6: use_spmd_partitioning (bool)
 *                              9: device_assignment (DeviceAssignmentProto)
 *                             19: use_shardy_partitioner (bool)
 * DeviceAssignmentProto        1: replica_count (int32)   2: computation_count (int32)
 *                              3: computation_devices (repeated ComputationDevice)
 * ComputationDevice            1: replica_device_ids (repeated int64, packed)
 * </pre>
 *
 * @param deviceAssignment {@code deviceAssignment.get(partition).get(replica)} is a device id
 */
public record XlaCompileOptions(int numReplicas, int numPartitions, boolean useSpmdPartitioning,
                                boolean useShardyPartitioner, List<List<Long>> deviceAssignment) {

    static final int COMPILE_OPTIONS_EXECUTABLE_BUILD_OPTIONS = 3;
    static final int BUILD_DEVICE_ORDINAL = 1;
    static final int BUILD_NUM_REPLICAS = 4;
    static final int BUILD_NUM_PARTITIONS = 5;
    static final int BUILD_USE_SPMD_PARTITIONING = 6;
    static final int BUILD_DEVICE_ASSIGNMENT = 9;
    static final int BUILD_USE_SHARDY_PARTITIONER = 19;
    static final int ASSIGNMENT_REPLICA_COUNT = 1;
    static final int ASSIGNMENT_COMPUTATION_COUNT = 2;
    static final int ASSIGNMENT_COMPUTATION_DEVICES = 3;
    static final int COMPUTATION_DEVICE_REPLICA_DEVICE_IDS = 1;

    public XlaCompileOptions {
        if (numReplicas < 1 || numPartitions < 1) throw new IllegalArgumentException("replicas and partitions must be >= 1");
        deviceAssignment = deviceAssignment.stream().map(List::copyOf).toList();
        if (deviceAssignment.size() != numPartitions) {
            throw new IllegalArgumentException("device assignment has " + deviceAssignment.size()
                    + " computations for " + numPartitions + " partitions");
        }
        for (List<Long> replicas : deviceAssignment) {
            if (replicas.size() != numReplicas) {
                throw new IllegalArgumentException("device assignment lists " + replicas.size()
                        + " devices for a computation of " + numReplicas + " replicas");
            }
        }
    }

    /**
     * One replica partitioned over a mesh of {@code deviceIds.size()} devices (partition {@code p}
     * on {@code deviceIds.get(p)}): SPMD on when there is more than one partition, Shardy on when
     * the module's shardings are written in the {@code sdy} dialect.
     */
    public static XlaCompileOptions forMesh(List<Long> deviceIds, boolean shardy) {
        return new XlaCompileOptions(1, deviceIds.size(), deviceIds.size() > 1, shardy,
                deviceIds.stream().map(List::of).toList());
    }

    /** Whether a StableHLO module text uses Shardy ({@code sdy.*}) for its shardings. */
    public static boolean usesShardy(String moduleText) {
        return moduleText.contains("sdy.mesh") || moduleText.contains("sdy.sharding");
    }

    /** The serialized {@code CompileOptionsProto}. */
    public byte[] toByteArray() {
        return message(out -> message(out, COMPILE_OPTIONS_EXECUTABLE_BUILD_OPTIONS, this::writeBuildOptions));
    }

    private void writeBuildOptions(CodedOutputStream out) throws IOException {
        out.writeInt64(BUILD_DEVICE_ORDINAL, -1);
        out.writeInt64(BUILD_NUM_REPLICAS, numReplicas);
        out.writeInt64(BUILD_NUM_PARTITIONS, numPartitions);
        out.writeBool(BUILD_USE_SPMD_PARTITIONING, useSpmdPartitioning);
        message(out, BUILD_DEVICE_ASSIGNMENT, this::writeDeviceAssignment);
        out.writeBool(BUILD_USE_SHARDY_PARTITIONER, useShardyPartitioner);
    }

    private void writeDeviceAssignment(CodedOutputStream out) throws IOException {
        out.writeInt32(ASSIGNMENT_REPLICA_COUNT, numReplicas);
        out.writeInt32(ASSIGNMENT_COMPUTATION_COUNT, numPartitions);
        for (List<Long> replicas : deviceAssignment) {
            message(out, ASSIGNMENT_COMPUTATION_DEVICES, device -> {
                // proto3 packs repeated scalars: one length-delimited field of varints.
                int size = 0;
                for (long id : replicas) size += CodedOutputStream.computeInt64SizeNoTag(id);
                device.writeTag(COMPUTATION_DEVICE_REPLICA_DEVICE_IDS, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
                device.writeUInt32NoTag(size);
                for (long id : replicas) device.writeInt64NoTag(id);
            });
        }
    }

    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            body.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a nested message as a length-delimited field. */
    private static void message(CodedOutputStream out, int field, Body body) throws IOException {
        out.writeByteArray(field, message(body));
    }
}
