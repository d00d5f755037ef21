package dev.switchyard.cli.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * {@code LOG_DIR/metrics.jsonl}: one JSON object per logged step ({@code {"step": N, "loss": …,
 * …}}), appended, so a resumed run continues the same file; each line is flushed as written.
 * Non-finite values are written as strings ({@code "NaN"}, {@code "Infinity"}), JSON having no number for them.
 */
public final class MetricsLog implements AutoCloseable {
    public static final String FILE_NAME = "metrics.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BufferedWriter out;

    private MetricsLog(BufferedWriter out) { this.out = out; }

    public static MetricsLog open(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new MetricsLog(Files.newBufferedWriter(dir.resolve(FILE_NAME), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    /** One line; {@code kind} is "train" or "eval". */
    public void write(long step, String kind, Map<String, Double> values) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("step", step);
        o.put("kind", kind);
        for (Map.Entry<String, Double> e : values.entrySet()) {
            double v = e.getValue();
            if (Double.isFinite(v)) o.put(e.getKey(), v);
            else o.put(e.getKey(), Double.toString(v));
        }
        out.write(JSON.writeValueAsString(o));
        out.newLine();
        out.flush();
    }

    @Override
    public void close() throws IOException { out.close(); }
}
