package dev.switchyard.cli.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * What a user watches while training: on a terminal's stderr a one-line bar (step/N, loss,
 * tokens/s, ETA) redrawn at most ten times a second; and every {@code logEvery} steps a summary
 * line on stdout, so logs and pipes get a plain record without control characters.
 */
public final class TrainProgress implements AutoCloseable {
    private static final int WIDTH = 24;

    private final PrintStream out;
    private final PrintStream err;
    private final long firstStep;
    private final long lastStep;
    private final long logEvery;
    private final boolean terminal;
    private final LongSupplier clock;
    private final long start;
    private long lastDraw;
    private boolean drawn;

    /** Steps {@code firstStep + 1 … lastStep} are to run (a resumed run starts past 0). */
    public TrainProgress(PrintStream out, PrintStream err, long firstStep, long lastStep, long logEvery, boolean terminal, LongSupplier clock) {
        this.out = out;
        this.err = err;
        this.firstStep = firstStep;
        this.lastStep = lastStep;
        this.logEvery = logEvery;
        this.terminal = terminal;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    public static boolean stderrIsTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /** Step {@code step} (1-based) finished with {@code loss}; {@code tokensPerSecond} over the run so far. */
    public void step(long step, double loss, double tokensPerSecond) { step(step, loss, "", tokensPerSecond); }

    /** As above, with {@code detail} (e.g. a loss's parts) after the loss. */
    public void step(long step, double loss, String detail, double tokensPerSecond) {
        long now = clock.getAsLong();
        String eta = eta(step, now);
        if (step % logEvery == 0 || step == lastStep) {
            clear();
            out.println(summary(step, loss, detail, tokensPerSecond, eta));
            out.flush();
        }
        if (terminal && (now - lastDraw >= 100_000_000L || !drawn)) {
            long total = Math.max(1, lastStep - firstStep);
            int filled = (int) (WIDTH * Math.min(step - firstStep, total) / total);
            err.print(String.format(Locale.ROOT, "\rtrain [%s%s] %s", "#".repeat(filled), ".".repeat(WIDTH - filled),
                    summary(step, loss, detail, tokensPerSecond, eta)));
            err.flush();
            drawn = true;
            lastDraw = now;
        }
    }

    String summary(long step, double loss, double tokensPerSecond, String eta) { return summary(step, loss, "", tokensPerSecond, eta); }

    String summary(long step, double loss, String detail, double tokensPerSecond, String eta) {
        return String.format(Locale.ROOT, "step %d/%d  loss %.4f%s  %,.0f tokens/s  ETA %s", step, lastStep, loss, detail, tokensPerSecond, eta);
    }

    private String eta(long step, long now) {
        long done = step - firstStep;
        if (done <= 0) return "?";
        double perStep = (now - start) / 1e9 / done;
        return duration(perStep * (lastStep - step));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }

    /** Removes the bar, so that a following line starts clean. */
    public void clear() {
        if (drawn) {
            err.print("\r\u001b[K");
            err.flush();
            drawn = false;
        }
    }

    @Override
    public void close() { clear(); }
}
