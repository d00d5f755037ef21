package dev.switchyard.hlo.tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * numpy {@code .npy} files (format versions 1.0, 2.0 and 3.0; little-endian; C order).
 *
 * <p>numpy has no bf16, i2, i4, ui2 or ui4: bf16 is written as float32 (exact) and i2/i4 (ui2/ui4)
 * as int8 (uint8); reading with an expected type converts back (bf16 from float32 with
 * round-to-nearest-even, narrow integers with a range check). Every size in a header is checked
 * against the bytes actually present before anything the size of the data is allocated.
 */
public final class Npy {
    private Npy() {}

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy itself refuses headers past this size; anything larger is not an .npy file we wrote. */
    static final int MAX_HEADER_BYTES = 1 << 20;
    private static final int PREAMBLE_BYTES = 8;

    /** A malformed or unsupported {@code .npy} file; the message says what and where. */
    public static final class NpyFormatException extends IOException {
        public NpyFormatException(String message) { super(message); }
    }

    // ---------------------------------------------------------------- writing

    public static void write(Path path, HostTensor tensor) throws IOException {
        Files.write(path, toBytes(tensor));
    }

    public static byte[] toBytes(HostTensor tensor) {
        HostTensor stored = storable(tensor);
        StringBuilder shape = new StringBuilder("(");
        long[] dims = stored.shape();
        for (int i = 0; i < dims.length; i++) {
            shape.append(dims[i]);
            if (dims.length == 1 || i + 1 < dims.length) shape.append(dims.length == 1 ? "," : ", ");
        }
        shape.append(')');
        String dict = "{'descr': '" + descr(stored.elementType()) + "', 'fortran_order': False, 'shape': " + shape + ", }";
        // Pad with spaces so the data starts on a 64-byte boundary, as numpy does; the header ends in '\n'.
        boolean v2 = dict.length() + 1 + 63 > 0xFFFF;
        int preamble = PREAMBLE_BYTES + (v2 ? 4 : 2);
        int total = ((preamble + dict.length() + 1 + 63) / 64) * 64;
        String header = dict + " ".repeat(total - preamble - dict.length() - 1) + "\n";
        byte[] headerBytes = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(total + stored.data().length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) (v2 ? 2 : 1)).put((byte) 0);
        if (v2) out.putInt(headerBytes.length); else out.putShort((short) headerBytes.length);
        out.put(headerBytes).put(stored.data());
        return out.array();
    }

    /** The tensor converted to a type numpy knows. */
    private static HostTensor storable(HostTensor t) {
        return switch (t.elementType()) {
            case BF16 -> HostTensor.ofDoubles(ElementType.F32, t.shape(), t.toDoubles());
            case I2, I4 -> new HostTensor(ElementType.I8, t.shape(), t.data());
            case UI2, UI4 -> new HostTensor(ElementType.UI8, t.shape(), t.data());
            default -> t;
        };
    }

    private static String descr(ElementType type) {
        return switch (type) {
            case I1 -> "|b1";
            case I8 -> "|i1";
            case UI8 -> "|u1";
            case I16 -> "<i2";
            case I32 -> "<i4";
            case I64 -> "<i8";
            case UI16 -> "<u2";
            case UI32 -> "<u4";
            case UI64 -> "<u8";
            case F16 -> "<f2";
            case F32 -> "<f4";
            case F64 -> "<f8";
            case COMPLEX_F32 -> "<c8";
            case COMPLEX_F64 -> "<c16";
            case BF16, I2, I4, UI2, UI4 -> throw new AssertionError("converted before writing: " + type);
        };
    }

    // ---------------------------------------------------------------- reading

    /** Reads a file with the element type its header names. */
    public static HostTensor read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer pre = ByteBuffer.allocate((int) Math.min(size, PREAMBLE_BYTES + 4)).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, pre, 0);
            Header h = parsePreamble(pre.flip(), size, path.toString());
            ByteBuffer headerText = ByteBuffer.allocate(h.headerLength);
            readFully(ch, headerText, h.headerStart);
            Parsed p = parseHeader(new String(headerText.array(), StandardCharsets.ISO_8859_1), path.toString());
            long dataBytes = checkedDataBytes(p, size - h.dataStart(), path.toString());
            ByteBuffer data = ByteBuffer.allocate((int) dataBytes);
            readFully(ch, data, h.dataStart());
            return new HostTensor(p.type, p.shape, data.array());
        }
    }

    /** Reads a file and converts it to {@code expected} (see the class comment for which conversions exist). */
    public static HostTensor read(Path path, ElementType expected) throws IOException {
        return convertTo(read(path), expected, path.toString());
    }

    public static HostTensor fromBytes(byte[] file, String name) throws NpyFormatException {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        Header h = parsePreamble(b.slice(0, Math.min(file.length, PREAMBLE_BYTES + 4)).order(ByteOrder.LITTLE_ENDIAN), file.length, name);
        Parsed p = parseHeader(new String(file, (int) h.headerStart, h.headerLength, StandardCharsets.ISO_8859_1), name);
        long dataBytes = checkedDataBytes(p, file.length - h.dataStart(), name);
        return new HostTensor(p.type, p.shape, Arrays.copyOfRange(file, (int) h.dataStart(), (int) (h.dataStart() + dataBytes)));
    }

    public static HostTensor fromBytes(byte[] file, String name, ElementType expected) throws NpyFormatException {
        return convertTo(fromBytes(file, name), expected, name);
    }

    private static HostTensor convertTo(HostTensor t, ElementType expected, String name) throws NpyFormatException {
        ElementType found = t.elementType();
        if (found == expected) return t;
        if (expected == ElementType.BF16 && (found == ElementType.F32 || found == ElementType.F64)) {
            return HostTensor.ofDoubles(ElementType.BF16, t.shape(), t.toDoubles());
        }
        boolean narrowSigned = (expected == ElementType.I2 || expected == ElementType.I4) && found == ElementType.I8;
        boolean narrowUnsigned = (expected == ElementType.UI2 || expected == ElementType.UI4) && found == ElementType.UI8;
        if (narrowSigned || narrowUnsigned) {
            long[] values = t.toLongs();
            for (int i = 0; i < values.length; i++) {
                if (!HostTensor.fits(expected, values[i])) {
                    throw new NpyFormatException(name + ": element " + i + " = " + values[i] + " does not fit " + expected);
                }
            }
            return HostTensor.ofLongs(expected, t.shape(), values);
        }
        throw new NpyFormatException(name + ": expected element type " + expected + ", file holds " + found);
    }

    private record Header(int major, long headerStart, int headerLength) {
        long dataStart() { return headerStart + headerLength; }
    }

    private record Parsed(ElementType type, long[] shape) {}

    private static Header parsePreamble(ByteBuffer b, long fileSize, String name) throws NpyFormatException {
        if (b.remaining() < PREAMBLE_BYTES + 2) throw new NpyFormatException(name + ": not an .npy file (only " + fileSize + " bytes)");
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC)) throw new NpyFormatException(name + ": not an .npy file (bad magic string)");
        int major = b.get() & 0xFF;
        int minor = b.get() & 0xFF;
        long headerLength;
        long headerStart;
        switch (major) {
            case 1 -> { headerLength = b.getShort() & 0xFFFF; headerStart = PREAMBLE_BYTES + 2; }
            case 2, 3 -> {
                if (b.remaining() < 4) throw new NpyFormatException(name + ": truncated .npy preamble");
                headerLength = b.getInt() & 0xFFFF_FFFFL;
                headerStart = PREAMBLE_BYTES + 4;
            }
            default -> throw new NpyFormatException(name + ": unsupported .npy format version " + major + "." + minor);
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new NpyFormatException(name + ": header length " + headerLength + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        if (headerStart + headerLength > fileSize) {
            throw new NpyFormatException(name + ": truncated: header of " + headerLength + " bytes but the file has only "
                    + (fileSize - headerStart) + " after the preamble");
        }
        return new Header(major, headerStart, (int) headerLength);
    }

    private static long checkedDataBytes(Parsed p, long available, String name) throws NpyFormatException {
        long count = 1;
        for (long d : p.shape) {
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                throw new NpyFormatException(name + ": shape " + Arrays.toString(p.shape) + " overflows");
            }
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(count, (long) p.type.byteSize());
        } catch (ArithmeticException e) {
            throw new NpyFormatException(name + ": shape " + Arrays.toString(p.shape) + " overflows");
        }
        if (bytes > available) {
            throw new NpyFormatException(name + ": truncated: shape " + Arrays.toString(p.shape) + " of " + p.type
                    + " needs " + bytes + " data bytes, the file has " + available);
        }
        if (bytes > Integer.MAX_VALUE - 16) throw new NpyFormatException(name + ": " + bytes + " bytes is too large for one host tensor");
        if (bytes < available) {
            throw new NpyFormatException(name + ": " + (available - bytes) + " unexpected bytes after the data of shape "
                    + Arrays.toString(p.shape));
        }
        return bytes;
    }

    // ---- the header is a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }

    private static Parsed parseHeader(String text, String name) throws NpyFormatException {
        Map<String, Object> dict = new HeaderReader(text, name).dict();
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shape = dict.get("shape");
        if (!(descr instanceof String d)) throw new NpyFormatException(name + ": header has no 'descr' string");
        if (!(fortran instanceof Boolean f)) throw new NpyFormatException(name + ": header has no 'fortran_order' boolean");
        if (!(shape instanceof long[] s)) throw new NpyFormatException(name + ": header has no 'shape' tuple");
        if (f) throw new NpyFormatException(name + ": Fortran-order arrays are not supported (save with C order)");
        return new Parsed(typeOf(d, name), s);
    }

    private static ElementType typeOf(String descr, String name) throws NpyFormatException {
        if (descr.length() >= 2 && descr.charAt(0) == '>' && !descr.equals(">i1") && !descr.equals(">u1") && !descr.equals(">b1")) {
            throw new NpyFormatException(name + ": big-endian dtype '" + descr + "' is not supported");
        }
        String body = descr.length() >= 2 && "<|=>".indexOf(descr.charAt(0)) >= 0 ? descr.substring(1) : descr;
        return switch (body) {
            case "b1", "?" -> ElementType.I1;
            case "i1" -> ElementType.I8;
            case "u1" -> ElementType.UI8;
            case "i2" -> ElementType.I16;
            case "i4" -> ElementType.I32;
            case "i8" -> ElementType.I64;
            case "u2" -> ElementType.UI16;
            case "u4" -> ElementType.UI32;
            case "u8" -> ElementType.UI64;
            case "f2" -> ElementType.F16;
            case "f4" -> ElementType.F32;
            case "f8" -> ElementType.F64;
            case "c8" -> ElementType.COMPLEX_F32;
            case "c16" -> ElementType.COMPLEX_F64;
            default -> throw new NpyFormatException(name + ": unsupported dtype '" + descr + "'");
        };
    }

    /** A tiny reader for the one dict literal numpy writes; anything else is an error with the offset. */
    private static final class HeaderReader {
        private final String s;
        private final String name;
        private int pos;

        HeaderReader(String s, String name) { this.s = s; this.name = name; }

        Map<String, Object> dict() throws NpyFormatException {
            Map<String, Object> out = new LinkedHashMap<>();
            expect('{');
            while (true) {
                skipSpace();
                if (peek() == '}') { pos++; break; }
                String key = string();
                expect(':');
                skipSpace();
                out.put(key, value());
                skipSpace();
                if (peek() == ',') { pos++; continue; }
                expect('}');
                break;
            }
            return out;
        }

        private Object value() throws NpyFormatException {
            char c = peek();
            if (c == '\'' || c == '"') return string();
            if (c == '(') return tuple();
            if (s.startsWith("True", pos)) { pos += 4; return Boolean.TRUE; }
            if (s.startsWith("False", pos)) { pos += 5; return Boolean.FALSE; }
            throw error("a string, tuple or boolean");
        }

        private long[] tuple() throws NpyFormatException {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ')') { pos++; break; }
                dims.add(dimension());
                skipSpace();
                if (peek() == ',') { pos++; continue; }
                expect(')');
                break;
            }
            if (dims.size() > 64) throw new NpyFormatException(name + ": shape of rank " + dims.size() + " is not supported");
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        private long dimension() throws NpyFormatException {
            int start = pos;
            if (peek() == '-') throw error("a non-negative dimension");
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
            if (pos < s.length() && s.charAt(pos) == 'L') pos++; // Python 2 long suffix
            String digits = s.substring(start, pos).replace("L", "");
            if (digits.isEmpty()) throw error("a dimension");
            if (digits.length() > 18) throw new NpyFormatException(name + ": dimension " + digits + " is too large");
            return Long.parseLong(digits);
        }

        private String string() throws NpyFormatException {
            skipSpace();
            char quote = peek();
            if (quote != '\'' && quote != '"') throw error("a quoted string");
            int end = s.indexOf(quote, pos + 1);
            if (end < 0) throw error("a closing quote");
            String out = s.substring(pos + 1, end);
            pos = end + 1;
            return out;
        }

        private void expect(char c) throws NpyFormatException {
            skipSpace();
            if (peek() != c) throw error("'" + c + "'");
            pos++;
        }

        private char peek() { return pos < s.length() ? s.charAt(pos) : '\0'; }

        private void skipSpace() { while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++; }

        private NpyFormatException error(String expected) {
            String found = pos < s.length() ? "'" + s.charAt(pos) + "'" : "end of header";
            return new NpyFormatException(name + ": bad .npy header at offset " + pos + ": expected " + expected + ", found " + found);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer into, long position) throws IOException {
        long p = position;
        while (into.hasRemaining()) {
            int n = ch.read(into, p);
            if (n < 0) throw new NpyFormatException("unexpected end of file");
            p += n;
        }
    }
}
