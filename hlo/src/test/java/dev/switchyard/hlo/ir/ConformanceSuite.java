package dev.switchyard.hlo.ir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The StableHLO interpreter test files in {@code ../shared/conformance/stablehlo-interpret}, split into pieces. */
final class ConformanceSuite {
    private ConformanceSuite() {}

    /** One {@code // -----} piece of one file. */
    record Case(Path file, String name, HloParser.Piece piece) {
        @Override public String toString() { return name + ":" + piece.firstLine(); }
    }

    static Path directory() {
        String shared = System.getProperty("switchyard.shared");
        if (shared == null) {
            throw new IllegalStateException("system property switchyard.shared is not set; run the tests through Maven "
                    + "(the root pom points it at ../shared)");
        }
        Path dir = Path.of(shared, "conformance", "stablehlo-interpret");
        if (!Files.isDirectory(dir)) throw new IllegalStateException("conformance suite not found at " + dir);
        return dir;
    }

    static List<Path> files() {
        try (Stream<Path> s = Files.walk(directory())) {
            return s.filter(p -> p.toString().endsWith(".mlir")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        Path root = directory();
        for (Path f : files()) {
            try {
                for (HloParser.Piece p : HloParser.split(Files.readString(f))) {
                    out.add(new Case(f, root.relativize(f).toString(), p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
