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

    /**
     * Parses {@code checkpoint.json}; anything missing, of the wrong JSON type or out of range is an
     * {@link IOException} naming the field (a hand-edited file must not resume with a default in
     * place of what it meant, nor crash the loader).
     */
    public static CheckpointInfo parse(String text) throws IOException {
        JsonNode o = JSON.readTree(text);
        if (o == null || !o.isObject()) throw new IOException("not a JSON object");
        long version = integer(o, "format_version");
        if (version != FORMAT_VERSION) throw new IOException("format_version " + version + ", this switchyard reads " + FORMAT_VERSION);
        JsonNode key = need(o, "next_rng_key");
        if (!key.isArray() || key.size() != 2 || !isLong(key.get(0)) || !isLong(key.get(1))) {
            throw new IOException("'next_rng_key' is not an array of two integers");
        }
        Map<String, FileDigest> files = new LinkedHashMap<>();
        for (var e : object(o, "files").properties()) {
            files.put(e.getKey(), new FileDigest(integer(e.getValue(), "bytes"), text(e.getValue(), "sha256")));
        }
        JsonNode model = object(o, "model");
        return new CheckpointInfo(natural(o, "step"), natural(o, "data_position"), integer(o, "seed"),
                new long[] {key.get(0).longValue(), key.get(1).longValue()}, map(object(o, "optimizer")), map(object(o, "schedule")),
                text(model, "name"), text(model, "source_sha256"), tensors(o, "parameters"),
                tensors(o, "optimizer_state"), files, objective(o.get("distillation")));
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
        return new TrainObjective.Distilled(text(teacher, "file"), text(teacher, "name"),
                text(teacher, "graph_sha256"), text(teacher, "source_sha256"),
                text(d, "teacher_weights_sha256"), alpha.asDouble(), t);
    }

    private static JsonNode need(JsonNode o, String field) throws IOException {
        JsonNode v = o.isObject() ? o.get(field) : null;
        if (v == null || v.isNull()) throw new IOException("no '" + field + "'");
        return v;
    }

    private static boolean isLong(JsonNode v) { return v != null && v.isIntegralNumber() && v.canConvertToLong(); }

    /** A whole number (not a string, not 3.5, not past 64 bits). */
    private static long integer(JsonNode o, String field) throws IOException {
        JsonNode v = need(o, field);
        if (!isLong(v)) throw new IOException("'" + field + "' is " + v + ", not an integer");
        return v.longValue();
    }

    private static long natural(JsonNode o, String field) throws IOException {
        long v = integer(o, field);
        if (v < 0) throw new IOException("'" + field + "' is " + v + ", not a count (0 or more)");
        return v;
    }

    private static String text(JsonNode o, String field) throws IOException {
        JsonNode v = need(o, field);
        if (!v.isTextual()) throw new IOException("'" + field + "' is " + v + ", not a string");
        return v.textValue();
    }

    private static JsonNode object(JsonNode o, String field) throws IOException {
        JsonNode v = need(o, field);
        if (!v.isObject()) throw new IOException("'" + field + "' is not a JSON object");
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JsonNode n) {
        return JSON.convertValue(n, LinkedHashMap.class);
    }

    private static List<Tensor> tensors(JsonNode o, String field) throws IOException {
        JsonNode a = need(o, field);
        if (!a.isArray()) throw new IOException("'" + field + "' is not a JSON array");
        List<Tensor> out = new ArrayList<>();
        for (JsonNode n : a) {
            JsonNode s = need(n, "shape");
            if (!s.isArray()) throw new IOException(field + ": 'shape' is not an array of sizes");
            List<Long> shape = new ArrayList<>();
            for (JsonNode d : s) {
                if (!isLong(d) || d.longValue() < 0) throw new IOException(field + ": shape " + s + " is not a list of sizes (0 or more)");
                shape.add(d.longValue());
            }
            out.add(new Tensor(text(n, "path"), text(n, "dtype"), shape));
        }
        return out;
    }
}
