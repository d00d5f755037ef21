package dev.switchyard.runtime.pjrt.bench;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.pjrt.PjrtExecutable;
import dev.switchyard.runtime.pjrt.PjrtExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The binding's own cost per {@code Executable.execute}: host → device for each input (split into
 * shards when partitioned), execute, device → host, close, against the C test plugin, whose
 * "device" work is a memcpy or an add. Run from runtime-pjrt/ after {@code mvn test-compile}
 * (the test plugin must have been built by a test run):
 * {@code java --enable-native-access=ALL-UNNAMED -cp target/test-classes:target/classes:$(deps) dev.switchyard.runtime.pjrt.bench.ExecuteBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ExecuteBenchmark {

    /** Elements per input; the shapes are [rows, 64]. */
    @Param({"256", "65536"})
    int elements;

    @Param({"1", "4"})
    int partitions;

    private PjrtExecutor executor;
    private PjrtExecutable executable;
    private List<HostTensor> inputs;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        executor = PjrtExecutor.open(Path.of("target/test-plugin/libpjrt_test_plugin.so"), PjrtExecutor.Options.defaults());
        int rows = elements / 64;
        String type = "tensor<" + rows + "x64xf32>";
        String sharding = partitions == 1 ? "" : " {mhlo.sharding = \"{devices=[" + partitions + ",1]<=[" + partitions + "]}\"}";
        String module = "module @bench {\n  func.func public @main(%arg0: " + type + sharding + ", %arg1: " + type + sharding
                + ") -> (" + type + sharding + ") {\n    %0 = stablehlo.add %arg0, %arg1 : " + type + "\n    return %0 : " + type
                + "\n  }\n}\n";
        executable = executor.compile(module, new CompileOptions("main", 1, partitions));
        float[] v = new float[elements];
        for (int i = 0; i < elements; i++) v[i] = i;
        HostTensor x = HostTensor.ofFloats(ElementType.F32, new long[] {rows, 64}, v);
        inputs = List.of(x, x);
    }

    @Benchmark
    public List<HostTensor> execute() throws Exception {
        return executable.execute(inputs);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        executable.close();
        executor.close();
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(ExecuteBenchmark.class.getSimpleName()).build()).run();
    }
}
