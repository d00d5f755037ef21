package dev.switchyard.runtime.ref.bench;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.runtime.ref.kernel.DotGeneral;
import dev.switchyard.runtime.ref.kernel.Tensor;
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
 * dot_general f32 on the interpreter's kernel: a 512³ square product and the Switch-Base expert
 * FFN shapes (128 tokens × d_model 768 × d_ff 3072, and back). GFLOP/s = 2·m·k·n / time.
 *
 * <p>Run: {@code mvn -q -pl runtime-ref -am test-compile -DskipTests} then
 * {@code java --add-modules jdk.incubator.vector -cp "$(cat runtime-ref/target/bench.cp):runtime-ref/target/test-classes:runtime-ref/target/classes:hlo/target/classes"
 * dev.switchyard.runtime.ref.bench.DotGeneralBenchmark} (bench.cp from {@code mvn -pl runtime-ref
 * dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DotGeneralBenchmark {

    /** m x k x n */
    @Param({"512x512x512", "128x768x3072", "128x3072x768"})
    public String shape;

    private Tensor lhs;
    private Tensor rhs;
    private DotGeneral.Dims dims;

    @Setup
    public void setUp() {
        String[] p = shape.split("x");
        int m = Integer.parseInt(p[0]), k = Integer.parseInt(p[1]), n = Integer.parseInt(p[2]);
        Random r = new Random(1);
        float[] a = new float[m * k], b = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - 0.5f;
        for (int i = 0; i < b.length; i++) b[i] = r.nextFloat() - 0.5f;
        lhs = Tensor.ofFloats(ElementType.F32, new int[] {m, k}, a);
        rhs = Tensor.ofFloats(ElementType.F32, new int[] {k, n}, b);
        dims = new DotGeneral.Dims(new int[0], new int[0], new int[] {1}, new int[] {0});
    }

    @Benchmark
    public Tensor dotGeneralF32() {
        return DotGeneral.dotGeneral(lhs, rhs, dims, ElementType.F32);
    }

    /** JMH's own command line; with no arguments runs this benchmark with the settings above. */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args.length == 0 ? new String[] {DotGeneralBenchmark.class.getSimpleName()} : args);
    }
}
