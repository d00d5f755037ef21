package dev.switchyard.dsl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the diagnostics of a run. Reports at the same span with the same code are kept once
 * (a loop body elaborated twelve times reports its mistake once); after {@code maxErrors} errors
 * further ones are dropped and a last note says so.
 */
public final class Diagnostics {
    private final List<Diagnostic> list = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private final int maxErrors;
    private int errors;
    private boolean truncated;

    public Diagnostics(int maxErrors) { this.maxErrors = Math.max(1, maxErrors); }

    public void error(String code, SourceSpan span, String message, Diagnostic.Note... notes) {
        add(new Diagnostic(Diagnostic.Severity.ERROR, code, message, span, List.of(notes)));
    }

    public void warning(String code, SourceSpan span, String message, Diagnostic.Note... notes) {
        add(new Diagnostic(Diagnostic.Severity.WARNING, code, message, span, List.of(notes)));
    }

    public void add(Diagnostic d) {
        if (!seen.add(d.code() + "@" + d.span().file() + ":" + d.span().start() + ":" + d.span().end())) return;
        if (d.isError()) {
            if (errors >= maxErrors) { truncated = true; return; }
            errors++;
        }
        list.add(d);
    }

    public boolean hasErrors() { return errors > 0; }

    public int errorCount() { return errors; }

    /** True once the cap is reached: stages stop early then. */
    public boolean full() { return errors >= maxErrors; }

    public List<Diagnostic> all() {
        if (!truncated) return List.copyOf(list);
        List<Diagnostic> out = new ArrayList<>(list);
        out.add(new Diagnostic(Diagnostic.Severity.ERROR, "E000",
                "too many errors; stopped after " + maxErrors, SourceSpan.NONE, List.of()));
        return List.copyOf(out);
    }
}
