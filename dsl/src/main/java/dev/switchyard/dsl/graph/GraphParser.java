package dev.switchyard.dsl.graph;

import dev.switchyard.dsl.SourceSpan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the text form {@link GraphPrinter} writes back into a {@link ModelGraph}, so that graph
 * passes can be tested text in, text out: {@code print(parse(print(g)))} equals {@code print(g)}.
 * Source locations come back as {@code file:line:col} spans (the printer keeps no more).
 * The parsed graph is verified; a malformed line fails with its line number.
 */
public final class GraphParser {
    private GraphParser() {}

    /** A text that is not a graph; the message names the line. */
    public static final class ParseError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ParseError(int line, String message) { super("line " + line + ": " + message, null, false, false); }
    }

    public static ModelGraph parse(String text) {
        String name = null;
        Mesh mesh = null;
        List<LayoutRule> layout = new ArrayList<>();
        List<Param> params = new ArrayList<>();
        List<Input> inputs = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        List<Output> outputs = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) continue;
            int no = i + 1;
            try {
                if (line.startsWith("model ")) name = line.substring(6).trim();
                else if (line.startsWith("mesh ")) mesh = mesh(line.substring(5));
                else if (line.startsWith("layout ")) layout.add(layoutRule(line.substring(7)));
                else if (line.startsWith("param ")) params.add(param(line.substring(6)));
                else if (line.startsWith("input ")) inputs.add(input(line.substring(6)));
                else if (line.startsWith("output ")) outputs.add(output(line.substring(7)));
                else if (line.startsWith("%")) nodes.add(node(line));
                else throw new IllegalArgumentException("expected model, mesh, layout, param, input, a node or output");
            } catch (ParseError e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ParseError(no, e.getMessage() + ": " + line);
            }
        }
        if (name == null || mesh == null) throw new ParseError(1, "a graph starts with 'model NAME' and 'mesh …'");
        ModelGraph g = new ModelGraph(name, mesh, layout, params, inputs, nodes, outputs);
        return GraphVerifier.verify(g);
    }

    // ---- lines ---------------------------------------------------------------------------------

    private static Mesh mesh(String s) {
        int brace = s.indexOf('{');
        String name = s.substring(0, brace).trim();
        String inner = s.substring(brace + 1, s.indexOf('}'));
        List<Mesh.Axis> axes = new ArrayList<>();
        for (String a : splitTop(inner)) {
            String[] kv = a.split("=");
            axes.add(new Mesh.Axis(kv[0].trim(), Long.parseLong(kv[1].trim())));
        }
        return new Mesh(name, axes);
    }

    private static LayoutRule layoutRule(String s) {
        int arrow = s.indexOf(" -> ");
        String dim = s.substring(0, arrow).trim();
        String rhs = s.substring(arrow + 4).trim();
        List<String> axes = rhs.startsWith("(") ? splitTop(rhs.substring(1, rhs.length() - 1)) : List.of(rhs);
        return new LayoutRule(dim, axes);
    }

    private static Param param(String s) {
        Cursor c = new Cursor(s);
        int id = c.id();
        String path = c.until(" : ");
        TensorType type = type(c.until(" init="));
        Initializer init = init(c.until(" sharding="));
        String rest = c.rest();
        boolean shared = rest.endsWith(" shared");
        Sharding sharding = sharding(shared ? rest.substring(0, rest.length() - 7) : rest);
        return new Param(id, path, type, init, sharding, shared, SourceSpan.NONE);
    }

    private static Input input(String s) {
        Cursor c = new Cursor(s);
        int id = c.id();
        String name = c.until(" : ");
        TensorType type = type(c.until(" sharding="));
        return new Input(id, name, type, sharding(c.rest()), SourceSpan.NONE);
    }

    private static Output output(String s) {
        int eq = s.lastIndexOf(" = %");
        return new Output(s.substring(0, eq), Integer.parseInt(s.substring(eq + 4).trim()));
    }

    private static Node node(String line) {
        SourceSpan span = SourceSpan.NONE;
        int hash = line.indexOf("  # ");
        if (hash >= 0) {
            String loc = line.substring(hash + 4).trim();
            line = line.substring(0, hash);
            int c2 = loc.lastIndexOf(':');
            int c1 = loc.lastIndexOf(':', c2 - 1);
            int l = Integer.parseInt(loc.substring(c1 + 1, c2));
            int col = Integer.parseInt(loc.substring(c2 + 1));
            span = new SourceSpan(loc.substring(0, c1), l, col, l, col, 0, 0);
        }
        String blockPath = "";
        int at = line.indexOf("  @");
        if (at >= 0) {
            blockPath = line.substring(at + 3).trim();
            line = line.substring(0, at);
        }
        Cursor c = new Cursor(line.substring(1));
        int id = Integer.parseInt(c.until(" = "));
        String head = c.until(" : ");
        TensorType type = type(c.until(" sharding="));
        Sharding sharding = sharding(c.rest());
        int sp = head.indexOf(' ');
        String mnemonic = sp < 0 ? head : head.substring(0, sp);
        String tail = sp < 0 ? "" : head.substring(sp + 1);
        Primitive op = primitive(mnemonic);
        List<Integer> operands = new ArrayList<>();
        // operands: "%3, %7" then the attributes
        while (tail.startsWith("%")) {
            int end = 1;
            while (end < tail.length() && Character.isDigit(tail.charAt(end))) end++;
            operands.add(Integer.parseInt(tail.substring(1, end)));
            tail = tail.substring(end);
            if (tail.startsWith(", ")) tail = tail.substring(2);
            else tail = tail.stripLeading();
        }
        return new Node(id, op, operands, attrs(op, tail.trim()), type, sharding, span, blockPath);
    }

    private static Primitive primitive(String mnemonic) {
        for (Primitive p : Primitive.values()) if (p.mnemonic().equals(mnemonic)) return p;
        throw new IllegalArgumentException("unknown primitive '" + mnemonic + "'");
    }

    // ---- pieces --------------------------------------------------------------------------------

    /** {@code bf16[batch=8, seq=512]}. */
    static TensorType type(String text) {
        String s = text.trim();
        int open = s.indexOf('[');
        ElemType e = ElemType.fromSpelling(s.substring(0, open)).orElseThrow(() -> new IllegalArgumentException("unknown element type in " + s));
        List<Dim> dims = new ArrayList<>();
        for (String d : splitTop(s.substring(open + 1, s.lastIndexOf(']')))) {
            int eq = d.indexOf('=');
            dims.add(new Dim(d.substring(0, eq).trim(), Long.parseLong(d.substring(eq + 1).trim())));
        }
        return new TensorType(e, dims);
    }

    /** {@code [{data}, {}, {expert}]} with a trailing {@code !} when overridden. */
    static Sharding sharding(String s) {
        s = s.trim();
        boolean overridden = s.endsWith("!");
        if (overridden) s = s.substring(0, s.length() - 1);
        List<List<String>> per = new ArrayList<>();
        for (String group : splitTop(s.substring(1, s.length() - 1))) {
            String inner = group.trim();
            per.add(splitTop(inner.substring(1, inner.length() - 1)));
        }
        return new Sharding(per, overridden);
    }

    private static Initializer init(String s) {
        s = s.trim();
        if (s.equals("zeros")) return new Initializer.Zeros();
        if (s.equals("ones")) return new Initializer.Ones();
        int open = s.indexOf('(');
        String fn = s.substring(0, open);
        List<String> args = splitTop(s.substring(open + 1, s.lastIndexOf(')')));
        return switch (fn) {
            case "constant" -> new Initializer.Constant(number(args.get(0)));
            case "normal" -> new Initializer.Normal(number(args.get(0)));
            case "truncated_normal" -> new Initializer.TruncatedNormal(number(args.get(0)), Long.parseLong(args.get(1)));
            case "uniform" -> new Initializer.Uniform(number(args.get(0)), number(args.get(1)));
            default -> throw new IllegalArgumentException("unknown initializer " + fn);
        };
    }

    private static Attrs attrs(Primitive op, String s) {
        Map<String, String> kv = new HashMap<>();
        List<String> words = new ArrayList<>();
        for (String w : words(s)) {
            int eq = w.indexOf('=');
            if (eq > 0) kv.put(w.substring(0, eq), w.substring(eq + 1));
            else words.add(w);
        }
        Class<? extends Attrs> kind = TypeRules.attrsClass(op);
        if (kind == Attrs.None.class) return expectEmpty(s, Attrs.NONE);
        if (kind == Attrs.Constant.class) return new Attrs.Constant(number(get(kv, "value")));
        if (kind == Attrs.Axis.class) return new Attrs.Axis(get(kv, "dim"));
        if (kind == Attrs.Reduce.class) return new Attrs.Reduce(list(get(kv, "dims")));
        if (kind == Attrs.Einsum.class) return new Attrs.Einsum(list(get(kv, "contract")), list(get(kv, "batch")));
        if (kind == Attrs.TopK.class) return new Attrs.TopK(get(kv, "dim"), get(kv, "k_dim"));
        if (kind == Attrs.OneHot.class) return new Attrs.OneHot(get(kv, "dim"));
        if (kind == Attrs.Cumsum.class) {
            if (words.size() != 1 || !(words.get(0).equals("exclusive") || words.get(0).equals("inclusive"))) {
                throw new IllegalArgumentException("cumsum needs 'exclusive' or 'inclusive'");
            }
            return new Attrs.Cumsum(get(kv, "dim"), words.get(0).equals("exclusive"));
        }
        if (kind == Attrs.Take.class) return new Attrs.Take(get(kv, "dim"));
        if (kind == Attrs.Concat.class) return new Attrs.Concat(list(get(kv, "dims")), get(kv, "into"));
        if (kind == Attrs.Slice.class) return new Attrs.Slice(get(kv, "dim"), Long.parseLong(get(kv, "start")), get(kv, "into"));
        if (kind == Attrs.Rename.class) {
            Map<String, String> r = new LinkedHashMap<>();
            for (String w : words) {
                int arrow = w.indexOf("->");
                if (arrow < 0) throw new IllegalArgumentException("rename expects old->new, got " + w);
                r.put(w.substring(0, arrow), w.substring(arrow + 2));
            }
            return new Attrs.Rename(r);
        }
        if (kind == Attrs.RandomUniform.class) {
            return new Attrs.RandomUniform(Long.parseLong(get(kv, "stream")), number(get(kv, "low")), number(get(kv, "high")));
        }
        if (kind == Attrs.RandomBernoulli.class) return new Attrs.RandomBernoulli(Long.parseLong(get(kv, "stream")), number(get(kv, "p")));
        if (kind == Attrs.Dropout.class) return new Attrs.Dropout(Long.parseLong(get(kv, "stream")), number(get(kv, "rate")));
        if (kind == Attrs.Moe.class) {
            return new Attrs.Moe(get(kv, "tokens"), get(kv, "experts"), get(kv, "capacity"), Optional.ofNullable(kv.get("choice")));
        }
        throw new IllegalStateException("no text form for " + kind.getSimpleName());
    }

    private static Attrs expectEmpty(String s, Attrs a) {
        if (!s.isEmpty()) throw new IllegalArgumentException("unexpected attributes '" + s + "'");
        return a;
    }

    private static String get(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) throw new IllegalArgumentException("missing attribute " + key);
        return v;
    }

    /** {@code [a, b]} → [a, b]. */
    private static List<String> list(String s) {
        if (!s.startsWith("[") || !s.endsWith("]")) throw new IllegalArgumentException("expected [list], got " + s);
        return splitTop(s.substring(1, s.length() - 1));
    }

    /** Space-separated words, keeping bracketed lists ({@code dims=[a, b]}) whole. */
    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch == '[' || ch == '(' || ch == '{') depth++;
            if (ch == ']' || ch == ')' || ch == '}') depth--;
            if (ch == ' ' && depth == 0) {
                if (!cur.isEmpty()) out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (!cur.isEmpty()) out.add(cur.toString());
        return out;
    }

    /** Comma-separated items at bracket depth 0, trimmed; empty text → no items. */
    private static List<String> splitTop(String s) {
        List<String> out = new ArrayList<>();
        if (s.isBlank()) return out;
        int depth = 0, start = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '[' || ch == '(' || ch == '{') depth++;
            else if (ch == ']' || ch == ')' || ch == '}') depth--;
            else if (ch == ',' && depth == 0) {
                out.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(s.substring(start).trim());
        return out;
    }

    /** The inverse of {@link GraphPrinter#number}. */
    static double number(String s) {
        return switch (s) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    /** Reads a line left to right. */
    private static final class Cursor {
        private final String s;
        private int pos;

        Cursor(String s) { this.s = s; }

        /** {@code %12 } → 12. */
        int id() {
            if (s.charAt(pos) != '%') throw new IllegalArgumentException("expected %id");
            int end = s.indexOf(' ', pos);
            int id = Integer.parseInt(s.substring(pos + 1, end));
            pos = end + 1;
            return id;
        }

        String until(String sep) {
            int i = s.indexOf(sep, pos);
            if (i < 0) throw new IllegalArgumentException("expected '" + sep.trim() + "'");
            String r = s.substring(pos, i);
            pos = i + sep.length();
            return r;
        }

        String rest() { return s.substring(pos); }
    }
}
