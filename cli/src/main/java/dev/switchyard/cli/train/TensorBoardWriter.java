package dev.switchyard.cli.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A TensorBoard event file ({@code events.out.tfevents.TIME.HOST.PID}) of scalars: TFRecord
 * framing (u64 LE length, masked CRC32C of it, the data, masked CRC32C of the data) around
 * {@code Event} protos — the first carrying {@code file_version "brain.Event:2"}, then one per
 * step with a {@code Summary} of {@code (tag, simple_value)} pairs. The few fields are framed by
 * hand (field number, wire type) rather than through generated protobuf classes: five fields do
 * not justify a code generator in the build.
 */
public final class TensorBoardWriter implements AutoCloseable {

    // event.proto / summary.proto field numbers
    private static final int EVENT_WALL_TIME = 1, EVENT_STEP = 2, EVENT_FILE_VERSION = 3, EVENT_SUMMARY = 5;
    private static final int SUMMARY_VALUE = 1, VALUE_TAG = 1, VALUE_SIMPLE_VALUE = 2;
    private static final int VARINT = 0, FIXED64 = 1, LENGTH_DELIMITED = 2, FIXED32 = 5;

    private final Path file;
    private final OutputStream out;

    private TensorBoardWriter(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    /** Creates a new event file in {@code dir}, named as TensorBoard expects, and writes its version record. */
    public static TensorBoardWriter create(Path dir, double wallTime) throws IOException {
        Files.createDirectories(dir);
        String host = "localhost";
        try {
            host = java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
        } catch (IOException e) {
            // a name is only a convention; the default keeps the file readable
        }
        String base = String.format("events.out.tfevents.%010d.%s.%d", (long) wallTime, host, ProcessHandle.current().pid());
        Path file = dir.resolve(base);
        java.io.OutputStream stream = null;
        // a second run in the same second and process (tests, a quick resume) gets a suffix: TensorBoard reads every *tfevents* file
        for (int n = 1; stream == null; n++) {
            try {
                stream = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (n > 1000) throw e;
                file = dir.resolve(base + "." + n);
            }
        }
        TensorBoardWriter w = new TensorBoardWriter(file, stream);
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        fixed64(event, EVENT_WALL_TIME, Double.doubleToLongBits(wallTime));
        bytes(event, EVENT_FILE_VERSION, "brain.Event:2".getBytes(StandardCharsets.UTF_8));
        w.record(event.toByteArray());
        return w;
    }

    public Path file() { return file; }

    /** One event at {@code step} holding every scalar of {@code values} (tag → value). */
    public void scalars(long step, double wallTime, Map<String, Double> values) throws IOException {
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            bytes(value, VALUE_TAG, e.getKey().getBytes(StandardCharsets.UTF_8));
            tag(value, VALUE_SIMPLE_VALUE, FIXED32);
            le(value, Float.floatToIntBits(e.getValue().floatValue()) & 0xffffffffL, 4);
            bytes(summary, SUMMARY_VALUE, value.toByteArray());
        }
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        fixed64(event, EVENT_WALL_TIME, Double.doubleToLongBits(wallTime));
        tag(event, EVENT_STEP, VARINT);
        varint(event, step);
        bytes(event, EVENT_SUMMARY, summary.toByteArray());
        record(event.toByteArray());
    }

    /** Writes one TFRecord and flushes it, so a killed run keeps every step logged so far. */
    private void record(byte[] data) throws IOException {
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(length).putInt(maskedCrc(length)).put(data).putInt(maskedCrc(data));
        out.write(b.array());
        out.flush();
    }

    /** TFRecord's masked CRC32C: rotate right by 15, add 0xa282ead8. */
    static int maskedCrc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }

    private static void tag(ByteArrayOutputStream o, int field, int wireType) { varint(o, ((long) field << 3) | wireType); }

    private static void varint(ByteArrayOutputStream o, long v) {
        while ((v & ~0x7fL) != 0) {
            o.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        o.write((int) v);
    }

    private static void fixed64(ByteArrayOutputStream o, int field, long bits) {
        tag(o, field, FIXED64);
        le(o, bits, 8);
    }

    private static void le(ByteArrayOutputStream o, long v, int n) {
        for (int i = 0; i < n; i++) o.write((int) (v >>> (8 * i)) & 0xff);
    }

    private static void bytes(ByteArrayOutputStream o, int field, byte[] data) {
        tag(o, field, LENGTH_DELIMITED);
        varint(o, data.length);
        o.writeBytes(data);
    }

    @Override
    public void close() throws IOException { out.close(); }
}
