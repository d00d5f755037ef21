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

    public static Optional<Program> parse(String file, String text, Diagnostics diagnostics) {
        SwitchyardLexer lexer = new SwitchyardLexer(CharStreams.fromString(text, file));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
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
        var tree = parser.program();
        checkIntegerLiterals(file, tokens, diagnostics);
        if (failed[0] || diagnostics.errorCount() > before) return Optional.empty();
        return Optional.of(new AstBuilder(file).program(tree));
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
