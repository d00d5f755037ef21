package dev.switchyard.hlo.ir.bench;

import dev.switchyard.hlo.ir.GenericPrinter;
import dev.switchyard.hlo.ir.HloParser;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.PrettyPrinter;
import dev.switchyard.hlo.verify.bench.TransformerLikeModule;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The figures of {@link HloTextBenchmark} as thread CPU time, which a machine shared with other jobs
 * disturbs far less than wall time. Prints the best of ten rounds per phase.
 *
 * <p>Run (after the build steps in {@link HloTextBenchmark}):
 * {@code java -cp "$(cat hlo/target/bench.cp):hlo/target/test-classes:hlo/target/classes" dev.switchyard.hlo.ir.bench.HloTextCpuTime}.
 */
public final class HloTextCpuTime {
    private HloTextCpuTime() {}

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        ModuleOp big = TransformerLikeModule.build(HloTextBenchmark.LAYERS, 128, 768);
        String generic = GenericPrinter.print(big);
        String pretty = PrettyPrinter.print(big);
        ModuleOp constant = HloTextBenchmark.constantModule();
        String hex = GenericPrinter.print(constant);
        String decimal = HloTextBenchmark.decimalForm(constant);
        System.out.printf("module: %d ops; generic %.1f MB, pretty %.1f MB; constant 4 MiB: hex text %.1f MB, decimal text %.1f MB%n",
                TransformerLikeModule.opCount(HloTextBenchmark.LAYERS), generic.length() / 1e6, pretty.length() / 1e6,
                hex.length() / 1e6, decimal.length() / 1e6);
        report("print generic (100k ops)", () -> GenericPrinter.print(big));
        report("print pretty (100k ops)", () -> PrettyPrinter.print(big));
        report("parse generic (100k ops)", () -> HloParser.parse(generic, "g.mlir"));
        report("parse pretty (100k ops)", () -> HloParser.parse(pretty, "p.mlir"));
        report("print 4 MiB constant (hex)", () -> GenericPrinter.print(constant));
        report("parse 4 MiB constant (hex)", () -> HloParser.parse(hex, "h.mlir"));
        report("parse 4 MiB constant (decimal)", () -> HloParser.parse(decimal, "d.mlir"));
    }

    private interface Work {
        Object run() throws Exception;
    }

    private static void report(String what, Work w) throws Exception {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            long t0 = MX.getCurrentThreadCpuTime();
            w.run();
            best = Math.min(best, MX.getCurrentThreadCpuTime() - t0);
        }
        System.out.printf("%-32s %8.1f ms CPU%n", what, best / 1e6);
    }
}
