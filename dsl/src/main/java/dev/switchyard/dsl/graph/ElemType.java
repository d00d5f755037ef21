package dev.switchyard.dsl.graph;

import java.util.Optional;

/** Element types of tensors, with their spelling in the language and in StableHLO. */
public enum ElemType {
    BF16("bf16", "bf16", 2, Kind.FLOAT),
    F16("f16", "f16", 2, Kind.FLOAT),
    F32("f32", "f32", 4, Kind.FLOAT),
    F64("f64", "f64", 8, Kind.FLOAT),
    I1("i1", "i1", 1, Kind.BOOL),
    I8("i8", "i8", 1, Kind.SIGNED),
    I16("i16", "i16", 2, Kind.SIGNED),
    I32("i32", "i32", 4, Kind.SIGNED),
    I64("i64", "i64", 8, Kind.SIGNED),
    U8("u8", "ui8", 1, Kind.UNSIGNED),
    U32("u32", "ui32", 4, Kind.UNSIGNED);

    public enum Kind { FLOAT, BOOL, SIGNED, UNSIGNED }

    private final String spelling;
    private final String mlir;
    private final int bytes;
    private final Kind kind;

    ElemType(String spelling, String mlir, int bytes, Kind kind) {
        this.spelling = spelling;
        this.mlir = mlir;
        this.bytes = bytes;
        this.kind = kind;
    }

    /** As written in {@code .sy} files ({@code bool} is accepted as another name for {@code i1}). */
    public String spelling() { return spelling; }
    /** As written in StableHLO tensor types. */
    public String mlir() { return mlir; }
    public int bytes() { return bytes; }
    public Kind kind() { return kind; }
    public boolean isFloat() { return kind == Kind.FLOAT; }
    public boolean isInteger() { return kind == Kind.SIGNED || kind == Kind.UNSIGNED; }
    public boolean isBool() { return kind == Kind.BOOL; }

    public static Optional<ElemType> fromSpelling(String s) {
        if (s.equals("bool")) return Optional.of(I1);
        for (ElemType t : values()) if (t.spelling.equals(s)) return Optional.of(t);
        return Optional.empty();
    }

    @Override public String toString() { return spelling; }
}
