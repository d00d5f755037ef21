package dev.switchyard.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test per diagnostic kind: a small wrong program, the expected code, a part of the message,
 * and where it must point. The expected position is computed here from the source text (the first
 * occurrence of an anchor string at or after the program body), independently of the checker.
 */
class NegativeDiagnosticsTest {

    static final String HEADER = """
            model t
            dim batch = 4
            dim seq = 8
            dim d = 16
            dim f = 32
            dim e = 4
            dim big = 12
            mesh m { data = 2, expert = 2 }
            layout { batch -> data }
            precision f32
            """;

    /** A program whose forward has the given body (inputs x: f32[batch, seq, d], ids: i32[batch, seq]). */
    static String fwd(String body) {
        return HEADER + "block forward(x: [batch, seq, d], ids: i32[batch, seq], key: u32[rng_key]) {\n" + body + "\n}\n";
    }

    /** A program with extra top-level items and a trivial forward. */
    static String top(String items) {
        return HEADER + items + "\nblock forward(x: [batch, seq, d]) {\n  return x\n}\n";
    }

    record Case(String code, String source, String anchor, String message, CheckOptions options) {
        Case(String code, String source, String anchor, String message) {
            this(code, source, anchor, message, CheckOptions.defaults());
        }

        @Override public String toString() { return code + " " + message; }
    }

