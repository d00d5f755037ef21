package dev.switchyard.dsl;

import static dev.switchyard.dsl.NegativeDiagnosticsTest.fwd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13: 100 000 and 1 000 000 levels of nesting, long operator chains and else-if chains
 * are one located error of the parser (shared by check and fmt), never a StackOverflowError —
 * even on a thread with a small stack.
 */
class DeepInputTest {

    private static String nested(int n) { return fwd("  return " + "(".repeat(n) + "x" + ")".repeat(n)); }

    /** Runs on a 256 KiB stack, far less than the launcher's, so a recursion left unbounded would overflow. */
    private static <T> T onSmallStack(java.util.function.Supplier<T> work) throws InterruptedException {
        Object[] out = new Object[1];
        Thread t = new Thread(null, () -> out[0] = work.get(), "small-stack", 256 * 1024);
        t.start();
        t.join();
        @SuppressWarnings("unchecked") T result = (T) out[0];
        return result;
    }

    @ParameterizedTest
    @ValueSource(ints = {257, 100_000, 1_000_000})
    void deepNestingIsLocatedWhereTheLimitIsPassed(int levels) throws InterruptedException {
        String text = nested(levels);
        CheckResult r = onSmallStack(() -> Frontend.checkText("t.sy", text, CheckOptions.defaults()));
        Diagnostic d = r.diagnostics().getFirst();
        assertEquals("E099", d.code(), r::render);
        assertEquals("nesting deeper than 256 levels (brackets, blocks and unary operators); flatten the expression", d.message());
        // forward's '{' is level 1, so the 256th '(' after 'return ' is level 257, the first past the limit
        int line = (int) text.substring(0, text.indexOf("return")).chars().filter(c -> c == '\n').count() + 1;
        assertEquals(line + ":" + ("  return ".length() + 256), d.span().line() + ":" + d.span().column());
        Diagnostics fmt = new Diagnostics(20);
        Optional<String> formatted = onSmallStack(() -> Formatter.format("t.sy", text, fmt));
        assertTrue(formatted.isEmpty());
        assertEquals(d.span(), fmt.all().getFirst().span(), "fmt reports the same place");
    }

    @Test
    void twoHundredFiftySixLevelsStillParse() {
        CheckResult r = Frontend.checkText("t.sy", nested(200), CheckOptions.defaults());
        assertTrue(r.ok(), r::render);
    }

    @Test
    void longChainsAreLocated() throws InterruptedException {
        String plus = fwd("  return x" + " + x".repeat(20_000));
        CheckResult r = onSmallStack(() -> Frontend.checkText("t.sy", plus, CheckOptions.defaults()));
        assertEquals("more than 10000 operators or 'else if's in one chain; split it into several statements",
                r.diagnostics().getFirst().message(), r::render);
        String negations = fwd("  return " + "- ".repeat(100_000) + "x");
        CheckResult n = onSmallStack(() -> Frontend.checkText("t.sy", negations, CheckOptions.defaults()));
        assertEquals("E099", n.diagnostics().getFirst().code(), n::render);
        assertTrue(n.diagnostics().getFirst().span().line() > 1);
    }

    /** Many short statements in one block are not one chain. */
    @Test
    void manyStatementsAreNotAChain() {
        String body = "  let y = x\n" + "  y = y + x\n".repeat(12_000) + "  return y";
        CheckResult r = Frontend.checkText("t.sy", fwd(body), CheckOptions.defaults());
        assertTrue(r.diagnostics().stream().noneMatch(d -> d.code().equals("E099")), r::render);
    }
}
