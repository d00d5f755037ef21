package dev.switchyard.dsl.check;

import dev.switchyard.dsl.SourceSpan;
import dev.switchyard.dsl.check.Val.*;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Type rules of operators on tensors. Broadcasting is by dim name: the result has the left
 * operand's dims followed by the right operand's other dims; a dim present on both sides must
 * have the same size. Compile-time numbers take the element type of the tensor side.
 */
final class TensorOps {
    private TensorOps() {}

    static Val binary(Elaborator el, String op, Val l, Val r, SourceSpan opSpan, SourceSpan span, Frame frame) {
        if (op.equals("@")) {
            TensorV a = requireTensor(el, l, opSpan, "left operand of '@'");
            TensorV b = requireTensor(el, r, opSpan, "right operand of '@'");
            List<String> shared = new ArrayList<>();
            for (Dim d : a.type().dims()) if (b.type().has(d.name())) shared.add(d.name());
            if (shared.isEmpty()) {
                throw el.fail("E038", opSpan, "'@' found no dim in common between " + a.type() + " and " + b.type() + "; nothing to contract");
            }
            return einsum(el, a, b, shared, opSpan, span, frame);
        }
        ElemType elem = l instanceof TensorV t ? t.type().elem() : ((TensorV) r).type().elem();
        TensorType ta = l instanceof TensorV t ? t.type() : TensorType.scalar(elem);
        TensorType tb = r instanceof TensorV t ? t.type() : TensorType.scalar(elem);
        if (ta.elem() != tb.elem()) {
            throw el.fail("E031", opSpan, "element types differ: " + ta + " " + op + " " + tb
                    + "; cast one side, e.g. " + tb.elem() + "(x)");
        }
        List<Dim> dims = union(el, ta, tb, opSpan);
        TensorType common = new TensorType(elem, dims);
        TensorV a = l instanceof TensorV t ? broadcastTo(el, t, common, span, frame)
                : el.constant(literal(el, l, elem, opSpan), common, span, frame.pathString);
        TensorV b = r instanceof TensorV t ? broadcastTo(el, t, common, span, frame)
                : el.constant(literal(el, r, elem, opSpan), common, span, frame.pathString);
        Primitive p = switch (op) {
            case "+" -> Primitive.ADD;
            case "-" -> Primitive.SUB;
            case "*" -> Primitive.MUL;
            case "/" -> Primitive.DIV;
            case "%" -> Primitive.REM;
            case "==" -> Primitive.EQ;
            case "!=" -> Primitive.NE;
            case "<" -> Primitive.LT;
            case "<=" -> Primitive.LE;
            case ">" -> Primitive.GT;
            case ">=" -> Primitive.GE;
            case "&&" -> Primitive.AND;
            case "||" -> Primitive.OR;
            default -> throw el.fail("E035", opSpan, "unknown operator '" + op + "'");
        };
        if (p.isElementwiseBinary() && p != Primitive.AND && p != Primitive.OR && elem.isBool()) {
            throw el.fail("E034", opSpan, "arithmetic '" + op + "' on bool tensors; use && and || or cast with f32(x)");
        }
        if ((p == Primitive.AND || p == Primitive.OR) && !elem.isBool()) {
            throw el.fail("E034", opSpan, "'" + op + "' needs bool tensors, got " + a.type());
        }
        if (p == Primitive.REM && elem.isBool()) throw el.fail("E034", opSpan, "'%' on bool tensors");
        TensorType result = p.isComparison() ? common.withElem(ElemType.I1) : common;
        return el.node(p, List.of(a, b), Attrs.NONE, result, span, frame);
    }

    static TensorV requireTensor(Elaborator el, Val v, SourceSpan span, String what) {
        if (v instanceof TensorV t) return t;
        if (v instanceof Poison) throw CheckFailure.SILENT;
        throw el.fail("E025", span, what + " must be a tensor, got " + v.kind());
    }

    /** A compile-time number or bool used with a tensor of {@code elem}: its value, if the types fit. */
    static double literal(Elaborator el, Val v, ElemType elem, SourceSpan opSpan) {
        return switch (v) {
            case IntV i -> {
                if (elem.isBool()) throw el.fail("E033", opSpan, "cannot mix the number " + i + " with a bool tensor");
                yield i.value();
            }
            case DimV d -> {
                if (elem.isBool()) throw el.fail("E033", opSpan, "cannot mix dim " + d + " with a bool tensor");
                yield d.dim().size();
            }
            case FloatV f -> {
                if (!elem.isFloat()) {
                    throw el.fail("E033", opSpan, "cannot mix the float " + f + " with a " + elem + " tensor; cast the tensor, e.g. f32(x)");
                }
                yield f.value();
            }
            case BoolV b -> {
                if (!elem.isBool()) throw el.fail("E033", opSpan, "cannot mix the bool " + b + " with a " + elem + " tensor");
                yield b.value() ? 1 : 0;
            }
            case Poison p -> throw CheckFailure.SILENT;
            default -> throw el.fail("E035", opSpan, "cannot use " + v.kind() + " in tensor arithmetic");
        };
    }

    /** A value as a tensor of {@code type}'s dims: tensors are broadcast, compile-time values splat. */
    static TensorV asTensor(Elaborator el, Val v, TensorType type, SourceSpan span, Frame frame, SourceSpan opSpan) {
        if (v instanceof TensorV t) return broadcastTo(el, t, type, span, frame);
        return el.constant(literal(el, v, type.elem(), opSpan), type, span, frame.pathString);
    }

    /** Union of dims by name: a's order, then b's new dims; same name must mean same size. */
    static List<Dim> union(Elaborator el, TensorType a, TensorType b, SourceSpan span) {
        List<Dim> dims = new ArrayList<>(a.dims());
        for (Dim d : b.dims()) {
            int i = a.indexOf(d.name());
            if (i < 0) {
                dims.add(d);
            } else if (a.dims().get(i).size() != d.size()) {
                throw el.fail("E030", span, "dim sizes differ: " + d.name() + " (" + a.dims().get(i).size() + ") vs "
                        + d.name() + " (" + d.size() + ") in " + a + " and " + b);
            }
        }
        return dims;
    }

    /** Broadcasts (or transposes) {@code v} to {@code target}'s dims; a no-op if already there. */
    static TensorV broadcastTo(Elaborator el, TensorV v, TensorType target, SourceSpan span, Frame frame) {
        TensorType t = target.withElem(v.type().elem());
        if (v.type().equals(t)) return v;
        return el.node(Primitive.BROADCAST, List.of(v), Attrs.NONE, t, span, frame);
    }

    /** einsum with an explicit contraction list. Result: a's dims minus contracted, then b's others. */
    static TensorV einsum(Elaborator el, TensorV a, TensorV b, List<String> contract, SourceSpan opSpan, SourceSpan span, Frame frame) {
        if (a.type().elem() != b.type().elem()) {
            throw el.fail("E031", opSpan, "element types differ: " + a.type() + " and " + b.type() + "; cast one side, e.g. "
                    + b.type().elem() + "(x)");
        }
        union(el, a.type(), b.type(), opSpan);
        List<Dim> out = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        for (Dim d : a.type().dims()) {
            if (contract.contains(d.name())) continue;
            out.add(d);
            if (b.type().has(d.name())) batch.add(d.name());
        }
        for (Dim d : b.type().dims()) if (!a.type().has(d.name())) out.add(d);
        TensorType type = new TensorType(a.type().elem(), out);
        return el.node(Primitive.EINSUM, List.of(a, b), new Attrs.Einsum(contract, batch), type, span, frame);
    }
}
