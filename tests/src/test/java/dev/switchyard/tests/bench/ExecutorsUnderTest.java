package dev.switchyard.tests.bench;

import dev.switchyard.hlo.exec.Executor;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import dev.switchyard.tests.xla.XlaCpuExecutor;

/** The executors that benchmarks and differential tests compare, by short name. */
public final class ExecutorsUnderTest {

    private ExecutorsUnderTest() {}

    public static Executor named(String name) {
        return switch (name) {
            case "xla" -> new XlaCpuExecutor();
            case "interp" -> new ReferenceExecutor();
            default -> throw new IllegalArgumentException("unknown executor " + name + " (interp, xla)");
        };
    }
}
