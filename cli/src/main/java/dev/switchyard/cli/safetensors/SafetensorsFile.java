package dev.switchyard.cli.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchyard.hlo.tensor.HostTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An open safetensors file: the header is read and checked when the file is opened, tensors are
 * read one at a time by name. Layout (huggingface/safetensors): an unsigned little-endian 64-bit
 * header length N, N bytes of UTF-8 JSON mapping tensor names to {@code dtype}, {@code shape} and
 * {@code data_offsets} (plus an optional {@code __metadata__} map of strings), then the data.
 *
 * <p>Every size in the header is checked against the file's real length before anything is
 * allocated, so a hostile header (huge or negative sizes, offsets past the end, overlapping or
 * truncated data) is a {@link SafetensorsException}, never an {@code OutOfMemoryError}.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** The reference implementation refuses headers over 100 MB; so do we, for the same reason. */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    static final String METADATA_KEY = "__metadata__";

    /** A safetensors header nests three deep ({name: {shape: [..]}}); anything far deeper is hostile. */
    static final int MAX_HEADER_NESTING = 32;

    private static final ObjectMapper JSON = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(MAX_HEADER_NESTING).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, SafetensorsEntry> entries;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart,
                            Map<String, SafetensorsEntry> entries, Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Opens and checks {@code path}; the header must describe exactly the data the file holds. */
    public static SafetensorsFile open(Path path) throws IOException {
        // a directory opens for reading on Linux and fails only at the first read, as "IOException: Is a directory"
        if (java.nio.file.Files.isDirectory(path)) throw new SafetensorsException(path + ": is a directory, not a safetensors file");
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new SafetensorsException(path + ": no such file");
        }
        try {
            return readHeader(path, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Where in the file a JSON error is: the header starts at byte 8, and its text is ASCII up to any error worth locating. */
    private static String at(JsonProcessingException e) {
        var loc = e.getLocation();
        if (loc == null) return "";
        long offset = loc.getCharOffset() >= 0 ? loc.getCharOffset() : loc.getByteOffset();
        return offset >= 0 ? " at byte " + (8 + offset) : "";
    }

    private static SafetensorsFile readHeader(Path path, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw error(path, "file is " + fileSize + " bytes; a safetensors file starts with an 8-byte header length");
        }
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, prefix, 0, path);
        long headerLength = prefix.flip().getLong();
        long room = fileSize - 8;
        // An unsigned length over 2^63 reads as negative: it is past the end either way.
        if (headerLength < 0 || headerLength > room) {
            throw error(path, "header length " + Long.toUnsignedString(headerLength)
                    + " is past the end of the file (" + room + " bytes follow the length)");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw error(path, "header length " + headerLength + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        if (headerLength < 2) {
            throw error(path, "header length " + headerLength + " is too short for a JSON object");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(channel, headerBytes, 8, path);
        String headerText;
        try {
            headerText = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBytes.flip()).toString();
        } catch (CharacterCodingException e) {
            throw error(path, "header is not valid UTF-8");
        }
        if (!headerText.startsWith("{")) {
            throw error(path, "header does not start with '{' (not a safetensors file?)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(headerText);
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw error(path, "header nests deeper than " + MAX_HEADER_NESTING + " levels" + at(e) + "; a safetensors header is 3 deep");
        } catch (JsonProcessingException e) {
            // the parser's own words, without its source excerpt and without names of its classes
            throw error(path, "header is not valid JSON" + at(e) + ": " + e.getOriginalMessage().replaceAll("\\s*\\(from `[^`]*`\\)", ""));
        }
        if (root == null || !root.isObject()) {
            throw error(path, "header is not a JSON object");
        }
        long dataLength = room - headerLength;
        Map<String, String> metadata = Map.of();
        Map<String, SafetensorsEntry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = readMetadata(path, field.getValue());
            } else {
                entries.put(field.getKey(), readEntry(path, field.getKey(), field.getValue(), dataLength));
            }
        }
        checkLayout(path, entries.values(), dataLength);
        return new SafetensorsFile(path, channel, 8 + headerLength,
                Collections.unmodifiableMap(entries), metadata);
    }

    private static Map<String, String> readMetadata(Path path, JsonNode node) throws SafetensorsException {
        if (!node.isObject()) throw error(path, METADATA_KEY + " must be an object of strings");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            if (!f.getValue().isTextual()) {
                throw error(path, METADATA_KEY + "." + f.getKey() + " must be a string");
            }
            out.put(f.getKey(), f.getValue().textValue());
        }
        return Collections.unmodifiableMap(out);
    }

    private static SafetensorsEntry readEntry(Path path, String name, JsonNode node, long dataLength)
            throws SafetensorsException {
        String where = "tensor '" + name + "'";
        if (!node.isObject()) throw error(path, where + ": expected an object with dtype, shape and data_offsets");
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) throw error(path, where + ": missing dtype");
        SafetensorsDtype dtype = SafetensorsDtype.parse(dtypeNode.textValue()).orElseThrow(() ->
                error(path, where + ": unsupported dtype '" + dtypeNode.textValue() + "' (supported: "
                        + Arrays.toString(SafetensorsDtype.values()) + ")"));
        long[] shape = readNaturals(path, where, "shape", node.get("shape"), -1);
        long[] offsets = readNaturals(path, where, "data_offsets", node.get("data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw error(path, where + ": data_offsets [" + begin + ", " + end + "] end before they begin");
        }
        if (end > dataLength) {
            throw error(path, where + ": data_offsets [" + begin + ", " + end + "] are past the end of the data ("
                    + dataLength + " bytes; the file is truncated or the offsets are wrong)");
        }
        long bytes;
        try {
            long n = 1;
            for (long d : shape) n = Math.multiplyExact(n, d);
            bytes = Math.multiplyExact(n, (long) dtype.elementType().byteSize());
        } catch (ArithmeticException e) {
            throw error(path, where + ": shape " + Arrays.toString(shape) + " is too large");
        }
        if (bytes != end - begin) {
            throw error(path, where + ": " + dtype + Arrays.toString(shape) + " needs " + bytes
                    + " bytes but data_offsets [" + begin + ", " + end + "] span " + (end - begin));
        }
        return new SafetensorsEntry(name, dtype, shape, begin, end);
    }

    private static long[] readNaturals(Path path, String where, String key, JsonNode node, int length)
            throws SafetensorsException {
        if (node == null || !node.isArray()) throw error(path, where + ": missing " + key + " (an array of integers)");
        if (length >= 0 && node.size() != length) {
            throw error(path, where + ": " + key + " must have " + length + " entries, has " + node.size());
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw error(path, where + ": " + key + "[" + i + "] = " + v + " is not a 64-bit integer");
            }
            if (v.longValue() < 0) {
                throw error(path, where + ": " + key + "[" + i + "] = " + v + " is negative");
            }
            out[i] = v.longValue();
        }
        return out;
    }

    /** The format requires the tensors to tile the data section exactly: no overlap, no hole, no tail. */
    private static void checkLayout(Path path, java.util.Collection<SafetensorsEntry> entries, long dataLength)
            throws SafetensorsException {
        List<SafetensorsEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(SafetensorsEntry::begin).thenComparingLong(SafetensorsEntry::end));
        long next = 0;
        SafetensorsEntry previous = null;
        for (SafetensorsEntry e : sorted) {
            if (e.begin() < next) {
                throw error(path, "tensors '" + previous.name() + "' and '" + e.name() + "' overlap (bytes "
                        + e.begin() + " to " + Math.min(next, e.end()) + ")");
            }
            if (e.begin() > next) {
                throw error(path, "data bytes " + next + " to " + e.begin() + " belong to no tensor (before '" + e.name() + "')");
            }
            next = e.end();
            previous = e;
        }
        if (next != dataLength) {
            throw error(path, "the data section is " + dataLength + " bytes but the tensors cover " + next);
        }
    }

    public Path path() { return path; }

    /** The tensors in header order. */
    public List<SafetensorsEntry> entries() { return List.copyOf(entries.values()); }

    public Optional<SafetensorsEntry> entry(String name) { return Optional.ofNullable(entries.get(name)); }

    /** The free-form {@code __metadata__} strings; empty when the file has none. */
    public Map<String, String> metadata() { return metadata; }

    /** Reads one tensor's bytes; the header was checked at open, so the allocation is what the file holds. */
    public HostTensor read(String name) throws IOException {
        SafetensorsEntry e = entries.get(name);
        if (e == null) throw error(path, "no tensor named '" + name + "'");
        if (e.byteLength() > Integer.MAX_VALUE - 8) {
            throw error(path, "tensor '" + name + "' is " + e.byteLength() + " bytes, more than one host array holds");
        }
        long[] shape = e.shape();
        try {
            HostTensor.elementCount(shape);
        } catch (IllegalArgumentException tooLarge) {
            throw error(path, "tensor '" + name + "': " + tooLarge.getMessage());
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) e.byteLength());
        readFully(channel, buffer, dataStart + e.begin(), path);
        return new HostTensor(e.dtype().elementType(), shape, buffer.array());
    }

    /** Reads every tensor, in header order. */
    public Map<String, HostTensor> readAll() throws IOException {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (String name : entries.keySet()) out.put(name, read(name));
        return out;
    }

    @Override
    public void close() throws IOException { channel.close(); }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path path) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) throw error(path, "file ends early at byte " + at + " (truncated)");
            at += n;
        }
    }

    private static SafetensorsException error(Path path, String message) {
        return new SafetensorsException(path + ": " + message);
    }

}
