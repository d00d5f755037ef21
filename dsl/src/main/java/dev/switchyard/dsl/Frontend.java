package dev.switchyard.dsl;

import dev.switchyard.dsl.check.Checker;
import java.nio.file.Path;

/**
 * The language front end's one entry point: parse, resolve, type-check and elaborate a
 * {@code .sy} file into a {@link dev.switchyard.dsl.graph.ModelGraph}. Never throws for a user
 * mistake: every problem is a diagnostic in the result.
 */
public final class Frontend {
    private Frontend() {}

    /** Checks {@code file} (and its imports) and elaborates its {@code forward} entry point. */
    public static CheckResult check(Path file, CheckOptions options) {
        return Checker.check(file, options);
    }

    /** The same for source text that is not on disk; {@code name} is used in diagnostics. */
    public static CheckResult checkText(String name, String text, CheckOptions options) {
        return Checker.checkText(name, text, options);
    }
}
