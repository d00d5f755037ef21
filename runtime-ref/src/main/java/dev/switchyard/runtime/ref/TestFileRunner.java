package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.HloParser;
import dev.switchyard.hlo.ir.ModuleOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs StableHLO interpreter test files (the format of openxla/stablehlo's
 * {@code stablehlo/tests/interpret}): each function that takes no arguments is a case whose
 * {@code check.*} ops decide PASS or FAIL; a module with a {@code @main} is one case. Pieces of a
 * file separated by {@code // -----} are independent modules.
 */
public final class TestFileRunner {
    private TestFileRunner() {}

    public enum Outcome { PASSED, FAILED, UNSUPPORTED }

    /** One case: its name, outcome and, unless it passed, why. */
    public record CaseResult(String name, Outcome outcome, String detail) {
        /** {@code PASS name} / {@code FAIL name: why} / {@code UNSUPPORTED name: feature}. */
        public String line() {
            return switch (outcome) {
                case PASSED -> "PASS " + name;
                case FAILED -> "FAIL " + name + ": " + detail;
                case UNSUPPORTED -> "UNSUPPORTED " + name + ": " + detail;
            };
        }
    }

    public static List<CaseResult> run(String text, String fileName, boolean splitInputFile) {
        return run(text, fileName, splitInputFile, Interpreter.DEFAULT_MAX_STEPS);
    }

    /** As {@link #run(String, String, boolean)}, each case stopping after {@code maxSteps} while-loop iterations. */
    public static List<CaseResult> run(String text, String fileName, boolean splitInputFile, long maxSteps) {
        List<CaseResult> results = new ArrayList<>();
        List<HloParser.Piece> pieces = splitInputFile ? HloParser.split(text) : List.of(new HloParser.Piece(text, 1));
        for (int p = 0; p < pieces.size(); p++) {
            HloParser.Piece piece = pieces.get(p);
            ModuleOp module;
            try {
                module = ModuleText.parse(piece.text(), fileName, piece.firstLine());
            } catch (ExecutionException e) {
                // text that does not parse or verify (an unknown op name included) is a mistake in the file, never "unsupported"
                results.add(new CaseResult(fileName + "#" + (p + 1), Outcome.FAILED, e.getMessage()));
                continue;
            }
            for (FuncOp f : cases(module)) {
                if (!f.type().inputs().isEmpty()) {
                    results.add(new CaseResult(f.name(), Outcome.UNSUPPORTED, "@" + f.name() + " takes arguments (run it with --inputs)"));
                } else {
                    results.add(runCase(module, f, maxSteps));
                }
            }
        }
        return results;
    }

    private static List<FuncOp> cases(ModuleOp module) {
        var main = module.function("main");
        if (main.isPresent()) return List.of(main.get());
        List<FuncOp> out = new ArrayList<>();
        for (FuncOp f : module.functions()) {
            if (f.visibility().equals("public") && f.type().inputs().isEmpty()) out.add(f);
        }
        return out;
    }

    private static CaseResult runCase(ModuleOp module, FuncOp f, long maxSteps) {
        String name = f.name().equals("main") && module.name().isPresent() ? module.name().get() : f.name();
        try {
            new Interpreter(module).maxSteps(maxSteps).call(f.name(), List.of());
            return new CaseResult(name, Outcome.PASSED, "");
        } catch (UnsupportedOpException e) {
            return new CaseResult(name, Outcome.UNSUPPORTED, e.feature());
        } catch (InterpretException e) {
            return new CaseResult(name, Outcome.FAILED, e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // a bug of ours, not of the test: still one failed case, not a crashed run
            return new CaseResult(name, Outcome.FAILED, "internal error: " + e);
        }
    }
}
