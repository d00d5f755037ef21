package dev.switchyard.dsl.ast;

import dev.switchyard.dsl.SourceSpan;
import java.util.List;
import java.util.Optional;

/** A type annotation on a block parameter, a let or a param declaration. */
public sealed interface TypeAnn {
    SourceSpan span();

    /** {@code int}, {@code float}, {@code bool}, {@code dim}, {@code dims}, {@code type}, {@code str}. */
    record Kind(String kind, SourceSpan span) implements TypeAnn {}

    /** {@code f32[..., tokens, d]}: optional element type, dims by name, {@code ...} for any dims. */
    record Tensor(Optional<String> elem, List<PatDim> dims, SourceSpan span) implements TypeAnn {
        public Tensor { dims = List.copyOf(dims); }
    }

    /** One entry of a tensor pattern: a dim name, or the ellipsis. */
    record PatDim(Optional<String> name, SourceSpan span) {
        public boolean isEllipsis() { return name.isEmpty(); }
    }
}
