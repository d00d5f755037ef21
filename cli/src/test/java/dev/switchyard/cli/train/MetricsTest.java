package dev.switchyard.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {

    @TempDir Path dir;

    // ---- an independent TFRecord + protobuf reader: bitwise CRC32C, generic wire-format decoding

    /** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), bit by bit. */
    static int crc32c(byte[] data, int off, int len) {
        int crc = 0xffffffff;
        for (int i = off; i < off + len; i++) {
            crc ^= data[i] & 0xff;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
        }
        return ~crc;
    }

    static int masked(int crc) { return Integer.rotateRight(crc, 15) + 0xa282ead8; }

    /** A decoded message: field number → values (Long for varint/fixed, byte[] for length-delimited). */
    static Map<Integer, List<Object>> decode(byte[] m) {
        Map<Integer, List<Object>> fields = new LinkedHashMap<>();
        int[] at = {0};
        while (at[0] < m.length) {
            long key = varint(m, at);
            int field = (int) (key >>> 3), wire = (int) (key & 7);
            Object v = switch (wire) {
                case 0 -> varint(m, at);
                case 1 -> { long x = ByteBuffer.wrap(m, at[0], 8).order(ByteOrder.LITTLE_ENDIAN).getLong(); at[0] += 8; yield x; }
                case 5 -> { long x = ByteBuffer.wrap(m, at[0], 4).order(ByteOrder.LITTLE_ENDIAN).getInt(); at[0] += 4; yield x; }
                case 2 -> { int n = (int) varint(m, at); byte[] b = java.util.Arrays.copyOfRange(m, at[0], at[0] + n); at[0] += n; yield b; }
                default -> throw new AssertionError("unexpected wire type " + wire);
            };
            fields.computeIfAbsent(field, f -> new ArrayList<>()).add(v);
        }
        return fields;
    }

    static long varint(byte[] m, int[] at) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int b = m[at[0]++] & 0xff;
            v |= (long) (b & 0x7f) << shift;
            if (b < 0x80) return v;
        }
    }

    static List<byte[]> records(byte[] file) {
        List<byte[]> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            int start = b.position();
            long length = b.getLong();
            assertEquals(masked(crc32c(file, start, 8)), b.getInt(), "length CRC of the record at " + start);
            byte[] data = new byte[(int) length];
            b.get(data);
            assertEquals(masked(crc32c(data, 0, data.length)), b.getInt(), "data CRC of the record at " + start);
            out.add(data);
        }
        return out;
    }

    @Test
    void tensorBoardFileDecodesWithAnIndependentReader() throws Exception {
        Path file;
        try (TensorBoardWriter w = TensorBoardWriter.create(dir, 1_700_000_000.25)) {
            file = w.file();
            Map<String, Double> s1 = new LinkedHashMap<>();
            s1.put("loss", 5.5);
            s1.put("learning_rate", 0.01);
            w.scalars(1, 1_700_000_001.0, s1);
            w.scalars(300, 1_700_000_002.0, Map.of("loss", 2.25));
        }
        assertTrue(file.getFileName().toString().startsWith("events.out.tfevents.1700000000."), file.toString());
        List<byte[]> recs = records(Files.readAllBytes(file));
        assertEquals(3, recs.size());
        Map<Integer, List<Object>> version = decode(recs.get(0));
        assertEquals(1_700_000_000.25, Double.longBitsToDouble((Long) version.get(1).getFirst()));
        assertEquals("brain.Event:2", new String((byte[]) version.get(3).getFirst(), StandardCharsets.UTF_8));

        Map<Integer, List<Object>> e1 = decode(recs.get(1));
        assertEquals(1L, e1.get(2).getFirst());
        assertEquals(1_700_000_001.0, Double.longBitsToDouble((Long) e1.get(1).getFirst()));
        Map<String, Float> values = new LinkedHashMap<>();
        for (Object v : decode((byte[]) e1.get(5).getFirst()).get(1)) {
            Map<Integer, List<Object>> value = decode((byte[]) v);
            values.put(new String((byte[]) value.get(1).getFirst(), StandardCharsets.UTF_8),
                    Float.intBitsToFloat((int) (long) (Long) value.get(2).getFirst()));
        }
        assertEquals(Map.of("loss", 5.5f, "learning_rate", 0.01f), values);
        Map<Integer, List<Object>> e2 = decode(recs.get(2));
        assertEquals(300L, e2.get(2).getFirst()); // a two-byte varint
    }

    @Test
    void maskedCrcAgreesWithTheBitwiseOne() {
        byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xE3069283, crc32c(data, 0, data.length)); // the CRC-32C check value
        assertEquals(masked(0xE3069283), TensorBoardWriter.maskedCrc(data));
    }

    @Test
    void metricsJsonlHasOneObjectPerStep() throws Exception {
        try (MetricsLog log = MetricsLog.open(dir)) {
            log.write(1, "train", Map.of("loss", 3.0));
            log.write(2, "eval", Map.of("loss", Double.NaN));
        }
        List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
        assertEquals(2, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals(1, first.get("step").asLong());
        assertEquals(3.0, first.get("loss").asDouble());
        assertEquals("NaN", new ObjectMapper().readTree(lines.get(1)).get("loss").asText());
    }

    @Test
    void lossSvgIsWellFormedAndPlotsEveryPoint() throws Exception {
        List<LossCurve.Point> train = List.of(new LossCurve.Point(1, 5), new LossCurve.Point(2, 4), new LossCurve.Point(3, 3.5));
        String svg = LossCurve.svg("switch_tiny", train, List.of(new LossCurve.Point(3, 3.8)));
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        String d = ((org.w3c.dom.Element) doc.getElementsByTagName("path").item(0)).getAttribute("d");
        assertEquals(3, d.split("[ML]").length - 1);
        assertEquals(1, doc.getElementsByTagName("circle").getLength());
        // the first point (step 1, the highest loss) is at the left edge and above the last
        String[] pts = d.substring(1).split(" L");
        double y0 = Double.parseDouble(pts[0].split(" ")[1]), y2 = Double.parseDouble(pts[2].split(" ")[1]);
        assertTrue(y0 < y2, d);
        LossCurve.write(dir, svg);
        assertTrue(Files.isRegularFile(dir.resolve("loss.svg")));
    }

    @Test
    void progressIsSilentOffATerminalAndLogsEveryN() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        try (TrainProgress p = new TrainProgress(new PrintStream(out, true), new PrintStream(err, true), 0, 10, 5, false, clock::get)) {
            for (int s = 1; s <= 10; s++) {
                clock.addAndGet(1_000_000_000L);
                p.step(s, 10 - s, 1000);
            }
        }
        assertEquals(0, err.size());
        String[] lines = out.toString().split("\n");
        assertEquals(2, lines.length);
        assertEquals("step 5/10  loss 5.0000  1,000 tokens/s  ETA 5s", lines[0]);
        assertTrue(lines[1].startsWith("step 10/10  loss 0.0000"), lines[1]);
        ByteArrayOutputStream tty = new ByteArrayOutputStream();
        try (TrainProgress p = new TrainProgress(new PrintStream(new ByteArrayOutputStream()), new PrintStream(tty, true), 0, 10, 100, true, clock::get)) {
            p.step(1, 2, 3);
        }
        assertTrue(tty.toString().contains("step 1/10"));
        assertFalse(tty.toString().endsWith("ETA"));
    }
}
