package dev.switchyard.dsl;

import dev.switchyard.dsl.ast.AstBuilder;
import dev.switchyard.dsl.ast.Program;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Parses one {@code .sy} text into an AST. Syntax errors become diagnostics (ANTLR's recovery keeps
 * going, so several are reported); the AST is returned only when the file had none.
 */
public final class SourceParser {
    private SourceParser() {}

    /** Deepest nesting of brackets, blocks and unary operators parsed; deeper input is refused before the recursive parser runs. */
    public static final int MAX_NESTING = 256;
    /** Most operators (and {@code else if}s) in one expression or chain: each is a level of the left-deep tree. */
    public static final int MAX_CHAIN = 10_000;
    private static final Set<String> OPERATORS = Set.of("+", "-", "*", "/", "%", "@", "&&", "||", "==", "!=", "<", ">", "<=", ">=", "else");
    private static final Set<String> STATEMENT_STARTS = Set.of("let", "return", "param", "dim", "for", "assert", "const", "block",
            "shared", "precision", "mesh", "layout", "import", "model", ";", ",", "=", "+=", "-=", "*=");

    public static Optional<Program> parse(String file, String text, Diagnostics diagnostics) {
        SwitchyardLexer lexer = new SwitchyardLexer(CharStreams.fromString(text, file));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        if (tooDeep(file, tokens, diagnostics)) return Optional.empty();
        SwitchyardParser parser = new SwitchyardParser(tokens);
        parser.removeErrorListeners();
        int before = diagnostics.errorCount();
        boolean[] failed = {false};
        parser.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col, String msg,
                                    RecognitionException e) {
                failed[0] = true;
                Token t = offending instanceof Token tok ? tok : null;
                SourceSpan span = t == null || t.getType() == Token.EOF
                        ? new SourceSpan(file, line, col + 1, line, col + 2, Math.max(0, text.length() - 1), text.length())
                        : new SourceSpan(file, line, col + 1, line, col + 1 + Math.max(1, t.getText().length()),
                                t.getStartIndex(), t.getStopIndex() + 1);
                diagnostics.error(code(t), span, message(parser, t, e, msg));
            }
        });
        try {
            var tree = parser.program();
            checkIntegerLiterals(file, tokens, diagnostics);
            if (failed[0] || diagnostics.errorCount() > before) return Optional.empty();
            return Optional.of(new AstBuilder(file).program(tree));
        } catch (StackOverflowError e) {
            // a shape the token scan does not count; still a diagnostic, not a crash
            diagnostics.error("E099", new SourceSpan(file, 1, 1, 1, 2, 0, Math.min(1, text.length())),
                    "the program is nested too deeply to parse (run with a larger thread stack, -Xss)");
            return Optional.empty();
        }
    }

    /**
     * The parser, the AST builder and the checker recurse once per level: 100 000 parentheses
     * overflow any stack. Counted on the tokens (the lexer does not recurse) and reported where the
     * limit is first passed.
     */
    private static boolean tooDeep(String file, CommonTokenStream tokens, Diagnostics diagnostics) {
        int depth = 0;
        int unaryRun = 0;
        java.util.ArrayDeque<Integer> chains = new java.util.ArrayDeque<>();
        int chain = 0;
        String previous = "";
        for (Token t : tokens.getTokens()) {
            if (t.getChannel() != Token.DEFAULT_CHANNEL) continue;
            String s = t.getType() == Token.EOF ? "" : t.getText();
            switch (s) {
                case "(", "[", "{" -> { depth++; unaryRun = 0; chains.push(chain); chain = 0; }
                case ")", "]", "}" -> { depth--; unaryRun = 0; chain = chains.isEmpty() ? 0 : chains.pop(); }
                case "-", "!" -> { if (OPERATORS.contains(previous) || previous.equals("(") || previous.equals("=")) unaryRun++; else chain++; }
                default -> {
                    unaryRun = 0;
                    if (OPERATORS.contains(s)) chain++;
                    else if (STATEMENT_STARTS.contains(s) || (s.equals("if") && !previous.equals("else"))) chain = 0;
                }
            }
            previous = s;
            String problem = depth + unaryRun > MAX_NESTING
                    ? "nesting deeper than " + MAX_NESTING + " levels (brackets, blocks and unary operators); flatten the expression"
                    : chain > MAX_CHAIN ? "more than " + MAX_CHAIN + " operators or 'else if's in one chain; split it into several statements" : null;
            if (problem != null) {
                diagnostics.error("E099", new SourceSpan(file, t.getLine(), t.getCharPositionInLine() + 1, t.getLine(),
                        t.getCharPositionInLine() + 2, t.getStartIndex(), t.getStartIndex() + 1), problem);
                return true;
            }
        }
        return false;
    }

    /** An integer literal past a long would otherwise saturate and be echoed as a rounded double. */
    private static void checkIntegerLiterals(String file, CommonTokenStream tokens, Diagnostics diagnostics) {
        for (Token t : tokens.getTokens()) {
            if (t.getType() != SwitchyardLexer.INT) continue;
            String digits = t.getText().replace("_", "");
            try {
                Long.parseLong(digits);
            } catch (NumberFormatException e) {
                String shown = t.getText().length() > 24 ? t.getText().substring(0, 20) + "… (" + digits.length() + " digits)" : t.getText();
                diagnostics.error("E001", new SourceSpan(file, t.getLine(), t.getCharPositionInLine() + 1, t.getLine(),
                        t.getCharPositionInLine() + 1 + t.getText().length(), t.getStartIndex(), t.getStopIndex() + 1),
                        "integer literal " + shown + " is more than 2^63 - 1");
            }
        }
    }

    private static String code(Token t) {
        return t != null && t.getType() == SwitchyardLexer.ERRCHAR ? "E002" : "E001";
    }

    private static String message(SwitchyardParser parser, Token t, RecognitionException e, String antlrMessage) {
        if (t != null && t.getType() == SwitchyardLexer.ERRCHAR) {
            if (t.getText().equals("\"")) return "unterminated string literal";
            return "unexpected character '" + t.getText() + "'";
        }
        String found = t == null || t.getType() == Token.EOF ? "end of file" : "'" + t.getText() + "'";
        IntervalSet expected = null;
        if (e instanceof InputMismatchException || e instanceof NoViableAltException || e == null) {
            try {
                expected = e != null ? e.getExpectedTokens() : parser.getExpectedTokens();
            } catch (RuntimeException ignored) {
                expected = null;
            }
        }
        if (expected == null || expected.isNil()) {
            if (antlrMessage.startsWith("missing ")) return antlrMessage.replace("at", "before");
            return "unexpected " + found;
        }
        Set<String> names = new TreeSet<>();
        for (int type : expected.toList()) names.add(parser.getVocabulary().getDisplayName(type));
        names.remove("ERRCHAR");
        String list = names.size() > 6 ? describe(names) : String.join(", ", names);
        return "unexpected " + found + "; expected " + list;
    }

    /** A short description of a long expected-set. */
    private static String describe(Set<String> names) {
        if (names.contains("IDENT") && names.contains("INT")) return "an expression";
        if (names.contains("'let'") || names.contains("'return'")) return "a statement or '}'";
        if (names.contains("'block'") || names.contains("'dim'")) return "a declaration (model, import, dim, const, mesh, layout, precision, block)";
        return String.join(", ", names.stream().limit(6).toList()) + ", …";
    }
}
