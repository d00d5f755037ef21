package dev.switchyard.hlo.tensor;

import java.util.Optional;

/**
 * Element types of StableHLO tensors that Switchyard stores on the host. Storage is one whole
 * number of bytes per element (i1, i2 and i4 take a byte each), little-endian, so that a host
 * tensor's bytes are exactly what a PJRT buffer or an {@code .npy} file of the same type holds.
 */
public enum ElementType {
    I1("i1", 1, 1, Kind.BOOL),
    I2("i2", 2, 1, Kind.SIGNED),
    I4("i4", 4, 1, Kind.SIGNED),
    I8("i8", 8, 1, Kind.SIGNED),
    I16("i16", 16, 2, Kind.SIGNED),
    I32("i32", 32, 4, Kind.SIGNED),
    I64("i64", 64, 8, Kind.SIGNED),
    UI2("ui2", 2, 1, Kind.UNSIGNED),
    UI4("ui4", 4, 1, Kind.UNSIGNED),
    UI8("ui8", 8, 1, Kind.UNSIGNED),
    UI16("ui16", 16, 2, Kind.UNSIGNED),
    UI32("ui32", 32, 4, Kind.UNSIGNED),
    UI64("ui64", 64, 8, Kind.UNSIGNED),
    F16("f16", 16, 2, Kind.FLOAT),
    BF16("bf16", 16, 2, Kind.FLOAT),
    F32("f32", 32, 4, Kind.FLOAT),
    F64("f64", 64, 8, Kind.FLOAT),
    COMPLEX_F32("complex<f32>", 64, 8, Kind.COMPLEX),
    COMPLEX_F64("complex<f64>", 128, 16, Kind.COMPLEX);

    /** The families whose arithmetic differs. */
    public enum Kind { BOOL, SIGNED, UNSIGNED, FLOAT, COMPLEX }

    private final String mlirName;
    private final int bitWidth;
    private final int byteSize;
    private final Kind kind;

    ElementType(String mlirName, int bitWidth, int byteSize, Kind kind) {
        this.mlirName = mlirName;
        this.bitWidth = bitWidth;
        this.byteSize = byteSize;
        this.kind = kind;
    }

    /** The spelling in MLIR types, e.g. {@code bf16}, {@code ui32}, {@code complex<f32>}. */
    public String mlirName() { return mlirName; }

    /** Bits of the value (i4 → 4), not of its storage. */
    public int bitWidth() { return bitWidth; }

    /** Bytes one element takes on the host. */
    public int byteSize() { return byteSize; }

    public Kind kind() { return kind; }

    public boolean isFloat() { return kind == Kind.FLOAT; }

    public boolean isInteger() { return kind == Kind.SIGNED || kind == Kind.UNSIGNED; }

    public static Optional<ElementType> fromMlirName(String name) {
        for (ElementType t : values()) {
            if (t.mlirName.equals(name)) return Optional.of(t);
        }
        return Optional.empty();
    }

    @Override
    public String toString() { return mlirName; }
}
