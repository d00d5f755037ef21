package dev.switchyard.cli.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

    @TempDir Path dir;

    /** A file assembled byte by byte from the format description, not by our writer. */
    @Test
    void readsHandBuiltFile() throws IOException {
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[8,12]},"
                + "\"step\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[12,20]}}";
        byte[] data = {
                0, 0, (byte) 0x80, 0x3F,       // 1.0f
                0, 0, 0, (byte) 0xC0,          // -2.0f
                (byte) 0x80, 0x3F,             // bf16 1.0
                0, 0x3F,                       // bf16 0.5
                7, 0, 0, 0, 0, 0, 0, 0};       // i64 7
        Path file = write(header, data);

        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(List.of("w", "b", "step"), f.entries().stream().map(SafetensorsEntry::name).toList());
            assertEquals(Map.of("format", "pt"), f.metadata());
            HostTensor w = f.read("w");
            assertEquals(ElementType.F32, w.elementType());
            assertArrayEquals(new long[] {2}, w.shape());
            ByteBuffer wb = ByteBuffer.wrap(w.data()).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(1.0f, wb.getFloat());
            assertEquals(-2.0f, wb.getFloat());
            HostTensor b = f.read("b");
            assertEquals(ElementType.BF16, b.elementType());
            assertArrayEquals(new long[] {1, 2}, b.shape());
            // bf16 is the top half of an f32: widen and compare with the values the bytes encode
            ByteBuffer bb = ByteBuffer.wrap(b.data()).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(1.0f, Float.intBitsToFloat((bb.getShort() & 0xFFFF) << 16));
            assertEquals(0.5f, Float.intBitsToFloat((bb.getShort() & 0xFFFF) << 16));
            HostTensor step = f.read("step");
            assertEquals(0, step.rank());
            assertEquals(7L, ByteBuffer.wrap(step.data()).order(ByteOrder.LITTLE_ENDIAN).getLong());
        }
    }

    @Test
    void roundTripsEveryDtypeThroughTheWriter() throws IOException {
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        int seed = 1;
        for (SafetensorsDtype d : SafetensorsDtype.values()) {
            ElementType t = d.elementType();
            long[] shape = {3, 2};
            byte[] bytes = new byte[6 * t.byteSize()];
            for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (seed++ * 37);
            if (t == ElementType.I1) for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (i % 2);
            tensors.put("encoder.layer_0." + d.name().toLowerCase(), new HostTensor(t, shape, bytes));
        }
        tensors.put("empty", HostTensor.zeros(ElementType.F32, 0, 4));
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of("producer", "switchyard"));

        byte[] raw = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(raw, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "header padded to 8 bytes");
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(tensors, f.readAll());
            assertEquals(Map.of("producer", "switchyard"), f.metadata());
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void writerRefusesTypesTheFormatCannotHold() {
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("packed", HostTensor.zeros(ElementType.I4, 2));
        SafetensorsException e = assertThrows(SafetensorsException.class,
                () -> SafetensorsWriter.write(dir.resolve("x.safetensors"), tensors, Map.of()));
        assertTrue(e.getMessage().contains("'packed'") && e.getMessage().contains("i4"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("x.safetensors")));
    }

    @Test
    void unknownTensorNameIsNamed() throws IOException {
        Path file = write("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[] {5});
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(5, f.read("a").data()[0]);
            assertMessage(assertThrows(SafetensorsException.class, () -> f.read("b")), "no tensor named 'b'");
        }
    }

    // ---- hostile files: every one must fail with a message, before allocating what it claims ----

    @Test
    void headerLengthPastTheEnd() throws IOException {
        Path file = writeRaw(1L << 40, "{}".getBytes(StandardCharsets.UTF_8));
        assertMessage(open(file), "header length 1099511627776 is past the end of the file");
    }

    @Test
    void headerLengthThatIsNegativeAsSigned() throws IOException {
        Path file = writeRaw(-8, "{}".getBytes(StandardCharsets.UTF_8));
        assertMessage(open(file), "header length 18446744073709551608 is past the end");
    }

    @Test
    void fileShorterThanTheLengthPrefix() throws IOException {
        Path file = dir.resolve("short.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertMessage(open(file), "file is 3 bytes");
    }

    @Test
    void hugeShapeOverflows() throws IOException {
        Path file = write("{\"x\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,4]}}", new byte[4]);
        assertMessage(open(file), "tensor 'x': shape [4294967296, 4294967296] is too large");
    }

    @Test
    void shapeThatDisagreesWithOffsets() throws IOException {
        Path file = write("{\"x\":{\"dtype\":\"F32\",\"shape\":[1000000000],\"data_offsets\":[0,4]}}", new byte[4]);
        assertMessage(open(file), "tensor 'x': F32[1000000000] needs 4000000000 bytes but data_offsets [0, 4] span 4");
    }

    @Test
    void negativeDimension() throws IOException {
        Path file = write("{\"x\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]);
        assertMessage(open(file), "tensor 'x': shape[0] = -1 is negative");
    }

    @Test
    void negativeOffset() throws IOException {
        Path file = write("{\"x\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[-4,0]}}", new byte[4]);
        assertMessage(open(file), "tensor 'x': data_offsets[0] = -4 is negative");
    }

    @Test
    void offsetsPastTheEnd() throws IOException {
        Path file = write("{\"x\":{\"dtype\":\"F32\",\"shape\":[1073741824],\"data_offsets\":[0,4294967296]}}", new byte[4]);
        assertMessage(open(file), "tensor 'x': data_offsets [0, 4294967296] are past the end of the data (4 bytes");
    }

    @Test
    void truncatedData() throws IOException {
        Path good = write("{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[16]);
        byte[] all = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 5));
        assertMessage(open(cut), "tensor 'x': data_offsets [0, 16] are past the end of the data (11 bytes; the file is truncated");
    }

    @Test
    void truncatedHeader() throws IOException {
        Path file = dir.resolve("cut.safetensors");
        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(
                write("{\"x\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1])), 20));
        assertMessage(open(file), "is past the end of the file");
    }

    @Test
    void overlappingTensors() throws IOException {
        Path file = write("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[2,6]}}", new byte[6]);
        assertMessage(open(file), "tensors 'a' and 'b' overlap (bytes 2 to 4)");
    }

    @Test
    void holeInTheData() throws IOException {
        Path file = write("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[4,6]}}", new byte[6]);
        assertMessage(open(file), "data bytes 2 to 4 belong to no tensor (before 'b')");
    }

    @Test
    void unsupportedDtypeIsNamed() throws IOException {
        Path file = write("{\"q\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]);
        assertMessage(open(file), "tensor 'q': unsupported dtype 'F8_E4M3'");
    }

    @Test
    void duplicateTensorName() throws IOException {
        Path file = write("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]);
        assertMessage(open(file), "Duplicate field 'a'");
    }

    @Test
    void notJson() throws IOException {
        Path file = write("{not json", new byte[0]);
        assertMessage(open(file), "header is not valid JSON");
    }

    /** export --weights DIR died with "internal error: java.io.IOException: Is a directory" at the first read. */
    @Test
    void aDirectoryIsNamedNotRead() throws IOException {
        assertMessage(open(Files.createDirectories(dir.resolve("d.safetensors"))), "d.safetensors: is a directory, not a safetensors file");
    }

    private SafetensorsException open(Path file) {
        return assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(file).close());
    }

    private static void assertMessage(Exception e, String expected) {
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
    }

    private Path write(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(h);
        out.write(data);
        return writeRaw(h.length, out.toByteArray());
    }

    private int files;

    private Path writeRaw(long headerLength, byte[] rest) throws IOException {
        Path file = dir.resolve("f" + (files++) + ".safetensors");
        ByteBuffer b = ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLength).put(rest);
        Files.write(file, b.array());
        return file;
    }
}
