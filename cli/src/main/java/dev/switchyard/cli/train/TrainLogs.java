package dev.switchyard.cli.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's log directory: {@code metrics.jsonl} and a TensorBoard event file, written every step
 * (eval loss under {@code eval/loss}), and at the end the loss curve from all of
 * {@code metrics.jsonl} (earlier runs resumed from included).
 */
public final class TrainLogs implements AutoCloseable {
    private final Path dir;
    private final MetricsLog metrics;
    private final TensorBoardWriter events;

    private TrainLogs(Path dir, MetricsLog metrics, TensorBoardWriter events) {
        this.dir = dir;
        this.metrics = metrics;
        this.events = events;
    }

    public static TrainLogs open(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new TrainLogs(dir, MetricsLog.open(dir), TensorBoardWriter.create(dir, System.currentTimeMillis() / 1000.0));
    }

    public Path directory() { return dir; }

    public void train(long step, Map<String, Double> values) throws IOException {
        metrics.write(step, "train", values);
        events.scalars(step, System.currentTimeMillis() / 1000.0, values);
    }

    public void eval(long step, double loss) throws IOException {
        metrics.write(step, "eval", Map.of("loss", loss));
        events.scalars(step, System.currentTimeMillis() / 1000.0, Map.of("eval/loss", loss));
    }

    /** Writes {@code loss.svg} (and {@code loss.png} when possible) from {@code metrics.jsonl}; returns the files written. */
    public List<Path> lossCurve(String title) throws IOException {
        List<LossCurve.Point> train = new ArrayList<>(), eval = new ArrayList<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<Long, LossCurve.Point> lastTrain = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve(MetricsLog.FILE_NAME))) {
            if (line.isBlank()) continue;
            var o = json.readTree(line);
            if (o == null || !o.has("loss") || !o.get("loss").isNumber()) continue;
            LossCurve.Point p = new LossCurve.Point(o.get("step").asLong(), o.get("loss").asDouble());
            if ("eval".equals(o.path("kind").asText())) eval.add(p);
            else lastTrain.put(p.step(), p); // a step logged twice (a run resumed from before it) keeps its latest value
        }
        train.addAll(lastTrain.values());
        train.sort(java.util.Comparator.comparingLong(LossCurve.Point::step));
        List<Path> out = new ArrayList<>();
        Optional<Path> png = LossCurve.write(dir, LossCurve.svg(title, train, eval));
        out.add(dir.resolve("loss.svg"));
        png.ifPresent(out::add);
        return out;
    }

    @Override
    public void close() throws IOException {
        try (metrics; events) {
            // both closed, the first failure reported
        }
    }
}
