package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.cli.artifact.Initializer;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.artifact.ManifestJson;
import dev.switchyard.cli.run.InputGenerator;
import dev.switchyard.cli.run.ParameterInit;
import dev.switchyard.cli.safetensors.SafetensorsWriter;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.Executor;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run command's plumbing (weights or seeded init, inputs, argument order, outputs, .npy)
 * against a Java executor that computes the artifact's function, y = x·w + b, by loops.
 */
class RunCommandTest {

    @TempDir Path dir;

    static final String MODULE = """
            func.func @main(%b: tensor<2xf32>, %w: tensor<3x2xf32>, %x: tensor<4x3xf32>) -> (tensor<4x2xf32>, tensor<f32>) {
              %0 = stablehlo.dot_general %x, %w, contracting_dims = [1] x [0] : (tensor<4x3xf32>, tensor<3x2xf32>) -> tensor<4x2xf32>
              %1 = stablehlo.broadcast_in_dim %b, dims = [1] : (tensor<2xf32>) -> tensor<4x2xf32>
              %2 = stablehlo.add %0, %1 : tensor<4x2xf32>
              %3 = stablehlo.constant dense<1.0> : tensor<f32>
              return %2, %3 : tensor<4x2xf32>, tensor<f32>
            }
            """;

    /** w is argument 1 and b argument 0: the manifest's order differs from the parameter list's. */
    private Path artifact() throws Exception {
        var mesh = new Manifest.MeshSpec("mesh", List.of(), List.of(0));
        var w = new Manifest.ParameterSpec("dense.w", "f32", List.of("d_in", "d_out"), List.of(3L, 2L),
                new Initializer.TruncatedNormal(0.5), List.of(List.of(), List.of()), 24, 1);
        var b = new Manifest.ParameterSpec("dense.b", "f32", List.of("d_out"), List.of(2L), new Initializer.Normal(0, 1),
                List.of(List.of()), 8, 0);
        var x = new Manifest.TensorSpec("x", "f32", List.of("batch", "d_in"), List.of(4L, 3L), List.of(List.of(), List.of()), 2);
        var y = new Manifest.TensorSpec("y", "f32", List.of("batch", "d_out"), List.of(4L, 2L), List.of(List.of(), List.of()), -1);
        var aux = new Manifest.TensorSpec("aux_loss", "f32", List.of(), List.of(), List.of(), -1);
        Manifest m = new Manifest(Manifest.FORMAT_VERSION, "t", new Manifest.Source("dense.sy", "0".repeat(64)), "main", List.of(x), List.of(y, aux),
                List.of(w, b), mesh, 1, 1, "1.0.0", Manifest.Files.standard());
        Path art = dir.resolve("dense");
        Files.createDirectories(art);
        ManifestJson.write(m, art.resolve("manifest.json"));
        Files.writeString(art.resolve("model.mlir"), MODULE);
        return art;
    }

    /** Computes MODULE's function directly; records what it was given. */
    static final class LoopExecutor implements Executor {
        final List<List<HostTensor>> calls = new ArrayList<>();

        @Override public String name() { return "loops"; }

