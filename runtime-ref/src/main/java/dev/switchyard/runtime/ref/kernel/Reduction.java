package dev.switchyard.runtime.ref.kernel;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code reduce}, {@code reduce_window} and {@code select_and_scatter}. The body is a region; when
 * the evaluator recognises it as one binary op ({@code add}, {@code maximum}, …) on a single input,
 * the combine runs on the flat arrays instead of calling the region per element.
 */
public final class Reduction {
    private Reduction() {}

    /** Combines elements in row-major order of the reduced dims, starting from the init value. */
    public static List<Tensor> reduce(List<Tensor> inputs, List<Tensor> inits, int[] dimensions,
                                      ScalarFunction body, Optional<Elementwise.Binary> knownBody) {
        return reduce(inputs, inits, dimensions, body, knownBody, Optional.empty());
    }

    /**
     * {@link #reduce} that runs {@code program} (the body compiled to registers) per element
     * instead of {@code body} when its argument and result types are the tensors'.
     */
    public static List<Tensor> reduce(List<Tensor> inputs, List<Tensor> inits, int[] dimensions,
                                      ScalarFunction body, Optional<Elementwise.Binary> knownBody, Optional<ScalarProgram> program) {
        Tensor first = inputs.getFirst();
        int[] kept = Shapes.complement(first.rank(), dimensions);
        int[] resultShape = Shapes.pick(first.shape(), kept);
        int m = Shapes.size(resultShape);
        int r = m == 0 ? 0 : first.size() / Math.max(m, 1);
        if (first.size() == 0) r = 0;
        if (knownBody.isPresent() && inputs.size() == 1 && first.type() == inits.getFirst().type() && first.storage() != Storage.COMPLEX
                && contiguousAscending(dimensions) && dimensions.length > 0 && dimensions[dimensions.length - 1] < first.rank() - 1 && m > 0) {
            // reduced dims in the middle or leading (a gradient's sum over batch): fold rows in place of a transposed copy
            int inner = 1;
            for (int d = dimensions[dimensions.length - 1] + 1; d < first.rank(); d++) inner *= first.dim(d);
            Tensor acc = inits.getFirst().fill(resultShape);
            combineRows(first, acc, m / inner, r, inner, knownBody.get());
            return List.of(acc);
        }
        // [kept..., reduced...] so each result element's inputs are contiguous
        List<Tensor> laid = new ArrayList<>();
        for (Tensor t : inputs) laid.add(Layout.transpose(t, Shapes.concat(kept, dimensions)));
        List<Tensor> results = new ArrayList<>();
        for (Tensor init : inits) results.add(init.fill(resultShape));
        if (knownBody.isPresent() && inputs.size() == 1 && first.type() == inits.getFirst().type()) {
            combineRuns(laid.getFirst(), results.getFirst(), m, r, knownBody.get());
            return results;
        }
        if (program.isPresent() && fits(program.get(), laid, results)) {
            runProgram(program.get(), laid, results, m, r);
            return results;
        }
        for (int i = 0; i < m; i++) {
            List<Tensor> acc = new ArrayList<>();
            for (Tensor res : results) acc.add(res.element(i));
            for (int j = 0; j < r; j++) {
                List<Tensor> args = new ArrayList<>(acc);
                for (Tensor t : laid) args.add(t.element(i * r + j));
                acc = body.apply(args);
            }
            for (int k = 0; k < results.size(); k++) results.get(k).copyElement(acc.get(k), 0, i);
        }
        return results;
    }

    /**
     * {@code init} plus a[from … from+n) in f32: runs under 64 in index order; longer ones in 8
     * interleaved partial sums, added pairwise and then to {@code init} (the spec leaves a
     * reduction's order to the implementation; one running sum waits on each add's latency). The
     * order is fixed, so results are reproducible.
     */
    static float sumF32(float init, float[] a, int from, int n) {
        if (n < 64) {
            float s = init;
            for (int j = 0; j < n; j++) s += a[from + j];
            return s;
        }
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int j = 0, end = n - n % 8;
        for (; j < end; j += 8) {
            int at = from + j;
            s0 += a[at];
            s1 += a[at + 1];
            s2 += a[at + 2];
            s3 += a[at + 3];
            s4 += a[at + 4];
            s5 += a[at + 5];
            s6 += a[at + 6];
            s7 += a[at + 7];
        }
        float s = init + (((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)));
        for (; j < n; j++) s += a[from + j];
        return s;
    }

