package dev.switchyard.dsl.check;

import dev.switchyard.dsl.SourceSpan;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Lexical scope of names during elaboration; block bodies see globals, not their caller. */
final class Scope {

    enum Kind { GLOBAL_DIM, GLOBAL_CONST, ARGUMENT, DIM_VAR, LET, PARAM, LOOP, LOCAL_DIM }

    static final class Binding {
        final Kind kind;
        final SourceSpan span;
        Val value;

        Binding(Kind kind, SourceSpan span, Val value) {
            this.kind = kind;
            this.span = span;
            this.value = value;
        }
    }

    private final Scope parent;
    private final Map<String, Binding> names = new HashMap<>();

    Scope(Scope parent) { this.parent = parent; }

    Optional<Binding> lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Binding b = s.names.get(name);
            if (b != null) return Optional.of(b);
        }
        return Optional.empty();
    }

    Optional<Binding> local(String name) { return Optional.ofNullable(names.get(name)); }

    void define(String name, Kind kind, SourceSpan span, Val value) {
        names.put(name, new Binding(kind, span, value));
    }
}
