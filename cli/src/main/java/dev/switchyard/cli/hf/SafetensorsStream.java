package dev.switchyard.cli.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.cli.safetensors.SafetensorsDtype;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a safetensors file whose header is known before its data: tensors are asked for one at
 * a time, in order, so converting a multi-gigabyte checkpoint holds one tensor in memory, not
 * all of them. Same format as {@code SafetensorsWriter} (header padded with spaces to 8 bytes),
 * written next to the destination and renamed, so the file appears whole or not at all.
 */
final class SafetensorsStream {
    private SafetensorsStream() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One tensor's header line. */
    record Spec(String name, ElementType type, long[] shape) {
        Spec {
            shape = shape.clone();
        }

        long bytes() { return HostTensor.elementCount(shape) * type.byteSize(); }
    }

    /** Supplies the bytes of each tensor when its turn comes. */
    @FunctionalInterface
    interface Source {
        byte[] bytes(Spec spec) throws IOException;
    }

    static void write(Path file, List<Spec> specs, Map<String, String> metadata, Source source) throws IOException {
        byte[] header = header(specs, metadata);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + file.getFileName(), ".partial");
        try {
            readableByAll(temp);
            try (OutputStream out = Files.newOutputStream(temp)) {
                out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
                out.write(header);
                for (Spec s : specs) {
                    byte[] data = source.bytes(s);
                    if (data.length != s.bytes()) {
                        throw new IllegalStateException(s.name() + ": " + data.length + " bytes for " + s.type() + Arrays.toString(s.shape()));
                    }
                    out.write(data);
                }
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Temporary files are private (0600); a checkpoint should read like any file the user writes. */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // other file systems keep what the temporary file got
        }
    }

    static byte[] header(List<Spec> specs, Map<String, String> metadata) throws HfException {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Spec s : specs) {
            SafetensorsDtype dtype = SafetensorsDtype.of(s.type())
                    .orElseThrow(() -> new HfException("tensor '" + s.name() + "': " + s.type() + " has no safetensors dtype"));
            ObjectNode entry = root.putObject(s.name());
            entry.put("dtype", dtype.name());
            ArrayNode shape = entry.putArray("shape");
            for (long d : s.shape()) shape.add(d);
            entry.putArray("data_offsets").add(offset).add(offset + s.bytes());
            offset += s.bytes();
        }
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }
}
