package dev.switchyard.runtime.ref.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Kernels against index arithmetic written out here, independently of the kernels' own
 * formulations (which go through transposes and source maps).
 */
class KernelPropertiesTest {

    private static double[] randomDoubles(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextInt(19) - 9 + r.nextDouble();
        return v;
    }

    private static long[] randomLongs(Random r, int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = r.nextInt(2001) - 1000;
        return v;
    }

    private static int[] randomShape(Random r, int rank, int maxDim) {
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) s[i] = 1 + r.nextInt(maxDim);
        return s;
    }

    /** Flat row-major offset of a multi-index, written directly. */
    private static int offset(int[] shape, int... idx) {
        int o = 0;
        for (int i = 0; i < shape.length; i++) o = o * shape[i] + idx[i];
        return o;
    }

    private static int[] permutation(Random r, int n) {
        List<Integer> p = new ArrayList<>();
        for (int i = 0; i < n; i++) p.add(i);
        Collections.shuffle(p, r);
        return p.stream().mapToInt(Integer::intValue).toArray();
    }

    @Property(tries = 60)
    void dotGeneralMatchesTripleLoop(@ForAll @IntRange(min = 1, max = 3) int b, @ForAll @IntRange(min = 1, max = 9) int m,
                                     @ForAll @IntRange(min = 1, max = 40) int k, @ForAll @IntRange(min = 1, max = 9) int n,
                                     @ForAll long seed) {
        Random r = new Random(seed);
        // logical lhs[b][m][k], rhs[b][k][n]; stored with their dims in a random order
        int[] lp = permutation(r, 3), rp = permutation(r, 3);
        int[] lLogical = {b, m, k}, rLogical = {b, k, n};
        int[] lShape = new int[3], rShape = new int[3];
        int[] lPos = new int[3], rPos = new int[3]; // where logical dim i sits in storage
        for (int i = 0; i < 3; i++) {
            lShape[i] = lLogical[lp[i]]; lPos[lp[i]] = i;
            rShape[i] = rLogical[rp[i]]; rPos[rp[i]] = i;
        }
        double[] lv = randomDoubles(r, b * m * k), rv = randomDoubles(r, b * k * n);
        Tensor lhs = Tensor.ofDoubles(ElementType.F64, lShape, lv);
        Tensor rhs = Tensor.ofDoubles(ElementType.F64, rShape, rv);
        var dims = new DotGeneral.Dims(new int[] {lPos[0]}, new int[] {rPos[0]}, new int[] {lPos[2]}, new int[] {rPos[1]});
        Tensor out = DotGeneral.dotGeneral(lhs, rhs, dims, ElementType.F64);
        assertArrayEquals(new int[] {b, m, n}, out.shape());
        Tensor out32 = DotGeneral.dotGeneral(Conversions.convert(lhs, ElementType.F32), Conversions.convert(rhs, ElementType.F32), dims, ElementType.F32);
        int[] li = new int[3], ri = new int[3];
        for (int bi = 0; bi < b; bi++) for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
            double sum = 0, abs = 0;
            for (int p = 0; p < k; p++) {
                li[lPos[0]] = bi; li[lPos[1]] = i; li[lPos[2]] = p;
                ri[rPos[0]] = bi; ri[rPos[1]] = p; ri[rPos[2]] = j;
                double prod = lv[offset(lShape, li)] * rv[offset(rShape, ri)];
                sum += prod;
                abs += Math.abs(prod);
            }
            int o = offset(new int[] {b, m, n}, bi, i, j);
            assertEquals(sum, out.doubles()[o], 1e-12 * (1 + abs));
            assertEquals(sum, out32.floats()[o], 1e-5 * (1 + abs));
        }
    }

    @Property(tries = 40)
    void bigF32DotUsesBlockedParallelPathCorrectly(@ForAll @IntRange(min = 60, max = 140) int m,
                                                   @ForAll @IntRange(min = 200, max = 600) int k,
                                                   @ForAll @IntRange(min = 1, max = 700) int n, @ForAll long seed) {
        Random r = new Random(seed);
        float[] a = new float[m * k], bb = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = r.nextInt(7) - 3;
        for (int i = 0; i < bb.length; i++) bb[i] = r.nextInt(7) - 3;
        Tensor out = DotGeneral.dotGeneral(Tensor.ofFloats(ElementType.F32, new int[] {m, k}, a),
                Tensor.ofFloats(ElementType.F32, new int[] {k, n}, bb),
                new DotGeneral.Dims(new int[0], new int[0], new int[] {1}, new int[] {0}), ElementType.F32);
        // small integers: every partial sum is exact in f32, so the comparison is exact
        for (int t = 0; t < 50; t++) {
            int i = r.nextInt(m), j = r.nextInt(n);
            double s = 0;
            for (int p = 0; p < k; p++) s += a[i * k + p] * bb[p * n + j];
            assertEquals(s, out.floats()[i * n + j], 0.0);
        }
    }

    @Property(tries = 60)
    void reduceSumsOverChosenDims(@ForAll @IntRange(min = 1, max = 4) int rank, @ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = randomShape(r, rank, 5);
        List<Integer> reduced = new ArrayList<>();
        for (int d = 0; d < rank; d++) if (r.nextBoolean()) reduced.add(d);
        int[] dims = reduced.stream().mapToInt(Integer::intValue).toArray();
        long[] v = randomLongs(r, Shapes.size(shape));
        Tensor x = Tensor.ofLongs(ElementType.I64, shape, v);
        Tensor init = Tensor.ofLongs(ElementType.I64, new int[0], new long[] {7});
        ScalarFunction add = args -> List.of(Elementwise.binary(Elementwise.Binary.ADD, args.get(0), args.get(1), ElementType.I64));
        Tensor fast = Reduction.reduce(List.of(x), List.of(init), dims, add, Optional.of(Elementwise.Binary.ADD)).getFirst();
        Tensor slow = Reduction.reduce(List.of(x), List.of(init), dims, add, Optional.empty()).getFirst();
        // expected: accumulate every element into the result cell its kept indices name
        List<Integer> keptList = new ArrayList<>();
        for (int d = 0; d < rank; d++) if (!reduced.contains(d)) keptList.add(d);
        int[] keptShape = keptList.stream().mapToInt(d -> shape[d]).toArray();
        long[] expected = new long[Shapes.size(keptShape)];
        java.util.Arrays.fill(expected, 7);
        int[] idx = new int[rank];
        for (int flat = 0; flat < v.length; flat++) {
            int[] kept = keptList.stream().mapToInt(d -> idx[d]).toArray();
            expected[offset(keptShape, kept)] += v[flat];
            Shapes.next(idx, shape);
        }
        assertArrayEquals(keptShape, fast.shape());
        assertArrayEquals(expected, fast.longs());
        assertArrayEquals(expected, slow.longs());
    }

    /**
     * Float sums and maxima over a contiguous run of dims (leading or middle ones take the row-fold
     * path) are bitwise the per-element fold in row-major order of the reduced dims, with the
     * type's rounding after each step, that the region path computes.
     */
    @Property(tries = 80)
    void floatReductionsOverAnyContiguousDimsFoldInElementOrder(@ForAll @IntRange(min = 1, max = 4) int rank, @ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = randomShape(r, rank, 6);
        int from = r.nextInt(rank), to = from + 1 + r.nextInt(rank - from);
        int[] dims = new int[to - from];
        for (int i = 0; i < dims.length; i++) dims[i] = from + i;
        ElementType type = r.nextBoolean() ? ElementType.F32 : ElementType.BF16;
        Elementwise.Binary op = r.nextInt(3) == 0 ? Elementwise.Binary.MAXIMUM : Elementwise.Binary.ADD;
        float[] v = new float[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = Tensor.roundFloat(type, (r.nextGaussian() * Math.pow(10, r.nextInt(4))));
        Tensor x = Tensor.ofFloats(type, shape, v);
        Tensor init = Tensor.ofFloats(type, new int[0], new float[] {op == Elementwise.Binary.ADD ? 0.5f : Float.NEGATIVE_INFINITY});
        ScalarFunction body = args -> List.of(Elementwise.binary(op, args.get(0), args.get(1), type));
        Tensor fast = Reduction.reduce(List.of(x), List.of(init), dims, body, Optional.of(op)).getFirst();
        Tensor slow = Reduction.reduce(List.of(x), List.of(init), dims, body, Optional.empty()).getFirst();
        assertArrayEquals(slow.shape(), fast.shape());
        float[] f = fast.floats(), s = slow.floats();
        int run = 1;
        for (int d : dims) run *= shape[d];
        boolean trailing = dims[dims.length - 1] == rank - 1;
        if (type == ElementType.F32 && op == Elementwise.Binary.ADD && trailing && run >= 64) {
            // long f32 sums over trailing dims add in 8 partial sums (Reduction.sumF32): equal within rounding
            double bound = 0;
            for (float e : x.floats()) bound += Math.abs(e);
            for (int i = 0; i < f.length; i++) assertEquals(s[i], f[i], 1e-6 * (bound + 1), "element " + i);
            return;
        }
        for (int i = 0; i < f.length; i++) assertEquals(Float.floatToRawIntBits(s[i]), Float.floatToRawIntBits(f[i]), "element " + i);
    }

    /** The partial-sum order of long f32 sums, against a plain double sum and, for short runs, the index-order f32 sum. */
    @Property(tries = 60)
    void longF32SumsStayWithinRounding(@ForAll @IntRange(min = 1, max = 3000) int n, @ForAll long seed) {
        Random r = new Random(seed);
        float[] a = new float[n + 3];
        for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(3)));
        double exact = 0.25, bound = 0.25;
        for (int j = 0; j < n; j++) {
            exact += a[2 + j];
            bound += Math.abs(a[2 + j]);
        }
        float got = Reduction.sumF32(0.25f, a, 2, n);
        // each of the ≤ n adds rounds once: |error| ≤ n·2^-24·Σ|a| (a loose textbook bound)
        assertEquals(exact, got, n * 0x1p-24 * bound + 1e-30);
        if (n < 64) {
            float s = 0.25f;
            for (int j = 0; j < n; j++) s += a[2 + j];
            assertEquals(Float.floatToRawIntBits(s), Float.floatToRawIntBits(got));
        }
    }

    /** compare against a splat (a threshold) gives what it gives against the same values spelled out. */
    @Property(tries = 60)
    void compareWithASplatEqualsCompareWithItsElements(@ForAll @IntRange(min = 1, max = 40) int n, @ForAll long seed) {
        Random r = new Random(seed);
        float[] special = {Float.NaN, 0f, -0f, 1f, -1f, Float.POSITIVE_INFINITY};
        float[] xf = new float[n];
        for (int i = 0; i < n; i++) xf[i] = r.nextInt(3) == 0 ? special[r.nextInt(special.length)] : (float) r.nextGaussian();
        float yv = special[r.nextInt(special.length)];
        long[] xl = new long[n];
        for (int i = 0; i < n; i++) xl[i] = r.nextInt(5) == 0 ? 0xFFFFFFFFL : r.nextInt(7) - 3 & 0xFFFFFFFFL;
        long yl = r.nextBoolean() ? 2 : 0x80000000L;
        int[] shape = {n};
        for (Comparison.Direction dir : Comparison.Direction.values()) {
            Tensor x = Tensor.ofFloats(ElementType.F32, shape, xf);
            float[] full = new float[n];
            java.util.Arrays.fill(full, yv);
            Tensor splat = Tensor.ofFloats(ElementType.F32, new int[0], new float[] {yv}).splat(shape);
            assertArrayEquals(Comparison.compare(dir, Comparison.Type.FLOAT, x, Tensor.ofFloats(ElementType.F32, shape, full)).longs(),
                    Comparison.compare(dir, Comparison.Type.FLOAT, x, splat).longs(), "f32 " + dir);
            for (ElementType t : List.of(ElementType.UI32, ElementType.I64)) {
                long[] xs = t == ElementType.I64 ? java.util.Arrays.stream(xl).map(v -> (int) v).toArray() : xl;
                long ys = t == ElementType.I64 ? (int) yl : yl;
                long[] fullL = new long[n];
                java.util.Arrays.fill(fullL, ys);
                Tensor xi = Tensor.ofLongs(t, shape, xs);
                Tensor splatL = Tensor.ofLongs(t, new int[0], new long[] {ys}).splat(shape);
                long[] expected = new long[n];
                for (int i = 0; i < n; i++) {
                    int c = t == ElementType.UI32 ? Long.compareUnsigned(xs[i], ys) : Long.compare(xs[i], ys);
                    expected[i] = switch (dir) {
                        case EQ -> c == 0 ? 1 : 0;
                        case NE -> c != 0 ? 1 : 0;
                        case GE -> c >= 0 ? 1 : 0;
                        case GT -> c > 0 ? 1 : 0;
                        case LE -> c <= 0 ? 1 : 0;
                        case LT -> c < 0 ? 1 : 0;
                    };
                }
                assertArrayEquals(expected, Comparison.compare(dir, Comparison.Type.NOTYPE, xi, splatL).longs(), t + " " + dir);
                assertArrayEquals(expected, Comparison.compare(dir, Comparison.Type.NOTYPE, xi, Tensor.ofLongs(t, shape, fullL)).longs(), t + " " + dir);
            }
        }
    }

    @Property(tries = 60)
    void transposeMovesEachElement(@ForAll @IntRange(min = 1, max = 5) int rank, @ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = randomShape(r, rank, 4);
        int[] perm = permutation(r, rank);
        long[] v = randomLongs(r, Shapes.size(shape));
        Tensor out = Layout.transpose(Tensor.ofLongs(ElementType.I32, shape, v), perm);
        int[] outShape = new int[rank];
        for (int i = 0; i < rank; i++) outShape[i] = shape[perm[i]];
        assertArrayEquals(outShape, out.shape());
        int[] idx = new int[rank];
        for (long value : v) {
            int[] outIdx = new int[rank];
            for (int i = 0; i < rank; i++) outIdx[i] = idx[perm[i]];   // result[i] indexes operand dim perm[i]
            assertEquals(value, out.longs()[offset(outShape, outIdx)]);
            Shapes.next(idx, shape);
        }
    }

    @Property(tries = 60)
    void broadcastInDimRepeatsAlongNewAndUnitDims(@ForAll @IntRange(min = 0, max = 3) int rank,
                                                  @ForAll @IntRange(min = 0, max = 2) int extra, @ForAll long seed) {
        Random r = new Random(seed);
        int[] shape = randomShape(r, rank, 3);
        for (int i = 0; i < rank; i++) if (r.nextInt(3) == 0) shape[i] = 1;
        int outRank = rank + extra;
        // operand dims go to increasing, randomly chosen result dims
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < outRank; i++) positions.add(i);
        Collections.shuffle(positions, r);
        int[] bdims = positions.subList(0, rank).stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] outShape = randomShape(r, outRank, 3);
        for (int i = 0; i < rank; i++) if (shape[i] != 1) outShape[bdims[i]] = shape[i];
        long[] v = randomLongs(r, Shapes.size(shape));
        Tensor out = Layout.broadcastInDim(Tensor.ofLongs(ElementType.I64, shape, v), outShape, bdims);
        int[] idx = new int[outRank];
        for (int flat = 0; flat < out.size(); flat++) {
            int[] src = new int[rank];
            for (int i = 0; i < rank; i++) src[i] = shape[i] == 1 ? 0 : idx[bdims[i]];
            assertEquals(v[offset(shape, src)], out.longs()[flat]);
            Shapes.next(idx, outShape);
        }
    }

    @Property(tries = 60)
    void gatherOfWindowsClampsStarts(@ForAll @IntRange(min = 1, max = 6) int rows, @ForAll @IntRange(min = 1, max = 6) int cols,
                                     @ForAll @IntRange(min = 0, max = 5) int count, @ForAll long seed) {
        Random r = new Random(seed);
        int s0 = 1 + r.nextInt(rows), s1 = 1 + r.nextInt(cols);
        long[] v = randomLongs(r, rows * cols);
        long[] starts = new long[count * 2];
        for (int i = 0; i < starts.length; i++) starts[i] = r.nextInt(20) - 8;   // many out of range
        Tensor operand = Tensor.ofLongs(ElementType.I64, new int[] {rows, cols}, v);
        Tensor indices = Tensor.ofLongs(ElementType.I64, new int[] {count, 2}, starts);
        // result [count, s0, s1]: batch dim 0, offset dims 1 and 2, index vector along indices dim 1
        var dims = new GatherScatter.GatherDims(new int[] {1, 2}, new int[0], new int[0], new int[0], new int[] {0, 1}, 1);
        int[] shape = GatherScatter.gatherShape(indices.shape(), dims, new int[] {s0, s1});
        assertArrayEquals(new int[] {count, s0, s1}, shape);
        Tensor out = GatherScatter.gather(operand, indices, dims, new int[] {s0, s1}, shape);
        for (int c = 0; c < count; c++) {
            int r0 = (int) Math.min(Math.max(starts[2 * c], 0), rows - s0);
            int c0 = (int) Math.min(Math.max(starts[2 * c + 1], 0), cols - s1);
            for (int i = 0; i < s0; i++) for (int j = 0; j < s1; j++) {
                assertEquals(v[(r0 + i) * cols + c0 + j], out.longs()[offset(shape, c, i, j)]);
            }
        }
        // embedding lookup: collapse dim 0, scalar indices (index_vector_dim = rank of indices), clamped like any start
        long[] rowIds = new long[count];
        for (int i = 0; i < count; i++) rowIds[i] = r.nextInt(rows + 6) - 3;
        var lookup = new GatherScatter.GatherDims(new int[] {1}, new int[] {0}, new int[0], new int[0], new int[] {0}, 1);
        int[] lshape = GatherScatter.gatherShape(new int[] {count}, lookup, new int[] {1, cols});
        Tensor emb = GatherScatter.gather(operand, Tensor.ofLongs(ElementType.I32, new int[] {count}, rowIds), lookup, new int[] {1, cols}, lshape);
        for (int c = 0; c < count; c++) for (int j = 0; j < cols; j++) {
            assertEquals(v[(int) Math.min(Math.max(rowIds[c], 0), rows - 1) * cols + j], emb.longs()[c * cols + j]);
        }
        // the same lookup of f32 rows with [count, 2] indices: result [count, 2, cols]
        float[] fv = new float[rows * cols];
        for (int i = 0; i < fv.length; i++) fv[i] = (float) r.nextGaussian();
        long[] ids2 = new long[2 * count];
        for (int i = 0; i < ids2.length; i++) ids2[i] = r.nextInt(rows + 6) - 3;
        var lookup2 = new GatherScatter.GatherDims(new int[] {2}, new int[] {0}, new int[0], new int[0], new int[] {0}, 2);
        int[] fshape = GatherScatter.gatherShape(new int[] {count, 2}, lookup2, new int[] {1, cols});
        assertArrayEquals(new int[] {count, 2, cols}, fshape);
        Tensor femb = GatherScatter.gather(Tensor.ofFloats(ElementType.F32, new int[] {rows, cols}, fv),
                Tensor.ofLongs(ElementType.I32, new int[] {count, 2}, ids2), lookup2, new int[] {1, cols}, fshape);
        for (int b = 0; b < 2 * count; b++) for (int j = 0; j < cols; j++) {
            assertEquals(fv[(int) Math.min(Math.max(ids2[b], 0), rows - 1) * cols + j], femb.floats()[b * cols + j]);
        }
    }

    @Property(tries = 60)
    void scatterAddAccumulatesRowsAndSkipsOutOfBounds(@ForAll @IntRange(min = 1, max = 6) int rows,
                                                     @ForAll @IntRange(min = 1, max = 5) int cols,
                                                     @ForAll @IntRange(min = 0, max = 8) int count, @ForAll long seed) {
        Random r = new Random(seed);
        long[] in = randomLongs(r, rows * cols), up = randomLongs(r, count * cols);
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) ids[i] = r.nextInt(rows + 4) - 2;
        var dims = new GatherScatter.ScatterDims(new int[] {1}, new int[] {0}, new int[0], new int[0], new int[] {0}, 1);
        ScalarFunction add = args -> List.of(Elementwise.binary(Elementwise.Binary.ADD, args.get(0), args.get(1), ElementType.I64));
        Tensor out = GatherScatter.scatter(List.of(Tensor.ofLongs(ElementType.I64, new int[] {rows, cols}, in)),
                Tensor.ofLongs(ElementType.I64, new int[] {count, 1}, ids),
                List.of(Tensor.ofLongs(ElementType.I64, new int[] {count, cols}, up)), dims, add).getFirst();
        long[] expected = in.clone();
        for (int c = 0; c < count; c++) {
            if (ids[c] < 0 || ids[c] >= rows) continue;
            for (int j = 0; j < cols; j++) expected[(int) ids[c] * cols + j] += up[c * cols + j];
        }
        assertArrayEquals(expected, out.longs());
        // a take's gradient as the compiler writes it: f32, scalar indices (index_vector_dim = rank), a known add,
        // rows repeated and out of range; each row's sum in update order, in f32
        float[] fin = new float[rows * cols], fup = new float[count * cols];
        for (int i = 0; i < fin.length; i++) fin[i] = (float) r.nextGaussian();
        for (int i = 0; i < fup.length; i++) fup[i] = (float) (r.nextGaussian() * 1e3);
        var rowDims = new GatherScatter.ScatterDims(new int[] {1}, new int[] {0}, new int[0], new int[0], new int[] {0}, 1);
        Tensor fout = GatherScatter.scatter(List.of(Tensor.ofFloats(ElementType.F32, new int[] {rows, cols}, fin)),
                Tensor.ofLongs(ElementType.I32, new int[] {count}, ids), List.of(Tensor.ofFloats(ElementType.F32, new int[] {count, cols}, fup)),
                rowDims, args -> { throw new AssertionError("a known add combines on the arrays"); }, Optional.of(Elementwise.Binary.ADD)).getFirst();
        float[] fexpected = fin.clone();
        for (int c = 0; c < count; c++) {
            if (ids[c] < 0 || ids[c] >= rows) continue;
            for (int j = 0; j < cols; j++) fexpected[(int) ids[c] * cols + j] += fup[c * cols + j];
        }
        assertArrayEquals(fexpected, fout.floats());
    }
}
