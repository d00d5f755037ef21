package dev.switchyard.hlo.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.ir.HloParseException;
import dev.switchyard.hlo.ir.HloParser;
import dev.switchyard.hlo.ir.ModuleOp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The verifier runs on whatever the parser accepts, so it must report, never throw: conformance
 * modules with random digits changed (dimension sizes, attribute indices, counts — the things
 * constraints are about) must come back as a list of errors, and never as an "internal" error.
 */
class MutatedModulesNeverCrashTest {

    private static final List<String> PIECES = loadPieces();

    private static List<String> loadPieces() {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(ConformanceSuiteVerifiesTest.suite())) {
            for (Path p : s.filter(f -> f.toString().endsWith(".mlir")).sorted().toList()) {
                for (HloParser.Piece piece : HloParser.split(Files.readString(p))) out.add(piece.text());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Property(tries = 2000)
    void verifierReportsInsteadOfThrowing(@ForAll @IntRange(min = 0, max = 1_000_000) int pieceSeed, @ForAll long mutationSeed) {
        assertTrue(PIECES.size() > 400, "conformance suite not found");
        String text = PIECES.get(pieceSeed % PIECES.size());
        String mutated = mutateDigits(text, new Random(mutationSeed));
        ModuleOp m;
        try {
            m = HloParser.parse(mutated, "mutated.mlir");
        } catch (HloParseException e) {
            return; // the parser's contract, tested with the parser
        }
        List<VerifierError> errors = Verifier.verify(m);
        for (VerifierError e : errors) {
            assertTrue(!e.message().startsWith(Verifier.INTERNAL_ERROR), () -> "verifier bug on:\n" + mutated + "\n" + e.format());
            assertTrue(e.location().isKnown(), () -> "unlocated error " + e.format());
        }
    }

    /**
     * Replaces one to three digits by random digits, on op lines other than constants and checks
     * (whose dense literals must match their types, so mutating them mostly tests the parser).
     */
    static String mutateDigits(String text, Random r) {
        List<Integer> digits = new ArrayList<>();
        int lineStart = 0;
        boolean skipLine = false;
        for (int i = 0; i < text.length(); i++) {
            if (i == lineStart) {
                int end = text.indexOf('\n', i);
                String line = text.substring(i, end < 0 ? text.length() : end);
                skipLine = line.contains("constant") || line.contains("check.") || line.contains("dense<[");
            }
            if (text.charAt(i) == '\n') lineStart = i + 1;
            else if (!skipLine && Character.isDigit(text.charAt(i))) digits.add(i);
        }
        if (digits.isEmpty()) return text;
        StringBuilder sb = new StringBuilder(text);
        int n = 1 + r.nextInt(3);
        for (int k = 0; k < n; k++) {
            int at = digits.get(r.nextInt(digits.size()));
            sb.setCharAt(at, (char) ('0' + r.nextInt(10)));
        }
        return sb.toString();
    }
}
