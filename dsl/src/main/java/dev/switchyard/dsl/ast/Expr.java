package dev.switchyard.dsl.ast;

import dev.switchyard.dsl.SourceSpan;
import java.util.List;
import java.util.Optional;

/** Expressions. Every node carries its source span. */
public sealed interface Expr {
    SourceSpan span();

    record Name(String name, SourceSpan span) implements Expr {}
    record IntLit(long value, SourceSpan span) implements Expr {}
    record FloatLit(double value, SourceSpan span) implements Expr {}
    record BoolLit(boolean value, SourceSpan span) implements Expr {}
    record StringLit(String value, SourceSpan span) implements Expr {}
    record Unary(String op, Expr operand, SourceSpan span) implements Expr {}
    record Binary(String op, Expr left, Expr right, SourceSpan opSpan, SourceSpan span) implements Expr {}
    record Cond(Expr condition, Expr then, Expr otherwise, SourceSpan span) implements Expr {}
    /** {@code f(args) as name[index]}; the instance name only matters for block calls. */
    record Call(String callee, SourceSpan calleeSpan, List<Arg> args, Optional<InstanceName> instance,
                SourceSpan span) implements Expr {
        public Call { args = List.copyOf(args); }
    }
    record Tuple(List<Arg> items, SourceSpan span) implements Expr {
        public Tuple { items = List.copyOf(items); }
    }
    record ListLit(List<Expr> items, SourceSpan span) implements Expr {
        public ListLit { items = List.copyOf(items); }
    }
    record MapLit(List<MapEntry> entries, SourceSpan span) implements Expr {
        public MapLit { entries = List.copyOf(entries); }
    }

    /** A call argument or tuple item, optionally named. */
    record Arg(Optional<String> name, Expr value, SourceSpan span) {}

    record InstanceName(String name, Optional<Expr> index, SourceSpan span) {}

    /** {@code dim -> axis} or {@code dim -> (a, b)}. */
    record MapEntry(String key, SourceSpan keySpan, List<String> values, SourceSpan span) {
        public MapEntry { values = List.copyOf(values); }
    }
}
