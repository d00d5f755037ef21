package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.ir.HloParseException;
import dev.switchyard.hlo.ir.HloParser;
import dev.switchyard.hlo.ir.ModuleOp;

/** The one place the interpreter turns StableHLO text into a module (the hlo parser; its verifier once it exists). */
final class ModuleText {
    private ModuleText() {}

    static ModuleOp parse(String text, String fileName) throws ExecutionException {
        return parse(text, fileName, 1);
    }

    /** Parses a piece of a file that starts on line {@code firstLine}, so locations are the file's. */
    static ModuleOp parse(String text, String fileName, int firstLine) throws ExecutionException {
        try {
            return HloParser.parse(text, fileName, firstLine);
        } catch (HloParseException e) {
            throw new ExecutionException(e.getMessage(), e);
        }
    }
}
