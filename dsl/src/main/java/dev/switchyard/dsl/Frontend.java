package dev.switchyard.dsl;

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
        throw new UnsupportedOperationException("not implemented yet");
    }
}
