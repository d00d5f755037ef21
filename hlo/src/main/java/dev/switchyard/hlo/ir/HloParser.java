package dev.switchyard.hlo.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads StableHLO text — generic form, pretty form, or a mix — into a {@link ModuleOp}. Every syntax
 * error is an {@link HloParseException} with line and column; no other exception escapes for any
 * input, including deeply nested or truncated text.
 */
public final class HloParser {
    private HloParser() {}

    /** The marker line {@code --split-input-file} splits on, as MLIR tools use it. */
    public static final String SPLIT_MARKER = "// -----";

    /** One piece of a split file: its text and the line of the file it starts on (1-based). */
    public record Piece(String text, int firstLine) {}

    public static ModuleOp parse(String text, String file) throws HloParseException {
        return parse(text, file, 1);
    }

    /** Parses text that starts at line {@code firstLine} of {@code file} (for split files). */
    public static ModuleOp parse(String text, String file, int firstLine) throws HloParseException {
        Cursor c = new Cursor(text, file, firstLine);
        try {
            return new OpParser(c).module();
        } catch (Cursor.Failure f) {
            throw c.toException(f);
        } catch (StackOverflowError e) {
            // Nesting is bounded well below the stack's depth; this is a last line of defence.
            throw new HloParseException(file, firstLine, 1, "input nests too deeply");
        } catch (RuntimeException e) {
            throw new HloParseException(file, c.location(c.pos).line(), c.location(c.pos).column(),
                    "cannot parse here: " + e.getMessage());
        }
    }

    /** Splits at lines that are exactly {@value #SPLIT_MARKER} (trailing blanks allowed). */
    /** Whether the parser reads {@code opName} in custom (pretty) form: an op this tool knows by name. */
    public static boolean hasCustomForm(String opName) { return PrettySyntax.forName(opName) != null; }

    public static List<Piece> split(String text) {
        List<Piece> pieces = new ArrayList<>();
        int line = 1;
        int pieceLine = 1;
        int pieceStart = 0;
        int i = 0;
        while (i <= text.length()) {
            int nl = text.indexOf('\n', i);
            int lineEnd = nl < 0 ? text.length() : nl;
            if (text.substring(i, lineEnd).strip().equals(SPLIT_MARKER)) {
                pieces.add(new Piece(text.substring(pieceStart, i), pieceLine));
                pieceStart = nl < 0 ? text.length() : nl + 1;
                pieceLine = line + 1;
            }
            if (nl < 0) break;
            i = nl + 1;
            line++;
        }
        pieces.add(new Piece(text.substring(pieceStart), pieceLine));
        return pieces;
    }
}
