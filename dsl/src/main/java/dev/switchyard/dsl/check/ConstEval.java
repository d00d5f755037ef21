package dev.switchyard.dsl.check;

import dev.switchyard.dsl.SourceSpan;
import dev.switchyard.dsl.check.Val.*;

/**
 * Arithmetic, comparison and logic on compile-time values. Integers are exact (overflow is an
 * error); {@code /} is true division (use floor/ceil/round for an integer); dims count as their size
 * in arithmetic and compare by name and size.
 */
final class ConstEval {
    private ConstEval() {}

    static Val binary(Elaborator el, String op, Val l, Val r, SourceSpan opSpan, SourceSpan span) {
        switch (op) {
            case "&&", "||" -> {
                if (l instanceof BoolV a && r instanceof BoolV b) {
                    return new BoolV(op.equals("&&") ? a.value() && b.value() : a.value() || b.value());
                }
                throw el.fail("E035", opSpan, "'" + op + "' needs two bools, got " + l.kind() + " and " + r.kind());
            }
            case "==", "!=" -> {
                if (isNumber(l) && isNumber(r) && !(l instanceof DimV && r instanceof DimV)) {
                    boolean eq = num(l) == num(r);
                    return new BoolV(op.equals("==") == eq);
                }
                if (l instanceof NoneV || r instanceof NoneV) {
                    return new BoolV(op.equals("==") == (l instanceof NoneV && r instanceof NoneV));
                }
                if (l.getClass() != r.getClass()) {
                    throw el.fail("E036", opSpan, "cannot compare " + l.kind() + " with " + r.kind());
                }
                return new BoolV(op.equals("==") == l.equals(r));
            }
            case "<", "<=", ">", ">=" -> {
                if (!isNumber(l) || !isNumber(r)) {
                    throw el.fail("E036", opSpan, "cannot compare " + l.kind() + " with " + r.kind() + " using '" + op + "'");
                }
                double a = num(l), b = num(r);
                boolean v = switch (op) {
                    case "<" -> a < b;
                    case "<=" -> a <= b;
                    case ">" -> a > b;
                    default -> a >= b;
                };
                return new BoolV(v);
            }
            case "@" -> throw el.fail("E037", opSpan, "'@' contracts tensors, got " + l.kind() + " and " + r.kind());
            default -> { }
        }
        if (!isNumber(l) || !isNumber(r)) {
            throw el.fail("E035", opSpan, "cannot apply '" + op + "' to " + l.kind() + " and " + r.kind());
        }
        boolean ints = isInt(l) && isInt(r);
        if (ints && !op.equals("/")) {
            long a = intOf(l), b = intOf(r);
            try {
                return new IntV(switch (op) {
                    case "+" -> Math.addExact(a, b);
                    case "-" -> Math.subtractExact(a, b);
                    case "*" -> Math.multiplyExact(a, b);
                    default -> {
                        if (b == 0) throw el.fail("E040", span, "division by zero: " + a + " % 0");
                        yield a % b;
                    }
                });
            } catch (ArithmeticException e) {
                throw el.fail("E044", span, "integer overflow in " + a + " " + op + " " + b);
            }
        }
        double a = num(l), b = num(r);
        if ((op.equals("/") || op.equals("%")) && b == 0) {
            throw el.fail("E040", span, "division by zero: " + GraphPrinterNumber.of(a) + " " + op + " 0");
        }
        return new FloatV(switch (op) {
            case "+" -> a + b;
            case "-" -> a - b;
            case "*" -> a * b;
            case "/" -> a / b;
            default -> a % b;
        });
    }

    static boolean isNumber(Val v) { return v instanceof IntV || v instanceof FloatV || v instanceof DimV; }

    static boolean isInt(Val v) { return v instanceof IntV || v instanceof DimV; }

    static double num(Val v) {
        return switch (v) {
            case IntV i -> i.value();
            case FloatV f -> f.value();
            case DimV d -> d.dim().size();
            default -> Double.NaN;
        };
    }

    private static long intOf(Val v) {
        return v instanceof IntV i ? i.value() : ((DimV) v).dim().size();
    }
}
