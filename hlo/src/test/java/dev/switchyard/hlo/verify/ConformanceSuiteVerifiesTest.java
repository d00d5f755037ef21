package dev.switchyard.hlo.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.ir.Block;
import dev.switchyard.hlo.ir.HloParseException;
import dev.switchyard.hlo.ir.HloParser;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.Region;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every module of the StableHLO interpreter conformance suite is valid StableHLO (upstream's own
 * verifier accepts it), so ours must report nothing on any of them: a false error here would reject
 * programs that XLA runs. Files are split at {@code // -----} as {@code --split-input-file} does.
 */
class ConformanceSuiteVerifiesTest {

    static Path suite() {
        String shared = System.getProperty("switchyard.shared", "../../shared");
        return Path.of(shared, "conformance", "stablehlo-interpret");
    }

    @Test
    void everyConformanceModuleVerifiesWithoutErrors() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(suite())) {
            files = s.filter(p -> p.toString().endsWith(".mlir")).sorted().toList();
        }
        assertTrue(files.size() > 90, "expected the conformance suite at " + suite() + ", found " + files.size() + " files");
        List<String> falseErrors = new ArrayList<>();
        List<String> unparsed = new ArrayList<>();
        int modules = 0;
        int checkedOps = 0;
        for (Path file : files) {
            String text = Files.readString(file);
            for (HloParser.Piece piece : HloParser.split(text)) {
                ModuleOp m;
                try {
                    m = HloParser.parse(piece.text(), file.getFileName().toString(), piece.firstLine());
                } catch (HloParseException e) {
                    unparsed.add(e.getMessage());
                    continue;
                }
                modules++;
                checkedOps += countModelled(m.body());
                for (VerifierError err : Verifier.verify(m)) falseErrors.add(err.format());
            }
        }
        assertEquals(List.of(), falseErrors, "the verifier rejected valid conformance modules");
        // Parsing is the parser's contract (tested there); this test must still have verified nearly everything.
        assertTrue(unparsed.size() * 20 < modules, "too few modules parsed: " + unparsed);
        assertTrue(modules > 400, "expected the whole suite, verified " + modules + " modules");
        // Guards against a vacuous pass (e.g. op names the registry does not know): most ops must have had rules applied.
        assertTrue(checkedOps > 2000, "only " + checkedOps + " ops had verifier rules");
        System.out.println("conformance: " + modules + " modules, " + checkedOps + " ops checked against spec rules, "
                + unparsed.size() + " pieces the parser rejected");
    }

    private static int countModelled(Block b) {
        int n = 0;
        for (Operation op : b.operations()) {
            if (Verifier.models(op.name())) n++;
            for (Region r : op.regions()) for (Block inner : r.blocks()) n += countModelled(inner);
        }
        return n;
    }
}
