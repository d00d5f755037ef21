package dev.switchyard.runtime.ref.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HalfFloats;
import dev.switchyard.runtime.ref.kernel.Comparison.Direction;
import dev.switchyard.runtime.ref.kernel.Elementwise.Binary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Pending broadcasts ({@link BroadcastRuns}) read in place by the elementwise kernels give, bit
 * for bit, what the same op gives on the broadcast's full array. Expected values come from index
 * arithmetic written out here on the source (result index → source index), independently of the
 * runs; the kernels' results on the pending tensor are also compared bitwise with their results on
 * the full array built here (the eager path). Floats compare raw bits; the one NaN the inputs use
 * and the one x86 generates keep that exact (see {@link #sameFloat}).
 */
class PendingBroadcastTest {

    /** A broadcast of a source of {@code sourceShape} into {@code resultShape} along {@code dims}. */
    record Case(int[] resultShape, int[] sourceShape, int[] dims) {
        int size() { return product(resultShape); }
        int sourceSize() { return product(sourceShape); }

        /** Source offset of every result element, by decoding the flat result index. */
        int[] sourceIndex() {
            int n = size();
            int[] map = new int[n];
            for (int i = 0; i < n; i++) {
                int rem = i;
                int[] idx = new int[resultShape.length];
                for (int d = resultShape.length - 1; d >= 0; d--) { idx[d] = rem % resultShape[d]; rem /= resultShape[d]; }
                int s = 0;
                for (int k = 0; k < sourceShape.length; k++) s = s * sourceShape[k] + (sourceShape[k] == 1 ? 0 : idx[dims[k]]);
                map[i] = s;
            }
            return map;
        }
    }

    private static int product(int[] s) {
        int n = 1;
        for (int d : s) n *= d;
        return n;
    }

    private static int[] randomResultShape(Random r) {
        int rank = 1 + r.nextInt(4);
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) s[i] = r.nextInt(5) == 0 ? 1 : 1 + r.nextInt(i == rank - 1 ? 20 : 6);
        return s;
    }

    /** A source for {@code resultShape}: a subset of its dims (in order, or shuffled: a transposing broadcast), some of size 1; never one element. */
    private static Case randomCase(Random r, int[] resultShape) {
        for (int attempt = 0; attempt < 100; attempt++) {
            List<Integer> dims = new ArrayList<>();
            for (int d = 0; d < resultShape.length; d++) if (r.nextInt(10) < 6) dims.add(d);
            if (dims.isEmpty()) continue;
            if (r.nextInt(5) == 0) Collections.shuffle(dims, r);
            int[] ds = dims.stream().mapToInt(Integer::intValue).toArray();
            int[] src = new int[ds.length];
            for (int k = 0; k < ds.length; k++) src[k] = r.nextInt(5) == 0 ? 1 : resultShape[ds[k]];
            Case c = new Case(resultShape, src, ds);
            if (c.sourceSize() >= 2) return c;
        }
        return null;
    }

    private static Case randomCase(Random r) {
        for (;;) {
            Case c = randomCase(r, randomResultShape(r));
            if (c != null) return c;
        }
    }

    private static final float[] SPECIAL = {Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, -1f,
        Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 3f, 0.5f};

    private static float toType(ElementType t, float v) {
        return switch (t) {
            case F32 -> v;
            case BF16 -> HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(v));
            case F16 -> HalfFloats.f16ToFloat(HalfFloats.floatToF16(v));
            default -> throw new IllegalArgumentException(t.toString());
        };
    }

    private static float[] floatValues(Random r, ElementType t, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            float x = r.nextInt(4) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(5) - 2));
            v[i] = toType(t, x);
        }
        return v;
    }

    private static long canonical(ElementType t, long v) {
        int bits = t.bitWidth();
        if (bits == 64) return v;
        return t.kind() == ElementType.Kind.SIGNED ? (v << (64 - bits)) >> (64 - bits) : v & ((1L << bits) - 1);
    }

    private static long[] longValues(Random r, ElementType t, int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            // small values (shift amounts, divisors with zeros) and any bit pattern
            long x = r.nextBoolean() ? r.nextInt(41) - 4 : r.nextLong();
            v[i] = canonical(t, x);
        }
        return v;
    }

    /** The values of a broadcast, by index arithmetic on the source. */
    private static float[] full(Case c, float[] src) {
        int[] map = c.sourceIndex();
        float[] out = new float[map.length];
        for (int i = 0; i < map.length; i++) out[i] = src[map[i]];
        return out;
    }

    private static long[] full(Case c, long[] src) {
        int[] map = c.sourceIndex();
        long[] out = new long[map.length];
        for (int i = 0; i < map.length; i++) out[i] = src[map[i]];
        return out;
    }

    /** The broadcast made by the kernel, pending where its runs are at least minRun long (random: short runs exercise more patterns). */
    private static Tensor broadcast(Tensor source, Case c, int minRun) {
        Tensor out = Layout.broadcastInDim(source, c.resultShape(), c.dims(), minRun);
        if (out.pendingBroadcast() != null) {
            assertNull(out.storageArray(), "a pending broadcast has no storage");
            assertFalse(out.isSplat());
        }
        return out;
    }

    private static int randomMinRun(Random r) { return new int[] {1, 2, 3, 8}[r.nextInt(4)]; }

    private static void sameFloat(float want, float got, String what) {
        // raw bits; the only NaN inputs use is the canonical one, and every NaN x86 makes is its
        // default NaN, so NaN bits are fixed too, except that the order a JIT gives two NaN operands
        // is not: any NaN stands for any NaN here (the spec does not fix payloads)
        if (Float.isNaN(want) && Float.isNaN(got)) return;
        if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(got)) fail(what + ": want " + want + " got " + got);
    }

    private static void sameBits(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) fail(what + " at " + i + ": eager " + want[i] + " pending " + got[i]);
        }
    }

    private static double apply(Binary op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUBTRACT -> a - b;
            case MULTIPLY -> a * b;
            case DIVIDE -> a / b;
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            default -> throw new IllegalArgumentException(op.toString());
        };
    }

    private static double round(ElementType t, double v) {
        return switch (t) {
            case F32 -> (float) v;
            case BF16 -> HalfFloats.bf16ToFloat(HalfFloats.doubleToBf16(v));
            case F16 -> HalfFloats.f16ToFloat(HalfFloats.doubleToF16(v));
            default -> throw new IllegalArgumentException(t.toString());
        };
    }

    /** Which operands are pending: the left, the right, both, the left with a splat right, a splat left with the right. */
    private enum Placement { LEFT, RIGHT, BOTH, LEFT_WITH_SPLAT, SPLAT_WITH_RIGHT }

    private static final Binary[] FLOAT_OPS = {Binary.ADD, Binary.SUBTRACT, Binary.MULTIPLY, Binary.DIVIDE, Binary.MAXIMUM, Binary.MINIMUM,
        Binary.REMAINDER, Binary.POWER, Binary.ATAN2};

    @Property(tries = 300)
    void floatBinaryOnPendingBroadcastsIsTheOpOnTheirElements(@ForAll long seed) {
        Random r = new Random(seed);
        ElementType t = new ElementType[] {ElementType.F32, ElementType.BF16, ElementType.F16}[r.nextInt(3)];
        Binary op = FLOAT_OPS[r.nextInt(FLOAT_OPS.length)];
        Placement where = Placement.values()[r.nextInt(Placement.values().length)];
        Case cx = randomCase(r);
        Case cy = randomCase(r, cx.resultShape());
        if (cy == null) cy = cx;
        int n = cx.size();
        int minRun = randomMinRun(r);
        float[] xs = floatValues(r, t, cx.sourceSize()), ys = floatValues(r, t, cy.sourceSize());
        float[] xFull, yFull;
        Tensor x, y;
        float splat = floatValues(r, t, 1)[0];
        switch (where) {
            case LEFT, LEFT_WITH_SPLAT -> {
                xFull = full(cx, xs);
                x = broadcast(Tensor.ofFloats(t, cx.sourceShape(), xs), cx, minRun);
                if (where == Placement.LEFT) { yFull = floatValues(r, t, n); y = Tensor.ofFloats(t, cx.resultShape(), yFull.clone()); }
                else { yFull = new float[n]; java.util.Arrays.fill(yFull, splat); y = Tensor.ofFloats(t, new int[0], new float[] {splat}).splat(cx.resultShape()); }
            }
            case RIGHT, SPLAT_WITH_RIGHT -> {
                yFull = full(cx, xs);
                y = broadcast(Tensor.ofFloats(t, cx.sourceShape(), xs), cx, minRun);
                if (where == Placement.RIGHT) { xFull = floatValues(r, t, n); x = Tensor.ofFloats(t, cx.resultShape(), xFull.clone()); }
                else { xFull = new float[n]; java.util.Arrays.fill(xFull, splat); x = Tensor.ofFloats(t, new int[0], new float[] {splat}).splat(cx.resultShape()); }
            }
            case BOTH -> {
                xFull = full(cx, xs);
                yFull = full(cy, ys);
                x = broadcast(Tensor.ofFloats(t, cx.sourceShape(), xs), cx, minRun);
                y = broadcast(Tensor.ofFloats(t, cy.sourceShape(), ys), cy, minRun);
            }
            default -> throw new AssertionError();
        }
        Tensor got = Elementwise.binary(op, x, y, t);
        Tensor eager = Elementwise.binary(op, Tensor.ofFloats(t, cx.resultShape(), xFull.clone()), Tensor.ofFloats(t, cx.resultShape(), yFull.clone()), t);
        String what = t + " " + op + " " + where + " " + cx + " " + cy + " minRun " + minRun;
        float[] g = got.floats();
        sameBits(eager.floats(), g, what);
        if (java.util.EnumSet.of(Binary.ADD, Binary.SUBTRACT, Binary.MULTIPLY, Binary.DIVIDE, Binary.MAXIMUM, Binary.MINIMUM).contains(op)) {
            for (int i = 0; i < n; i++) sameFloat((float) round(t, apply(op, xFull[i], yFull[i])), g[i], what + " at " + i);
        }
    }

    private static final ElementType[] INTEGER_TYPES = {ElementType.I1, ElementType.I8, ElementType.UI8, ElementType.I32, ElementType.UI32, ElementType.I64, ElementType.UI64};
    private static final Binary[] INTEGER_OPS = {Binary.ADD, Binary.SUBTRACT, Binary.MULTIPLY, Binary.AND, Binary.OR, Binary.XOR, Binary.MAXIMUM,
        Binary.MINIMUM, Binary.DIVIDE, Binary.REMAINDER, Binary.SHIFT_LEFT, Binary.SHIFT_RIGHT_LOGICAL, Binary.SHIFT_RIGHT_ARITHMETIC, Binary.POWER};

    /** The integer op written out for the ops whose definition is one line (the rest compare with the eager path only). */
    private static Optional<Long> integerExpected(Binary op, ElementType t, long a, long b) {
        boolean unsigned = t.kind() != ElementType.Kind.SIGNED;
        if (t == ElementType.I1) {
            return switch (op) {
                case ADD, OR, MAXIMUM -> Optional.of(a | b);
                case MULTIPLY, AND, MINIMUM -> Optional.of(a & b);
                case SUBTRACT, XOR -> Optional.of(a ^ b);
                default -> Optional.empty();
            };
        }
        Long v = switch (op) {
            case ADD -> canonical(t, a + b);
            case SUBTRACT -> canonical(t, a - b);
            case MULTIPLY -> canonical(t, a * b);
            case AND -> a & b;
            case OR -> a | b;
            case XOR -> a ^ b;
            case MAXIMUM -> (unsigned ? Long.compareUnsigned(a, b) : Long.compare(a, b)) >= 0 ? a : b;
            case MINIMUM -> (unsigned ? Long.compareUnsigned(a, b) : Long.compare(a, b)) <= 0 ? a : b;
            default -> null;
        };
        return Optional.ofNullable(v);
    }

    @Property(tries = 300)
    void integerBinaryOnPendingBroadcastsIsTheOpOnTheirElements(@ForAll long seed) {
        Random r = new Random(seed);
        ElementType t = INTEGER_TYPES[r.nextInt(INTEGER_TYPES.length)];
        Binary op = INTEGER_OPS[r.nextInt(INTEGER_OPS.length)];
        if (t == ElementType.I1 && integerExpected(op, t, 0, 0).isEmpty()) op = Binary.XOR;
        Placement where = Placement.values()[r.nextInt(Placement.values().length)];
        Case cx = randomCase(r);
        Case cy = randomCase(r, cx.resultShape());
        if (cy == null) cy = cx;
        int n = cx.size();
        int minRun = randomMinRun(r);
        long[] xs = longValues(r, t, cx.sourceSize()), ys = longValues(r, t, cy.sourceSize());
        long splat = longValues(r, t, 1)[0];
        long[] xFull, yFull;
        Tensor x, y;
        switch (where) {
            case LEFT, LEFT_WITH_SPLAT -> {
                xFull = full(cx, xs);
                x = broadcast(Tensor.ofLongs(t, cx.sourceShape(), xs), cx, minRun);
                if (where == Placement.LEFT) { yFull = longValues(r, t, n); y = Tensor.ofLongs(t, cx.resultShape(), yFull.clone()); }
                else { yFull = new long[n]; java.util.Arrays.fill(yFull, splat); y = Tensor.ofLongs(t, new int[0], new long[] {splat}).splat(cx.resultShape()); }
            }
            case RIGHT, SPLAT_WITH_RIGHT -> {
                yFull = full(cx, xs);
                y = broadcast(Tensor.ofLongs(t, cx.sourceShape(), xs), cx, minRun);
                if (where == Placement.RIGHT) { xFull = longValues(r, t, n); x = Tensor.ofLongs(t, cx.resultShape(), xFull.clone()); }
                else { xFull = new long[n]; java.util.Arrays.fill(xFull, splat); x = Tensor.ofLongs(t, new int[0], new long[] {splat}).splat(cx.resultShape()); }
            }
            case BOTH -> {
                xFull = full(cx, xs);
                yFull = full(cy, ys);
                x = broadcast(Tensor.ofLongs(t, cx.sourceShape(), xs), cx, minRun);
                y = broadcast(Tensor.ofLongs(t, cy.sourceShape(), ys), cy, minRun);
            }
            default -> throw new AssertionError();
        }
        String what = t + " " + op + " " + where + " " + cx + " " + cy + " minRun " + minRun;
        long[] g = Elementwise.binary(op, x, y, t).longs();
        long[] eager = Elementwise.binary(op, Tensor.ofLongs(t, cx.resultShape(), xFull.clone()), Tensor.ofLongs(t, cx.resultShape(), yFull.clone()), t).longs();
        assertArrayEquals(eager, g, what);
        for (int i = 0; i < n; i++) {
            Optional<Long> want = integerExpected(op, t, xFull[i], yFull[i]);
            if (want.isPresent()) assertEquals(want.get(), g[i], what + " at " + i);
        }
    }

    private static final Direction[] DIRECTIONS = Direction.values();

    /** -NaN < -inf < ... < -0 < +0 < ... < +inf < +NaN: the sign-magnitude bits as a two's complement order. */
    private static long totalKey(float v) {
        int bits = Float.floatToRawIntBits(v);
        return bits >= 0 ? bits : -(long) (bits & 0x7FFF_FFFF) - 1;
    }

    private static boolean holds(Direction d, int c) {
        return switch (d) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case GE -> c >= 0;
            case GT -> c > 0;
            case LE -> c <= 0;
            case LT -> c < 0;
        };
    }

    private static boolean floatCompare(Direction d, Comparison.Type type, float a, float b) {
        if (type == Comparison.Type.TOTALORDER) return holds(d, Long.compare(totalKey(a), totalKey(b)));
        if (Float.isNaN(a) || Float.isNaN(b)) return d == Direction.NE; // unordered
        double da = a, db = b;
        return holds(d, da < db ? -1 : da > db ? 1 : 0); // -0 == +0
    }

    @Property(tries = 400)
    void compareOnPendingBroadcastsIsTheComparisonOfTheirElements(@ForAll long seed) {
        Random r = new Random(seed);
        boolean floats = r.nextBoolean();
        ElementType t = floats ? new ElementType[] {ElementType.F32, ElementType.BF16, ElementType.F16}[r.nextInt(3)]
                : INTEGER_TYPES[r.nextInt(INTEGER_TYPES.length)];
        Direction dir = DIRECTIONS[r.nextInt(DIRECTIONS.length)];
        Comparison.Type type = floats ? new Comparison.Type[] {Comparison.Type.NOTYPE, Comparison.Type.FLOAT, Comparison.Type.TOTALORDER}[r.nextInt(3)]
                : new Comparison.Type[] {Comparison.Type.NOTYPE, Comparison.Type.SIGNED, Comparison.Type.UNSIGNED}[r.nextInt(3)];
        Placement where = Placement.values()[r.nextInt(Placement.values().length)];
        Case cx = randomCase(r);
        Case cy = randomCase(r, cx.resultShape());
        if (cy == null) cy = cx;
        int n = cx.size();
        int minRun = randomMinRun(r);
        String what = t + " " + dir + " " + type + " " + where + " " + cx + " " + cy + " minRun " + minRun;
        Tensor x, y, xe, ye;
        if (floats) {
            float[] xs = floatValues(r, t, cx.sourceSize()), ys = floatValues(r, t, cy.sourceSize()), other = floatValues(r, t, n);
            float s = floatValues(r, t, 1)[0];
            float[] sf = new float[n];
            java.util.Arrays.fill(sf, s);
            Tensor px = broadcast(Tensor.ofFloats(t, cx.sourceShape(), xs), cx, minRun), py = broadcast(Tensor.ofFloats(t, cy.sourceShape(), ys), cy, minRun);
            Tensor full = Tensor.ofFloats(t, cx.resultShape(), other), sp = Tensor.ofFloats(t, new int[0], new float[] {s}).splat(cx.resultShape());
            float[] fx = full(cx, xs), fy = full(cy, ys);
            float[] ax, ay;
            switch (where) {
                case LEFT -> { x = px; y = full; ax = fx; ay = other; }
                case RIGHT -> { x = full; y = px; ax = other; ay = fx; }
                case BOTH -> { x = px; y = py; ax = fx; ay = fy; }
                case LEFT_WITH_SPLAT -> { x = px; y = sp; ax = fx; ay = sf; }
                case SPLAT_WITH_RIGHT -> { x = sp; y = px; ax = sf; ay = fx; }
                default -> throw new AssertionError();
            }
            xe = Tensor.ofFloats(t, cx.resultShape(), ax.clone());
            ye = Tensor.ofFloats(t, cx.resultShape(), ay.clone());
            long[] g = Comparison.compare(dir, type, x, y).longs();
            for (int i = 0; i < n; i++) assertEquals(floatCompare(dir, type, ax[i], ay[i]) ? 1L : 0L, g[i], what + " at " + i + ": " + ax[i] + " vs " + ay[i]);
            assertArrayEquals(Comparison.compare(dir, type, xe, ye).longs(), g, what);
        } else {
            long[] xs = longValues(r, t, cx.sourceSize()), ys = longValues(r, t, cy.sourceSize()), other = longValues(r, t, n);
            long s = longValues(r, t, 1)[0];
            long[] sf = new long[n];
            java.util.Arrays.fill(sf, s);
            Tensor px = broadcast(Tensor.ofLongs(t, cx.sourceShape(), xs), cx, minRun), py = broadcast(Tensor.ofLongs(t, cy.sourceShape(), ys), cy, minRun);
            Tensor full = Tensor.ofLongs(t, cx.resultShape(), other), sp = Tensor.ofLongs(t, new int[0], new long[] {s}).splat(cx.resultShape());
            long[] fx = full(cx, xs), fy = full(cy, ys);
            long[] ax, ay;
            switch (where) {
                case LEFT -> { x = px; y = full; ax = fx; ay = other; }
                case RIGHT -> { x = full; y = px; ax = other; ay = fx; }
                case BOTH -> { x = px; y = py; ax = fx; ay = fy; }
                case LEFT_WITH_SPLAT -> { x = px; y = sp; ax = fx; ay = sf; }
                case SPLAT_WITH_RIGHT -> { x = sp; y = px; ax = sf; ay = fx; }
                default -> throw new AssertionError();
            }
            xe = Tensor.ofLongs(t, cx.resultShape(), ax.clone());
            ye = Tensor.ofLongs(t, cx.resultShape(), ay.clone());
            boolean unsigned = type == Comparison.Type.UNSIGNED || (type == Comparison.Type.NOTYPE && t.kind() != ElementType.Kind.SIGNED);
            long mask = t.bitWidth() == 64 ? -1L : (1L << t.bitWidth()) - 1;
            long[] g = Comparison.compare(dir, type, x, y).longs();
            for (int i = 0; i < n; i++) {
                int c = unsigned ? Long.compareUnsigned(ax[i] & mask, ay[i] & mask) : Long.compare(ax[i], ay[i]);
                assertEquals(holds(dir, c) ? 1L : 0L, g[i], what + " at " + i + ": " + ax[i] + " vs " + ay[i]);
            }
            assertArrayEquals(Comparison.compare(dir, type, xe, ye).longs(), g, what);
        }
    }

    @Property(tries = 300)
    void selectWithPendingOperandsPicksTheirElements(@ForAll long seed) {
        Random r = new Random(seed);
        ElementType t = new ElementType[] {ElementType.F32, ElementType.BF16, ElementType.I32, ElementType.I1, ElementType.UI64}[r.nextInt(5)];
        boolean floats = t.kind() == ElementType.Kind.FLOAT;
        Case c = randomCase(r);
        int n = c.size();
        int minRun = randomMinRun(r);
        // each of the three operands: pending (own random source), full, or (predicate only) a splat
        int[] kinds = {r.nextInt(3), r.nextInt(2), r.nextInt(2)};
        long[] p;
        Tensor pred;
        Case cp = Optional.ofNullable(randomCase(r, c.resultShape())).orElse(c);
        long[] ps = longValues(r, ElementType.I1, cp.sourceSize());
        switch (kinds[0]) {
            case 0 -> { p = full(cp, ps); pred = broadcast(Tensor.ofLongs(ElementType.I1, cp.sourceShape(), ps), cp, minRun); }
            case 1 -> { p = longValues(r, ElementType.I1, n); pred = Tensor.ofLongs(ElementType.I1, c.resultShape(), p.clone()); }
            default -> { p = new long[n]; java.util.Arrays.fill(p, ps[0]); pred = Tensor.ofLongs(ElementType.I1, new int[0], new long[] {ps[0]}).splat(c.resultShape()); }
        }
        Object[] values = new Object[2];
        Tensor[] branches = new Tensor[2];
        for (int b = 0; b < 2; b++) {
            Case cb = Optional.ofNullable(randomCase(r, c.resultShape())).orElse(c);
            if (kinds[b + 1] == 0) {
                if (floats) {
                    float[] s = floatValues(r, t, cb.sourceSize());
                    values[b] = full(cb, s);
                    branches[b] = broadcast(Tensor.ofFloats(t, cb.sourceShape(), s), cb, minRun);
                } else {
                    long[] s = longValues(r, t, cb.sourceSize());
                    values[b] = full(cb, s);
                    branches[b] = broadcast(Tensor.ofLongs(t, cb.sourceShape(), s), cb, minRun);
                }
            } else if (floats) {
                float[] v = floatValues(r, t, n);
                values[b] = v;
                branches[b] = Tensor.ofFloats(t, c.resultShape(), v.clone());
            } else {
                long[] v = longValues(r, t, n);
                values[b] = v;
                branches[b] = Tensor.ofLongs(t, c.resultShape(), v.clone());
            }
        }
        String what = t + " kinds " + java.util.Arrays.toString(kinds) + " " + c + " minRun " + minRun;
        Tensor got = Elementwise.select(pred, branches[0], branches[1]);
        if (floats) {
            float[] g = got.floats(), vt = (float[]) values[0], vf = (float[]) values[1];
            float[] want = new float[n];
            for (int i = 0; i < n; i++) want[i] = p[i] != 0 ? vt[i] : vf[i];
            sameBits(want, g, what);
        } else {
            long[] g = got.longs(), vt = (long[]) values[0], vf = (long[]) values[1];
            long[] want = new long[n];
            for (int i = 0; i < n; i++) want[i] = p[i] != 0 ? vt[i] : vf[i];
            assertArrayEquals(want, g, what);
        }
    }

    @Test
    void resultsGoIntoTheOtherOperandWhenTheBroadcastIsPending() {
        Random r = new Random(7);
        Case c = new Case(new int[] {6, 5, 16}, new int[] {6, 5}, new int[] {0, 1});     // a column: runs repeat one element
        Case row = new Case(new int[] {6, 5, 16}, new int[] {16}, new int[] {2});         // a row: runs are the source
        for (Case k : new Case[] {c, row}) {
            for (ElementType t : new ElementType[] {ElementType.F32, ElementType.BF16}) {
                float[] src = floatValues(r, t, k.sourceSize()), other = floatValues(r, t, k.size()), b = full(k, src);
                for (Binary op : new Binary[] {Binary.SUBTRACT, Binary.DIVIDE, Binary.MULTIPLY}) {
                    Tensor into = Tensor.ofFloats(t, k.resultShape(), other.clone());
                    Tensor pending = Layout.broadcastInDim(Tensor.ofFloats(t, k.sourceShape(), src), k.resultShape(), k.dims());
                    assertNotNull(pending.pendingBroadcast(), k + " is read in place");
                    // other − broadcast into other, then broadcast − other into other
                    Tensor out = Elementwise.binary(op, into, pending, t, into);
                    assertSame(into, out);
                    for (int i = 0; i < k.size(); i++) sameFloat((float) round(t, apply(op, other[i], b[i])), out.floats()[i], op + " " + k + " at " + i);
                    Tensor into2 = Tensor.ofFloats(t, k.resultShape(), other.clone());
                    Tensor out2 = Elementwise.binary(op, pending, into2, t, into2);
                    assertSame(into2, out2);
                    for (int i = 0; i < k.size(); i++) sameFloat((float) round(t, apply(op, b[i], other[i])), out2.floats()[i], op + " " + k + " left at " + i);
                    assertNotNull(pending.pendingBroadcast(), "still not materialised");
                }
            }
            // integers: subtract and an out-of-range shift (zeros written over the operand's values)
            long[] src = longValues(r, ElementType.I32, k.sourceSize()), other = longValues(r, ElementType.I32, k.size()), b = full(k, src);
            Tensor into = Tensor.ofLongs(ElementType.I32, k.resultShape(), other.clone());
            Tensor pending = Layout.broadcastInDim(Tensor.ofLongs(ElementType.I32, k.sourceShape(), src), k.resultShape(), k.dims());
            long[] out = Elementwise.binary(Binary.SUBTRACT, into, pending, ElementType.I32, into).longs();
            for (int i = 0; i < k.size(); i++) assertEquals(canonical(ElementType.I32, other[i] - b[i]), out[i]);
            Tensor big = Layout.broadcastInDim(Tensor.ofLongs(ElementType.I32, k.sourceShape(), new long[k.sourceSize()]).copy(), k.resultShape(), k.dims());
            long[] amounts = new long[k.sourceSize()];
            java.util.Arrays.fill(amounts, 40);
            Tensor shift = Layout.broadcastInDim(Tensor.ofLongs(ElementType.I32, k.sourceShape(), amounts), k.resultShape(), k.dims());
            Tensor into3 = Tensor.ofLongs(ElementType.I32, k.resultShape(), other.clone());
            assertArrayEquals(new long[k.size()], Elementwise.binary(Binary.SHIFT_LEFT, into3, shift, ElementType.I32, into3).longs(), "shift by 40 in " + k);
            assertNotNull(big);
        }
        // a splat shift amount out of range into an operand's storage: zeros too
        long[] vals = {1, 2, 3};
        Tensor into = Tensor.ofLongs(ElementType.UI32, new int[] {3}, vals.clone());
        Tensor amount = Tensor.ofLongs(ElementType.UI32, new int[0], new long[] {32}).splat(new int[] {3});
        assertArrayEquals(new long[3], Elementwise.binary(Binary.SHIFT_RIGHT_LOGICAL, into, amount, ElementType.UI32, into).longs());
    }

    @Test
    void anOuterProductOfTwoPendingBroadcastsMaterialisesNeither() {
        Random r = new Random(11);
        // Adafactor's factored second moment: a row factor [e, m] along [0, 1] and a column factor [e, n] along [0, 2] of [e, m, n]
        Case rows = new Case(new int[] {3, 5, 16}, new int[] {3, 5}, new int[] {0, 1});
        Case cols = new Case(new int[] {3, 5, 16}, new int[] {3, 16}, new int[] {0, 2});
        for (ElementType t : new ElementType[] {ElementType.F32, ElementType.BF16}) {
            float[] rs = floatValues(r, t, rows.sourceSize()), cs = floatValues(r, t, cols.sourceSize());
            float[] rf = full(rows, rs), cf = full(cols, cs);
            for (Binary op : new Binary[] {Binary.ADD, Binary.SUBTRACT, Binary.MULTIPLY, Binary.DIVIDE, Binary.MAXIMUM, Binary.MINIMUM}) {
                for (boolean rowsLeft : new boolean[] {true, false}) {
                    Tensor a = Layout.broadcastInDim(Tensor.ofFloats(t, rows.sourceShape(), rs), rows.resultShape(), rows.dims());
                    Tensor b = Layout.broadcastInDim(Tensor.ofFloats(t, cols.sourceShape(), cs), cols.resultShape(), cols.dims());
                    Tensor got = rowsLeft ? Elementwise.binary(op, a, b, t) : Elementwise.binary(op, b, a, t);
                    assertNotNull(a.pendingBroadcast(), "rows stay pending");
                    assertNotNull(b.pendingBroadcast(), "columns stay pending");
                    for (int i = 0; i < rows.size(); i++) {
                        double want = rowsLeft ? apply(op, rf[i], cf[i]) : apply(op, cf[i], rf[i]);
                        sameFloat((float) round(t, want), got.floats()[i], t + " " + op + (rowsLeft ? " rows first" : " columns first") + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void materialisingFromTwoThreadsAtOnceGivesOneArray() throws Exception {
        Random r = new Random(3);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int trial = 0; trial < 50; trial++) {
                Case c = trial % 2 == 0 ? new Case(new int[] {256, 64}, new int[] {64}, new int[] {1}) : new Case(new int[] {256, 64}, new int[] {256}, new int[] {0});
                float[] src = floatValues(r, ElementType.F32, c.sourceSize());
                Tensor t = Layout.broadcastInDim(Tensor.ofFloats(ElementType.F32, c.sourceShape(), src), c.resultShape(), c.dims());
                assertNotNull(t.pendingBroadcast());
                CountDownLatch go = new CountDownLatch(1);
                Future<float[]> a = pool.submit(() -> { go.await(); return t.floats(); });
                Future<float[]> b = pool.submit(() -> { go.await(); return t.floats(); });
                go.countDown();
                float[] fa = a.get(), fb = b.get();
                assertSame(fa, fb, "materialised once");
                sameBits(full(c, src), fa, c.toString());
                assertSame(fa, t.storageArray());
                assertNull(t.pendingBroadcast());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSwitchTinyPatternsArePendingAndShortRunsStayEager() {
        record Pattern(int[] source, int[] result, int[] dims, boolean pending, boolean repeat, int length) {}
        List<Pattern> patterns = List.of(
                new Pattern(new int[] {4, 8}, new int[] {4, 8, 16}, new int[] {0, 1}, true, true, 16),        // a column
                new Pattern(new int[] {16}, new int[] {4, 8, 16}, new int[] {2}, true, false, 16),            // a row
                new Pattern(new int[] {4, 8, 1}, new int[] {4, 8, 1, 4}, new int[] {0, 1, 2}, false, true, 4),  // one-hot: runs of 4
                new Pattern(new int[] {8, 8}, new int[] {4, 8, 2, 8}, new int[] {1, 3}, true, false, 8),       // the select mask
                new Pattern(new int[] {8, 2, 8}, new int[] {4, 8, 2, 8}, new int[] {1, 2, 3}, true, false, 128), // merged to runs of 128
                new Pattern(new int[] {16, 16}, new int[] {16, 16}, new int[] {1, 0}, false, false, 0),          // a transpose: stride 16
                new Pattern(new int[] {128}, new int[] {128, 768}, new int[] {0}, true, true, 768));            // Switch-Base per-token factors
        for (Pattern p : patterns) {
            float[] src = floatValues(new Random(1), ElementType.F32, product(p.source()));
            Tensor x = Tensor.ofFloats(ElementType.F32, p.source(), src);
            Tensor b = Layout.broadcastInDim(x, p.result(), p.dims());
            BroadcastRuns runs = b.pendingBroadcast();
            String what = java.util.Arrays.toString(p.source()) + " -> " + java.util.Arrays.toString(p.result());
            assertEquals(p.pending(), runs != null, what);
            assertFalse(b.isSplat(), what);
            if (runs != null) {
                assertEquals(p.repeat(), runs.repeat, what);
                assertEquals(p.length(), runs.length, what);
                assertNull(b.storageArray(), what);
                assertNotSame(src, runs.source, "the source is copied: " + what);
            }
            sameBits(full(new Case(p.result(), p.source(), p.dims()), src), b.floats(), what);
            assertNotNull(b.storageArray());
            assertNotSame(x.storageArray(), b.storageArray(), what);
        }
    }

    @Property(tries = 120)
    void kernelsWithoutARunPathSeeTheBroadcastsValues(@ForAll long seed) {
        Random r = new Random(seed);
        Case c = randomCase(r);
        float[] src = floatValues(r, ElementType.F32, c.sourceSize());
        // finite values: the sums below are then free of NaN order questions
        for (int i = 0; i < src.length; i++) if (!Float.isFinite(src[i])) src[i] = i;
        float[] want = full(c, src);
        Tensor eager = Tensor.ofFloats(ElementType.F32, c.resultShape(), want.clone());
        int rank = c.resultShape().length;
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) perm[i] = rank - 1 - i;
        String what = c.toString();
        sameBits(Layout.transpose(eager, perm).floats(), Layout.transpose(pending(c, src), perm).floats(), "transpose " + what);
        // a reshape stays pending and reads the same elements
        Tensor flat = pending(c, src).reshaped(new int[] {c.size()});
        sameBits(want, flat.floats(), "reshape " + what);
        sameBits(Elementwise.unary(Elementwise.Unary.EXPONENTIAL, eager, ElementType.F32).floats(),
                Elementwise.unary(Elementwise.Unary.EXPONENTIAL, pending(c, src), ElementType.F32).floats(), "exp " + what);
        sameBits(Conversions.convert(eager, ElementType.BF16).floats(), Conversions.convert(pending(c, src), ElementType.BF16).floats(), "convert " + what);
        // reduce over the last dimension, and a dot_general contracting it with a vector
        int last = rank - 1;
        Tensor init = Tensor.ofFloats(ElementType.F32, new int[0], new float[] {0f});
        ScalarFunction add = args -> List.of(Elementwise.binary(Binary.ADD, args.get(0), args.get(1), ElementType.F32));
        ScalarFunction max = args -> List.of(Elementwise.binary(Binary.MAXIMUM, args.get(0), args.get(1), ElementType.F32));
        for (var body : List.of(java.util.Map.entry(Binary.ADD, add), java.util.Map.entry(Binary.MAXIMUM, max))) {
            sameBits(Reduction.reduce(List.of(eager), List.of(init), new int[] {last}, body.getValue(), Optional.of(body.getKey())).getFirst().floats(),
                    Reduction.reduce(List.of(pending(c, src)), List.of(init), new int[] {last}, body.getValue(), Optional.of(body.getKey())).getFirst().floats(),
                    "reduce " + body.getKey() + " " + what);
        }
        int k = c.resultShape()[last];
        float[] v = floatValues(r, ElementType.F32, k);
        for (int i = 0; i < k; i++) if (!Float.isFinite(v[i])) v[i] = 1;
        Tensor vec = Tensor.ofFloats(ElementType.F32, new int[] {k}, v);
        var dims = new DotGeneral.Dims(new int[0], new int[0], new int[] {last}, new int[] {0});
        sameBits(DotGeneral.dotGeneral(eager, vec, dims, ElementType.F32).floats(), DotGeneral.dotGeneral(pending(c, src), vec, dims, ElementType.F32).floats(),
                "dot_general " + what);
        // the host bytes and a copy
        assertArrayEquals(eager.toHost().data(), pending(c, src).toHost().data(), "toHost " + what);
        sameBits(want, pending(c, src).copy().floats(), "copy " + what);
    }

    /** A fresh pending broadcast (runs of any length) of {@code src}, so each kernel above meets it unmaterialised. */
    private static Tensor pending(Case c, float[] src) {
        return Layout.broadcastInDim(Tensor.ofFloats(ElementType.F32, c.sourceShape(), src), c.resultShape(), c.dims(), 1);
    }

    @Test
    void aBroadcastWithASplatStaysPendingAndRereadsTheSource() {
        float[] src = new float[16];
        for (int i = 0; i < 16; i++) src[i] = i - 8;
        Tensor row = Layout.broadcastInDim(Tensor.ofFloats(ElementType.F32, new int[] {16}, src), new int[] {4, 8, 16}, new int[] {2});
        Tensor two = Tensor.ofFloats(ElementType.F32, new int[0], new float[] {2f}).splat(new int[] {4, 8, 16});
        Tensor scaled = Elementwise.binary(Binary.DIVIDE, two, row, ElementType.F32);
        assertNotNull(scaled.pendingBroadcast(), "2 / row is the row of 2 / source");
        Tensor positive = Comparison.compare(Direction.GT, Comparison.Type.NOTYPE, row, Tensor.ofFloats(ElementType.F32, new int[0], new float[] {0f}).splat(new int[] {4, 8, 16}));
        assertNotNull(positive.pendingBroadcast());
        for (int i = 0; i < 4 * 8 * 16; i++) {
            sameFloat(2f / src[i % 16], scaled.floats()[i], "at " + i);
            assertEquals(src[i % 16] > 0 ? 1L : 0L, positive.longs()[i], "at " + i);
        }
        assertTrue(scaled.storageArray() != null);
    }
}
