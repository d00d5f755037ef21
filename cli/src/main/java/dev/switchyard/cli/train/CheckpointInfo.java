package dev.switchyard.cli.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code checkpoint.json}: what a checkpoint directory holds and how to continue from it. Written
 * last, after both safetensors files, with their sizes and SHA-256, so a directory whose files do
 * not match it is detected as corrupt.
 *
 * @param step          train steps done (the step counter's value)
 * @param dataPosition  batches drawn from the training data
 * @param seed          the run's seed (data order, noise masks, dropout keys)
 * @param nextKey       the RNG key the next step uses (derived from seed and step; for reference)
 * @param optimizer     optimizer name and hyper-parameters
 * @param schedule      schedule name and parameters
 * @param model         the model's name
 * @param sourceSha256  SHA-256 of the model spec it was trained from
 * @param parameters    every parameter (path, dtype, shape), in argument order
 * @param optimizerState every optimizer slot, likewise
 * @param files         file name → (bytes, SHA-256)
 * @param objective     {@code "distillation"}: {@code "none"} (a plain run), the setup, or absent (written
 *                      before it was recorded: {@link TrainObjective.Unrecorded})
 */
public record CheckpointInfo(long step, long dataPosition, long seed, long[] nextKey, Map<String, Object> optimizer,
                             Map<String, Object> schedule, String model, String sourceSha256, List<Tensor> parameters,
                             List<Tensor> optimizerState, Map<String, FileDigest> files, TrainObjective objective) {

    public static final String FILE_NAME = "checkpoint.json";
    public static final int FORMAT_VERSION = 1;

    public CheckpointInfo {
        nextKey = nextKey.clone();
        // in the given order (Map.copyOf's differs from JVM to JVM, and checkpoint.json is written in it)
        optimizer = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(optimizer));
        schedule = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(schedule));
        parameters = List.copyOf(parameters);
        optimizerState = List.copyOf(optimizerState);
        files = Map.copyOf(files);
        java.util.Objects.requireNonNull(objective, "objective");
    }

    /** A plain run's. */
    public CheckpointInfo(long step, long dataPosition, long seed, long[] nextKey, Map<String, Object> optimizer,
                          Map<String, Object> schedule, String model, String sourceSha256, List<Tensor> parameters,
                          List<Tensor> optimizerState, Map<String, FileDigest> files) {
        this(step, dataPosition, seed, nextKey, optimizer, schedule, model, sourceSha256, parameters, optimizerState, files,
                new TrainObjective.Plain());
    }

    public record Tensor(String path, String dtype, List<Long> shape) {
        public Tensor { shape = List.copyOf(shape); }

        public String describe() { return path + " " + dtype + shape; }
    }

    public record FileDigest(long bytes, String sha256) {}

    public CheckpointInfo withFiles(Map<String, FileDigest> f) {
        return new CheckpointInfo(step, dataPosition, seed, nextKey, optimizer, schedule, model, sourceSha256, parameters, optimizerState, f, objective);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJson() throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("format_version", FORMAT_VERSION);
        o.put("step", step);
        o.put("data_position", dataPosition);
        o.put("seed", seed);
        o.putArray("next_rng_key").add(nextKey[0]).add(nextKey[1]);
        o.set("optimizer", JSON.valueToTree(optimizer));
        o.set("schedule", JSON.valueToTree(schedule));
        ObjectNode m = o.putObject("model");
        m.put("name", model);
        m.put("source_sha256", sourceSha256);
        o.set("parameters", tensors(parameters));
        o.set("optimizer_state", tensors(optimizerState));
        switch (objective) {
            case TrainObjective.Plain p -> o.put("distillation", NO_DISTILLATION);
            case TrainObjective.Unrecorded u -> { } // as it was read: without the field
            case TrainObjective.Distilled d -> {
                ObjectNode t = o.putObject("distillation");
                t.put("alpha", d.alpha());
                t.put("temperature", d.temperature());
                ObjectNode teacher = t.putObject("teacher");
                teacher.put("file", d.teacherFile());
                teacher.put("name", d.teacherModel());
                teacher.put("graph_sha256", d.teacherGraphSha256());
                teacher.put("source_sha256", d.teacherSourceSha256());
                t.put("teacher_weights_sha256", d.weightsSha256());
            }
        }
        ObjectNode f = o.putObject("files");
        for (var e : new java.util.TreeMap<>(files).entrySet()) {
            f.putObject(e.getKey()).put("bytes", e.getValue().bytes()).put("sha256", e.getValue().sha256());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
    }

    private static ArrayNode tensors(List<Tensor> ts) {
        ArrayNode a = JSON.createArrayNode();
        for (Tensor t : ts) {
            ObjectNode n = a.addObject();
            n.put("path", t.path());
            n.put("dtype", t.dtype());
            ArrayNode s = n.putArray("shape");
            t.shape().forEach(s::add);
        }
        return a;
    }

    /** Parses {@code checkpoint.json}; anything missing or malformed is an {@link IOException} saying what. */
    public static CheckpointInfo parse(String text) throws IOException {
        JsonNode o = JSON.readTree(text);
        if (o == null || !o.isObject()) throw new IOException("not a JSON object");
        int version = need(o, "format_version").asInt();
        if (version != FORMAT_VERSION) throw new IOException("format_version " + version + ", this switchyard reads " + FORMAT_VERSION);
        JsonNode key = need(o, "next_rng_key");
        Map<String, FileDigest> files = new LinkedHashMap<>();
        for (var e : need(o, "files").properties()) {
            files.put(e.getKey(), new FileDigest(need(e.getValue(), "bytes").asLong(), need(e.getValue(), "sha256").asText()));
        }
        JsonNode model = need(o, "model");
        return new CheckpointInfo(need(o, "step").asLong(), need(o, "data_position").asLong(), need(o, "seed").asLong(),
                new long[] {key.get(0).asLong(), key.get(1).asLong()}, map(need(o, "optimizer")), map(need(o, "schedule")),
                need(model, "name").asText(), need(model, "source_sha256").asText(), tensors(need(o, "parameters")),
                tensors(need(o, "optimizer_state")), files, objective(o.get("distillation")));
    }

    /** {@code "distillation"} of a plain run; a checkpoint without the field predates the record. */
    static final String NO_DISTILLATION = "none";

    private static TrainObjective objective(JsonNode d) throws IOException {
        if (d == null || d.isNull()) return new TrainObjective.Unrecorded();
        if (d.isTextual() && d.asText().equals(NO_DISTILLATION)) return new TrainObjective.Plain();
        if (!d.isObject()) throw new IOException("'distillation' is neither \"" + NO_DISTILLATION + "\" nor an object");
        JsonNode alpha = need(d, "alpha"), teacher = need(d, "teacher");
        if (!alpha.isNumber() || !(alpha.asDouble() >= 0 && alpha.asDouble() <= 1)) {
            throw new IOException("distillation: 'alpha' is not a number from 0 to 1");
        }
        // a checkpoint written before temperatures were recorded distilled at T = 1, the only one there was
        JsonNode temperature = d.get("temperature");
        double t = temperature == null ? 1 : temperature.isNumber() ? temperature.asDouble() : Double.NaN;
        if (!(t > 0 && Double.isFinite(t))) throw new IOException("distillation: 'temperature' is not a positive finite number");
        return new TrainObjective.Distilled(need(teacher, "file").asText(), need(teacher, "name").asText(),
                need(teacher, "graph_sha256").asText(), need(teacher, "source_sha256").asText(),
                need(d, "teacher_weights_sha256").asText(), alpha.asDouble(), t);
    }

    private static JsonNode need(JsonNode o, String field) throws IOException {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) throw new IOException("no '" + field + "'");
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JsonNode n) {
        return JSON.convertValue(n, LinkedHashMap.class);
    }

    private static List<Tensor> tensors(JsonNode a) throws IOException {
        List<Tensor> out = new ArrayList<>();
        for (JsonNode n : a) {
            List<Long> shape = new ArrayList<>();
            for (JsonNode d : need(n, "shape")) shape.add(d.asLong());
            out.add(new Tensor(need(n, "path").asText(), need(n, "dtype").asText(), shape));
        }
        return out;
    }
}
