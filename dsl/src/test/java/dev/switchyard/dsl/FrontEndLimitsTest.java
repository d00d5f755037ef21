package dev.switchyard.dsl;

import static dev.switchyard.dsl.NegativeDiagnosticsTest.HEADER;
import static dev.switchyard.dsl.NegativeDiagnosticsTest.fwd;
import static dev.switchyard.dsl.NegativeDiagnosticsTest.top;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13: the front end's limits (size arithmetic, elaboration work, graph size, literals) are
 * located errors, one per run, never a silent wrap-around, an exception or an endless check.
 */
class FrontEndLimitsTest {

    /** Three dims of 2^31 - 1 each: any two of them with f32 already pass 2^63 bytes. */
    private static final String HUGE = "dim g1 = 2147483647\ndim g2 = 2147483647\ndim g3 = 2147483647\n";

    record Case(String code, String source, String anchor, String message) {
        @Override public String toString() { return code + " " + message; }
    }

    static Stream<Case> cases() {
        return Stream.of(
            new Case("E080", fwd("  param w: [g1, g2, g3] = zeros\n  return x").replace("precision f32\n", "precision f32\n" + HUGE),
                    "param w", "tensor f32[g1=2147483647, g2=2147483647, g3=2147483647] holds more than 2^63 - 1 bytes"),
            // each bf16 [g1, g2] is 2^63 - 2^33 bytes: the first fits, the second pushes the total past 2^63
            new Case("E081", fwd("  param w: bf16[g1, g2] = zeros\n  param v: bf16[g1, g2] = zeros\n  return x")
                    .replace("precision f32\n", "precision f32\n" + HUGE), "param v", "the parameters up to this one hold more than 2^63 - 1 bytes"),
            new Case("E080", fwd("  let y = broadcast(x, [batch, seq, d, g1, g2])\n  return x").replace("precision f32\n", "precision f32\n" + HUGE),
                    "broadcast", "holds more than 2^63 - 1 bytes"),
            new Case("E042", fwd("  let s = 0\n  for i in 0..100000 {\n    for j in 0..100000 {\n      s = s + 1\n    }\n  }\n  return x"),
                    "for i", "compile-time evaluation ran more than 5000000 statements and loop iterations in this loop"),
            new Case("E042", fwd("  for i in 0..1000000 {\n    for j in 0..1000000 {\n    }\n  }\n  return x"),
                    "for i", "compile-time evaluation ran more than 5000000"),
            new Case("E045", fwd("  let y = x\n  for i in 0..1000000 {\n    y = y + 1.0\n  }\n  return y"), "y + 1.0",
                    "the model has more than 500000 operations"),
            new Case("E001", top("dim n = 12345678901234567890123456789012345678"), "1234567890", "integer literal 12345678901234567890… (38 digits) is more than 2^63 - 1")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aLimitIsOneLocatedError(Case c) {
        CheckResult r = Frontend.checkText("t.sy", c.source(), CheckOptions.defaults());
        List<Diagnostic> errors = r.diagnostics().stream().filter(Diagnostic::isError).toList();
        if (errors.isEmpty()) fail("expected " + c.code() + " for:\n" + c.source() + "\ngot:\n" + r.render());
        Diagnostic d = errors.getFirst();
        assertEquals(c.code(), d.code(), r::render);
        assertTrue(d.message().contains(c.message()), () -> d.message() + "\nexpected to contain: " + c.message());
        assertEquals(1, errors.size(), () -> "one error, not one per iteration:\n" + r.render());
        int at = c.source().indexOf(c.anchor(), HEADER.length());
        int line = 1 + (int) c.source().substring(0, at).chars().filter(ch -> ch == '\n').count();
        int col = at - c.source().lastIndexOf('\n', at - 1);
        assertEquals(line + ":" + col, d.span().line() + ":" + d.span().column(), r::render);
        assertTrue(r.graph().isEmpty());
    }

    /** Sizes that fit are counted exactly: 3 × 2^31 - 1 values is more than an int holds. */
    @Test
    void parameterCountsAreExactPastTwoToThe31() {
        CheckResult r = Frontend.checkText("t.sy", fwd("  param w: [g1] = zeros\n  param v: [g1, e] = zeros\n  return x + 0.0 * sum(w, g1) + 0.0 * sum(sum(v, g1), e)")
                .replace("precision f32\n", "precision f32\n" + HUGE), CheckOptions.defaults());
        assertTrue(r.graph().isPresent(), r::render);
        assertEquals(2147483647L * 5, r.graph().get().parameterCount());
    }

    /** Found by the CLI fuzz campaign: an error inside the prelude said only "prelude.sy:162:33"; it now points back at the user's call. */
    @Test
    void anErrorInsideThePreludeNotesTheUsersCall() {
        String text = fwd("  return ffn(x, f, training = true, key = key, rate = 1.5)");
        CheckResult r = Frontend.checkText("t.sy", text, CheckOptions.defaults());
        Diagnostic d = r.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
        assertEquals("prelude.sy", d.span().file(), r::render);
        Diagnostic.Note call = d.notes().stream().filter(n -> n.message().equals("in the call from here")).findFirst().orElseThrow(
                () -> new AssertionError(r.render()));
        assertEquals("t.sy", call.span().file());
        int line = (int) text.substring(0, text.indexOf("return ffn")).chars().filter(c -> c == '\n').count() + 1;
        assertEquals(line + ":10", call.span().line() + ":" + call.span().column(), r::render);
        assertTrue(r.render().contains("t.sy:" + line + ":10: note: in the call from here"), r::render);
    }
}
