package dev.switchyard.cli.run;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr for work that takes longer than {@link #DELAY_NANOS}; silent
 * when stderr is not a terminal (logs and pipes get no control characters) and for short work.
 */
public final class ProgressBar implements AutoCloseable {

    static final long DELAY_NANOS = 2_000_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final LongSupplier clock;
    private final long start;
    private boolean drawn;
    private long lastDraw;

    public ProgressBar(PrintStream err, String label, long total, boolean terminal, LongSupplier clock) {
        this.err = err;
        this.label = label;
        this.total = Math.max(1, total);
        this.terminal = terminal;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /** For stderr of this process: a terminal when the JVM has a console on a terminal. */
    public static ProgressBar forStderr(PrintStream err, String label, long total) {
        java.io.Console c = System.console();
        return new ProgressBar(err, label, total, c != null && c.isTerminal(), System::nanoTime);
    }

    public void update(long done) {
        if (!terminal) return;
        long now = clock.getAsLong();
        if (now - start < DELAY_NANOS || (drawn && now - lastDraw < 100_000_000L && done < total)) return;
        int filled = (int) (WIDTH * Math.min(done, total) / total);
        err.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%% %.1fs", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                100 * Math.min(done, total) / total, (now - start) / 1e9));
        err.flush();
        drawn = true;
        lastDraw = now;
    }

    @Override
    public void close() {
        if (drawn) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
