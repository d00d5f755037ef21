package dev.switchyard.dsl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extracts every example from docs/language.md and checks it: {@code ```sy} blocks must check
 * without errors, {@code ```sy file=PATH} blocks are written as library files for the examples
 * after them, and {@code ```sy-error} blocks must fail with the message in their last
 * {@code // error:} comment.
 */
class DocsExamplesTest {

    private static final Pattern FENCE = Pattern.compile("```(sy(?:-error)?)([^\\n]*)\\n(.*?)```", Pattern.DOTALL);

    static Path languageDoc() {
        String root = System.getProperty("switchyard.root");
        Path p = root != null ? Path.of(root, "docs", "language.md") : Path.of("..", "docs", "language.md");
        if (!Files.exists(p)) p = Path.of("..", "docs", "language.md");
        return p;
    }

    @Test
    void everyExampleChecks(@TempDir Path dir) throws IOException {
        String doc = Files.readString(languageDoc(), StandardCharsets.UTF_8);
        Matcher m = FENCE.matcher(doc);
        int programs = 0, errors = 0;
        List<String> failures = new ArrayList<>();
        while (m.find()) {
            String kind = m.group(1);
            String info = m.group(2).trim();
            String code = m.group(3);
            int line = 1 + (int) doc.substring(0, m.start()).chars().filter(c -> c == '\n').count();
            if (info.startsWith("file=")) {
                Path lib = dir.resolve(info.substring(5));
                Files.createDirectories(lib.getParent());
                Files.writeString(lib, code);
                continue;
            }
            Path file = dir.resolve("example_" + line + ".sy");
            Files.writeString(file, code);
            CheckResult r = Frontend.check(file, CheckOptions.defaults());
            if (kind.equals("sy")) {
                programs++;
                if (!r.ok()) failures.add("example at docs/language.md:" + line + " fails:\n" + r.render());
            } else {
                errors++;
                int at = code.lastIndexOf("// error: ");
                String expected = code.substring(at + 10).trim();
                boolean found = r.diagnostics().stream().anyMatch(d -> d.isError() && d.message().contains(expected));
                if (!found) failures.add("error example at docs/language.md:" + line + " did not report '" + expected + "':\n" + r.render());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(programs >= 12, "examples found: " + programs);
        assertTrue(errors >= 1);
    }
}
