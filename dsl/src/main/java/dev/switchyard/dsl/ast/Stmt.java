package dev.switchyard.dsl.ast;

import dev.switchyard.dsl.SourceSpan;
import java.util.List;
import java.util.Optional;

/** Statements of a block body. */
public sealed interface Stmt {
    SourceSpan span();

    record Let(String name, SourceSpan nameSpan, Optional<TypeAnn> type, Expr value, SourceSpan span) implements Stmt {}
    record LetTuple(List<String> names, List<SourceSpan> nameSpans, Expr value, SourceSpan span) implements Stmt {
        public LetTuple { names = List.copyOf(names); nameSpans = List.copyOf(nameSpans); }
    }
    /** {@code x = e}, {@code x += e}, … */
    record Assign(String name, SourceSpan nameSpan, String op, Expr value, SourceSpan span) implements Stmt {}
    record ParamDecl(boolean shared, String name, SourceSpan nameSpan, TypeAnn type, Expr init, SourceSpan span) implements Stmt {}
    record DimDecl(String name, SourceSpan nameSpan, Expr size, SourceSpan span) implements Stmt {}
    record For(String var, SourceSpan varSpan, Expr from, Expr to, List<Stmt> body, SourceSpan span) implements Stmt {
        public For { body = List.copyOf(body); }
    }
    record If(Expr condition, List<Stmt> then, Optional<List<Stmt>> otherwise, SourceSpan span) implements Stmt {
        public If { then = List.copyOf(then); otherwise = otherwise.map(List::copyOf); }
    }
    record Return(Expr value, SourceSpan span) implements Stmt {}
    record Precision(String elem, SourceSpan span) implements Stmt {}
    record Assert(Expr condition, Optional<String> message, SourceSpan span) implements Stmt {}
}
