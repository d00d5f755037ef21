package dev.switchyard.cli.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Draws a {@link MeshPlacement} as SVG: one cell per device, laid out row-major over the mesh axes
 * (the last axis across, wrapped at {@value #MAX_COLUMNS} columns), each cell listing the device's
 * coordinates, the experts it holds, the slices of sharded parameters it holds and its parameter
 * memory; the fill darkens with memory. Hovering a cell shows every slice (an SVG {@code <title>}).
 */
public final class MeshSvg {
    private MeshSvg() {}

    static final int MAX_COLUMNS = 16;
    static final int MAX_SLICE_LINES = 4;
    private static final int CELL_WIDTH = 300;
    private static final int LINE = 14;
    private static final int GAP = 10;
    private static final int MARGIN = 20;
    private static final int HEADER = 62;

    public static String render(MeshPlacement placement) {
        List<MeshPlacement.Device> devices = placement.devices();
        int last = placement.axes().isEmpty() ? 1 : placement.axes().getLast().size();
        int columns = Math.max(1, Math.min(last, MAX_COLUMNS));
        int rows = (devices.size() + columns - 1) / columns;
        List<List<String>> cellLines = devices.stream().map(d -> cellLines(placement, d)).toList();
        int lines = cellLines.stream().mapToInt(List::size).max().orElse(1);
        int cellHeight = 10 + LINE * lines;
        long min = devices.stream().mapToLong(MeshPlacement.Device::parameterBytes).min().orElse(0);
        long max = devices.stream().mapToLong(MeshPlacement.Device::parameterBytes).max().orElse(0);
        String subtitle = "per device: mesh coordinates, experts held, slices of sharded parameters, parameter memory ("
                + (min == max ? "the same on all: " + bytes(max) : "darker = more, " + bytes(min) + " to " + bytes(max)) + ")";
        int width = Math.max(2 * MARGIN + columns * CELL_WIDTH + (columns - 1) * GAP, 2 * MARGIN + subtitle.length() * 7);
        int height = HEADER + MARGIN + rows * cellHeight + (rows - 1) * GAP;

        StringBuilder svg = new StringBuilder();
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"11\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
        String shape = placement.axes().stream().map(a -> a.name() + "=" + a.size()).collect(Collectors.joining(" \u00d7 "));
        text(svg, MARGIN, 26, "title", 16, "bold", "mesh '" + placement.meshName() + "': "
                + (shape.isEmpty() ? "one device" : shape + " = " + devices.size() + " devices"));
        text(svg, MARGIN, 46, "subtitle", 11, "normal", subtitle);
        for (int i = 0; i < devices.size(); i++) {
            MeshPlacement.Device d = devices.get(i);
            int x = MARGIN + (i % columns) * (CELL_WIDTH + GAP);
            int y = HEADER + (i / columns) * (cellHeight + GAP);
            svg.append(String.format(Locale.ROOT, "<g class=\"device\" data-device=\"%d\">%n", d.id()));
            svg.append("<title>").append(escape(tooltip(placement, d))).append("</title>\n");
            svg.append(String.format(Locale.ROOT, "<rect class=\"device-cell\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\""
                    + " fill=\"%s\" stroke=\"#34495e\" stroke-width=\"1.2\"/>%n", x, y, CELL_WIDTH, cellHeight, fill(d.parameterBytes(), min, max)));
            List<String> ls = cellLines.get(i);
            for (int l = 0; l < ls.size(); l++) {
                text(svg, x + 8, y + 16 + l * LINE, l == 0 ? "device-name" : "device-line", l == 0 ? 12 : 11,
                        l == 0 ? "bold" : "normal", ls.get(l));
            }
            svg.append("</g>\n");
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    static List<String> cellLines(MeshPlacement placement, MeshPlacement.Device d) {
        List<String> lines = new ArrayList<>();
        lines.add("device " + d.id());
        lines.add(d.coordinates().isEmpty() ? "(single device)" : coordinates(placement, d));
        if (!d.experts().isEmpty()) {
            lines.add("experts " + d.experts().stream().map(MeshPlacement.Range::toString).collect(Collectors.joining(", ")));
        }
        List<MeshPlacement.Slice> sharded = d.slices().stream().filter(MeshPlacement.Slice::sharded).toList();
        for (int i = 0; i < Math.min(MAX_SLICE_LINES, sharded.size()); i++) {
            MeshPlacement.Slice slice = sharded.get(i);
            String index = " " + slice.index();
            lines.add(fit(slice.path(), CHARS - index.length()) + index);
        }
        if (sharded.size() > MAX_SLICE_LINES) lines.add("+ " + (sharded.size() - MAX_SLICE_LINES) + " more sharded");
        int replicated = d.slices().size() - sharded.size();
        if (replicated > 0) lines.add(replicated + " replicated param" + (replicated == 1 ? "" : "s"));
        lines.add("params " + bytes(d.parameterBytes()));
        return lines;
    }

    private static String coordinates(MeshPlacement placement, MeshPlacement.Device d) {
        List<String> parts = new ArrayList<>();
        for (int a = 0; a < d.coordinates().size(); a++) parts.add(placement.axes().get(a).name() + "=" + d.coordinates().get(a));
        return String.join(" ", parts);
    }

    private static String tooltip(MeshPlacement placement, MeshPlacement.Device d) {
        StringBuilder b = new StringBuilder("device ").append(d.id()).append(' ').append(coordinates(placement, d))
                .append(", params ").append(bytes(d.parameterBytes()));
        for (MeshPlacement.Slice s : d.slices()) b.append('\n').append(s).append("  ").append(bytes(s.bytes()));
        return b.toString();
    }

    /** Characters of 11px monospace that fit in a cell. */
    private static final int CHARS = (CELL_WIDTH - 16) * 10 / 67;

    /**
     * Cells are fixed width. A long parameter path keeps its head (which stack and layer) and its
     * tail (which weight) and drops the middle; failing that, its tail alone.
     */
    static String fit(String path, int max) {
        if (path.length() <= max) return path;
        String[] parts = path.split("\\.");
        int n = parts.length;
        if (n > 4) {
            String both = parts[0] + "." + parts[1] + "\u2026" + parts[n - 2] + "." + parts[n - 1];
            if (both.length() <= max) return both;
        }
        if (n > 3) {
            String one = parts[0] + "\u2026" + parts[n - 2] + "." + parts[n - 1];
            if (one.length() <= max) return one;
        }
        return "\u2026" + path.substring(path.length() - max + 1);
    }

    private static String fill(long bytes, long min, long max) {
        double t = max == min ? 0.5 : (double) (bytes - min) / (max - min);
        double lightness = 93 - 25 * t;
        return String.format(Locale.ROOT, "hsl(205, 65%%, %.0f%%)", lightness);
    }

    /** Bytes for people: {@code 276 B}, {@code 1.5 MiB}. */
    public static String formatBytes(long b) { return bytes(b); }

    static String bytes(long b) {
        if (b < 1024) return b + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static void text(StringBuilder svg, int x, int y, String cls, int size, String weight, String s) {
        svg.append(String.format(Locale.ROOT, "<text class=\"%s\" x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\" fill=\"#1b2631\">%s</text>%n",
                cls, x, y, size, weight, escape(s)));
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
