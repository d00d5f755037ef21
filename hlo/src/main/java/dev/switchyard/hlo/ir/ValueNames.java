package dev.switchyard.hlo.ir;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Printed names of values within one top-level op (a function): the value's name hint when it is a
 * valid, non-numeric MLIR name not yet taken (a suffix makes it unique), else the next number.
 * Numeric hints are dropped so that printing renumbers, as MLIR does, which keeps print → parse →
 * print a fixpoint.
 */
final class ValueNames {
    private final Map<Value, String> names = new IdentityHashMap<>();
    private final Set<String> used = new HashSet<>();
    private int nextNumber;
    private int nextArg;
    private final boolean useHints;

    ValueNames() { this(false); }

    /** With {@code useHints}, values print under their name hints where possible (debug output). */
    ValueNames(boolean useHints) { this.useHints = useHints; }

    /** Makes {@code v} print as {@code name}, a name already given to a value in a sibling region. */
    void alias(Value v, String name) { names.put(v, name); }

    /** Names the results of one op as a group {@code N}, each result {@code N#i}; returns {@code N}. */
    String group(java.util.List<Value> results) {
        String base;
        while (true) {
            base = Integer.toString(nextNumber++);
            if (used.add(base)) break;
        }
        for (int i = 0; i < results.size(); i++) names.put(results.get(i), base + "#" + i);
        return base;
    }

    /** The name (without {@code %}) of {@code v}, assigning one on first sight. */
    String name(Value v) {
        String n = names.get(v);
        if (n == null) {
            n = assign(v);
            names.put(v, n);
        }
        return n;
    }

    private String assign(Value v) {
        String hint = useHints ? v.nameHint().orElse(null) : null;
        if (hint != null && isNamedHint(hint)) {
            if (used.add(hint)) return hint;
            for (int k = 1; ; k++) {
                String c = hint + "_" + k;
                if (used.add(c)) return c;
            }
        }
        if (v.isBlockArgument()) {
            while (true) {
                String c = "arg" + nextArg++;
                if (used.add(c)) return c;
            }
        }
        while (true) {
            String c = Integer.toString(nextNumber++);
            if (used.add(c)) return c;
        }
    }

    /** A hint we keep: a valid MLIR suffix id that is not all digits. */
    static boolean isNamedHint(String s) {
        if (s.isEmpty()) return false;
        char c0 = s.charAt(0);
        if (!(isLetter(c0) || c0 == '$' || c0 == '.' || c0 == '_' || c0 == '-')) return false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isLetter(c) || (c >= '0' && c <= '9') || c == '$' || c == '.' || c == '_' || c == '-')) return false;
        }
        return true;
    }

    private static boolean isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
}
