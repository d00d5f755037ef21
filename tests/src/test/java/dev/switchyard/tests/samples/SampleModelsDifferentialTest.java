package dev.switchyard.tests.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.CompiledModel;
import dev.switchyard.compiler.Compiler;
import dev.switchyard.compiler.ShardingForm;
import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.CheckResult;
import dev.switchyard.dsl.Frontend;
import dev.switchyard.hlo.exec.Executor;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.ReferenceExecutor;
import dev.switchyard.tests.differential.Differential;
import dev.switchyard.tests.support.Tensors;
import dev.switchyard.tests.xla.MainSignatureParser;
import dev.switchyard.tests.xla.TensorType;
import dev.switchyard.tests.xla.XlaCpuExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample model, shrunk to tiny dimensions on its one-device mesh and compiled to the GSPMD
 * form, run by the interpreter and by XLA on the same random parameters and inputs: the compiled
 * module must parse in XLA as emitted and both executors must agree (per-dtype tolerance); both
 * run it as emitted, {@code @Sharding} custom calls included.
 */
class SampleModelsDifferentialTest {

    /** Small enough for the interpreter, large enough to keep every layer (and dropped tokens) in play. */
    private static final Map<String, Double> TINY = Map.of(
            "layers", 2.0, "batch", 2.0, "seq", 8.0, "tgt", 8.0, "vocab", 64.0,
            "d_model", 16.0, "d_ff", 32.0, "heads", 2.0, "d_kv", 8.0, "experts", 4.0);

    private static final Executor INTERP = new ReferenceExecutor();
    private static final Executor XLA = new XlaCpuExecutor();

    @AfterAll
    static void close() {
        INTERP.close();
        XLA.close();
    }

    static Stream<Path> samples() throws IOException {
        Path dir = Path.of(System.getProperty("switchyard.root", ".."), "samples");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".sy")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void interpreterAndXlaAgreeOnTheCompiledSample(Path sample) throws Exception {
        CheckResult checked = Frontend.check(sample, CheckOptions.defaults().withMesh("single")
                .withDimOverrides(overridesFor(sample)));
        assertTrue(checked.ok(), checked.render());
        CompiledModel model = Compiler.compile(checked.graph().orElseThrow(),
                CompileOptions.defaults().withSharding(ShardingForm.GSPMD));
        String module = model.prettyText();
        List<HostTensor> arguments = arguments(module);
        List<HostTensor> interp = Differential.run(INTERP, module, arguments);
        List<HostTensor> xla = Differential.run(XLA, module, arguments);
        assertEquals(Optional.empty(), Differential.disagreement(module, arguments, INTERP, interp, XLA, xla));
    }

    /** Only the dims a sample declares (an override of an unknown name is an error). */
    private static Map<String, Double> overridesFor(Path sample) throws IOException {
        String text = Files.readString(sample);
        Map<String, Double> out = new java.util.TreeMap<>();
        TINY.forEach((name, size) -> {
            if (text.matches("(?s).*\\b(dim|const)\\s+" + name + "\\s*=.*")) out.put(name, size);
        });
        return out;
    }

    /**
     * Random parameters and inputs by @main's signature: floats uniform in ±0.1, integers (token
     * ids) in [0, 4), booleans false (no dropout: its random bits are implementation-defined), and
     * unsigned integers (RNG keys) random.
     */
    private static List<HostTensor> arguments(String module) throws Exception {
        SplittableRandom r = new SplittableRandom(42);
        List<HostTensor> out = new ArrayList<>();
        for (TensorType t : MainSignatureParser.parse(module, "main").arguments()) {
            int n = Math.toIntExact(HostTensor.elementCount(t.shape()));
            out.add(switch (t.elementType()) {
                case F32 -> Tensors.f32(t.shape(), floats(r, n));
                case BF16 -> Tensors.bf16(t.shape(), bf16(floats(r, n)));
                case I1 -> Tensors.bool(t.shape(), new boolean[n]);
                case I32, I64 -> Tensors.ints(t.elementType(), t.shape(), IntStream.range(0, n).map(i -> r.nextInt(4)).toArray());
                case UI32, UI64 -> Tensors.ints(t.elementType(), t.shape(), r.ints(n).toArray());
                default -> throw new IllegalStateException("no generator for " + t);
            });
        }
        return out;
    }

    private static float[] floats(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextDouble(-0.1, 0.1);
        return v;
    }

    private static float[] bf16(float[] v) {
        for (int i = 0; i < v.length; i++) v[i] = Float.intBitsToFloat(Float.floatToRawIntBits(v[i]) & 0xFFFF0000);
        return v;
    }

}
