package dev.switchyard.cli.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchyard.cli.safetensors.SafetensorsEntry;
import dev.switchyard.cli.safetensors.SafetensorsFile;
import dev.switchyard.hlo.tensor.HostTensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Hugging Face checkpoint on disk: one {@code model.safetensors}, or shards named by a
 * {@code model.safetensors.index.json} ({@code {"metadata": {...}, "weight_map": {tensor: file}}}).
 * Every shard's header is checked when it is opened (see {@link SafetensorsFile}); the index must
 * name shards in its own directory and agree exactly with what the shards hold.
 */
public final class HfCheckpoint implements AutoCloseable {

    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";
    public static final String CONFIG_FILE = "config.json";

    /** An index lists one line per tensor; real ones are a few hundred KB, so this bound only stops abuse. */
    static final long MAX_INDEX_BYTES = 100L * 1024 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Path source;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> fileOf;
    private final Map<String, SafetensorsEntry> entries;
    private final Optional<Path> config;

    private HfCheckpoint(Path source, List<SafetensorsFile> files, Map<String, SafetensorsFile> fileOf,
                         Map<String, SafetensorsEntry> entries, Optional<Path> config) {
        this.source = source;
        this.files = files;
        this.fileOf = fileOf;
        this.entries = entries;
        this.config = config;
    }

    /**
     * Opens {@code path}: a directory (holding an index or a single {@code model.safetensors}), an
     * index file, or one safetensors file.
     */
    public static HfCheckpoint open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            Path index = path.resolve(INDEX_FILE);
            Path single = path.resolve(SINGLE_FILE);
            Optional<Path> config = Optional.of(path.resolve(CONFIG_FILE)).filter(Files::isRegularFile);
            if (Files.isRegularFile(index)) return sharded(index, config);
            if (Files.isRegularFile(single)) return single(single, config);
            throw new HfException(path + ": no " + INDEX_FILE + " nor " + SINGLE_FILE + " in this directory");
        }
        if (!Files.exists(path)) throw new HfException(path + ": no such file or directory");
        Path dir = path.toAbsolutePath().getParent();
        Optional<Path> config = Optional.ofNullable(dir).map(d -> d.resolve(CONFIG_FILE)).filter(Files::isRegularFile);
        if (path.getFileName().toString().endsWith(".index.json")) return sharded(path, config);
        return single(path, config);
    }

    private static HfCheckpoint single(Path file, Optional<Path> config) throws IOException {
        SafetensorsFile f = SafetensorsFile.open(file);
        Map<String, SafetensorsFile> fileOf = new LinkedHashMap<>();
        Map<String, SafetensorsEntry> entries = new LinkedHashMap<>();
        for (SafetensorsEntry e : f.entries()) {
            fileOf.put(e.name(), f);
            entries.put(e.name(), e);
        }
        return new HfCheckpoint(file, List.of(f), fileOf, Collections.unmodifiableMap(entries), config);
    }

    private static HfCheckpoint sharded(Path index, Optional<Path> config) throws IOException {
        Map<String, String> weightMap = readIndex(index);
        Path dir = index.toAbsolutePath().getParent();
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        List<SafetensorsFile> opened = new ArrayList<>();
        try {
            for (String shard : new java.util.LinkedHashSet<>(weightMap.values())) {
                Path file = dir.resolve(shard);
                if (!Files.isRegularFile(file)) throw new HfException(index + ": shard '" + shard + "' is missing from " + dir);
                SafetensorsFile f = SafetensorsFile.open(file);
                opened.add(f);
                shards.put(shard, f);
            }
            Map<String, SafetensorsFile> fileOf = new LinkedHashMap<>();
            Map<String, SafetensorsEntry> entries = new LinkedHashMap<>();
            List<String> problems = new ArrayList<>();
            for (Map.Entry<String, String> w : weightMap.entrySet()) {
                SafetensorsFile f = shards.get(w.getValue());
                Optional<SafetensorsEntry> e = f.entry(w.getKey());
                if (e.isEmpty()) {
                    problems.add("the index puts '" + w.getKey() + "' in " + w.getValue() + ", which does not hold it");
                    continue;
                }
                fileOf.put(w.getKey(), f);
                entries.put(w.getKey(), e.get());
            }
            for (Map.Entry<String, SafetensorsFile> s : shards.entrySet()) {
                for (SafetensorsEntry e : s.getValue().entries()) {
                    String listed = weightMap.get(e.name());
                    if (!s.getKey().equals(listed)) {
                        problems.add("'" + e.name() + "' in " + s.getKey() + " is "
                                + (listed == null ? "not in the index" : "listed in " + listed + " by the index"));
                    }
                }
            }
            if (!problems.isEmpty()) throw new HfException(index + ": the index and the shards disagree:\n  "
                    + String.join("\n  ", problems.subList(0, Math.min(problems.size(), 20)))
                    + (problems.size() > 20 ? "\n  … and " + (problems.size() - 20) + " more" : ""));
            return new HfCheckpoint(index, List.copyOf(opened), fileOf, Collections.unmodifiableMap(entries), config);
        } catch (IOException | RuntimeException e) {
            for (SafetensorsFile f : opened) f.close();
            throw e;
        }
    }

    /** The index's weight map; its size is checked before it is read, and shard names must stay in its directory. */
    static Map<String, String> readIndex(Path index) throws IOException {
        long size = Files.size(index);
        if (size > MAX_INDEX_BYTES) throw new HfException(index + ": " + size + " bytes, more than the " + MAX_INDEX_BYTES + " an index may have");
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(index, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw HfException.invalidJson(index, e);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new HfException(index + ": not UTF-8 text");
        }
        if (root == null || !root.isObject()) throw new HfException(index + ": expected a JSON object");
        JsonNode map = root.get("weight_map");
        if (map == null || !map.isObject()) throw new HfException(index + ": no \"weight_map\" object");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            if (!e.getValue().isTextual()) throw new HfException(index + ": weight_map[\"" + e.getKey() + "\"] must be a file name");
            String shard = e.getValue().textValue();
            if (shard.isEmpty() || shard.contains("/") || shard.contains("\\") || shard.equals(".") || shard.equals("..")
                    || shard.indexOf('\0') >= 0) {
                throw new HfException(index + ": weight_map[\"" + e.getKey() + "\"] = \"" + shard
                        + "\" is not a file name in the index's directory");
            }
            out.put(e.getKey(), shard);
        }
        if (out.isEmpty()) throw new HfException(index + ": the weight_map is empty");
        return out;
    }

    /** What was opened: the safetensors file or the index. */
    public Path source() { return source; }

    /** The {@code config.json} beside the weights, when there is one. */
    public Optional<Path> config() { return config; }

    /** Every tensor of the checkpoint by name, in index (or header) order. */
    public Map<String, SafetensorsEntry> entries() { return entries; }

    public int shardCount() { return files.size(); }

    /** Every file the checkpoint is read from: the index (if any), each shard, the config. */
    public List<Path> inputFiles() {
        List<Path> out = new java.util.ArrayList<>();
        out.add(source);
        for (SafetensorsFile f : files) out.add(f.path());
        config.ifPresent(out::add);
        return out;
    }

    public HostTensor read(String name) throws IOException {
        SafetensorsFile f = fileOf.get(name);
        if (f == null) throw new HfException(source + ": no tensor named '" + name + "'");
        return f.read(name);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (SafetensorsFile f : files) {
            try {
                f.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }
}
