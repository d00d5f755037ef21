package dev.switchyard.runtime.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: the whole StableHLO interpreter test suite (a copy of openxla/stablehlo's
 * {@code stablehlo/tests/interpret}) under {@code ${switchyard.shared}/conformance/stablehlo-interpret}.
 * No case that runs may fail, and at least 90 % of all cases must pass; the rest are
 * UNSUPPORTED with their reason (f8/f4 types, quantization, infeed/outfeed/send, ...).
 */
class ConformanceSuiteTest {

    private static Path suite() {
        String shared = System.getProperty("switchyard.shared");
        assertTrue(shared != null && !shared.isBlank(), "system property switchyard.shared is not set (surefire sets it to ../shared)");
        Path dir = Path.of(shared, "conformance", "stablehlo-interpret");
        assertTrue(Files.isDirectory(dir), "conformance suite not found at " + dir);
        return dir;
    }

    @Test
    void wholeSuitePassesOrIsUnsupportedWithAReason() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(suite())) {
            files = s.filter(p -> p.toString().endsWith(".mlir")).sorted().toList();
        }
        int passed = 0, failed = 0, skipped = 0;
        List<String> failures = new ArrayList<>();
        Map<String, Integer> reasons = new TreeMap<>();
        for (Path file : files) {
            for (TestFileRunner.CaseResult r : TestFileRunner.run(Files.readString(file), file.getFileName().toString(), true)) {
                switch (r.outcome()) {
                    case PASSED -> passed++;
                    case FAILED -> { failed++; failures.add(file.getFileName() + ": " + r.line()); }
                    case UNSUPPORTED -> { skipped++; reasons.merge(r.detail(), 1, Integer::sum); }
                }
            }
        }
        int total = passed + failed + skipped;
        System.out.println("stablehlo-interpret conformance: " + passed + " passed, " + failed + " failed, " + skipped
                + " skipped of " + total + " cases in " + files.size() + " files");
        System.out.println("unsupported: " + reasons);
        failures.forEach(System.out::println);
        assertEquals(List.of(), failures);
        assertTrue(total > 500, "expected the whole suite (500+ cases), found " + total);
        assertTrue(passed * 10 >= total * 9, passed + " of " + total + " passed: below 90 %");
    }
}
