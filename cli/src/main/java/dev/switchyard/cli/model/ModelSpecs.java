package dev.switchyard.cli.model;

import dev.switchyard.cli.Console;
import dev.switchyard.cli.UserError;
import dev.switchyard.cli.UserFiles;
import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.CheckResult;
import dev.switchyard.dsl.Frontend;
import dev.switchyard.dsl.graph.ModelGraph;
import java.nio.file.Path;
import java.util.Optional;

/** Checks a model spec for commands that need its graph; diagnostics go to stderr with carets. */
public final class ModelSpecs {
    private ModelSpecs() {}

    public static boolean isModelSpec(Path p) {
        return p.getFileName() != null && p.getFileName().toString().endsWith(".sy");
    }

    /** The model graph, or empty after the diagnostics were printed (the command then exits 1). */
    public static Optional<ModelGraph> check(Path file, CheckOptions options, Console console) throws UserError {
        UserFiles.requireFile(file);
        return checkResult(file, options, console).flatMap(CheckResult::graph);
    }

    /** The whole check result when it is free of errors, or empty after the diagnostics and an error count were printed. */
    public static Optional<CheckResult> checkResult(Path file, CheckOptions options, Console console) {
        CheckResult r = Frontend.check(file, options);
        console.err().print(r.render());
        if (!r.ok()) {
            long errors = r.diagnostics().stream().filter(d -> d.isError()).count();
            console.err().println(file + ": " + errors + " error" + (errors == 1 ? "" : "s"));
            return Optional.empty();
        }
        return Optional.of(r);
    }

    /** The cost model of a checked graph; a count past 64 bits is a located user error, not an overflow. */
    public static dev.switchyard.compiler.cost.CostReport cost(ModelGraph g) throws UserError {
        try {
            return dev.switchyard.compiler.cost.CostModel.of(g);
        } catch (dev.switchyard.compiler.cost.CostModel.TooLarge e) {
            throw new UserError(e.span().location() + ": " + e.getMessage());
        }
    }
}
