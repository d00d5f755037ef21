package dev.switchyard.cli;

import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.model.GraphManifests;
import dev.switchyard.cli.model.ModelSpecs;
import dev.switchyard.dsl.graph.ModelGraph;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;

/**
 * The model {@code import hf} and {@code export hf} work against: a spec (checked, with
 * {@code --set} overrides; its graph gives what the parameters alone do not) or a compiled
 * artifact directory (its manifest's parameters).
 */
record HfModelSource(List<Manifest.ParameterSpec> parameters, Optional<ModelGraph> graph) {

    /** Empty after the spec's diagnostics were printed. */
    static Optional<HfModelSource> load(Path model, CommandLine line, Console console) throws UserError, IOException {
        if (ModelSpecs.isModelSpec(model)) {
            Optional<ModelGraph> g = ModelSpecs.check(model, CheckCommand.options(line), console);
            return g.map(graph -> new HfModelSource(GraphManifests.parameters(graph), Optional.of(graph)));
        }
        return Optional.of(new HfModelSource(RunCommand.readManifest(model).parameters(), Optional.empty()));
    }
}
