package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.NamedAttribute;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HalfFloats;
import dev.switchyard.runtime.ref.kernel.Storage;
import dev.switchyard.runtime.ref.kernel.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code check} dialect of the StableHLO interpreter tests: each op compares a value with an
 * expected one and throws {@link CheckFailure} naming the first differing element.
 */
final class CheckOps {
    private CheckOps() {}

    /** The StableHLO interpreter's default for expect_almost_eq. */
    static final double DEFAULT_TOLERANCE = 1e-4;

    static void register(Map<String, OpEvaluator> r) {
        r.put("check.expect_eq_const", (op, in, it) -> check(op, Interpreter.tensor(op, in, 0), expectedConst(op), Mode.EXACT, 0));
        r.put("check.expect_eq", (op, in, it) -> check(op, Interpreter.tensor(op, in, 0), Interpreter.tensor(op, in, 1), Mode.EXACT, 0));
        r.put("check.expect_almost_eq_const", (op, in, it) -> check(op, Interpreter.tensor(op, in, 0), expectedConst(op), Mode.TOLERANCE, tolerance(op)));
        r.put("check.expect_almost_eq", (op, in, it) -> check(op, Interpreter.tensor(op, in, 0), Interpreter.tensor(op, in, 1), Mode.TOLERANCE, tolerance(op)));
        // interpreter.probe records a value; expect_serialized_eq compares with what was recorded
        r.put("interpreter.probe", (op, in, it) -> {
            it.recordProbe(probeId(op), Interpreter.tensor(op, in, 0));
            return in;
        });
        r.put("check.expect_serialized_eq", (op, in, it) -> {
            String id = probeId(op);
            int iteration = (int) Attrs.integerOr(op, "iteration", Attrs.integerOr(op, "iter", 0));
            Tensor recorded = it.probe(id, iteration).orElseThrow(() -> new CheckFailure(op, "no value was probed as '" + id + "' (iteration " + iteration + ")"));
            return check(op, Interpreter.tensor(op, in, 0), recorded, Mode.EXACT, 0);
        });
        r.put("check.expect_close", (op, in, it) -> check(op, Interpreter.tensor(op, in, 0), Interpreter.tensor(op, in, 1), Mode.ULPS,
                Attrs.integerOr(op, "max_ulp_difference", 3)));
    }

    private static String probeId(Operation op) {
        if (Attrs.required(op, "probe_id") instanceof Attribute.StringAttr s) return s.value();
        throw new InterpretException(op, "probe_id must be a string");
    }

    private enum Mode { EXACT, TOLERANCE, ULPS }

    private static Tensor expectedConst(Operation op) {
        for (NamedAttribute a : op.attributes()) {
            if (a.value() instanceof Attribute.DenseElementsAttr || a.value() instanceof Attribute.DenseTextAttr) return Attrs.denseTensor(op, a.value());
        }
        throw new InterpretException(op, "missing the expected dense value");
    }

    private static double tolerance(Operation op) {
        return op.attribute("tolerance").map(a -> switch (a) {
            case Attribute.FloatAttr f -> f.value();
            case Attribute.IntegerAttr i -> (double) i.longValue();
            default -> throw new InterpretException(op, "tolerance must be a number");
        }).orElse(DEFAULT_TOLERANCE);
    }

    private static List<RuntimeValue> check(Operation op, Tensor actual, Tensor expected, Mode mode, double limit) {
        if (actual.type() != expected.type() || !Arrays.equals(actual.shape(), expected.shape())) {
            throw new CheckFailure(op, "expected " + expected + ", got " + actual);
        }
        for (int i = 0; i < actual.size(); i++) {
            if (!matches(actual, expected, i, mode, limit)) {
                throw new CheckFailure(op, "element " + i + ": expected " + expected.element(i).valuesString(1)
                        + ", got " + actual.element(i).valuesString(1) + " (all: " + actual.valuesString(16) + ")");
            }
        }
        return List.of();
    }

    private static boolean matches(Tensor a, Tensor e, int i, Mode mode, double limit) {
        return switch (a.storage()) {
            case INTEGER -> a.longs()[i] == e.longs()[i];
            case FLOAT, DOUBLE -> close(a.type(), a.getDouble(i), e.getDouble(i), mode, limit);
            case COMPLEX -> {
                ElementType part = a.type() == ElementType.COMPLEX_F32 ? ElementType.F32 : ElementType.F64;
                yield close(part, a.doubles()[2 * i], e.doubles()[2 * i], mode, limit)
                        && close(part, a.doubles()[2 * i + 1], e.doubles()[2 * i + 1], mode, limit);
            }
        };
    }

    private static boolean close(ElementType type, double a, double e, Mode mode, double limit) {
        if (Double.isNaN(a) || Double.isNaN(e)) return Double.isNaN(a) && Double.isNaN(e);
        if (a == e) return true;
        return switch (mode) {
            case EXACT -> false;
            case TOLERANCE -> {
                if (Double.isInfinite(a) || Double.isInfinite(e)) yield false;
                double diff = Math.abs(a - e);
                yield diff <= limit || diff <= limit * Math.max(Math.abs(a), Math.abs(e));
            }
            case ULPS -> Math.abs(orderedBits(type, a) - orderedBits(type, e)) <= limit;
        };
    }

    /** The value's bits in its own type, mapped so that adjacent floats differ by one. */
    private static long orderedBits(ElementType type, double v) {
        long bits = switch (type) {
            case F16 -> HalfFloats.doubleToF16(v) & 0xFFFF;
            case BF16 -> HalfFloats.doubleToBf16(v) & 0xFFFF;
            case F32 -> Float.floatToRawIntBits((float) v) & 0xFFFF_FFFFL;
            default -> Double.doubleToRawLongBits(v);
        };
        int width = Storage.of(type) == Storage.DOUBLE ? 64 : type.bitWidth();
        long sign = width == 64 ? Long.MIN_VALUE : 1L << (width - 1);
        long magnitude = bits & ~sign & (width == 64 ? -1L : (1L << width) - 1);
        return (bits & sign) != 0 ? -magnitude : magnitude;
    }
}
