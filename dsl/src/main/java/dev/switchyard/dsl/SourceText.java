package dev.switchyard.dsl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reading a text file the user named (a model spec, an import, a StableHLO file): only a regular
 * file is opened (a FIFO or device would block forever, a directory fails deep in the JDK), and
 * bytes that are not UTF-8 are reported at the line and column of the first bad byte.
 */
public final class SourceText {
    private SourceText() {}

    /** Why a file could not be read as text; {@link #line} is 0 when there is no position. */
    public static final class Unreadable extends IOException {
        public final int line;
        public final int column;

        Unreadable(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }
    }

    /** The file's text; refuses non-regular files and invalid UTF-8 (UTF-16, binary) with the position. */
    public static String read(Path file) throws Unreadable {
        if (Files.isDirectory(file)) throw new Unreadable("is a directory, not a file", 0, 0);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) throw new Unreadable("no such file", 0, 0);
        if (!Files.isRegularFile(file)) {
            throw new Unreadable("is not a regular file (a FIFO, socket or device would be read forever); give a file", 0, 0);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Unreadable("no such file", 0, 0);
        } catch (OutOfMemoryError e) {
            throw new Unreadable("is too large to read into this JVM's heap", 0, 0);
        } catch (IOException e) {
            throw new Unreadable(e.getMessage() == null ? "cannot be read" : e.getMessage().toLowerCase(Locale.ROOT), 0, 0);
        }
        return decode(bytes);
    }

    /** Strict UTF-8 decoding; the first malformed or unmappable byte is reported by line and column. */
    public static String decode(byte[] bytes) throws Unreadable {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            int bad = in.position();
            int line = 1, column = 1;
            out.flip();
            for (int i = 0; i < out.length(); i++) {
                if (out.charAt(i) == '\n') { line++; column = 1; } else if (!Character.isLowSurrogate(out.charAt(i))) column++;
            }
            throw new Unreadable(String.format(Locale.ROOT, "is not UTF-8 text (byte 0x%02x at offset %d)", bytes[bad] & 0xff, bad),
                    line, column);
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }
}
