package dev.switchyard.hlo.ir;

import java.util.List;

/** Writes types in MLIR syntax (the same in generic and pretty form). */
final class TypePrinter {
    private TypePrinter() {}

    static String print(Type t) {
        StringBuilder sb = new StringBuilder();
        print(t, sb);
        return sb.toString();
    }

    static void print(Type t, StringBuilder sb) {
        switch (t) {
            case Type.ScalarType s -> sb.append(s.elementType().mlirName());
            case Type.TensorType tt -> {
                sb.append("tensor<");
                if (!tt.ranked()) {
                    sb.append("*x");
                } else {
                    for (int i = 0; i < tt.rank(); i++) {
                        long d = tt.dim(i);
                        if (d == Type.TensorType.DYNAMIC) sb.append('?');
                        else sb.append(d);
                        sb.append('x');
                    }
                }
                print(tt.elementType(), sb);
                if (tt.encoding().isPresent()) {
                    sb.append(", ");
                    AttributePrinter.print(tt.encoding().get(), sb);
                }
                sb.append('>');
            }
            case Type.TupleType tu -> {
                sb.append("tuple<");
                list(tu.elements(), sb);
                sb.append('>');
            }
            case Type.TokenType tok -> sb.append("!stablehlo.token");
            case Type.FunctionType ft -> {
                sb.append('(');
                list(ft.inputs(), sb);
                sb.append(") -> ");
                results(ft.results(), sb);
            }
            case Type.OpaqueType o -> sb.append(o.spelling());
        }
    }

    /** A result list: a single non-function type bare, anything else in parentheses. */
    static void results(List<Type> results, StringBuilder sb) {
        if (results.size() == 1 && !(results.get(0) instanceof Type.FunctionType)) {
            print(results.get(0), sb);
        } else {
            sb.append('(');
            list(results, sb);
            sb.append(')');
        }
    }

    static void list(List<Type> types, StringBuilder sb) {
        for (int i = 0; i < types.size(); i++) {
            if (i > 0) sb.append(", ");
            print(types.get(i), sb);
        }
    }
}
