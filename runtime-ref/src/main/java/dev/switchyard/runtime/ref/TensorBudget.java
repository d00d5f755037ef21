package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.Locale;

/**
 * The one size check of the interpreter: before an op runs, each of its declared results must fit
 * one Java array (as its host bytes, which is how it leaves the interpreter) and the heap that is
 * left. A hostile or simply too large module is then refused with the op, the bytes and the limit,
 * instead of an int overflow inside a kernel or an {@link OutOfMemoryError} after the allocation.
 */
final class TensorBudget {
    private TensorBudget() {}

    /** The largest Java array (bytes or elements) the JVM reliably allocates. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** Below this many bytes a result is not worth asking the runtime about free memory. */
    private static final long SMALL = 64L << 20;

    // Runs before every op: it reads the type's dims in place (no shape copy) and prints the type only for an error.
    static void checkResults(Operation op) {
        for (int i = 0; i < op.numResults(); i++) {
            if (op.result(i).type() instanceof Type.TensorType tt && tt.hasStaticShape() && tt.elementType() instanceof Type.ScalarType s) {
                long elements = 1;
                try {
                    for (int d = 0; d < tt.rank(); d++) elements = Math.multiplyExact(elements, tt.dim(d));
                } catch (ArithmeticException e) {
                    throw new InterpretException(op, "result " + tt.text() + " has more than 2^63 - 1 bytes");
                }
                ElementType type = s.elementType();
                // small results (the many of a train step) cannot fail either check below
                if (elements <= SMALL / 16) continue;
                check(op, tt.shape(), type, tt.text());
            }
        }
    }

    /**
     * Whether {@link #checkResults} can refuse {@code op}'s results: some result is too large for
     * one array, or large enough that the free heap must be asked. Decided once per op when it is
     * planned; for every other op the check is skipped when it runs.
     */
    static boolean needsRunCheck(Operation op) {
        for (int i = 0; i < op.numResults(); i++) {
            if (op.result(i).type() instanceof Type.TensorType tt && tt.hasStaticShape() && tt.knownElementType().isPresent()) {
                ElementType type = tt.knownElementType().get();
                try {
                    long elements = 1;
                    for (long d : tt.shape()) elements = Math.multiplyExact(elements, d);
                    long hostBytes = Math.multiplyExact(elements, (long) type.byteSize());
                    if (elements > MAX_ARRAY || hostBytes > MAX_ARRAY || Math.multiplyExact(elements, storageBytes(type)) > SMALL) return true;
                } catch (ArithmeticException e) {
                    return true;
                }
            }
        }
        return false;
    }

    static void check(Operation op, long[] shape, ElementType type, String shown) {
        long elements = 1;
        try {
            for (long d : shape) elements = Math.multiplyExact(elements, d);
            long hostBytes = Math.multiplyExact(elements, (long) type.byteSize());
            if (elements > MAX_ARRAY || hostBytes > MAX_ARRAY) {
                throw new InterpretException(op, "result " + shown + " is " + bytes(hostBytes) + " (" + elements
                        + " elements); the reference interpreter holds at most " + bytes(MAX_ARRAY) + " per tensor");
            }
            long storage = Math.multiplyExact(elements, storageBytes(type));
            if (storage > SMALL) checkHeap(op, shown, storage);
        } catch (ArithmeticException e) {
            throw new InterpretException(op, "result " + shown + " has more than 2^63 - 1 bytes");
        }
    }

    private static void checkHeap(Operation op, String shown, long storage) {
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (storage <= available) return;
        System.gc(); // rare: only near the limit; garbage counted as used would refuse a tensor that fits
        available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (storage > available) {
            throw new InterpretException(op, "result " + shown + " needs " + bytes(storage) + " of heap, but only " + bytes(available)
                    + " of this JVM's " + bytes(rt.maxMemory()) + " limit is free; raise it with -Xmx (SWITCHYARD_JAVA_OPTS) or run a smaller module");
        }
    }

    /** Bytes per element in the interpreter's own storage (float[], double[] or long[]; complex as two doubles). */
    private static long storageBytes(ElementType type) {
        return switch (dev.switchyard.runtime.ref.kernel.Storage.of(type)) {
            case FLOAT -> 4;
            case DOUBLE, INTEGER -> 8;
            case COMPLEX -> 16;
        };
    }

    static String bytes(long n) {
        if (n < 1024) return n + " bytes";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
