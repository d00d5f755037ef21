package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.ir.HloParseException;
import dev.switchyard.hlo.ir.HloParser;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.verify.Verifier;
import dev.switchyard.hlo.verify.VerifierError;
import java.util.List;
import java.util.stream.Collectors;

/** The one place the interpreter turns StableHLO text into a checked module: parse, then verify. */
final class ModuleText {
    private ModuleText() {}

    static ModuleOp parse(String text, String fileName) throws ExecutionException {
        return parse(text, fileName, 1);
    }

    /** Parses a piece of a file that starts on line {@code firstLine}, so locations are the file's. */
    static ModuleOp parse(String text, String fileName, int firstLine) throws ExecutionException {
        ModuleOp module;
        try {
            module = HloParser.parse(text, fileName, firstLine);
        } catch (HloParseException e) {
            throw new ExecutionException(e.getMessage(), e);
        }
        List<VerifierError> errors = Verifier.verify(module);
        if (!errors.isEmpty()) {
            throw new ExecutionException(errors.stream().map(VerifierError::format).collect(Collectors.joining("\n")));
        }
        return module;
    }
}
