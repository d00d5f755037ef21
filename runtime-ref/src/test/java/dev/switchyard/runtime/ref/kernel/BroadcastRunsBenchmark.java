package dev.switchyard.runtime.ref.kernel;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.Random;
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
 * One {@code broadcast_in_dim} and the {@code multiply} that reads it, at Switch-Base-8's
 * 128 × 768 = 98 304 elements, with runs of {@code run} elements: a column (each source element
 * repeated {@code run} times, source [98304 / run]) or a row (a [run] source repeated). {@code pending}
 * reads the broadcast in place ({@link BroadcastRuns}); {@code eager} materialises it first, as
 * every broadcast was before. Picks {@link BroadcastRuns#MIN_RUN}.
 *
 * <p>Run (in package {@code kernel}: it sets the run threshold): {@code mvn -q -pl runtime-ref -am test-compile -DskipTests}, then
 * {@code java --add-modules jdk.incubator.vector -cp "$(cat runtime-ref/target/bench.cp):runtime-ref/target/test-classes:runtime-ref/target/classes:hlo/target/classes"
 * org.openjdk.jmh.Main BroadcastRunsBenchmark} (bench.cp as for {@code DotGeneralBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BroadcastRunsBenchmark {
    private static final int N = 128 * 768;

    @Param({"column", "row"})
    public String pattern;

    @Param({"4", "8", "16", "64", "768"})
    public int run;

    @Param({"pending", "eager"})
    public String mode;

    private Tensor source;
    private Tensor other;
    private int[] shape;
    private int[] dims;

    @Setup
    public void setup() {
        Random r = new Random(1);
        shape = new int[] {N / run, run};
        int m = pattern.equals("column") ? N / run : run;
        dims = new int[] {pattern.equals("column") ? 0 : 1};
        float[] s = new float[m], o = new float[N];
        for (int i = 0; i < m; i++) s[i] = r.nextFloat();
        for (int i = 0; i < N; i++) o[i] = r.nextFloat();
        source = Tensor.ofFloats(ElementType.F32, new int[] {m}, s);
        other = Tensor.ofFloats(ElementType.F32, shape, o);
    }

    @Benchmark
    public Tensor broadcastThenMultiply() {
        Tensor b = Layout.broadcastInDim(source, shape, dims, mode.equals("pending") ? 1 : Integer.MAX_VALUE);
        return Elementwise.binary(Elementwise.Binary.MULTIPLY, other, b, ElementType.F32);
    }
}