    /**
     * f32 rows shorter than 64 folded in index order ({@link #sumF32}'s order for sums), four rows
     * at a time: each row's steps keep their order (bitwise the same results), but four chains run
     * at once instead of one waiting on each step's latency (a small model's step folds thousands
     * of rows of 4–32). Returns the first row it left for the caller.
     */
    static int combineShortRowsF32(Elementwise.Binary op, float[] a, float[] o, int m, int r) {
        boolean add = op == Elementwise.Binary.ADD;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            float s0 = o[i], s1 = o[i + 1], s2 = o[i + 2], s3 = o[i + 3];
            int b0 = i * r, b1 = b0 + r, b2 = b1 + r, b3 = b2 + r;
            if (add) {
                for (int j = 0; j < r; j++) {
                    s0 += a[b0 + j];
                    s1 += a[b1 + j];
                    s2 += a[b2 + j];
                    s3 += a[b3 + j];
                }
            } else {
                for (int j = 0; j < r; j++) {
                    s0 = (float) Elementwise.realBinary(op, s0, a[b0 + j], ElementType.F32);
                    s1 = (float) Elementwise.realBinary(op, s1, a[b1 + j], ElementType.F32);
                    s2 = (float) Elementwise.realBinary(op, s2, a[b2 + j], ElementType.F32);
                    s3 = (float) Elementwise.realBinary(op, s3, a[b3 + j], ElementType.F32);
                }
            }
            o[i] = s0;
            o[i + 1] = s1;
            o[i + 2] = s2;
            o[i + 3] = s3;
        }
        return i;
    }

    /** Whether {@code p} takes (accumulators..., inputs...) of these types and returns the accumulators' types. */
    private static boolean fits(ScalarProgram p, List<Tensor> inputs, List<Tensor> accumulators) {
        int n = accumulators.size();
        if (p.arity() != 2 * n || p.results() != n || inputs.size() != n) return false;
        for (int k = 0; k < n; k++) {
            ElementType acc = accumulators.get(k).type();
            if (p.type(k) != acc || p.type(n + k) != inputs.get(k).type() || p.type(p.result(k)) != acc) return false;
        }
        return true;
    }

    /** The generic combine loop below, with the body on registers: no rank-0 tensor per element. */
    private static void runProgram(ScalarProgram p, List<Tensor> inputs, List<Tensor> accumulators, int m, int r) {
        int n = accumulators.size();
        double[] f = new double[p.registers()], tf = new double[n];
        long[] l = new long[p.registers()], tl = new long[n];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < n; k++) ScalarProgram.load(accumulators.get(k), i, k, f, l);
            for (int j = 0; j < r; j++) {
                for (int k = 0; k < n; k++) ScalarProgram.load(inputs.get(k), i * r + j, n + k, f, l);
                p.run(f, l);
                // a result may be an argument register: read all before writing any
                for (int k = 0; k < n; k++) {
                    tf[k] = f[p.result(k)];
                    tl[k] = l[p.result(k)];
                }
                System.arraycopy(tf, 0, f, 0, n);
                System.arraycopy(tl, 0, l, 0, n);
            }
            for (int k = 0; k < n; k++) ScalarProgram.store(accumulators.get(k), i, k, f, l);
        }
    }

    private static boolean contiguousAscending(int[] dims) {
        for (int i = 1; i < dims.length; i++) if (dims[i] != dims[i - 1] + 1) return false;
        return true;
    }

    /**
     * x as [outer, r, inner]: acc[o, k] folds x[o, 0, k], x[o, 1, k], … in that order, the order the
     * transposed layout would give, so the results are bitwise those of {@link #combineRuns}.
     */
    private static void combineRows(Tensor x, Tensor acc, int outer, int r, int inner, Elementwise.Binary op) {
        ElementType t = x.type();
        switch (x.storage()) {
            case FLOAT -> {
                float[] a = x.floats(), o = acc.floats();
                boolean f32 = t == ElementType.F32;
                for (int p = 0; p < outer; p++) {
                    int out = p * inner;
                    for (int j = 0; j < r; j++) {
                        int in = (p * r + j) * inner;
                        if (f32 && op == Elementwise.Binary.ADD) {
                            for (int k = 0; k < inner; k++) o[out + k] += a[in + k];
                        } else if (f32) {
                            for (int k = 0; k < inner; k++) o[out + k] = (float) Elementwise.realBinary(op, o[out + k], a[in + k], t);
                        } else {
                            for (int k = 0; k < inner; k++) o[out + k] = Tensor.roundFloat(t, Elementwise.realBinary(op, o[out + k], a[in + k], t));
                        }
                    }
                }
            }
            case DOUBLE -> {
                double[] a = x.doubles(), o = acc.doubles();
                for (int p = 0; p < outer; p++) {
                    for (int j = 0; j < r; j++) {
                        int in = (p * r + j) * inner, out = p * inner;
                        for (int k = 0; k < inner; k++) o[out + k] = Elementwise.realBinary(op, o[out + k], a[in + k], t);
                    }
                }
            }
            case INTEGER -> {
                long[] a = x.longs(), o = acc.longs();
                for (int p = 0; p < outer; p++) {
                    for (int j = 0; j < r; j++) {
                        int in = (p * r + j) * inner, out = p * inner;
                        for (int k = 0; k < inner; k++) o[out + k] = Tensor.wrap(t, Elementwise.integerBinary(op, o[out + k], a[in + k], t));
                    }
                }
            }
            case COMPLEX -> throw new IllegalStateException("complex reductions take the transposed path"); // excluded by the caller
        }
    }

    /** acc[i] = op(...op(op(acc[i], x[i*r]), x[i*r+1])..., x[i*r+r-1]) with per-step rounding. */
    private static void combineRuns(Tensor x, Tensor acc, int m, int r, Elementwise.Binary op) {
        ElementType t = x.type();
        switch (x.storage()) {
            case FLOAT -> {
                float[] a = x.floats(), o = acc.floats();
                boolean f32 = t == ElementType.F32;
                int i = 0;
                if (f32 && r < 64) i = combineShortRowsF32(op, a, o, m, r);
                for (; i < m; i++) {
                    float s = o[i];
                    int base = i * r;
                    if (f32 && op == Elementwise.Binary.ADD) {
                        s = sumF32(s, a, base, r);
                    } else if (f32) {
                        for (int j = 0; j < r; j++) s = (float) Elementwise.realBinary(op, s, a[base + j], t);
                    } else {
                        for (int j = 0; j < r; j++) s = Tensor.roundFloat(t, Elementwise.realBinary(op, s, a[base + j], t));
                    }
                    o[i] = s;
                }
            }
            case DOUBLE -> {
                double[] a = x.doubles(), o = acc.doubles();
                for (int i = 0; i < m; i++) {
                    double s = o[i];
                    for (int j = 0; j < r; j++) s = Elementwise.realBinary(op, s, a[i * r + j], t);
                    o[i] = s;
                }
            }
            case INTEGER -> {
                long[] a = x.longs(), o = acc.longs();
                for (int i = 0; i < m; i++) {
                    long s = o[i];
                    for (int j = 0; j < r; j++) s = Tensor.wrap(t, Elementwise.integerBinary(op, s, a[i * r + j], t));
                    o[i] = s;
                }
            }
            case COMPLEX -> {
                // rare: go through the general elementwise kernel one step at a time
                for (int i = 0; i < m; i++) {
                    Tensor s = acc.element(i);
                    for (int j = 0; j < r; j++) s = Elementwise.binary(op, s, x.element(i * r + j), t);
                    acc.copyElement(s, 0, i);
                }
            }
        }
    }

    public record Window(int[] dimensions, int[] strides, int[] baseDilations, int[] windowDilations, int[][] padding) {
        /** Defaults of the spec for absent attributes: strides/dilations 1, no padding. */
        public static Window of(int[] dimensions, Optional<int[]> strides, Optional<int[]> baseDilations,
                                Optional<int[]> windowDilations, Optional<int[][]> padding) {
            int r = dimensions.length;
            int[] ones = new int[r];
            Arrays.fill(ones, 1);
            return new Window(dimensions, strides.orElse(ones), baseDilations.orElse(ones),
                    windowDilations.orElse(ones), padding.orElse(new int[r][2]));
        }
    }

    public static List<Tensor> reduceWindow(List<Tensor> inputs, List<Tensor> inits, Window w,
                                            ScalarFunction body, Optional<Elementwise.Binary> knownBody) {
        if (inputs.size() == 1 && knownBody.isPresent()) {
            Optional<Tensor> scan = Scan.of(inputs.getFirst(), inits.getFirst(), w, knownBody.get());
            if (scan.isPresent()) return List.of(scan.get());
        }
        int rank = inputs.getFirst().rank();
        int[] low = new int[rank], high = new int[rank], interior = new int[rank];
        for (int d = 0; d < rank; d++) {
            low[d] = w.padding[d][0];
            high[d] = w.padding[d][1];
            interior[d] = w.baseDilations[d] - 1;
        }
        List<Tensor> padded = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) padded.add(Layout.pad(inputs.get(i), inits.get(i), low, high, interior));
        int[] ps = padded.getFirst().shape();
        int[] resultShape = new int[rank];
        for (int d = 0; d < rank; d++) {
            int dilated = (w.dimensions[d] - 1) * w.windowDilations[d] + 1;
            resultShape[d] = ps[d] < dilated ? 0 : (ps[d] - dilated) / w.strides[d] + 1;
        }
        // Gather every window into [result elements, window elements] and reduce its last axis.
        int windowSize = Shapes.size(w.dimensions);
        int[] pStrides = Shapes.strides(ps);
        int[] gatheredShape = Shapes.concat(resultShape, w.dimensions);
        int[] source = Layout.sourceMap(gatheredShape, idx -> {
            int s = 0;
            for (int d = 0; d < rank; d++) s += (idx[d] * w.strides[d] + idx[rank + d] * w.windowDilations[d]) * pStrides[d];
            return s;
        });
        int[] windowDims = new int[rank];
        for (int d = 0; d < rank; d++) windowDims[d] = rank + d;
        List<Tensor> windows = new ArrayList<>();
        for (Tensor p : padded) windows.add(p.select(gatheredShape, source));
        if (windowSize == 0) {
            List<Tensor> out = new ArrayList<>();
            for (Tensor init : inits) out.add(init.fill(resultShape));
            return out;
        }
        return reduce(windows, inits, windowDims, body, knownBody);
    }

    /**
     * For each window of the operand, {@code select} picks one element (the first for which
     * select(current, candidate) is false replaces it); the matching source element is then
     * scattered into a result initialised with {@code init}. Padding positions are never selected.
     */
    public static Tensor selectAndScatter(Tensor operand, Tensor source, Tensor init, Window w,
                                          ScalarFunction select, ScalarFunction scatter) {
        int rank = operand.rank();
        int[] os = operand.shape();
        int[] oStrides = Shapes.strides(os);
        Tensor result = init.fill(os);
        int[] srcShape = source.shape();
        int n = source.size();
        if (n == 0) return result;
        int[] srcIdx = new int[rank];
        int[] win = new int[rank];
        int flat = 0;
        do {
            int selected = -1;
            Tensor best = null;
            Arrays.fill(win, 0);
            do {
                int pos = 0;
                boolean inside = true;
                for (int d = 0; d < rank; d++) {
                    int p = srcIdx[d] * w.strides[d] + win[d] * w.windowDilations[d] - w.padding[d][0];
                    if (p < 0 || p >= os[d]) { inside = false; break; }
                    pos += p * oStrides[d];
                }
                if (!inside) continue;
                Tensor candidate = operand.element(pos);
                if (best == null || !select.apply(List.of(best, candidate)).getFirst().isTrue()) {
                    best = candidate;
                    selected = pos;
                }
            } while (Shapes.next(win, w.dimensions));
            if (selected >= 0) {
                Tensor combined = scatter.apply(List.of(result.element(selected), source.element(flat))).getFirst();
                result.copyElement(combined, 0, selected);
            }
            flat++;
        } while (Shapes.next(srcIdx, srcShape));
        return result;
    }
}
