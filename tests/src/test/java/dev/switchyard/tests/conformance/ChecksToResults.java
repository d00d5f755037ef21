package dev.switchyard.tests.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a conformance case (a no-argument function that states its expectations with
 * {@code check} ops) into a module whose {@code @main} returns, for every check, the computed value
 * and the expected value side by side. Any executor can then run the case, and Java compares.
 */
public final class ChecksToResults {

    /** A case as a runnable module, or the reason it cannot be one. */
    public sealed interface Conversion permits Converted, Unconvertible {}

    public record Converted(String module, List<Check> checks) implements Conversion {}

    public record Unconvertible(String reason) implements Conversion {}

    private static final Pattern CHECK = Pattern.compile("check\\.(expect_\\w+)\\s+");
    private static final Pattern FUNC = Pattern.compile("func\\.func\\s+(?:(public|private)\\s+)?@([\\w.$-]+)\\s*\\(");
    private static final Pattern RETURN = Pattern.compile("(?m)^\\s*(func\\.)?return\\s*$");

    private ChecksToResults() {}

    public static Conversion convert(ConformanceCase c) {
        String text = c.text();
        if (text.contains("interpreter.")) return new Unconvertible("uses the interpreter dialect (several processes, probes)");
        if (text.contains("!quant.")) return new Unconvertible("quantized types");
        Matcher first = CHECK.matcher(text);
        if (!first.find()) return new Unconvertible("no check ops");
        int testFunc = -1;
        Matcher f = FUNC.matcher(text);
        while (f.find() && f.start() < first.start()) testFunc = f.start();
        if (testFunc < 0) return new Unconvertible("checks outside a function");

        StringBuilder body = new StringBuilder();
        List<Check> checks = new ArrayList<>();
        List<String> results = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Matcher m = CHECK.matcher(text);
        int copied = testFunc;
        int lastCheckEnd = testFunc;
        while (m.find(copied)) {
            int end = statementEnd(text, m.end());
            if (end < 0) return new Unconvertible("cannot read " + m.group(0).trim());
            body.append(text, copied, m.start());
            Optional<String> replacement = rewrite(m.group(1), text.substring(m.end(), end), checks, results, skipped);
            replacement.ifPresent(body::append);
            copied = end;
            lastCheckEnd = end;
        }
        Matcher ret = RETURN.matcher(text);
        if (!ret.find(lastCheckEnd)) return new Unconvertible("no func.return after the checks");
        if (checks.isEmpty()) return new Unconvertible("only unsupported checks: " + String.join(", ", skipped));
        body.append(text, copied, ret.start());
        List<String> types = checks.stream().flatMap(k -> List.of(k.type(), k.type()).stream()).toList();
        body.append("\n  func.return ").append(String.join(", ", results)).append(" : ").append(String.join(", ", types));
        body.append(text.substring(ret.end()));

        Matcher header = FUNC.matcher(body);
        if (!header.find() || header.start() != 0) return new Unconvertible("unexpected test function header");
        int close = body.indexOf(")", header.end());
        if (!body.substring(header.end(), close).isBlank()) return new Unconvertible("test function takes arguments");
        int open = body.indexOf("{", close);
        String main = "func.func public @main() -> (" + String.join(", ", types) + ") " + body.substring(open);
        return new Converted(privateHelpers(text.substring(0, testFunc) + main), checks);
    }

    /** Helper functions keep their bodies but must not be public entries besides {@code @main}. */
    private static String privateHelpers(String module) {
        return FUNC.matcher(module).replaceAll(r -> r.group(1) == null
                ? Matcher.quoteReplacement("func.func private @" + r.group(2) + "(") : Matcher.quoteReplacement(r.group()));
    }

    private static final Pattern TOLERANCE = Pattern.compile("tolerance\\s*=\\s*([0-9.eE+-]+)");
    private static final Pattern MAX_ULPS = Pattern.compile("max_ulp_difference\\s*=\\s*(\\d+)");

    private static Optional<String> rewrite(String op, String statement, List<Check> checks, List<String> results, List<String> skipped) {
        int comment = statement.indexOf("//");
        String args = comment < 0 ? statement : statement.substring(0, comment);
        int colon = topLevelColon(args);
        List<String> operands = splitTopLevel(args.substring(0, colon));
        String type = firstTensorType(args.substring(colon + 1));
        double tolerance = Check.DEFAULT_TOLERANCE;
        Matcher tol = TOLERANCE.matcher(args);
        if (tol.find()) tolerance = Double.parseDouble(tol.group(1));
        Matcher ulps = MAX_ULPS.matcher(args);
        if (ulps.find()) tolerance = Integer.parseInt(ulps.group(1)) * unitRoundoff(type);
        String actual = operands.getFirst().trim();
        int k = checks.size();
        switch (op) {
            case "expect_eq_const", "expect_almost_eq_const" -> {
                String expected = "%switchyard_expected" + k;
                checks.add(new Check(op, type, op.equals("expect_eq_const") ? 0 : tolerance));
                results.add(actual);
                results.add(expected);
                return Optional.of(expected + " = stablehlo.constant " + operands.get(1).trim() + " : " + type);
            }
            case "expect_eq", "expect_almost_eq", "expect_close" -> {
                checks.add(new Check(op, type, op.equals("expect_eq") ? 0 : tolerance));
                results.add(actual);
                results.add(operands.get(1).trim());
                return Optional.of("// " + op + " returned as results " + (2 * k) + ", " + (2 * k + 1));
            }
            default -> {
                skipped.add(op);
                return Optional.empty();
            }
        }
    }

    /** A units-in-the-last-place bound as a relative one: one ulp is at most 2^-(fraction bits). */
    private static double unitRoundoff(String type) {
        if (type.contains("xbf16>") || type.equals("tensor<bf16>")) return 0x1p-7;
        if (type.contains("f16>")) return 0x1p-10;
        if (type.contains("f32>")) return 0x1p-23;
        return 0x1p-52;
    }

    private static String firstTensorType(String s) {
        int start = s.indexOf("tensor<");
        int depth = 0;
        for (int i = start + "tensor".length(); i < s.length(); i++) {
            if (s.charAt(i) == '<') depth++;
            else if (s.charAt(i) == '>' && --depth == 0) return s.substring(start, i + 1);
        }
        return s.trim();
    }

    /** The end of a check statement: the end of its (last) type after the top-level colon. */
    private static int statementEnd(String text, int from) {
        int colon = topLevelColon(text.substring(from));
        if (colon < 0) return -1;
        int nl = text.indexOf('\n', from + colon);
        return nl < 0 ? text.length() : nl;
    }

    private static int topLevelColon(String s) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') inString = !inString;
            if (inString) continue;
            switch (ch) {
                case '<', '[', '(', '{' -> depth++;
                case '>', ']', ')', '}' -> depth--;
                case ':' -> { if (depth == 0) return i; }
                default -> { }
            }
        }
        return -1;
    }

    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') inString = !inString;
            if (inString) continue;
            switch (ch) {
                case '<', '[', '(', '{' -> depth++;
                case '>', ']', ')', '}' -> depth--;
                case ',' -> {
                    if (depth == 0) {
                        parts.add(s.substring(start, i));
                        start = i + 1;
                    }
                }
                default -> { }
            }
        }
        parts.add(s.substring(start));
        return parts;
    }
}
