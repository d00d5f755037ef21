package dev.switchyard.cli.safetensors;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.Optional;

/**
 * The dtype strings of the safetensors format (huggingface/safetensors, {@code Dtype} in the Rust
 * crate) and the StableHLO element type each one stores. The 8-bit floats and sub-byte types have
 * no host element type here, so a file that uses them is refused by name rather than misread.
 */
public enum SafetensorsDtype {
    BOOL(ElementType.I1),
    U8(ElementType.UI8),
    I8(ElementType.I8),
    I16(ElementType.I16),
    U16(ElementType.UI16),
    F16(ElementType.F16),
    BF16(ElementType.BF16),
    I32(ElementType.I32),
    U32(ElementType.UI32),
    F32(ElementType.F32),
    F64(ElementType.F64),
    I64(ElementType.I64),
    U64(ElementType.UI64);

    private final ElementType elementType;

    SafetensorsDtype(ElementType elementType) { this.elementType = elementType; }

    public ElementType elementType() { return elementType; }

    /** The format's spelling of a dtype, if the format has a dtype this element type can be stored as. */
    public static Optional<SafetensorsDtype> of(ElementType type) {
        for (SafetensorsDtype d : values()) {
            if (d.elementType == type) return Optional.of(d);
        }
        return Optional.empty();
    }

    public static Optional<SafetensorsDtype> parse(String name) {
        for (SafetensorsDtype d : values()) {
            if (d.name().equals(name)) return Optional.of(d);
        }
        return Optional.empty();
    }
}
