package dev.switchyard.dsl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The source texts a run has read, by the file name used in spans. */
public final class SourceSet {
    private final Map<String, String> texts = new LinkedHashMap<>();

    public void add(String file, String text) { texts.put(file, text); }

    public Optional<String> text(String file) { return Optional.ofNullable(texts.get(file)); }

    /** The text of line {@code line} (1-based) of {@code file}, without its newline. */
    public Optional<String> line(String file, int line) {
        String t = texts.get(file);
        if (t == null || line < 1) return Optional.empty();
        int start = 0;
        for (int i = 1; i < line; i++) {
            int nl = t.indexOf('\n', start);
            if (nl < 0) return Optional.empty();
            start = nl + 1;
        }
        int end = t.indexOf('\n', start);
        String s = end < 0 ? t.substring(start) : t.substring(start, end);
        if (s.endsWith("\r")) s = s.substring(0, s.length() - 1);
        return Optional.of(s);
    }
}
