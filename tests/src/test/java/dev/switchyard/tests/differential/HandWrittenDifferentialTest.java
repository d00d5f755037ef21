package dev.switchyard.tests.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchyard.hlo.exec.Executor;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import dev.switchyard.tests.models.SwitchFfnBlock;
import dev.switchyard.tests.models.SwitchFfnInputs;
import dev.switchyard.tests.xla.HandWrittenModules;
import dev.switchyard.tests.xla.XlaCpuExecutor;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The hand-written modules and the Switch FFN block, through the interpreter and XLA: they must agree. */
class HandWrittenDifferentialTest {

    private static final Executor INTERP = new ReferenceExecutor();
    private static final Executor XLA = new XlaCpuExecutor();

    @AfterAll
    static void close() {
        INTERP.close();
        XLA.close();
    }

    static Stream<Arguments> cases() {
        SwitchFfnBlock small = new SwitchFfnBlock(12, 8, 16, 3, 2);
        SwitchFfnBlock medium = new SwitchFfnBlock(64, 32, 64, 8, 10);
        return Stream.concat(
                HandWrittenModules.all().stream().map(c -> Arguments.of(c.name(), c.text(), c.inputs())),
                Stream.of(
                        Arguments.of("switch_ffn_small", small.mlir(), SwitchFfnInputs.random(small, 7).tensors()),
                        Arguments.of("switch_ffn_medium", medium.mlir(), SwitchFfnInputs.random(medium, 11).tensors())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void interpreterAgreesWithXla(String name, String module, List<HostTensor> inputs) throws Exception {
        InterpreterReadiness.assumeParserLanded();
        List<HostTensor> interp = Differential.run(INTERP, module, inputs);
        List<HostTensor> xla = Differential.run(XLA, module, inputs);
        assertEquals(Optional.empty(), Differential.disagreement(module, inputs, INTERP, interp, XLA, xla));
    }
}
