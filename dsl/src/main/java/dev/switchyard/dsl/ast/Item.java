package dev.switchyard.dsl.ast;

import dev.switchyard.dsl.SourceSpan;
import java.util.List;
import java.util.Optional;

/** Top-level declarations of a file. */
public sealed interface Item {
    SourceSpan span();

    record Model(String name, SourceSpan span) implements Item {}
    record Import(String path, SourceSpan span) implements Item {}
    record DimDef(String name, SourceSpan nameSpan, Expr size, SourceSpan span) implements Item {}
    record ConstDef(String name, SourceSpan nameSpan, Expr value, SourceSpan span) implements Item {}
    record MeshDef(String name, SourceSpan nameSpan, List<MeshAxis> axes, SourceSpan span) implements Item {
        public MeshDef { axes = List.copyOf(axes); }
    }
    record LayoutDef(List<Expr.MapEntry> rules, SourceSpan span) implements Item {
        public LayoutDef { rules = List.copyOf(rules); }
    }
    record PrecisionDef(String elem, SourceSpan span) implements Item {}
    record BlockDef(String name, SourceSpan nameSpan, List<DimVar> dimVars, List<Param> params,
                    List<Stmt> body, SourceSpan span) implements Item {
        public BlockDef {
            dimVars = List.copyOf(dimVars);
            params = List.copyOf(params);
            body = List.copyOf(body);
        }
    }

    record MeshAxis(String name, SourceSpan nameSpan, Expr size) {}
    record DimVar(String name, SourceSpan span) {}
    /** A block parameter: name, optional annotation, optional default. */
    record Param(String name, SourceSpan span, Optional<TypeAnn> type, Optional<Expr> defaultValue) {}
}
