package dev.switchyard.cli.train;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code LOG_DIR/loss.svg}: the training loss (and eval loss, as dots) against the step, with
 * axes and tick labels; and {@code loss.png} beside it when {@code rsvg-convert} is on the PATH.
 */
public final class LossCurve {
    private LossCurve() {}

    public record Point(long step, double value) {}

    private static final int WIDTH = 720, HEIGHT = 400, LEFT = 70, RIGHT = 20, TOP = 30, BOTTOM = 50;

    public static String svg(String title, List<Point> train, List<Point> eval) {
        List<Point> all = new java.util.ArrayList<>(train);
        all.addAll(eval);
        all.removeIf(p -> !Double.isFinite(p.value()));
        long minStep = all.stream().mapToLong(Point::step).min().orElse(0), maxStep = all.stream().mapToLong(Point::step).max().orElse(1);
        double lo = all.stream().mapToDouble(Point::value).min().orElse(0), hi = all.stream().mapToDouble(Point::value).max().orElse(1);
        if (maxStep == minStep) maxStep = minStep + 1;
        if (hi - lo < 1e-12) { hi += 0.5; lo -= 0.5; }
        double pad = (hi - lo) * 0.05;
        lo -= pad;
        hi += pad;
        Scale x = new Scale(minStep, maxStep, LEFT, WIDTH - RIGHT), y = new Scale(hi, lo, TOP, HEIGHT - BOTTOM);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">%s</text>%n", LEFT, escape(title)));
        for (int i = 0; i <= 4; i++) {
            double v = lo + (hi - lo) * i / 4;
            double py = y.at(v);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, py, WIDTH - RIGHT, py));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.3g</text>%n", LEFT - 6, py + 4, v));
            double st = minStep + (double) (maxStep - minStep) * i / 4;
            double px = x.at(st);
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", px, HEIGHT - BOTTOM + 18, Math.round(st)));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
                LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">step</text>%n", (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 12));
        StringBuilder path = new StringBuilder();
        for (Point p : train) {
            if (!Double.isFinite(p.value())) continue;
            path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x.at(p.step()), y.at(p.value())));
        }
        if (!path.isEmpty()) s.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\"/>\n");
        for (Point p : eval) {
            if (!Double.isFinite(p.value())) continue;
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#d62728\"/>%n", x.at(p.step()), y.at(p.value())));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#1f77b4\" text-anchor=\"end\">train loss</text>%n", WIDTH - RIGHT - 8, TOP + 16));
        if (!eval.isEmpty()) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#d62728\" text-anchor=\"end\">eval loss</text>%n", WIDTH - RIGHT - 8, TOP + 32));
        }
        return s.append("</svg>\n").toString();
    }

    private record Scale(double from, double to, double px0, double px1) {
        double at(double v) { return px0 + (v - from) / (to - from) * (px1 - px0); }
    }

    private static String escape(String s) { return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"); }

    /** Writes {@code loss.svg} (temp + rename) and, when {@code rsvg-convert} exists, {@code loss.png}; returns the PNG if made. */
    public static Optional<Path> write(Path dir, String svg) throws IOException {
        Path file = dir.resolve("loss.svg");
        Path tmp = Files.createTempFile(dir, ".loss", ".svg.tmp");
        Files.writeString(tmp, svg);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Optional<Path> rsvg = onPath("rsvg-convert");
        if (rsvg.isEmpty()) return Optional.empty();
        Path png = dir.resolve("loss.png");
        Path pngTmp = dir.resolve(".loss.png.tmp");
        try {
            Process p = new ProcessBuilder(rsvg.get().toString(), "-o", pngTmp.toString(), file.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isRegularFile(pngTmp)) {
                Files.move(pngTmp, png, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return Optional.of(png);
            }
            p.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(pngTmp);
        return Optional.empty();
    }

    static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, program);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
