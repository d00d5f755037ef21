package dev.switchyard.runtime.pjrt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shardings on an entry function's arguments and results, read from StableHLO text: the
 * {@code mhlo.sharding} or {@code sdy.sharding} attribute of each argument and result. A tensor
 * without one is replicated. This reads only the function signature; the module is otherwise
 * passed to the plugin untouched.
 */
public record EntrySignature(List<TensorSharding> arguments, List<TensorSharding> results, List<Integer> argumentRanks) {

    public EntrySignature {
        arguments = List.copyOf(arguments);
        results = List.copyOf(results);
        argumentRanks = List.copyOf(argumentRanks);
    }

    /** Shardings given directly (e.g. from a manifest), not read from a module. */
    public static EntrySignature of(List<TensorSharding> arguments, List<TensorSharding> results) {
        return new EntrySignature(arguments, results, arguments.stream().map(TensorSharding::rank).toList());
    }

    private static final Pattern MHLO = Pattern.compile("mhlo\\.sharding\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern SDY = Pattern.compile("sdy\\.sharding\\s*=\\s*#sdy\\.sharding<\\s*@([\\w.$-]+)\\s*,\\s*\\[");
    private static final Pattern DIM_AXES = Pattern.compile("\\{([^}]*)}");
    private static final Pattern AXIS = Pattern.compile("\"([^\"]+)\"");

    /** Reads the signature of {@code entry} for a program over {@code numDevices} partitions. */
    public static EntrySignature parse(String moduleText, String entry, int numDevices) {
        Matcher f = Pattern.compile("func\\.func\\s+(?:public\\s+|private\\s+)?@" + Pattern.quote(entry) + "\\s*\\(").matcher(moduleText);
        if (!f.find()) {
            Optional<EntrySignature> generic = parseGeneric(moduleText, entry, numDevices);
            if (generic.isPresent()) return generic.get();
            throw new IllegalArgumentException("the module has no function @" + entry);
        }
        int open = f.end() - 1;
        int close = matching(moduleText, open);
        List<String> args = splitTopLevel(moduleText.substring(open + 1, close));
        List<String> results = List.of();
        int i = skipSpace(moduleText, close + 1);
        if (moduleText.startsWith("->", i)) {
            i = skipSpace(moduleText, i + 2);
            if (moduleText.charAt(i) == '(') {
                results = splitTopLevel(moduleText.substring(i + 1, matching(moduleText, i)));
            } else {
                int end = i;
                int depth = 0;
                while (end < moduleText.length()) {
                    char c = moduleText.charAt(end);
                    if (c == '<') depth++;
                    if (c == '>') depth--;
                    if (depth == 0 && (Character.isWhitespace(c) || c == '{')) break;
                    end++;
                }
                results = List.of(moduleText.substring(i, end));
            }
        }
        Map<String, Map<String, Integer>> meshes = TensorSharding.shardyMeshes(moduleText);
        List<Integer> ranks = args.stream().map(EntrySignature::rank).toList();
        return new EntrySignature(args.stream().map(a -> sharding(a, meshes, numDevices)).toList(),
                results.stream().map(r -> sharding(r, meshes, numDevices)).toList(), ranks);
    }

    /**
     * MLIR's generic form (what the train step is compiled from): {@code "func.func"() ({…})
     * {arg_attrs = [{…}, …], function_type = (A, …) -> (R, …), res_attrs = […], sym_name = "main"}}.
     * The attribute dictionary is sorted, so {@code arg_attrs} directly precedes {@code function_type}
     * and {@code res_attrs} lies between it and {@code sym_name}. Each argument becomes "TYPE ATTRS",
     * as in the pretty form.
     */
    private static Optional<EntrySignature> parseGeneric(String text, String entry, int numDevices) {
        int name = text.indexOf("sym_name = \"" + entry + "\"");
        if (name < 0) return Optional.empty();
        int type = text.lastIndexOf("function_type = ", name);
        if (type < 0) return Optional.empty();
        int open = type + "function_type = ".length();
        if (text.charAt(open) != '(') return Optional.empty();
        int close = matching(text, open);
        List<String> argTypes = splitTopLevel(text.substring(open + 1, close));
        List<String> resultTypes;
        int i = skipSpace(text, close + 1);
        if (!text.startsWith("->", i)) return Optional.empty();
        i = skipSpace(text, i + 2);
        if (text.charAt(i) == '(') {
            resultTypes = splitTopLevel(text.substring(i + 1, matching(text, i)));
        } else {
            resultTypes = List.of(text.substring(i, i + 7).equals("tensor<") ? text.substring(i, matching(text, i + 6) + 1) : "");
        }
        List<String> argAttrs = List.of();
        int a = text.lastIndexOf("arg_attrs = [", type);
        if (a >= 0) {
            int aOpen = a + "arg_attrs = ".length();
            int aClose = matching(text, aOpen);
            if (text.substring(aClose + 1, type).strip().equals(",")) argAttrs = splitTopLevel(text.substring(aOpen + 1, aClose));
        }
        List<String> resAttrs = List.of();
        int r = text.indexOf("res_attrs = [", close);
        if (r >= 0 && r < name) {
            int rOpen = r + "res_attrs = ".length();
            resAttrs = splitTopLevel(text.substring(rOpen + 1, matching(text, rOpen)));
        }
        List<String> args = new ArrayList<>(), results = new ArrayList<>();
        for (int k = 0; k < argTypes.size(); k++) args.add(argTypes.get(k) + (k < argAttrs.size() ? " " + argAttrs.get(k) : ""));
        for (int k = 0; k < resultTypes.size(); k++) results.add(resultTypes.get(k) + (k < resAttrs.size() ? " " + resAttrs.get(k) : ""));
        Map<String, Map<String, Integer>> meshes = TensorSharding.shardyMeshes(text);
        return Optional.of(new EntrySignature(args.stream().map(x -> sharding(x, meshes, numDevices)).toList(),
                results.stream().map(x -> sharding(x, meshes, numDevices)).toList(), args.stream().map(EntrySignature::rank).toList()));
    }

    private static TensorSharding sharding(String item, Map<String, Map<String, Integer>> meshes, int numDevices) {
        int rank = rank(item);
        Matcher m = MHLO.matcher(item);
        if (m.find()) return TensorSharding.fromGspmd(m.group(1), rank, numDevices);
        Matcher s = SDY.matcher(item);
        if (s.find()) {
            Map<String, Integer> mesh = meshes.get(s.group(1));
            if (mesh == null) throw new IllegalArgumentException("sdy.sharding names mesh @" + s.group(1) + ", which the module does not define");
            int open = s.end() - 1;
            String dims = item.substring(open + 1, matching(item, open));
            List<List<String>> dimAxes = new ArrayList<>();
            Matcher d = DIM_AXES.matcher(dims);
            while (d.find()) {
                List<String> axes = new ArrayList<>();
                Matcher a = AXIS.matcher(d.group(1));
                while (a.find()) axes.add(a.group(1));
                dimAxes.add(axes);
            }
            if (dimAxes.size() != rank) {
                throw new IllegalArgumentException("sdy.sharding lists " + dimAxes.size() + " dimensions for a rank-" + rank + " tensor");
            }
            TensorSharding t = TensorSharding.fromShardy(mesh, dimAxes);
            if (t.numDevices() != numDevices) {
                throw new IllegalArgumentException("mesh @" + s.group(1) + " has " + t.numDevices()
                        + " devices but the program has " + numDevices + " partitions");
            }
            return t;
        }
        return TensorSharding.replicated(rank, numDevices);
    }

    /** The rank of the first {@code tensor<...>} type in an argument or result. */
    static int rank(String item) {
        int t = item.indexOf("tensor<");
        if (t < 0) return 0;
        int start = t + "tensor<".length();
        int end = matching(item, t + "tensor".length());
        String body = item.substring(start, end);
        int comma = body.indexOf(',');
        if (comma >= 0) body = body.substring(0, comma);
        return body.split("x", -1).length - 1;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    /** The index of the bracket closing the one at {@code open}, skipping strings and nested brackets. */
    private static int matching(String s, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
                continue;
            }
            switch (c) {
                case '"' -> quoted = true;
                case '(', '[', '{', '<' -> depth++;
                case ')', ']', '}', '>' -> {
                    if (c == '>' && i > 0 && s.charAt(i - 1) == '-') break; // "->" is an arrow, not a bracket
                    if (--depth == 0) return i;
                }
                default -> { }
            }
        }
        throw new IllegalArgumentException("unbalanced brackets in the function signature");
    }

    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
                continue;
            }
            switch (c) {
                case '"' -> quoted = true;
                case '(', '[', '{', '<' -> depth++;
                case ')', ']', '}', '>' -> depth--;
                case ',' -> {
                    if (depth == 0) {
                        parts.add(s.substring(start, i).trim());
                        start = i + 1;
                    }
                }
                default -> { }
            }
        }
        String last = s.substring(start).trim();
        if (!last.isEmpty()) parts.add(last);
        return parts;
    }

    /** The sharding of argument {@code i}, replicated when the signature does not say. */
    public Optional<TensorSharding> argument(int i) { return i < arguments.size() ? Optional.of(arguments.get(i)) : Optional.empty(); }
}