    static Stream<Case> cases() {
        return Stream.of(
            new Case("E001", fwd("  let y = x +\n  return y"), "return", "unexpected 'return'; expected an expression"),
            new Case("E001", top("block b(x) {\n  let = 3\n}"), "= 3", "unexpected '='"),
            new Case("E002", fwd("  let y = x $ 2\n  return y"), "$", "unexpected character '$'"),
            new Case("E002", fwd("  let s = \"abc\n  return x"), "\"abc", "unterminated string literal"),
            new Case("E004", "import \"lib.sy\"\n" + top(""), "import", "import needs a file on disk"),
            new Case("E010", fwd("  return x + zz"), "zz", "undefined name 'zz'"),
            new Case("E010", fwd("  param w: [d, nodim] = zeros\n  return x @ w"), "nodim", "undefined dim 'nodim'"),
            new Case("E011", top("dim d = 3"), "d = 3", "'d' is defined twice"),
            new Case("E011", top("mesh m { data = 1 }"), "m { data = 1", "mesh 'm' is defined twice"),
            new Case("E012", top("block b(a, a) {\n  return a\n}"), "a) {", "'a' is defined twice"),
            new Case("E013", fwd("  return softmaxx(x, d)"), "softmaxx", "unknown function 'softmaxx'; did you mean 'softmax'?"),
            new Case("E014", fwd("  let y = x\n  let y = x\n  return y"), "y = x\n  return", "'y' is already defined in this scope"),
            new Case("E015", fwd("  yy = x\n  return x"), "yy", "cannot assign to 'yy': not defined"),
            new Case("E016", fwd("  for i in 0..2 {\n    i = 3\n  }\n  return x"), "i = 3", "cannot assign to loop variable 'i'"),
            new Case("E017", fwd("  param w: f31[d] = zeros\n  return x * w"), "f31[d]", "unknown element type 'f31'"),
            new Case("E017", top("block b(a: flot) {\n  return a\n}\nblock c() {\n  return b(1)\n}"), "flot", "unknown type 'flot'",
                    CheckOptions.defaults()),
            new Case("E018", top("block b() {\n  return 1\n}\nblock c() {\n  return b\n}"), "b\n}", "block 'b' used as a value"),
            new Case("E019", fwd("  return softmax(x, d) as s"), "as s", "'as' names a block instance"),
            new Case("E020", fwd("  return softmax(x, dimm = d)"), "dimm = d", "softmax has no argument 'dimm'"),
            new Case("E020", top("block b(a) {\n  return a\n}\nblock c(x: [batch, seq, d]) {\n  return b(x, q = 1)\n}") .replace("block forward(x: [batch, seq, d]) {\n  return x", "block forward(x: [batch, seq, d]) {\n  return c(x)"),
                    "q = 1", "b has no parameter 'q'"),
            new Case("E021", fwd("  return softmax(x, dim = d, dim = d)"), "dim = d)", "argument 'dim' given twice"),
            new Case("E022", fwd("  return softmax(x)"), "softmax(x)", "missing argument 'dim' of softmax(x, dim)"),
            new Case("E022", fwd("  return rms_norm(eps = 0.1)"), "rms_norm(", "missing argument 'x' of rms_norm"),
            new Case("E023", fwd("  return softmax(x, d, d)"), "d)", "too many arguments"),
            new Case("E023", fwd("  return rms_norm(x, 0.1, 3)"), "3)", "rms_norm takes 2 arguments but more were given"),
            new Case("E024", fwd("  return softmax(x, 3)"), "3)", "argument 'dim' of softmax must be a dim, got int"),
            new Case("E025", fwd("  return rms_norm(3)"), "3)", "argument 'x' of rms_norm must be a tensor"),
            new Case("E026", top("block b(y: [batch, f]) {\n  return y\n}").replace("  return x\n}\n", "  return b(x)\n}\n"),
                    "x)\n}", "argument 'y' of b: expected [batch, f] but got f32[batch=4, seq=8, d=16]: expected 2 dims, got 3"),
            new Case("E026", fwd("  let y: [batch, d] = x\n  return y"), "[batch, d]", "expected [batch, d] but got f32[batch=4, seq=8, d=16]"),
            new Case("E027", fwd("  return dense(x, 3)"), "3)", "argument 'd_out' of dense must be dim, got int"),
            new Case("E028", HEADER + "block b[q](y) {\n  return y\n}\nblock forward(x: [batch, seq, d]) {\n  return b(x)\n}\n",
                    "b(x)", "cannot infer dim variable 'q' of b"),
            new Case("E029", fwd("  for i in 0..x {\n  }\n  return x"), "x {", "loop bound must be an integer known at compile time"),
            new Case("E030", fwd("  dim d2 = 3\n  let y = rename(x, {d -> d2})\n  return y"), "d -> d2", "rename: d (16) and d2 (3) differ in size"),
            new Case("E031", fwd("  return x + bf16(x)"), "+", "element types differ: f32[batch=4, seq=8, d=16] + bf16"),
            new Case("E032", fwd("  param w: [d, d] = zeros\n  return x"), "[d, d]", "dim 'd' appears twice in one tensor type"),
            new Case("E033", fwd("  return ids + 0.5"), "+", "cannot mix the float 0.5 with a i32 tensor"),
            new Case("E034", fwd("  let b = x > 0.0\n  return b + b"), "+ b", "arithmetic '+' on bool tensors"),
            new Case("E035", fwd("  return \"a\" * 2"), "*", "cannot apply '*' to str and int"),
            new Case("E036", fwd("  if d < \"x\" {\n  }\n  return x"), "<", "cannot compare dim with str"),
            new Case("E037", fwd("  let n = 2 @ 3\n  return x"), "@", "'@' contracts tensors"),
            new Case("E038", fwd("  param w: [e, f] = zeros\n  return x @ w"), "@", "'@' found no dim in common"),
            new Case("E039", fwd("  return softmax(x, e)"), "e)", "dim e is not in f32[batch=4, seq=8, d=16]"),
            new Case("E040", top("const z = 4 / (2 - 2)"), "4 / (2 - 2)", "division by zero"),
            new Case("E041", top("dim zero = 2 - 2"), "2 - 2", "dim size must be positive, got 0"),
            new Case("E041", top("dim half = 2.5"), "2.5", "dim size must be a whole number"),
            new Case("E043", fwd("  for i in 0..100000000 {\n  }\n  return x"), "100000000", "loop of 100000000 iterations exceeds the limit"),
            new Case("E044", top("dim huge = 4294967296"), "4294967296", "exceeds 2^31 - 1"),
            new Case("E044", top("const o = 9223372036854775807 + 1"), "9223372036854775807 + 1", "integer overflow"),
            new Case("E045", fwd("  let y = x\n  for i in 0..100000 {\n    y = y + 1.0\n  }\n  return y"), null,
                    "the model has more than 1000 operations", CheckOptions.defaults().withMaxNodes(1000)),
            new Case("E046", top("block r(x) {\n  return r(x)\n}").replace("block forward(x: [batch, seq, d]) {\n  return x", "block forward(x: [batch, seq, d]) {\n  return r(x)"),
                    "r(x)\n}", "block calls nested deeper than 64"),
            new Case("E047", fwd("  assert d == 17, \"d must be 17\"\n  return x"), "assert", "assertion failed: d must be 17"),
            new Case("E048", fwd("  if x > 0.0 {\n  }\n  return x"), "x > 0.0", "condition must be known at compile time"),
            new Case("E049", fwd("  if 3 {\n  }\n  return x"), "3 {", "condition must be a bool, got int"),
            new Case("E050", HEADER + "block forward(x) {\n  return x\n}\n", "x) {", "input 'x' of forward needs a tensor type"),
            new Case("E051", HEADER + "block forward(x: [..., d]) {\n  return x\n}\n", "...", "needs concrete dims"),
            new Case("E052", fwd("  let y = x"), "forward", "forward returns nothing"),
            new Case("E053", fwd("  return (a = x, b = \"s\")"), "return", "output 'b' of forward must be a tensor, got str"),
            new Case("E054", fwd("  let (a, b) = x\n  return a"), "x\n", "cannot unpack tensor"),
            new Case("E055", fwd("  let (a, b) = (x, x, x)\n  return a"), "let (a, b)", "cannot unpack a tuple of 3 values into 2 names"),
            new Case("E056", fwd("  param w: int = zeros\n  return x"), "int = zeros", "parameter 'w' needs a tensor type"),
            new Case("E057", top("block b(n: int) {\n  shared param s: [e] = zeros\n  if n == 1 {\n    shared param t: [d] = zeros\n  }\n  return s\n}\nblock c(x: [batch, seq, d]) {\n  for i in 0..2 {\n    let y = b(i) as l[i]\n  }\n  return x\n}")
                    .replace("block forward(x: [batch, seq, d]) {\n  return x", "block forward(x: [batch, seq, d]) {\n  return c(x)")
                    .replace("shared param t: [d]", "shared param s: [d]"),
                    "shared param s: [d]", "shared parameter 'c.l_1.s' has type f32[d=16] here but f32[e=4]"),
            new Case("E058", top("block b(y) {\n  param w: [d] = zeros\n  return y * w\n}").replace("  return x\n}\n", "  return b(x) + b(x)\n}\n"),
                    "w: [d]", "parameter path 'b.w' is created twice; give each block call its own name with 'as name'"),
            new Case("E059", fwd("  param w: [d] = gaussian(1.0)\n  return x * w"), "gaussian", "unknown initializer 'gaussian'"),
            new Case("E059", fwd("  param w: [d] = truncated_normal(0.1, 0)\n  return x * w"), "0)", "fan_in must be positive"),
            new Case("E060", top(""), null, "no mesh named 'nope'", CheckOptions.defaults().withMesh("nope")),
            new Case("E061", top("mesh z { data = 0 }"), "0 }", "mesh axis 'data' must have a positive size", CheckOptions.defaults().withMesh("z")),
            new Case("E061", top(""), null, "--mesh-shape names axis 'model'", CheckOptions.defaults().withMeshShape(Map.of("model", 2L))),
            new Case("E061", top(""), null, "--mesh-shape: axis 'data' must be positive, got 0", CheckOptions.defaults().withMeshShape(Map.of("data", 0L))),
            new Case("E062", top("mesh z { data = 2, data = 2 }"), "data = 2 }", "mesh axis 'data' is declared twice", CheckOptions.defaults().withMesh("z")),
            new Case("E063", top("layout { dd -> expert }"), "dd", "layout rule for unknown dim 'dd'"),
            new Case("E064", top("layout { e -> model }"), "e -> model", "layout rule maps 'e' to unknown mesh axis 'model'"),
            new Case("E065", top("layout { batch -> expert }"), "batch -> expert", "dim 'batch' has two layout rules"),
            new Case("E066", top("layout { e -> (expert, expert) }"), "e -> (expert", "mesh axis 'expert' appears twice in the rule for 'e'"),
            new Case("E067", top(""), null, "cannot override 'nothing'", CheckOptions.defaults().withDimOverrides(Map.of("nothing", 3.0))),
            new Case("E071", HEADER.replace("layout { batch -> data }", "layout {\n  batch -> data\n  seq -> data\n}")
                    + "block forward(x: [batch, seq, d]) {\n  return x\n}\n", "x: [batch, seq, d]", "mesh axis 'data' splits two dims"),
            new Case("E072", top("dim odd = 3\nlayout { odd -> expert }"), "odd -> expert", "dim odd (3) is not divisible by mesh axes expert (2)"),
            new Case("E090", fwd("  let (v, i) = top_k(x, e, big)\n  return v").replace("top_k(x, e, big)", "top_k(x, d, big)").replace("dim big = 12", "dim big = 20"),
                    "big)", "top_k: k = big=20 is larger than d=16"),
            new Case("E091", fwd("  return softmax(ids, seq)"), "ids, seq", "softmax needs a float tensor"),
            new Case("E091", fwd("  return one_hot(x, e)"), "x, e", "one_hot needs integer indices"),
            new Case("E092", fwd("  return reshape(x, [batch, d])"), "[batch, d]", "reshape from f32[batch=4, seq=8, d=16] (512 elements)"),
            new Case("E092", fwd("  let (a, b) = split(x, d, [e, e2])\n  return a").replace("  let (a, b)", "  dim e2 = 4\n  let (a, b)"),
                    "[e, e2]", "split: parts add up to 8 but d=16 has 16"),
            new Case("E093", fwd("  return dropout(x, key, true, 1.5)"), "1.5", "dropout rate must be in [0, 1)"),
            new Case("E094", fwd("  return dropout(x, ids, true, 0.5)"), "ids, true", "a random key must be u32 with 2 elements"),
            new Case("E094", fwd("  return dropout(x, none, true, 0.5)"), "none", "needs a random key, got none"),
            new Case("E095", fwd("  return einsum(x, x)"), "einsum", "einsum needs exactly one of contract = [dims] or out = [dims]"),
            new Case("E095", fwd("  param w: [d, f] = zeros\n  return einsum(x, w, out = [batch, f])"), "[batch, f]",
                    "einsum: dim seq of the first operand is neither contracted nor in the output"),
            new Case("E096", fwd("  dim cap = 4\n  let ex = ids\n  return moe_dispatch(x, sum(ex, seq), ex, tokens = seq, experts = e, capacity = cap)"),
                    "sum(ex, seq), ex", "must have the tokens dim seq"),
            new Case("E097", top("block softmax(x) {\n  return x\n}"), "softmax(x)", "block 'softmax' has the name of a built-in function"),
            new Case("E098", HEADER, "model", "no block 'forward'"),
            new Case("E000", fwd("  let a = zz1\n  let b = zz2\n  let c = zz3\n  return x"), null, "too many errors; stopped after 2",
                    CheckOptions.defaults().withMaxErrors(2)),
            new Case("W001", fwd("  param unused: [d] = zeros\n  return x"), "unused: [d]", "parameter 'unused' is never used"),
            new Case("W002", top("block b(a, extra) {\n  return a\n}"), "extra", "argument 'extra' of block b is never used")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsTheMistakeWithItsLocation(Case c) {
        CheckResult r = Frontend.checkText("t.sy", c.source(), c.options());
        List<Diagnostic> matching = r.diagnostics().stream().filter(d -> d.code().equals(c.code())).toList();
        if (matching.isEmpty()) {
            fail("expected a " + c.code() + " diagnostic for:\n" + c.source() + "\ngot:\n" + r.render());
        }
        Diagnostic d = matching.get(0);
        assertTrue(d.message().contains(c.message()), () -> "message of " + c.code() + " was: " + d.message() + "\nexpected to contain: " + c.message());
        if (c.anchor() != null) {
            int at = c.source().indexOf(c.anchor(), HEADER.length());
            if (at < 0) at = c.source().indexOf(c.anchor());
            assertTrue(at >= 0, "anchor not in source: " + c.anchor());
            int line = 1 + (int) c.source().substring(0, at).chars().filter(ch -> ch == '\n').count();
            int col = at - c.source().lastIndexOf('\n', at - 1);
            assertEquals(line + ":" + col, d.span().line() + ":" + d.span().column(),
                    () -> "location of " + c.code() + " (" + d.message() + ") in:\n" + r.render());
        }
        if (d.isError()) assertTrue(r.graph().isEmpty(), "no graph when there are errors");
        assertTrue(d.isError() == c.code().startsWith("E"));
    }

    @Test
    void duplicateDefinitionNotesTheFirstOne() {
        CheckResult r = Frontend.checkText("t.sy", top("dim d = 3"), CheckOptions.defaults());
        Diagnostic d = r.diagnostics().get(0);
        assertEquals("first definition", d.notes().get(0).message());
        assertEquals(4, d.notes().get(0).span().line());
        String rendered = r.render();
        assertTrue(rendered.contains("t.sy:11:5: error: 'd' is defined twice"), rendered);
        assertTrue(rendered.contains("t.sy:4:5: note: first definition"), rendered);
        assertTrue(rendered.contains("   11 | dim d = 3\n      |     ^"), rendered);
    }

    @Test
    void severalErrorsAreReportedInOneRun() {
        CheckResult r = Frontend.checkText("t.sy", fwd("  let a = softmax(x, e)\n  let b = 1 / 0\n  return sum(x, f)"), CheckOptions.defaults());
        long errors = r.diagnostics().stream().filter(Diagnostic::isError).count();
        assertTrue(errors >= 2, r.render());
    }

    @Test
    void blockCallsAreCheckedEvenWhereForwardNeverGoes() {
        CheckResult r = Frontend.checkText("t.sy", top("block unused(x: [batch, seq, d]) {\n  return dense(x, d_outt = f)\n}"),
                CheckOptions.defaults());
        Diagnostic d = r.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
        assertEquals("E020", d.code());
        assertEquals("12:19", d.span().line() + ":" + d.span().column());
        assertTrue(d.message().startsWith("dense has no parameter 'd_outt'"), d.message());
    }

    @Test
    void absurdNestingIsADiagnosticNotACrash() throws InterruptedException {
        String deep = fwd("  return " + "(".repeat(3_000) + "x" + ")".repeat(3_000));
        CheckResult[] result = new CheckResult[1];
        // a small stack makes the overflow certain and quick
        Thread t = new Thread(null, () -> result[0] = Frontend.checkText("t.sy", deep, CheckOptions.defaults()), "small-stack", 128 * 1024);
        t.start();
        t.join();
        assertEquals("E099", result[0].diagnostics().get(0).code());
    }

    @Test
    void atLeastFiftyDiagnosticKindsAreCovered() {
        long kinds = cases().map(Case::code).distinct().count();
        assertTrue(kinds >= 50, "kinds covered: " + kinds);
    }
}
