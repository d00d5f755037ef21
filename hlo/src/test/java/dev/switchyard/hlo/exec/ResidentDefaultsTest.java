package dev.switchyard.hlo.exec;

import static org.junit.jupiter.api.Assertions.*;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResidentDefaultsTest {

    /** Adds its two f32 scalar arguments, returning (a + b, b). */
    private static final Executable ADD = inputs -> {
        float a = inputs.get(0).toFloats()[0], b = inputs.get(1).toFloats()[0];
        return List.of(HostTensor.ofFloats(ElementType.F32, new long[0], a + b), inputs.get(1));
    };

    @Test
    void donatedArgumentsAreConsumedAndOthersStayLive() throws Exception {
        ResidentTensor acc = ADD.upload(0, HostTensor.ofFloats(ElementType.F32, new long[0], 1f));
        ResidentTensor inc = ADD.upload(1, HostTensor.ofFloats(ElementType.F32, new long[0], 2f));
        BitSet donated = new BitSet();
        donated.set(0);
        for (int step = 0; step < 3; step++) {
            List<ResidentTensor> out = ADD.executeResident(List.of(acc, inc), donated);
            assertFalse(acc.isLive());
            assertTrue(inc.isLive());
            acc = out.get(0);
        }
        assertEquals(7f, acc.toHost().toFloats()[0]);
    }

    @Test
    void usingAConsumedTensorIsAnIllegalStateNotACrash() throws Exception {
        ResidentTensor t = ADD.upload(0, HostTensor.ofFloats(ElementType.F32, new long[0], 1f));
        ResidentTensor u = ADD.upload(1, HostTensor.ofFloats(ElementType.F32, new long[0], 1f));
        BitSet donated = new BitSet();
        donated.set(0);
        ADD.executeResident(List.of(t, u), donated);
        assertThrows(IllegalStateException.class, t::toHost);
        assertThrows(IllegalStateException.class, () -> ADD.executeResident(List.of(t, u), new BitSet()));
    }
}
