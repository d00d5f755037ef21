package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.cli.artifact.Initializer;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.artifact.ManifestJson;
import dev.switchyard.cli.safetensors.SafetensorsWriter;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Issue 13's fuzzing: hostile files (mutated model specs, mutated StableHLO, mutated .npy and
 * safetensors) through the real commands in-process, at the cli tests' -Xmx256m. Every outcome
 * must be exit 0, or exit 1 with a message that names the file (and, for text, its line and
 * column); never exit 2 (an internal error, out of memory included), a Java exception's name or
 * a stack trace, or a case running for more than {@link #MAX_SECONDS}. Used with pinned seeds by
 * {@code CliFuzzPropertyTest} (CI) and unpinned by {@code CliFuzzCampaign} (the nightly run).
 */
final class CliFuzz {
    private CliFuzz() {}

    static final int MAX_SECONDS = 20;

    /** exit 0 / exit 1 counts per command, for the campaign's report. */
    static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    private static final Pattern JAVA_NAMES = Pattern.compile("\\b(java|javax|jdk|sun|com\\.fasterxml|org\\.antlr|dev\\.switchyard)\\.[a-z]"
            + "|\\b[A-Z][A-Za-z]*(Exception|Error)\\b|\\tat ");

    // ------------------------------------------------------------------ mutations

    /** One byte-level edit at a position given as a fraction of the length. */
    record Edit(int kind, double at, int length, int choice) {}

    private static final List<String> SY_INSERTS = List.of("(", ")", "{", "}", "[", "]", ",", "=", "..", "let ", "for i in 0..1000000 {",
            "99999999999999999999999999999999999", "2147483647", "0", "-1", "1e400", "\"", "\\", "import \"x.sy\"\n", "param w: [", "@",
            "(".repeat(400), "- ".repeat(400), " + x".repeat(12_000), "\u0000", "é", "\uFFFF", "\n", "//", "block ", "return ", "dim q = ");
    private static final List<String> MLIR_INSERTS = List.of("(", ")", "{", "}", "<", ">", "[", "]", ",", ":", "%", "%0", "%99", "@main",
            "tensor<", "tensor<100000x100000xf32>", "tensor<2000000000xi1>", "dense<", "dense<1.0>", "stablehlo.frobnicate", "stablehlo.add",
            "stablehlo.while", "\"mydialect.op\"()", "\"stablehlo.dynamic_conv\"()", "99999999999999999999", "-", "0x", "#", "!", "\u0000",
            "é", "\n", "{".repeat(400), "// -----\n", "func.func @f() {\n", "return");
    private static final List<byte[]> BYTE_INSERTS = List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3}, new byte[] {(byte) 0xe2, (byte) 0x82},
            new byte[] {(byte) 0xfe, (byte) 0xff}, new byte[] {0});

    static Arbitrary<List<Edit>> edits() {
        Arbitrary<Edit> one = Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(1, 64), Arbitraries.integers().between(0, 1_000)).as(Edit::new);
        return one.list().ofMinSize(1).ofMaxSize(3);
    }

    /** Applies the edits to {@code base}; inserts come from {@code inserts}, plus bytes that are not UTF-8. */
    static byte[] mutate(byte[] base, List<Edit> edits, List<String> inserts) {
        byte[] b = base;
        for (Edit e : edits) {
            int at = (int) Math.min(b.length, Math.round(e.at() * b.length));
            int end = Math.min(b.length, at + e.length());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            switch (e.kind()) {
                case 0 -> { out.write(b, 0, at); out.write(b, end, b.length - end); }                         // delete
                case 1 -> { out.write(b, 0, end); out.write(b, at, end - at); out.write(b, end, b.length - end); } // duplicate
                case 2, 3 -> {                                                                                  // insert text
                    out.write(b, 0, at);
                    out.writeBytes(inserts.get(e.choice() % inserts.size()).getBytes(StandardCharsets.UTF_8));
                    out.write(b, at, b.length - at);
                }
                case 4 -> { out.write(b, 0, at); out.writeBytes(BYTE_INSERTS.get(e.choice() % BYTE_INSERTS.size())); out.write(b, at, b.length - at); }
                case 5 -> out.write(b, 0, at);                                                                  // truncate
                default -> {                                                                                    // flip a byte
                    out.writeBytes(b);
                    byte[] c = out.toByteArray();
                    if (c.length > 0) c[Math.min(at, c.length - 1)] ^= (byte) (1 << (e.choice() % 8));
                    b = c;
                    continue;
                }
            }
            b = out.toByteArray();
        }
        return b;
    }

    // ------------------------------------------------------------------ inputs

    static byte[] sample() {
        try {
            return Files.readAllBytes(InspectCommandTest.sample("switch_tiny"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final List<String> MODULES = List.of("""
            func.func @main() {
              %0 = stablehlo.constant dense<[1.0, 2.0]> : tensor<2xf32>
              %1 = stablehlo.add %0, %0 : tensor<2xf32>
              %2 = stablehlo.constant dense<[2.0, 4.0]> : tensor<2xf32>
              check.expect_almost_eq %1, %2 : tensor<2xf32>
              func.return
            }
            """, """
            func.func @main() {
              %0 = stablehlo.constant dense<0> : tensor<i64>
              %1 = stablehlo.while(%iter = %0) : tensor<i64>
              cond {
                %c = stablehlo.constant dense<10> : tensor<i64>
                %p = stablehlo.compare LT, %iter, %c : (tensor<i64>, tensor<i64>) -> tensor<i1>
                stablehlo.return %p : tensor<i1>
              } do {
                %one = stablehlo.constant dense<1> : tensor<i64>
                %n = stablehlo.add %iter, %one : tensor<i64>
                stablehlo.return %n : tensor<i64>
              }
              check.expect_eq_const %1, dense<10> : tensor<i64>
              func.return
            }
            """, """
            func.func @main() {
              %0 = stablehlo.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
              %1 = stablehlo.dot_general %0, %0, contracting_dims = [1] x [0] : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
              %2 = stablehlo.reduce(%1 init: %0) applies stablehlo.add across dimensions = [] : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
              %3 = stablehlo.broadcast_in_dim %1, dims = [0, 1] : (tensor<2x2xf32>) -> tensor<2x2xf32>
              func.return
            }
            """);

    /** An artifact of y = x + w·0 with one parameter, for run's readers: x.npy (f32[8]) and weights (w: f32[8]). */
    static Path runArtifact(Path dir) throws IOException {
        var mesh = new Manifest.MeshSpec("mesh", List.of(), List.of(0));
        var w = new Manifest.ParameterSpec("w", "f32", List.of("n"), List.of(8L), new Initializer.Normal(0, 1), List.of(List.of()), 32, 0);
        var x = new Manifest.TensorSpec("x", "f32", List.of("n"), List.of(8L), List.of(List.of()), 1);
        var y = new Manifest.TensorSpec("y", "f32", List.of("n"), List.of(8L), List.of(List.of()), -1);
        Manifest m = new Manifest(1, "t", new Manifest.Source("t.sy", "0".repeat(64)), "main", List.of(x), List.of(y), List.of(w), mesh,
                1, 1, "1.0.0", Manifest.Files.standard());
        Path art = Files.createDirectories(dir.resolve("art"));
        ManifestJson.write(m, art.resolve("manifest.json"));
        Files.writeString(art.resolve("model.mlir"), """
                func.func @main(%w: tensor<8xf32>, %x: tensor<8xf32>) -> tensor<8xf32> {
                  %0 = stablehlo.add %x, %w : tensor<8xf32>
                  return %0 : tensor<8xf32>
                }
                """);
        return art;
    }

    static byte[] validNpy(Path scratch) throws IOException {
        Path p = scratch.resolve("valid.npy");
        Npy.write(p, HostTensor.ofFloats(ElementType.F32, new long[] {8}, 1, 2, 3, 4, 5, 6, 7, 8));
        return Files.readAllBytes(p);
    }

    static byte[] validSafetensors(Path scratch) throws IOException {
        Path p = scratch.resolve("valid.safetensors");
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("w", HostTensor.ofFloats(ElementType.F32, new long[] {8}, 8, 7, 6, 5, 4, 3, 2, 1));
        SafetensorsWriter.write(p, tensors, Map.of("format", "pt"));
        return Files.readAllBytes(p);
    }

    /** Header-level hostility for binary files: huge numbers, deep JSON, wrong kinds. */
    static final List<String> HEADER_INSERTS = List.of("99999999999999999999", "-1", "[".repeat(2_000), "{\"a\":".repeat(1_500), "\"", ",", "}",
            "]", "(", ")", "'", "0", "9223372036854775807", "\"dtype\":\"F64\"", "\"shape\":[4294967296,4294967296]", "True", "None",
            "\"data_offsets\":[0,999999999999]", "\u0000", "'descr': '<f8', ", "'fortran_order': True, ", "'shape': (2147483648, 8), ");

    static final List<String> SY_INSERTS_VIEW = SY_INSERTS;
    static final List<String> MLIR_INSERTS_VIEW = MLIR_INSERTS;

    /** Mutations aimed at a binary file's header: positions in its first 160 bytes, inserts from {@link #HEADER_INSERTS}. */
    static byte[] mutateHeader(byte[] file, List<Edit> edits) {
        double scale = Math.min(1.0, 160.0 / file.length);
        List<Edit> atHead = edits.stream().map(e -> new Edit(e.kind(), e.at() * scale, e.length(), e.choice())).toList();
        return mutate(file, atHead, HEADER_INSERTS);
    }

    // ------------------------------------------------------------------ one case

    /** Runs {@code args} and checks the outcome; {@code file} is the hostile file, {@code textual} whether it is text (line:col wanted). */
    static void runCase(String command, Path file, boolean textual, String... args) {
        long start = System.nanoTime();
        CliRun r = CliRun.run(Commands.all(), args);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        String all = r.out() + r.err();
        String context = String.join(" ", args) + "\n" + r;
        assertTrue(seconds < MAX_SECONDS, () -> "took " + seconds + " s: " + context);
        assertTrue(r.exitCode() == Main.OK || r.exitCode() == Main.USER_ERROR, () -> "exit " + r.exitCode() + ": " + context);
        assertTrue(!JAVA_NAMES.matcher(all).find(), () -> "a Java name or stack trace in the output: " + context);
        if (r.exitCode() == Main.USER_ERROR) {
            String f = file.toString();
            boolean located = textual ? Pattern.compile(Pattern.quote(f) + ":\\d+:\\d+:").matcher(all).find() : all.contains(f);
            assertTrue(located, () -> "exit 1 without " + (textual ? f + ":line:col" : f) + ": " + context);
        }
        COUNTS.computeIfAbsent(command + " exit " + r.exitCode(), k -> new AtomicLong()).incrementAndGet();
    }

    static Path scratch() {
        try {
            return Files.createTempDirectory("switchyard-fuzz-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String report() {
        List<String> lines = new ArrayList<>();
        COUNTS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> lines.add(e.getKey() + ": " + e.getValue()));
        return String.join("\n", lines);
    }
}
