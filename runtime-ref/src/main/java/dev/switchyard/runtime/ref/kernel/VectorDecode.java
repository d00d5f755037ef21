package dev.switchyard.runtime.ref.kernel;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * bf16 bits to f32 on {@code jdk.incubator.vector}: widen, shift into the high half, reinterpret.
 * C2 leaves the plain loop scalar (the int-to-float reinterpretation is not vectorised), and a
 * bf16 Switch block decodes 38 M weights per call on the host path. Used only when the module is
 * present ({@link Tensor#fromHost}).
 */
final class VectorDecode {
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    // as many shorts as the int vector has lanes: half its bits
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(I.vectorBitSize() / 2));

    private VectorDecode() {}

    /** out[at + i] = bf16 raw[i] as f32 for the whole vectors of [0, m); returns where it stopped. */
    static int bf16(short[] raw, int m, float[] out, int at) {
        int w = I.length(), i = 0, end = m / w * w;
        for (; i < end; i += w) {
            ShortVector s = ShortVector.fromArray(S, raw, i);
            IntVector v = (IntVector) s.convertShape(VectorOperators.S2I, I, 0);
            v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(out, at + i);
        }
        return i;
    }
}
