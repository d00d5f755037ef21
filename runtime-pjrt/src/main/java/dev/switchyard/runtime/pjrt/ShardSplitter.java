package dev.switchyard.runtime.pjrt;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a host tensor into the per-device shards of a {@link TensorSharding} and puts shards back
 * together: pure index arithmetic on row-major bytes. Tiles must divide their dimensions evenly
 * (XLA would pad; Switchyard's meshes are chosen to divide).
 */
public final class ShardSplitter {
    private ShardSplitter() {}

    /** The shape of one shard of a tensor of shape {@code full}. */
    public static long[] shardShape(long[] full, TensorSharding sharding) {
        int[] tiles = sharding.tilesPerDim();
        if (tiles.length != full.length) {
            throw new IllegalArgumentException("sharding of rank " + tiles.length + " for a tensor of shape " + Arrays.toString(full));
        }
        long[] shape = new long[full.length];
        for (int i = 0; i < full.length; i++) {
            if (full[i] % tiles[i] != 0) {
                throw new IllegalArgumentException("dimension " + i + " of size " + full[i] + " does not split evenly into "
                        + tiles[i] + " tiles (shape " + Arrays.toString(full) + ")");
            }
            shape[i] = full[i] / tiles[i];
        }
        return shape;
    }

    /** The shard each device holds, in device order. */
    public static List<HostTensor> split(HostTensor full, TensorSharding sharding) {
        List<HostTensor> shards = new ArrayList<>();
        long[] shape = shardShape(full.shape(), sharding);
        for (int d = 0; d < sharding.numDevices(); d++) {
            byte[] data = new byte[Math.toIntExact(HostTensor.elementCount(shape) * full.elementType().byteSize())];
            copyTile(full.data(), full.shape(), data, shape, sharding.tileOf(d), full.elementType(), true);
            shards.add(new HostTensor(full.elementType(), shape, data));
        }
        return shards;
    }

    /** The whole tensor from per-device shards; for a tile held by several devices the first one's copy is used. */
    public static HostTensor assemble(List<HostTensor> shards, TensorSharding sharding, long[] fullShape) {
        if (shards.size() != sharding.numDevices()) {
            throw new IllegalArgumentException(shards.size() + " shards for a sharding over " + sharding.numDevices() + " devices");
        }
        ElementType type = shards.getFirst().elementType();
        long[] shape = shardShape(fullShape, sharding);
        byte[] full = new byte[Math.toIntExact(HostTensor.elementCount(fullShape) * type.byteSize())];
        int[] tiles = sharding.tilesPerDim();
        boolean[] filled = new boolean[Arrays.stream(tiles).reduce(1, Math::multiplyExact)];
        for (int d = 0; d < shards.size(); d++) {
            HostTensor shard = shards.get(d);
            if (shard.elementType() != type || !Arrays.equals(shard.shape(), shape)) {
                throw new IllegalArgumentException("shard of device " + d + " is " + shard + ", expected " + type + Arrays.toString(shape));
            }
            int[] tile = sharding.tileOf(d);
            int t = TensorSharding.ravel(tile, tiles);
            if (filled[t]) continue;
            filled[t] = true;
            copyTile(full, fullShape, shard.data(), shape, tile, type, false);
        }
        return new HostTensor(type, fullShape, full);
    }

    /**
     * Copies between a tile of the full tensor and a dense shard, one contiguous row (the last
     * dimension) at a time. {@code toShard} chooses the direction.
     */
    private static void copyTile(byte[] full, long[] fullShape, byte[] shard, long[] shardShape, int[] tile,
                                 ElementType type, boolean toShard) {
        int rank = fullShape.length;
        int size = type.byteSize();
        if (rank == 0) {
            if (toShard) System.arraycopy(full, 0, shard, 0, size); else System.arraycopy(shard, 0, full, 0, size);
            return;
        }
        long rowElements = shardShape[rank - 1];
        long rows = HostTensor.elementCount(shardShape) / Math.max(1, rowElements);
        if (rowElements == 0) return;
        long[] local = new long[rank];
        for (long r = 0; r < rows; r++) {
            // local = row-major coordinates of row r over shardShape[0..rank-1), last coordinate 0
            long rest = r;
            for (int i = rank - 2; i >= 0; i--) {
                local[i] = rest % shardShape[i];
                rest /= shardShape[i];
            }
            long fullOffset = 0;
            for (int i = 0; i < rank; i++) {
                long global = (long) tile[i] * shardShape[i] + (i == rank - 1 ? 0 : local[i]);
                fullOffset = fullOffset * fullShape[i] + global;
            }
            int fullByte = Math.toIntExact(fullOffset * size);
            int shardByte = Math.toIntExact(r * rowElements * size);
            int bytes = Math.toIntExact(rowElements * size);
            if (toShard) System.arraycopy(full, fullByte, shard, shardByte, bytes);
            else System.arraycopy(shard, shardByte, full, fullByte, bytes);
        }
    }
}
