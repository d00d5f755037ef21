package dev.switchyard.hlo.verify.bench;

import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.verify.Verifier;
import dev.switchyard.hlo.verify.VerifierError;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifier throughput on {@link TransformerLikeModule}: ~10^4 and ~10^5 ops. Linear time shows as a
 * constant time per op across the two sizes.
 *
 * <p>Run: {@code mvn -q -pl hlo -am test-compile -DskipTests}, then
 * {@code mvn -q -pl hlo dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test} and
 * {@code java -cp "$(cat hlo/target/bench.cp):hlo/target/test-classes:hlo/target/classes" dev.switchyard.hlo.verify.bench.VerifierBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifierBenchmark {

    @Param({"769", "7692"})
    public int layers;

    private ModuleOp module;

    @Setup
    public void setUp() {
        module = TransformerLikeModule.build(layers, 128, 768);
        if (!Verifier.verify(module).isEmpty()) throw new IllegalStateException("benchmark module must be valid");
    }

    @Benchmark
    public List<VerifierError> verify() {
        return Verifier.verify(module);
    }

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(new String[] {VerifierBenchmark.class.getName()});
    }
}
