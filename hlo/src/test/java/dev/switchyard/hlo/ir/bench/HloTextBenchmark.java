package dev.switchyard.hlo.ir.bench;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.GenericPrinter;
import dev.switchyard.hlo.ir.HloParseException;
import dev.switchyard.hlo.ir.HloParser;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.OpBuilder;
import dev.switchyard.hlo.ir.PrettyPrinter;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.verify.bench.TransformerLikeModule;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Printing and parsing speed of StableHLO text: a transformer-like module of ~10^5 ops
 * ({@link TransformerLikeModule}, 7692 layers = 100 k ops) in both forms, and a module holding one
 * 4 MiB f32 constant, printed as a hex blob (MLIR's form for large constants) or as decimals.
 *
 * <p>Run: {@code mvn -q -pl hlo -am test-compile -DskipTests},
 * {@code mvn -q -pl hlo dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test}, then
 * {@code java -cp "$(cat hlo/target/bench.cp):hlo/target/test-classes:hlo/target/classes" dev.switchyard.hlo.ir.bench.HloTextBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HloTextBenchmark {

    static final int LAYERS = 7692;
    static final int CONSTANT_ELEMENTS = 1 << 20;

    private ModuleOp module;
    private String generic;
    private String pretty;
    private ModuleOp constantModule;
    private String hexConstant;
    private String decimalConstant;

    @Setup
    public void setUp() throws HloParseException {
        module = TransformerLikeModule.build(LAYERS, 128, 768);
        generic = GenericPrinter.print(module);
        pretty = PrettyPrinter.print(module);
        constantModule = constantModule();
        hexConstant = GenericPrinter.print(constantModule);
        decimalConstant = decimalForm(constantModule);
        HloParser.parse(decimalConstant, "decimal.mlir");
    }

    /** One func returning a 4 MiB f32 constant of varied values (so it is not a splat). */
    static ModuleOp constantModule() {
        byte[] data = new byte[4 * CONSTANT_ELEMENTS];
        for (int i = 0; i < CONSTANT_ELEMENTS; i++) {
            int bits = Float.floatToIntBits(i * 0.001f - 3.5f);
            for (int k = 0; k < 4; k++) data[4 * i + k] = (byte) (bits >>> (8 * k));
        }
        Type.TensorType t = new Type.TensorType(ElementType.F32, 1024, 1024);
        ModuleOp m = new ModuleOp();
        var f = m.addFunction("weights", new Type.FunctionType(List.of(), List.of(t)));
        OpBuilder b = new OpBuilder(f.body());
        var c = b.constant(new Attribute.DenseElementsAttr(t, new HostTensor(ElementType.F32, new long[] {1024, 1024}, data)));
        b.op("func.return").operands(c).build();
        return m;
    }

    /** The same module with the constant spelled as nested decimal lists, as hand-written files have it. */
    static String decimalForm(ModuleOp m) {
        StringBuilder sb = new StringBuilder("func.func @weights() -> tensor<1024x1024xf32> {\n  %0 = stablehlo.constant dense<[");
        for (int r = 0; r < 1024; r++) {
            if (r > 0) sb.append(", ");
            sb.append('[');
            for (int c = 0; c < 1024; c++) {
                if (c > 0) sb.append(", ");
                sb.append((r * 1024 + c) * 0.001f - 3.5f);
            }
            sb.append(']');
        }
        return sb.append("]> : tensor<1024x1024xf32>\n  func.return %0 : tensor<1024x1024xf32>\n}\n").toString();
    }

    @Benchmark
    public String printGeneric100kOps() { return GenericPrinter.print(module); }

    @Benchmark
    public String printPretty100kOps() { return PrettyPrinter.print(module); }

    @Benchmark
    public ModuleOp parseGeneric100kOps() throws HloParseException { return HloParser.parse(generic, "g.mlir"); }

    @Benchmark
    public ModuleOp parsePretty100kOps() throws HloParseException { return HloParser.parse(pretty, "p.mlir"); }

    @Benchmark
    public String print4MiBConstantHex() { return GenericPrinter.print(constantModule); }

    @Benchmark
    public ModuleOp parse4MiBConstantHex() throws HloParseException { return HloParser.parse(hexConstant, "hex.mlir"); }

    @Benchmark
    public ModuleOp parse4MiBConstantDecimal() throws HloParseException { return HloParser.parse(decimalConstant, "decimal.mlir"); }

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(new String[] {HloTextBenchmark.class.getName()});
    }
}
