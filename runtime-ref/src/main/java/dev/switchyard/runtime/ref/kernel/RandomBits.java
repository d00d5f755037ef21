package dev.switchyard.runtime.ref.kernel;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code stablehlo.rng_bit_generator}. The spec makes the output a deterministic function of the
 * initial state but leaves the bits to the implementation; this one uses the Philox-4x32-10
 * counter-based generator (Salmon et al., SC'11) for every algorithm: key = state[0], counter
 * starts at state[1] (and state[2] when present), and the new state advances the counter past the
 * blocks used, so repeated calls never reuse bits.
 */
public final class RandomBits {
    private RandomBits() {}

    private static final int M0 = 0xD2511F53, M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    /** Returns {newState, output}. */
    public static Tensor[] generate(Tensor state, ElementType outType, int[] outShape) {
        long[] s = state.longs();
        if (s.length < 2) throw new IllegalArgumentException("rng_bit_generator: the state needs at least 2 ui64 values, got " + s.length);
        int n = Shapes.size(outShape);
        int bytesPerElement = outType.byteSize();
        long bytes = (long) n * bytesPerElement;
        long blocks = (bytes + 15) / 16;
        ByteBuffer out = ByteBuffer.allocate((int) (blocks * 16)).order(ByteOrder.LITTLE_ENDIAN);
        int k0 = (int) s[0], k1 = (int) (s[0] >>> 32);
        long counterHigh = s.length > 2 ? s[2] : 0;
        int[] block = new int[4];
        for (long b = 0; b < blocks; b++) {
            long counterLow = s[1] + b;
            long high = counterHigh + (Long.compareUnsigned(counterLow, s[1]) < 0 ? 1 : 0);
            block[0] = (int) counterLow;
            block[1] = (int) (counterLow >>> 32);
            block[2] = (int) high;
            block[3] = (int) (high >>> 32);
            philox(block, k0, k1);
            for (int w : block) out.putInt(w);
        }
        long[] newState = s.clone();
        newState[1] = s[1] + blocks;
        if (s.length > 2 && Long.compareUnsigned(newState[1], s[1]) < 0) newState[2]++;
        byte[] data = java.util.Arrays.copyOf(out.array(), (int) bytes);
        if (outType.kind() == ElementType.Kind.SIGNED || outType.kind() == ElementType.Kind.UNSIGNED) {
            if (outType.bitWidth() < 8) {
                // sub-byte types keep one value per byte: mask to the type's width
                for (int i = 0; i < data.length; i++) data[i] = (byte) Tensor.wrap(outType, data[i] & 0xFF);
            }
        } else if (!outType.isFloat()) {
            throw new IllegalArgumentException("rng_bit_generator: output must be integer or float, got " + outType);
        }
        long[] longShape = new long[outShape.length];
        for (int i = 0; i < outShape.length; i++) longShape[i] = outShape[i];
        Tensor output = outType.isFloat() ? bitsAsFloat(data, outType, outShape) : Tensor.fromHost(new HostTensor(outType, longShape, data));
        return new Tensor[] {Tensor.ofLongs(state.type(), state.shape(), newState), output};
    }

    /** Float outputs are the raw bits, NaN patterns included, as the spec's "random bits" say. */
    private static Tensor bitsAsFloat(byte[] data, ElementType type, int[] shape) {
        long[] longShape = new long[shape.length];
        for (int i = 0; i < shape.length; i++) longShape[i] = shape[i];
        return Tensor.fromHost(new HostTensor(type, longShape, data));
    }

    private static void philox(int[] c, int k0, int k1) {
        for (int round = 0; round < 10; round++) {
            long p0 = (M0 & 0xFFFF_FFFFL) * (c[0] & 0xFFFF_FFFFL);
            long p1 = (M1 & 0xFFFF_FFFFL) * (c[2] & 0xFFFF_FFFFL);
            int hi0 = (int) (p0 >>> 32), lo0 = (int) p0, hi1 = (int) (p1 >>> 32), lo1 = (int) p1;
            int n0 = hi1 ^ c[1] ^ k0, n2 = hi0 ^ c[3] ^ k1;
            c[0] = n0;
            c[1] = lo1;
            c[2] = n2;
            c[3] = lo0;
            k0 += W0;
            k1 += W1;
        }
    }
}
