package dev.switchyard.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.Executor;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import dev.switchyard.tests.differential.Differential;
import dev.switchyard.tests.differential.InterpreterReadiness;
import dev.switchyard.tests.xla.XlaCpuExecutor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The rewritten conformance modules through the interpreter and XLA: wherever XLA runs a case and
 * agrees with the suite, the interpreter must produce the same values (per-dtype tolerance).
 */
class ConformanceDifferentialTest {

    @Test
    void interpreterAgreesWithXlaOnTheConformanceModules() throws Exception {
        InterpreterReadiness.assumeParserLanded();
        Map<String, String> disagreements = new TreeMap<>();
        Map<String, String> interpFailures = new TreeMap<>();
        Map<String, String> unsupported = new TreeMap<>();
        int compared = 0;
        try (Executor xla = new XlaCpuExecutor(); Executor interp = new ReferenceExecutor()) {
            for (ConformanceCase c : ConformanceCase.all()) {
                if (XlaConformanceTest.XLA_DEVIATIONS.containsKey(c.id())) continue;
                if (!(ChecksToResults.convert(c) instanceof ChecksToResults.Converted conv)) continue;
                List<HostTensor> xlaOut;
                try (Executable exe = xla.compile(conv.module(), CompileOptions.defaults())) {
                    xlaOut = exe.execute(List.of());
                } catch (ExecutionException e) {
                    continue; // no verdict from XLA (see XlaConformanceTest)
                }
                List<HostTensor> interpOut;
                try (Executable exe = interp.compile(conv.module(), CompileOptions.defaults())) {
                    interpOut = exe.execute(List.of());
                } catch (ExecutionException e) {
                    // ops the interpreter declares unsupported are its own conformance suite's business
                    if (e.getMessage().contains("not supported by the reference interpreter")) unsupported.put(c.id(), e.getMessage());
                    else interpFailures.put(c.id(), e.getMessage());
                    continue;
                }
                compared++;
                Optional<String> diff = Differential.disagreement(conv.module(), List.of(), interp, interpOut, xla, xlaOut);
                diff.ifPresent(d -> disagreements.put(c.id(), d));
            }
        }
        System.out.printf("interp vs XLA on conformance modules: %d compared, %d disagree, %d failed in the interpreter,"
                + " %d unsupported by it %s%n", compared, disagreements.size(), interpFailures.size(), unsupported.size(), unsupported.keySet());
        assertEquals(Map.of(), interpFailures, "modules XLA runs but the interpreter rejects");
        assertEquals(Map.of(), disagreements);
        assertTrue(compared >= 410, "only " + compared + " modules compared");
    }
}
