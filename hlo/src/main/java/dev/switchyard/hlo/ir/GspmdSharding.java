package dev.switchyard.hlo.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A GSPMD sharding as XLA spells it in {@code mhlo.sharding} strings: {@code {replicated}},
 * {@code {manual}}, {@code {maximal device=0}}, tiled {@code {devices=[2,1]0,1}} or with an iota
 * device list {@code {devices=[4,2]<=[2,4]T(1,0)}}, optionally {@code last_tile_dim_replicate}, and
 * tuples of these. {@link #parse} accepts exactly what {@link #text} prints, so a string we cannot
 * represent stays a plain string attribute.
 */
public sealed interface GspmdSharding {

    /** The {@code mhlo.sharding} string. */
    String text();

    record Replicated() implements GspmdSharding {
        @Override public String text() { return "{replicated}"; }
    }

    record Manual() implements GspmdSharding {
        @Override public String text() { return "{manual}"; }
    }

    record Maximal(long device) implements GspmdSharding {
        @Override public String text() { return "{maximal device=" + device + "}"; }
    }

    /**
     * A tiled sharding: {@code tileDims} tiles over the tensor dims (plus a trailing replication dim
     * when {@code lastTileDimReplicate}); devices either listed, or an iota reshaped to
     * {@code iotaDims} and transposed by {@code iotaPermutation} (empty: identity).
     */
    record Tiled(long[] tileDims, long[] devices, long[] iotaDims, long[] iotaPermutation,
                 boolean lastTileDimReplicate) implements GspmdSharding {
        public Tiled {
            tileDims = tileDims.clone(); devices = devices.clone(); iotaDims = iotaDims.clone(); iotaPermutation = iotaPermutation.clone();
        }
        @Override public long[] tileDims() { return tileDims.clone(); }
        @Override public long[] devices() { return devices.clone(); }
        @Override public long[] iotaDims() { return iotaDims.clone(); }
        @Override public long[] iotaPermutation() { return iotaPermutation.clone(); }
        @Override public String text() { return "{" + body() + "}"; }
        String body() {
            StringBuilder sb = new StringBuilder("devices=[").append(join(tileDims)).append(']');
            if (iotaDims.length > 0) {
                sb.append("<=[").append(join(iotaDims)).append(']');
                if (iotaPermutation.length > 0) sb.append("T(").append(join(iotaPermutation)).append(')');
            } else {
                sb.append(join(devices));
            }
            if (lastTileDimReplicate) sb.append(" last_tile_dim_replicate");
            return sb.toString();
        }
        @Override public boolean equals(Object o) { return o instanceof Tiled t && t.text().equals(text()); }
        @Override public int hashCode() { return text().hashCode(); }
        @Override public String toString() { return text(); }
    }

    record Tuple(List<GspmdSharding> elements) implements GspmdSharding {
        public Tuple { elements = List.copyOf(elements); }
        @Override public String text() {
            List<String> parts = new ArrayList<>();
            for (GspmdSharding e : elements) parts.add(e.text());
            return "{" + String.join(", ", parts) + "}";
        }
    }

    /** Parses an {@code mhlo.sharding} string; empty if it uses a form this model does not hold. */
    static Optional<GspmdSharding> parse(String s) {
        Objects.requireNonNull(s);
        try {
            Optional<GspmdSharding> r = Optional.ofNullable(parseOne(s.trim()));
            return r.filter(g -> g.text().equals(s));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static GspmdSharding parseOne(String s) {
        if (!s.startsWith("{") || !s.endsWith("}")) return null;
        String body = s.substring(1, s.length() - 1);
        switch (body) {
            case "replicated": return new Replicated();
            case "manual": return new Manual();
            default: break;
        }
        if (body.startsWith("maximal device=")) return new Maximal(Long.parseLong(body.substring("maximal device=".length())));
        if (body.startsWith("{")) {
            List<GspmdSharding> parts = new ArrayList<>();
            int depth = 0;
            int start = 0;
            for (int i = 0; i < body.length(); i++) {
                char c = body.charAt(i);
                if (c == '{') depth++;
                else if (c == '}') depth--;
                else if (c == ',' && depth == 0) {
                    parts.add(parseOne(body.substring(start, i).trim()));
                    start = i + 1;
                }
            }
            parts.add(parseOne(body.substring(start).trim()));
            if (parts.contains(null)) return null;
            return new Tuple(parts);
        }
        if (!body.startsWith("devices=[")) return null;
        boolean replicateLast = false;
        if (body.endsWith(" last_tile_dim_replicate")) {
            replicateLast = true;
            body = body.substring(0, body.length() - " last_tile_dim_replicate".length());
        }
        int close = body.indexOf(']');
        long[] tiles = longs(body.substring("devices=[".length(), close));
        String rest = body.substring(close + 1);
        if (rest.startsWith("<=[")) {
            int c2 = rest.indexOf(']');
            long[] iota = longs(rest.substring(3, c2));
            String tail = rest.substring(c2 + 1);
            long[] perm = new long[0];
            if (tail.startsWith("T(") && tail.endsWith(")")) perm = longs(tail.substring(2, tail.length() - 1));
            else if (!tail.isEmpty()) return null;
            return new Tiled(tiles, new long[0], iota, perm, replicateLast);
        }
        return new Tiled(tiles, longs(rest), new long[0], new long[0], replicateLast);
    }

    private static long[] longs(String csv) {
        if (csv.isEmpty()) return new long[0];
        return Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
    }

    private static String join(long[] xs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(xs[i]);
        }
        return sb.toString();
    }
}