        @Override
        public Executable compile(String text, dev.switchyard.hlo.exec.CompileOptions options) {
            assertEquals(MODULE, text);
            assertEquals("main", options.entryFunction());
            return args -> {
                calls.add(args);
                float[] b = args.get(0).toFloats();
                float[] w = args.get(1).toFloats();
                float[] x = args.get(2).toFloats();
                float[] y = new float[8];
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 2; j++) {
                        float s = b[j];
                        for (int k = 0; k < 3; k++) s += x[i * 3 + k] * w[k * 2 + j];
                        y[i * 2 + j] = s;
                    }
                }
                return List.of(HostTensor.ofFloats(ElementType.F32, new long[] {4, 2}, y),
                        HostTensor.ofFloats(ElementType.F32, new long[0], 1f));
            };
        }
    }

    private List<Command> commands(LoopExecutor executor) {
        return List.of(new RunCommand((backend, plugin) -> executor));
    }

    @Test
    void weightsAndInputsFromFilesGiveTheHandWorkedResult() throws Exception {
        Path art = artifact();
        LinkedHashMap<String, HostTensor> weights = new LinkedHashMap<>();
        weights.put("dense.w", HostTensor.ofFloats(ElementType.F32, new long[] {3, 2}, 1, 0, 0, 1, 1, 1));
        weights.put("dense.b", HostTensor.ofFloats(ElementType.F32, new long[] {2}, 10, 20));
        Path file = dir.resolve("w.safetensors");
        SafetensorsWriter.write(file, weights, Map.of());
        Path inputs = dir.resolve("in");
        Files.createDirectories(inputs);
        Npy.write(inputs.resolve("x.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {4, 3}, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0));
        Path out = dir.resolve("out");
        LoopExecutor exec = new LoopExecutor();
        CliRun r = CliRun.run(commands(exec), "run", art.toString(), "--weights", file.toString(), "--inputs", inputs.toString(),
                "--out", out.toString(), "--steps", "3");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(3, exec.calls.size());
        // row i: (x0 + x2 + 10, x1 + x2 + 20)
        assertArrayEquals(new float[] {14, 25, 20, 31, 26, 37, 10, 20}, Npy.read(out.resolve("y.npy")).toFloats());
        assertArrayEquals(new float[] {1}, Npy.read(out.resolve("aux_loss.npy")).toFloats());
        assertTrue(r.out().contains("dense.sy on loops: compile"), r::toString);
        assertTrue(r.out().contains("(median of 3)"), r::toString);
        assertTrue(r.out().contains("aux_loss  f32[]"), r::toString);
        assertTrue(r.out().contains("value 1.00000"), r::toString);
        assertTrue(r.out().contains("mean 22.8750"), r::toString);
    }

    @Test
    void seededParametersAndInputsAreThoseOfTheInitialisers() throws Exception {
        Path art = artifact();
        Manifest m = ManifestJson.read(art);
        LoopExecutor exec = new LoopExecutor();
        assertEquals(0, CliRun.run(commands(exec), "run", art.toString(), "--seed", "11").exitCode());
        List<HostTensor> args = exec.calls.getFirst();
        assertEquals(ParameterInit.initialize(m.parameters().get(1), 11), args.get(0), "b at argument 0");
        assertEquals(ParameterInit.initialize(m.parameters().get(0), 11), args.get(1), "w at argument 1");
        assertEquals(InputGenerator.generate(m.inputs().get(0), 11, InputGenerator.tokenBound(m.parameters())), args.get(2));
        LoopExecutor again = new LoopExecutor();
        CliRun.run(commands(again), "run", art.toString(), "--seed", "11");
        assertEquals(args, again.calls.getFirst(), "same seed, same run");
    }

    @Test
    void mistakesAreNamed() throws Exception {
        Path art = artifact();
        LoopExecutor exec = new LoopExecutor();
        Path inputs = dir.resolve("in");
        Files.createDirectories(inputs);
        CliRun missing = CliRun.run(commands(exec), "run", art.toString(), "--inputs", inputs.toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("missing input 'x' (f32[4, 3] [batch, d_in])"), missing::toString);

        Npy.write(inputs.resolve("x.npy"), HostTensor.zeros(ElementType.F32, 3, 4));
        CliRun shape = CliRun.run(commands(exec), "run", art.toString(), "--inputs", inputs.toString());
        assertEquals(1, shape.exitCode());
        assertTrue(shape.err().contains("input 'x' has shape [3, 4], the model needs [4, 3]"), shape::toString);

        LinkedHashMap<String, HostTensor> weights = new LinkedHashMap<>();
        weights.put("dense.w", HostTensor.zeros(ElementType.F32, 3, 2));
        Path file = dir.resolve("w.safetensors");
        SafetensorsWriter.write(file, weights, Map.of());
        CliRun w = CliRun.run(commands(exec), "run", art.toString(), "--weights", file.toString());
        assertEquals(1, w.exitCode());
        assertTrue(w.err().contains("missing tensor 'dense.b'"), w::toString);

        // a hostile .npy: the header claims 10^10 floats, the file holds none (tests run with -Xmx256m)
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }";
        header = header + " ".repeat(63 - (10 + header.length()) % 64) + "\n";
        java.io.ByteArrayOutputStream npy = new java.io.ByteArrayOutputStream();
        npy.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
        npy.write(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Files.write(inputs.resolve("x.npy"), npy.toByteArray());
        CliRun hostile = CliRun.run(commands(exec), "run", art.toString(), "--inputs", inputs.toString());
        assertEquals(1, hostile.exitCode(), hostile::toString);
        assertTrue(hostile.err().contains("x.npy"), hostile::toString);
        assertTrue(!hostile.err().contains("OutOfMemoryError"), hostile::toString);

        assertEquals(1, CliRun.run(commands(exec), "run", art.toString(), "--backend", "tpu").exitCode());
        assertEquals(1, CliRun.run(commands(exec), "run", art.toString(), "--steps", "0").exitCode());
        assertEquals(1, CliRun.run(commands(exec), "run", art.toString(), "--plugin", "/x.so").exitCode());
        assertTrue(exec.calls.isEmpty(), "no mistake reached the executor");
    }

    @Test
    void aMissingPluginIsAUserError() {
        UserError e = org.junit.jupiter.api.Assertions.assertThrows(UserError.class,
                () -> RunCommand.openBackend("pjrt", java.util.Optional.of(dir.resolve("no-such-plugin.so"))));
        assertTrue(e.getMessage().contains("no-such-plugin.so"), e.getMessage());
    }
}
