package dev.switchyard.tests.generated;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.tests.xla.XlaCpuExecutor;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/** Every generated op chain is a module XLA accepts and runs: guards the generator the differential tests use. */
class GeneratedModulesXlaTest {

    private static final XlaCpuExecutor XLA = new XlaCpuExecutor();

    @AfterContainer
    static void close() { XLA.close(); }

    @Provide
    Arbitrary<OpChain> chains() { return OpChains.chains(); }

    @Property(tries = 60)
    void xlaAcceptsAndRunsEveryGeneratedModule(@ForAll("chains") OpChain chain) throws ExecutionException {
        OpChainModule.Built module = OpChainModule.build(chain);
        try (Executable exe = XLA.compile(module.text(), CompileOptions.defaults())) {
            List<HostTensor> out = exe.execute(module.randomInputs(chain.inputSeed()));
            assertEquals(2, out.size(), module.text());
        } catch (ExecutionException e) {
            throw new AssertionError("XLA rejected a generated module:\n" + module.text() + "\n" + e.getMessage(), e);
        }
    }
}
