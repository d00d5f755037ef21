package dev.switchyard.hlo.verify;

import java.util.HashSet;
import java.util.Set;

/** The spec's predicates over lists of dimension numbers ({@code is_unique}, ranges, {@code is_sorted}). */
final class DimensionLists {
    private DimensionLists() {}

    static boolean isUnique(long[]... lists) {
        Set<Long> seen = new HashSet<>();
        for (long[] l : lists) for (long d : l) if (!seen.add(d)) return false;
        return true;
    }

    static boolean isSorted(long[] l) {
        for (int i = 1; i < l.length; i++) if (l[i - 1] > l[i]) return false;
        return true;
    }

    /** Whether every value lies in {@code [0, bound)}. */
    static boolean inRange(long[] l, long bound) {
        for (long d : l) if (d < 0 || d >= bound) return false;
        return true;
    }

    static boolean contains(long[] l, long v) {
        for (long d : l) if (d == v) return true;
        return false;
    }

    static long[] concat(long[] a, long[] b) {
        long[] out = new long[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** {@code [0, 1, ..., n-1]} as text, for messages. */
    static String range(long n) {
        long[] r = new long[(int) Math.max(0, Math.min(n, 64))];
        for (int i = 0; i < r.length; i++) r[i] = i;
        return Types.list(r);
    }
}
