package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.StablehloEnum;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.kernel.Shapes;
import dev.switchyard.runtime.ref.kernel.Tensor;
import java.util.Optional;

/** Reads op attributes and result types in whichever spelling the producer used. */
final class Attrs {
    private Attrs() {}

    static Attribute required(Operation op, String name) {
        return op.attribute(name).orElseThrow(() -> new InterpretException(op, "missing attribute '" + name + "'"));
    }

    /** An integer list from {@code array<i64: ...>}, {@code dense<...>} or {@code [1, 2]}. */
    static Optional<int[]> intsOpt(Operation op, String name) {
        return op.attribute(name).map(a -> ints(op, name, a));
    }

    static int[] ints(Operation op, String name) {
        return ints(op, name, required(op, name));
    }

    static int[] intsOr(Operation op, String name, int[] fallback) {
        return intsOpt(op, name).orElse(fallback);
    }

    static int[] ints(Operation op, String name, Attribute a) {
        return switch (a) {
            case Attribute.DenseArrayAttr d -> toInts(d.values());
            case Attribute.DenseElementsAttr d -> toInts(d.materialize().toLongs());
            case Attribute.ArrayAttr arr -> {
                int[] out = new int[arr.elements().size()];
                for (int i = 0; i < out.length; i++) {
                    if (arr.elements().get(i) instanceof Attribute.IntegerAttr ia) out[i] = Math.toIntExact(ia.longValue());
                    else throw new InterpretException(op, "attribute '" + name + "' must hold integers");
                }
                yield out;
            }
            default -> throw new InterpretException(op, "attribute '" + name + "' must be an integer array, found " + a.text());
        };
    }

    static boolean[] boolsOpt(Operation op, String name, int n) {
        boolean[] out = new boolean[n];
        op.attribute(name).ifPresent(a -> {
            switch (a) {
                case Attribute.DenseArrayAttr d -> { for (int i = 0; i < n; i++) out[i] = d.get(i) != 0; }
                case Attribute.DenseElementsAttr d -> { long[] v = d.materialize().toLongs(); for (int i = 0; i < n; i++) out[i] = v[i] != 0; }
                default -> throw new InterpretException(op, "attribute '" + name + "' must be a boolean array");
            }
        });
        return out;
    }

    static long integer(Operation op, String name) {
        if (required(op, name) instanceof Attribute.IntegerAttr i) return i.longValue();
        throw new InterpretException(op, "attribute '" + name + "' must be an integer");
    }

    static long integerOr(Operation op, String name, long fallback) {
        return op.attribute(name).isPresent() ? integer(op, name) : fallback;
    }

    static boolean flag(Operation op, String name) {
        return op.attribute(name).map(a -> a instanceof Attribute.BoolAttr b ? b.value() : a instanceof Attribute.UnitAttr).orElse(false);
    }

    static <E extends StablehloEnum> Optional<E> enumOpt(Operation op, String name, Class<E> type) {
        return op.attribute(name).map(a -> {
            if (a instanceof Attribute.EnumAttr e && type.isInstance(e.value())) return type.cast(e.value());
            throw new InterpretException(op, "attribute '" + name + "' must be a " + type.getSimpleName());
        });
    }

    /** Padding as [n][2] from a dense i64 tensor of shape [n, 2]. */
    static Optional<int[][]> padding(Operation op, String name) {
        return op.attribute(name).map(a -> {
            int[] flat = ints(op, name, a);
            int[][] out = new int[flat.length / 2][2];
            for (int i = 0; i < out.length; i++) { out[i][0] = flat[2 * i]; out[i][1] = flat[2 * i + 1]; }
            return out;
        });
    }

    static int[] toInts(long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.toIntExact(v[i]);
        return out;
    }

    static Type.TensorType tensorType(Operation op, Type t) {
        if (t instanceof Type.TensorType tt) return tt;
        throw new InterpretException(op, "expected a tensor type, found " + t.text());
    }

    static ElementType elementType(Operation op, Type t) {
        Type.TensorType tt = tensorType(op, t);
        return tt.knownElementType().orElseThrow(() -> new UnsupportedOpException(op, "element type " + tt.elementType().text()));
    }

    static int[] staticShape(Operation op, Type t) {
        Type.TensorType tt = tensorType(op, t);
        if (!tt.hasStaticShape()) throw new UnsupportedOpException(op, "dynamic shape " + tt.text());
        return Shapes.toInts(tt.shape());
    }

    static ElementType resultElementType(Operation op, int i) { return elementType(op, op.result(i).type()); }

    static int[] resultShape(Operation op, int i) { return staticShape(op, op.result(i).type()); }

    /** The tensor a dense attribute holds, materialised. */
    static Tensor denseTensor(Operation op, Attribute a) {
        return switch (a) {
            case Attribute.DenseElementsAttr d -> Tensor.fromHost(d.materialize());
            case Attribute.DenseTextAttr d -> throw new UnsupportedOpException(op, "dense literal of type " + d.type().text());
            default -> throw new InterpretException(op, "expected a dense elements attribute, found " + a.text());
        };
    }

    static HostTensor hostOf(Tensor t) { return t.toHost(); }
}
