package dev.switchyard.tests.xla;

import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.HloParseException;
import dev.switchyard.hlo.ir.HloParser;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the entry function's signature from StableHLO text. The project's parser
 * ({@link HloParser}) reads it first; text it rejects (XLA accepts more dialects than we model, and
 * XLA's own diagnostic is then the better verdict) falls back to a reader of the signature alone,
 * in the pretty form
 * ({@code func.func public @main(%arg0: tensor<2xf32> {attrs}) -> (tensor<2xf32> {attrs})}) or the
 * generic form ({@code "func.func"() <{function_type = (...) -> ..., sym_name = "main"}>}).
 *
 * <p>XlaCallModule trusts its {@code Tout}/{@code Sout} attributes blindly (a wrong dtype silently
 * reinterprets bits), so they must come from the module itself. This reader only needs the
 * signature, not the body: it skips attribute dictionaries with brace and string awareness.
 */
public final class MainSignatureParser {

    private final String text;
    private int pos;

    private MainSignatureParser(String text, int pos) {
        this.text = text;
        this.pos = pos;
    }

    public static MainSignature parse(String moduleText, String entry) throws ExecutionException {
        Optional<ModuleOp> parsed;
        try {
            parsed = Optional.of(HloParser.parse(moduleText, "<module>"));
        } catch (HloParseException | RuntimeException e) {
            parsed = Optional.empty();
        }
        if (parsed.isPresent()) {
            Optional<FuncOp> main = parsed.get().function(entry);
            if (main.isPresent()) {
                Type.FunctionType type = main.get().type();
                return new MainSignature(tensorTypes(type.inputs()), tensorTypes(type.results()));
            }
        }
        return fromSignatureText(moduleText, entry);
    }

    private static List<TensorType> tensorTypes(List<Type> types) throws ExecutionException {
        List<TensorType> out = new ArrayList<>();
        for (Type t : types) {
            if (!(t instanceof Type.TensorType tensor)) {
                throw new XlaUnsupportedException("@main has a " + t + " argument or result; the XLA oracle passes tensors only");
            }
            if (!(tensor.elementType() instanceof Type.ScalarType scalar)) {
                throw new XlaUnsupportedException("unsupported element type '" + tensor.elementType() + "' in " + t);
            }
            if (!tensor.hasStaticShape()) {
                throw new XlaUnsupportedException(t + " has a dynamic dimension; XLA's oracle needs static shapes");
            }
            out.add(new TensorType(scalar.elementType(), tensor.shape()));
        }
        return out;
    }

    /** The fallback: only the signature's text, for modules the project's parser does not read. */
    static MainSignature fromSignatureText(String moduleText, String entry) throws ExecutionException {
        Matcher pretty = Pattern.compile("func\\.func\\s+(?:(?:public|private|nested)\\s+)?@"
                + Pattern.quote(entry) + "\\s*\\(").matcher(moduleText);
        if (pretty.find()) {
            return new MainSignatureParser(moduleText, pretty.end()).prettySignature();
        }
        Matcher generic = Pattern.compile("sym_name\\s*=\\s*\"" + Pattern.quote(entry) + "\"").matcher(moduleText);
        if (generic.find()) {
            int funcStart = moduleText.lastIndexOf("\"func.func\"", generic.start());
            int typeAt = funcStart < 0 ? -1 : moduleText.indexOf("function_type", funcStart);
            if (typeAt >= 0) {
                MainSignatureParser p = new MainSignatureParser(moduleText, typeAt + "function_type".length());
                p.expect("=");
                return p.functionType();
            }
        }
        throw new ExecutionException("no function @" + entry + " found in the module");
    }

    /** After {@code @main(}: arguments with optional attribute dictionaries, then results. */
    private MainSignature prettySignature() throws ExecutionException {
        List<TensorType> args = new ArrayList<>();
        skipSpace();
        if (!peek(")")) {
            while (true) {
                skipSpace();
                expectChar('%');
                while (pos < text.length() && isIdentChar(text.charAt(pos))) pos++;
                expect(":");
                args.add(tensorType());
                skipAttributeDictionary();
                skipSpace();
                if (peek(",")) { pos++; continue; }
                break;
            }
        }
        expect(")");
        return new MainSignature(args, optionalResults());
    }

    /** {@code (t1, t2) -> t3} or {@code (t1) -> (t3, t4)}, as in a generic-form function_type. */
    private MainSignature functionType() throws ExecutionException {
        expect("(");
        List<TensorType> args = new ArrayList<>();
        skipSpace();
        if (!peek(")")) {
            do {
                args.add(tensorType());
                skipSpace();
            } while (consume(","));
        }
        expect(")");
        return new MainSignature(args, optionalResults());
    }

    private List<TensorType> optionalResults() throws ExecutionException {
        List<TensorType> results = new ArrayList<>();
        skipSpace();
        if (!consume("->")) return results;
        skipSpace();
        if (consume("(")) {
            skipSpace();
            if (!peek(")")) {
                do {
                    results.add(tensorType());
                    skipAttributeDictionary();
                    skipSpace();
                } while (consume(","));
            }
            expect(")");
        } else {
            results.add(tensorType());
        }
        return results;
    }

    private TensorType tensorType() throws ExecutionException {
        skipSpace();
        if (!text.startsWith("tensor<", pos)) {
            throw error("expected a tensor type");
        }
        int start = pos + "tensor<".length();
        int depth = 1;
        int i = start;
        while (i < text.length() && depth > 0) {
            char c = text.charAt(i);
            if (c == '<') depth++;
            else if (c == '>') depth--;
            i++;
        }
        if (depth != 0) throw error("unterminated tensor type");
        String body = text.substring(start, i - 1);
        pos = i;
        return tensorBody(body);
    }

    /** {@code 2x3xf32}, {@code f32}, {@code 4xcomplex<f32>}; an encoding after a top-level comma is ignored. */
    private TensorType tensorBody(String body) throws ExecutionException {
        int depth = 0;
        int end = body.length();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '<') depth++;
            else if (c == '>') depth--;
            else if (c == ',' && depth == 0) { end = i; break; }
        }
        String spec = body.substring(0, end).trim();
        List<Long> dims = new ArrayList<>();
        Matcher dim = Pattern.compile("(\\d+|\\?)x").matcher(spec);
        int at = 0;
        while (dim.find(at) && dim.start() == at) {
            if (dim.group(1).equals("?")) {
                throw new XlaUnsupportedException("tensor<" + body + "> has a dynamic dimension; XLA's oracle needs static shapes");
            }
            dims.add(Long.parseLong(dim.group(1)));
            at = dim.end();
        }
        String elementName = spec.substring(at);
        ElementType type = ElementType.fromMlirName(elementName).orElseThrow(() ->
                new XlaUnsupportedException("unsupported element type '" + elementName + "' in tensor<" + body + ">"));
        return new TensorType(type, dims.stream().mapToLong(Long::longValue).toArray());
    }

    /** Skips {@code {...}} (argument or result attributes), ignoring braces inside string literals. */
    private void skipAttributeDictionary() throws ExecutionException {
        skipSpace();
        if (!peek("{")) return;
        int depth = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                while (pos < text.length() && text.charAt(pos) != '"') {
                    if (text.charAt(pos) == '\\') pos++;
                    pos++;
                }
                pos++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (--depth == 0) return;
            }
        }
        throw error("unterminated attribute dictionary");
    }

    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.' || c == '-' || c == '#';
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private boolean peek(String s) { return text.startsWith(s, pos); }

    private boolean consume(String s) {
        skipSpace();
        if (!peek(s)) return false;
        pos += s.length();
        return true;
    }

    private void expect(String s) throws ExecutionException {
        if (!consume(s)) throw error("expected '" + s + "'");
    }

    private void expectChar(char c) throws ExecutionException {
        if (pos >= text.length() || text.charAt(pos) != c) throw error("expected '" + c + "'");
        pos++;
    }

    private ExecutionException error(String what) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') { line++; col = 1; } else { col++; }
        }
        String found = text.substring(pos, Math.min(text.length(), pos + 20)).replace('\n', ' ');
        return new ExecutionException("in @main's signature at " + line + ":" + col + ": " + what + ", found '" + found + "'");
    }
}
