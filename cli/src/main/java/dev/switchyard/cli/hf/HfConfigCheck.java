package dev.switchyard.cli.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the {@code config.json} beside a checkpoint with what the model computes (as
 * {@link HfConfig} derives it): weights can fit a model whose capacity, norm epsilon or
 * relative-position distance differ from the checkpoint's, and it would then not compute what
 * transformers computes. Each difference is a note, not an error: a different capacity or
 * dropout is a legitimate choice when fine-tuning.
 */
public final class HfConfigCheck {
    private HfConfigCheck() {}

    static final long MAX_CONFIG_BYTES = 10L * 1024 * 1024;

    /** Keys that describe neither the computation nor the weights' layout. */
    private static final Set<String> NOT_COMPARED = Set.of("architectures", "torch_dtype", "pad_token_id", "eos_token_id",
            "decoder_start_token_id");

    public static List<String> differences(Path configFile, HfConfig ours) throws HfException {
        JsonNode theirs = read(configFile);
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : ours.json().properties()) {
            String key = e.getKey();
            JsonNode their = theirs.get(key);
            if (NOT_COMPARED.contains(key) || their == null || their.isNull()) continue;
            if (!same(e.getValue(), their)) {
                notes.add(configFile.getFileName() + " has " + key + " " + their + ", the model " + e.getValue()
                        + ": the imported model will not compute exactly what transformers does");
            }
        }
        return notes;
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            double x = a.doubleValue(), y = b.doubleValue();
            return x == y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
        }
        return a.equals(b);
    }

    private static JsonNode read(Path file) throws HfException {
        try {
            long size = Files.size(file);
            if (size > MAX_CONFIG_BYTES) throw new HfException(file + ": " + size + " bytes, more than a config.json may have");
            JsonNode root = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (root == null || !root.isObject()) throw new HfException(file + ": expected a JSON object");
            return root;
        } catch (JsonProcessingException e) {
            throw HfException.invalidJson(file, e);
        } catch (CharacterCodingException e) {
            throw new HfException(file + ": not UTF-8 text");
        } catch (HfException e) {
            throw e;
        } catch (IOException e) {
            throw new HfException(file + ": cannot be read: " + e.getMessage());
        }
    }
}
