package dev.switchyard.hlo.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 2 of issue 2: every case of the StableHLO interpreter suite parses; its generic print
 * is accepted by {@code mlir-opt --allow-unregistered-dialect} (an independent MLIR parser and
 * verifier); and pretty → parse → generic gives exactly the direct generic print.
 */
class ConformanceRoundTripTest {

    /** Files using features we chose not to support, with the reason. Currently none. */
    static final Map<String, String> UNSUPPORTED = Map.of();

    static final String MLIR_OPT = System.getProperty("switchyard.mlirOpt", "/usr/lib/llvm-22/bin/mlir-opt");

    @Test
    void everyCaseParsesAndPrettyFormIsAFixpointOfTheGenericForm() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (ConformanceSuite.Case c : ConformanceSuite.cases()) {
            if (UNSUPPORTED.containsKey(c.name())) continue;
            try {
                ModuleOp direct = HloParser.parse(c.piece().text(), c.name(), c.piece().firstLine());
                String generic = GenericPrinter.print(direct);
                String pretty = PrettyPrinter.print(direct);
                ModuleOp viaPretty = HloParser.parse(pretty, c.name() + " (pretty)");
                if (!GenericPrinter.print(viaPretty).equals(generic)) {
                    failures.add(c + ": pretty -> parse -> generic differs from the direct generic print");
                    continue;
                }
                ModuleOp viaGeneric = HloParser.parse(generic, c.name() + " (generic)");
                if (!GenericPrinter.print(viaGeneric).equals(generic)) failures.add(c + ": generic print is not a fixpoint");
                checked++;
            } catch (HloParseException e) {
                failures.add(c + ": " + e.getMessage());
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(checked > 500, "expected the whole suite (>500 cases), checked " + checked);
    }

    @Test
    void mlirOptAcceptsTheGenericFormOfEveryCase(@TempDir Path tmp) throws Exception {
        if (!Files.isExecutable(Path.of(MLIR_OPT))) {
            fail("mlir-opt not found at " + MLIR_OPT + ": install it (apt-get install -y mlir-22-tools) "
                    + "or point -Dswitchyard.mlirOpt at it");
        }
        // One mlir-opt run over all cases (split like the suite itself) keeps this fast.
        StringBuilder all = new StringBuilder();
        for (ConformanceSuite.Case c : ConformanceSuite.cases()) {
            if (UNSUPPORTED.containsKey(c.name())) continue;
            if (!all.isEmpty()) all.append(HloParser.SPLIT_MARKER).append('\n');
            all.append("// case ").append(c).append('\n');
            all.append(GenericPrinter.print(HloParser.parse(c.piece().text(), c.name(), c.piece().firstLine())));
        }
        Path input = tmp.resolve("all-generic.mlir");
        Files.writeString(input, all, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(MLIR_OPT, "--allow-unregistered-dialect", "--split-input-file", input.toString(),
                "-o", tmp.resolve("out.mlir").toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "mlir-opt timed out");
        assertEquals(0, p.exitValue(), "mlir-opt rejected our generic form:\n" + head(output));
        assertTrue(!output.contains("error"), "mlir-opt reported:\n" + head(output));
        // mlir-opt printed a module for every case: its output is non-trivial.
        String out = Files.readString(tmp.resolve("out.mlir"));
        assertTrue(out.contains("stablehlo.add") && out.contains("check.expect_eq_const"), "unexpected mlir-opt output");
    }

    private static String head(String s) { return s.length() > 4000 ? s.substring(0, 4000) + "..." : s; }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
