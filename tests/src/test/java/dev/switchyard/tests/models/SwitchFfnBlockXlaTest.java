package dev.switchyard.tests.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.tests.support.Closeness;
import dev.switchyard.tests.support.Tensors;
import dev.switchyard.tests.xla.XlaCpuExecutor;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The hand-written Switch FFN module, run by XLA, against the loop-by-loop reference. */
class SwitchFfnBlockXlaTest {

    @Test
    void smallBlockWithDroppedTokensMatchesTheReference() throws Exception {
        check(new SwitchFfnBlock(12, 8, 16, 3, 2), 7);
    }

    @Test
    void mediumBlockMatchesTheReference() throws Exception {
        check(new SwitchFfnBlock(64, 32, 64, 8, 10), 11);
    }

    private static void check(SwitchFfnBlock block, long seed) throws Exception {
        SwitchFfnInputs in = SwitchFfnInputs.random(block, seed);
        SwitchFfnReference.Forward ref = SwitchFfnReference.forward(block, in.x(), in.scale(), in.router(), in.wi(), in.wo());
        assertTrue(ref.dropped() > 0, "the case should exercise capacity dropping");
        try (XlaCpuExecutor xla = new XlaCpuExecutor(); Executable exe = xla.compile(block.mlir(), CompileOptions.defaults())) {
            List<HostTensor> out = exe.execute(in.tensors());
            Optional<String> diff = Closeness.compare(out.getFirst(),
                    Tensors.f32(new long[] {block.tokens(), block.dModel()}, ref.y()), 1e-5);
            assertEquals(Optional.empty(), diff);
        }
    }
}
