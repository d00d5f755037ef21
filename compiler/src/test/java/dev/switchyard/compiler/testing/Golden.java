package dev.switchyard.compiler.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden text files under {@code src/test/resources/golden}. Run with
 * {@code -Dswitchyard.updateGolden=true} to rewrite them after reviewing a change.
 */
public final class Golden {
    private Golden() {}

    public static void assertMatches(String relative, String actual) {
        Path file = Path.of(System.getProperty("switchyard.root", ".."), "compiler", "src", "test", "resources", "golden", relative);
        try {
            if (Boolean.getBoolean("switchyard.updateGolden")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual);
                return;
            }
            if (!Files.exists(file)) fail("no golden file " + file + " (run with -Dswitchyard.updateGolden=true and review it)");
            assertEquals(Files.readString(file), actual, "golden " + relative);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
