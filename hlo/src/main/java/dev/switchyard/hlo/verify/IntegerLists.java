package dev.switchyard.hlo.verify;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.Optional;

/**
 * Reads the integer lists StableHLO spells in three ways: {@code array<i64: 1, 0>} (current),
 * {@code dense<[1, 0]> : tensor<2xi64>} (older modules, and 2-D {@code padding}) and {@code [1, 0]}
 * arrays of integer attributes.
 */
final class IntegerLists {
    private IntegerLists() {}

    /** The values in order (row-major for a 2-D dense attribute); empty if the attribute holds no integers. */
    static Optional<long[]> values(Attribute a) {
        return switch (a) {
            case Attribute.DenseArrayAttr d when isIntegral(d.elementType()) -> Optional.of(d.values());
            case Attribute.DenseElementsAttr d when isIntegral(d.elementType()) -> Optional.of(read(d));
            case Attribute.ArrayAttr arr -> {
                long[] out = new long[arr.elements().size()];
                for (int i = 0; i < out.length; i++) {
                    if (!(arr.elements().get(i) instanceof Attribute.IntegerAttr ia)) yield Optional.empty();
                    out[i] = ia.longValue();
                }
                yield Optional.of(out);
            }
            case Attribute.IntegerAttr ia -> Optional.of(new long[] {ia.longValue()});
            default -> Optional.empty();
        };
    }

    /** The dense attribute's shape, or {@code [n]} for a flat list of n values. */
    static long[] shape(Attribute a, long[] values) {
        if (a instanceof Attribute.DenseElementsAttr d) return d.type().shape();
        return new long[] {values.length};
    }

    private static boolean isIntegral(ElementType t) {
        return t.isInteger() || t == ElementType.I1;
    }

    private static long[] read(Attribute.DenseElementsAttr d) {
        HostTensor t = d.materialize();
        ElementType et = t.elementType();
        byte[] bytes = t.data();
        int width = et.byteSize();
        long[] out = new long[bytes.length / width];
        for (int i = 0; i < out.length; i++) {
            long v = 0;
            for (int b = width - 1; b >= 0; b--) v = (v << 8) | (bytes[i * width + b] & 0xff);
            if (et.kind() == ElementType.Kind.SIGNED && width < 8) {
                int shift = 64 - 8 * width;
                v = (v << shift) >> shift;
            }
            out[i] = v;
        }
        return out;
    }
}
