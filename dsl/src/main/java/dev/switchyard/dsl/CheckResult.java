package dev.switchyard.dsl;

import dev.switchyard.dsl.graph.ModelGraph;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link Frontend#check}: all diagnostics (errors and warnings, in source order per
 * stage), the elaborated graph when there was no error, and the printable intermediate forms.
 *
 * @param diagnostics  errors and warnings
 * @param graph        present iff there is no error
 * @param sources      the source texts read (file name → text), for rendering diagnostics
 * @param types        the {@code --emit types} text (one line per binding), empty on error
 */
public record CheckResult(List<Diagnostic> diagnostics, Optional<ModelGraph> graph, SourceSet sources, String types) {

    public CheckResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean ok() { return diagnostics.stream().noneMatch(Diagnostic::isError); }

    /** Every diagnostic rendered with its source line and caret (see {@link DiagnosticRenderer}). */
    public String render() { return DiagnosticRenderer.render(diagnostics, sources); }
}
