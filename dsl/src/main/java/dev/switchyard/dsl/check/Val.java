package dev.switchyard.dsl.check;

import dev.switchyard.dsl.ast.Expr;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.GraphPrinter;
import dev.switchyard.dsl.graph.TensorType;
import java.util.List;
import java.util.Optional;

/** Values during elaboration: compile-time values, and tensors (graph values). */
sealed interface Val {

    /** What the user would call this kind of value, for messages. */
    String kind();

    record IntV(long value) implements Val {
        public String kind() { return "int"; }
        @Override public String toString() { return Long.toString(value); }
    }

    record FloatV(double value) implements Val {
        public String kind() { return "float"; }
        @Override public String toString() { return GraphPrinter.number(value) + (value == Math.rint(value) ? ".0" : ""); }
    }

    record BoolV(boolean value) implements Val {
        public String kind() { return "bool"; }
        @Override public String toString() { return Boolean.toString(value); }
    }

    record StrV(String value) implements Val {
        public String kind() { return "str"; }
        @Override public String toString() { return "\"" + value + "\""; }
    }

    record DimV(Dim dim) implements Val {
        public String kind() { return "dim"; }
        @Override public String toString() { return dim.toString(); }
    }

    record TypeV(ElemType elem) implements Val {
        public String kind() { return "type"; }
        @Override public String toString() { return elem.spelling(); }
    }

    record ListV(List<Val> items) implements Val {
        public ListV { items = List.copyOf(items); }
        public String kind() { return "list"; }
        @Override public String toString() {
            return "[" + String.join(", ", items.stream().map(Object::toString).toList()) + "]";
        }
    }

    record TupleV(List<Val> items, List<Optional<String>> names) implements Val {
        public TupleV { items = List.copyOf(items); names = List.copyOf(names); }
        public String kind() { return "tuple"; }
        @Override public String toString() {
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) b.append(", ");
                if (names.get(i).isPresent()) b.append(names.get(i).get()).append(" = ");
                b.append(items.get(i));
            }
            return b.append(')').toString();
        }
    }

    record MapV(List<Expr.MapEntry> entries) implements Val {
        public MapV { entries = List.copyOf(entries); }
        public String kind() { return "mapping"; }
        @Override public String toString() { return "{…}"; }
    }

    record TensorV(int id, TensorType type) implements Val {
        public String kind() { return "tensor " + type; }
        @Override public String toString() { return type.toString(); }
    }

    record NoneV() implements Val {
        public String kind() { return "none"; }
        @Override public String toString() { return "none"; }
    }

    /** The value of something whose error has already been reported; uses of it stay silent. */
    record Poison() implements Val {
        public String kind() { return "error"; }
        @Override public String toString() { return "<error>"; }
    }

    NoneV NONE = new NoneV();
    Poison POISON = new Poison();
    TupleV UNIT = new TupleV(List.of(), List.of());
}
