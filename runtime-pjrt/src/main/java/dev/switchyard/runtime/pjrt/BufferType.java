package dev.switchyard.runtime.pjrt;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.Optional;

/**
 * {@code PJRT_Buffer_Type} values (the header's enum order) for the element types Switchyard keeps
 * on the host. Host bytes are one whole byte per element for i1/i2/i4, as XLA's host literals are.
 */
final class BufferType {
    private BufferType() {}

    static final int INVALID = 0, PRED = 1, S8 = 2, S16 = 3, S32 = 4, S64 = 5, U8 = 6, U16 = 7, U32 = 8, U64 = 9,
            F16 = 10, F32 = 11, F64 = 12, BF16 = 13, C64 = 14, C128 = 15, S4 = 21, U4 = 22, S2 = 24, U2 = 25;

    static int of(ElementType t) {
        return switch (t) {
            case I1 -> PRED;
            case I2 -> S2;
            case I4 -> S4;
            case I8 -> S8;
            case I16 -> S16;
            case I32 -> S32;
            case I64 -> S64;
            case UI2 -> U2;
            case UI4 -> U4;
            case UI8 -> U8;
            case UI16 -> U16;
            case UI32 -> U32;
            case UI64 -> U64;
            case F16 -> F16;
            case BF16 -> BF16;
            case F32 -> F32;
            case F64 -> F64;
            case COMPLEX_F32 -> C64;
            case COMPLEX_F64 -> C128;
        };
    }

    static Optional<ElementType> toElementType(int pjrtType) {
        for (ElementType t : ElementType.values()) {
            if (of(t) == pjrtType) return Optional.of(t);
        }
        return Optional.empty();
    }
}
