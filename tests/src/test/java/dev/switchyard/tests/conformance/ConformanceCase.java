package dev.switchyard.tests.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One {@code // -----} separated case of a StableHLO interpreter test file. */
public record ConformanceCase(String file, int index, String text) {

    /** Also the commented-out form {@code // // -----}: a few files keep two test functions in one case that way. */
    private static final Pattern SEPARATOR = Pattern.compile("(?m)^(// )?// -----\\s*$");

    /** {@code file#index}, e.g. {@code add.mlir#3}, for reports. */
    public String id() { return file + "#" + index; }

    /** The folder of the copied interpreter tests, from the {@code switchyard.shared} system property. */
    public static Path suiteDirectory() {
        String shared = System.getProperty("switchyard.shared");
        if (shared == null) {
            throw new IllegalStateException("system property switchyard.shared is not set (surefire sets it to ../shared)");
        }
        Path dir = Path.of(shared, "conformance", "stablehlo-interpret");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("conformance suite not found at " + dir);
        }
        return dir;
    }

    public static List<ConformanceCase> all() throws IOException {
        List<ConformanceCase> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(suiteDirectory())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".mlir")).sorted().toList()) {
                String[] parts = SEPARATOR.split(Files.readString(f));
                for (int i = 0; i < parts.length; i++) {
                    cases.add(new ConformanceCase(f.getFileName().toString(), i, parts[i]));
                }
            }
        }
        return cases;
    }
}
