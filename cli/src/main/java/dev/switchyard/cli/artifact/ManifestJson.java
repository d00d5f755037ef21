package dev.switchyard.cli.artifact;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads and writes {@code manifest.json}; reading checks the manifest with {@link ManifestCheck}. */
public final class ManifestJson {
    private ManifestJson() {}

    public static final String FILE_NAME = "manifest.json";

    /** Manifests are small (a line per parameter); anything larger is not one of ours. */
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public static String toJson(Manifest manifest) {
        try {
            return MAPPER.writeValueAsString(manifest) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a manifest record always serialises", e);
        }
    }

    public static void write(Manifest manifest, Path file) throws IOException {
        Files.writeString(file, toJson(manifest));
    }

    /** Reads {@code file} (a manifest, or an artifact directory holding one) and checks it. */
    public static Manifest read(Path file) throws IOException {
        Path path = Files.isDirectory(file) ? file.resolve(FILE_NAME) : file;
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new ManifestException(path + ": no such file");
        }
        if (size > MAX_BYTES) {
            throw new ManifestException(path + ": " + size + " bytes is too large for a manifest (limit " + MAX_BYTES + ")");
        }
        if (size == 0) throw new ManifestException(path + ": empty file (0 bytes); compile the artifact again");
        String text;
        try {
            text = Files.readString(path);
        } catch (CharacterCodingException e) {
            throw new ManifestException(path + ": is not UTF-8 text, so not a manifest");
        }
        return parse(text, path.toString());
    }

    /** Parses and checks manifest text; {@code where} names it in messages. */
    public static Manifest parse(String json, String where) throws ManifestException {
        checkVersionFirst(json, where);
        Manifest m;
        try {
            m = MAPPER.readValue(json, Manifest.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ManifestException(where + location(e.getLocation()) + ": " + path(e) + "unknown field (format_version "
                    + Manifest.FORMAT_VERSION + " has no such field)");
        } catch (JsonMappingException e) {
            throw new ManifestException(where + location(e.getLocation()) + ": " + path(e) + plain(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new ManifestException(where + location(e.getLocation()) + ": not valid JSON: " + e.getOriginalMessage().replaceAll("\\s*\\(from `[^`]*`\\)", ""));
        }
        if (m == null) throw new ManifestException(where + ": empty manifest");
        ManifestCheck.check(m, where);
        return m;
    }

    /**
     * Another format version is reported as such, not as the first field that version lacks or
     * adds (a version-1 artifact has no {@code entry}); malformed JSON is left to the full parse.
     */
    private static void checkVersionFirst(String json, String where) throws ManifestException {
        com.fasterxml.jackson.databind.JsonNode version;
        try {
            version = MAPPER.readTree(json).get("format_version");
        } catch (JsonProcessingException | RuntimeException e) {
            return;
        }
        if (version != null && version.isInt() && version.intValue() != Manifest.FORMAT_VERSION) {
            throw new ManifestException(where + ": format_version: is " + version.intValue() + "; this switchyard reads version "
                    + Manifest.FORMAT_VERSION + " (compile the artifact again)");
        }
    }

    /** Jackson's messages name Java classes and features; users need only the field. */
    private static String plain(String message) {
        Matcher missing = MISSING.matcher(message);
        if (missing.find()) return "missing field";
        Matcher type = WRONG_TYPE.matcher(message);
        if (type.find()) {
            String first = message.lines().findFirst().orElse("");
            // "Cannot construct instance of `…Manifest$TensorSpec` (although …): no String-argument …" says: an object was expected
            if (first.startsWith("Cannot construct instance")) return "wrong type of value (expected an object)";
            return "wrong type of value (" + first.replaceAll("`[^`]*\\.", "`") + ")";
        }
        return message.lines().findFirst().orElse(message);
    }

    private static final Pattern MISSING = Pattern.compile("^(Missing creator property|Null value for creator property)");
    private static final Pattern WRONG_TYPE = Pattern.compile("^Cannot (deserialize|coerce|construct instance)");

    private static String location(JsonLocation l) {
        return l == null || l.getLineNr() < 0 ? "" : ":" + l.getLineNr() + ":" + l.getColumnNr();
    }

    private static String path(JsonMappingException e) {
        if (e.getPath().isEmpty()) return "";
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[") + ": ";
    }
}
