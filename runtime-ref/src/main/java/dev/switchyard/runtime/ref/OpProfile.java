package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Self time and work per op name while a profile is being taken ({@link #start()} … {@link #stop()}),
 * for {@code switchyard bench --profile}: which ops take more of the time than their share of the
 * arithmetic. Self time excludes the ops run inside an op's regions (a {@code stablehlo.if}'s
 * branch is charged to the ops in it). Off by default: the interpreter then pays one volatile read
 * per op. One profile at a time, for the thread that runs the interpreter.
 */
public final class OpProfile {
    static volatile OpProfile active;

    private final Map<String, Counter> counters = new HashMap<>();
    /** Time spent in nested ops of the op being timed, to subtract from its own. */
    private long nested;

    /** One op name's totals: {@code flops} counts 2·M·N·K (times batch) for a contraction, else one per result or operand element. */
    public record Row(String op, long calls, long nanos, long flops) {}

    /** One op name's running totals; a planned step keeps its own reference, so recording is a few adds. */
    static final class Counter {
        final String op;
        long calls, nanos, flops;

        Counter(String op) { this.op = op; }
    }

    private OpProfile() {}

    /** Starts a profile of every op the interpreter evaluates from now on. */
    public static synchronized OpProfile start() {
        if (active != null) throw new IllegalStateException("a profile is already being taken");
        OpProfile p = new OpProfile();
        active = p;
        return p;
    }

    /** Stops taking this profile; its rows stay readable. */
    public synchronized void stop() {
        if (active == this) active = null;
    }

    /** The counter of op name {@code op}, made on its first use. */
    synchronized Counter counter(String op) { return counters.computeIfAbsent(op, Counter::new); }

    long enter() {
        long saved = nested;
        nested = 0;
        return saved;
    }

    /**
     * Charges the time since {@code startNanos}, less that of the ops timed inside it, to
     * {@code c}; the whole of it counts as nested time of the op around this one.
     */
    void exit(Counter c, long flops, long startNanos, long savedNested) {
        long elapsed = System.nanoTime() - startNanos;
        c.calls++;
        c.nanos += Math.max(0, elapsed - nested);
        c.flops += flops;
        nested = savedNested + elapsed;
    }

    /** The rows, most time first. */
    public synchronized List<Row> rows() {
        List<Row> out = new ArrayList<>();
        for (Counter c : counters.values()) out.add(new Row(c.op, c.calls, c.nanos, c.flops));
        out.sort(Comparator.comparingLong(Row::nanos).reversed().thenComparing(Row::op));
        return out;
    }

    /** The work an op does, as the profile counts it (see {@link Row}). */
    static long flops(Operation op) {
        return switch (op.name()) {
            case "stablehlo.dot_general" -> contraction(op);
            case "stablehlo.reduce", "stablehlo.reduce_window", "stablehlo.scatter", "stablehlo.sort" -> elements(op.operand(0).type());
            case "stablehlo.constant" -> 0; // materialised once per executable, then shared
            default -> op.numResults() == 0 ? 0 : elements(op.result(0).type());
        };
    }

    /** 2 × result elements × the product of the lhs's contracting dims. */
    private static long contraction(Operation op) {
        long k = 1;
        if (op.attribute("dot_dimension_numbers").orElse(null) instanceof Attribute.DotDimensionNumbers d
                && op.operand(0).type() instanceof Type.TensorType lhs) {
            for (long dim : d.lhsContractingDimensions()) k *= lhs.dim((int) dim);
        }
        return 2 * elements(op.result(0).type()) * k;
    }

    private static long elements(Type t) {
        if (!(t instanceof Type.TensorType tt) || !tt.hasStaticShape()) return 0;
        long n = 1;
        for (int i = 0; i < tt.rank(); i++) n *= tt.dim(i);
        return n;
    }

    /**
     * The profile as a table: per op name its calls, share of the time, share of the work and the
     * ratio of the two (time share / work share; "-" for ops that count no work), most time first.
     */
    public String table() {
        List<Row> all = rows();
        long time = 0, work = 0;
        for (Row r : all) {
            time += r.nanos();
            work += r.flops();
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-34s %9s %10s %8s %8s %9s%n", "op", "calls", "self ms", "time %", "work %", "time/work"));
        for (Row r : all) {
            double ts = time == 0 ? 0 : 100.0 * r.nanos() / time, ws = work == 0 ? 0 : 100.0 * r.flops() / work;
            sb.append(String.format(Locale.ROOT, "  %-34s %9d %10.2f %8.1f %8.1f %9s%n", r.op(), r.calls(), r.nanos() / 1e6, ts, ws,
                    ws == 0 ? "-" : String.format(Locale.ROOT, "%.1f×", ts / ws)));
        }
        List<String> over = new ArrayList<>();
        for (Row r : outliers(all, OUTLIER_RATIO, OUTLIER_SHARE)) {
            over.add(String.format(Locale.ROOT, "%s %.1f×", r.op(), (double) r.nanos() / time / ((double) r.flops() / work)));
        }
        sb.append(String.format(Locale.ROOT, "  over %.0f× their work share with ≥ %.0f %% of the time: %s%n", OUTLIER_RATIO, 100 * OUTLIER_SHARE,
                over.isEmpty() ? "none" : String.join(", ", over)));
        return sb.toString();
    }

    /** The table's line under the rows: ops taking ≥ 2 % of the time at more than 3× their share of the work. */
    static final double OUTLIER_RATIO = 3, OUTLIER_SHARE = 0.02;

    /**
     * The rows taking at least {@code minShare} of the time whose time share is more than
     * {@code ratio} times their work share, most time first: where the time goes beyond the work.
     * Rows that count no work (constants, control flow) are not judged: their ratio has no meaning.
     */
    static List<Row> outliers(List<Row> rows, double ratio, double minShare) {
        long time = 0, work = 0;
        for (Row r : rows) {
            time += r.nanos();
            work += r.flops();
        }
        List<Row> out = new ArrayList<>();
        if (time == 0 || work == 0) return out;
        for (Row r : rows) {
            double ts = (double) r.nanos() / time, ws = (double) r.flops() / work;
            if (r.flops() > 0 && ts >= minShare && ts > ratio * ws) out.add(r);
        }
        out.sort(Comparator.comparingLong(Row::nanos).reversed().thenComparing(Row::op));
        return out;
    }
}
