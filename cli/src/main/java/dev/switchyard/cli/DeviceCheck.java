package dev.switchyard.cli;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import dev.switchyard.runtime.pjrt.PjrtExecutor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The device side of {@code scripts/device-check.sh}: for each prepared sample directory
 * ({@code model.mlir}, {@code inputs/*.npy}, {@code expected/*.npy} written by the reference
 * interpreter), compiles the module through a PJRT plugin with one partition, runs it, and prints
 * one table row: largest absolute difference from the interpreter, compile and execute times.
 * Not a user command: the script runs it with {@code java -cp switchyard.jar}.
 */
public final class DeviceCheck {
    private DeviceCheck() {}

    /** One sample's outcome. */
    record Row(String sample, String status, double maxError, double compileMs, double executeMs) {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && DeviceCheckSteps.handles(args[0])) {
            DeviceCheckSteps.main(args);
            return;
        }
        if (args.length >= 2 && args[0].equals("--write-self-test-sample")) {
            writeSelfTestSample(Path.of(args[1]));
            return;
        }
        if (args.length == 2 && args[0].equals("--single-device-mesh-shape")) {
            System.out.println(singleDeviceMeshShape(Path.of(args[1])));
            return;
        }
        if (args.length == 3 && args[0].equals("--compare")) {
            List<HostTensor> expected = readAll(Path.of(args[1]));
            List<HostTensor> actual = readAll(Path.of(args[2]));
            if (expected.isEmpty() || expected.size() != actual.size()) {
                System.out.println("count-mismatch " + expected.size() + " " + actual.size());
                System.exit(1);
            }
            double max = 0;
            for (int o = 0; o < expected.size(); o++) max = Math.max(max, maxAbsDifference(actual.get(o), expected.get(o)));
            System.out.printf("%.3g%n", max);
            return;
        }
        if (args.length < 2 || !args[0].equals("--plugin")) {
            System.err.println("usage: DeviceCheck --plugin PATH [--tolerance T] SAMPLE_DIR...");
            System.exit(1);
        }
        Path plugin = Path.of(args[1]);
        int first = 2;
        double tolerance = 1e-2;
        if (args.length > 3 && args[2].equals("--tolerance")) {
            tolerance = Double.parseDouble(args[3]);
            first = 4;
        }
        List<Row> rows = new ArrayList<>();
        try (PjrtExecutor executor = PjrtExecutor.open(plugin, PjrtExecutor.Options.defaults())) {
            for (int i = first; i < args.length; i++) rows.add(check(executor, Path.of(args[i]), tolerance));
        }
        print(rows, System.out);
        System.exit(rows.stream().allMatch(r -> r.status().equals("ok")) ? 0 : 1);
    }

    static Row check(PjrtExecutor executor, Path dir, double tolerance) {
        String name = dir.getFileName().toString();
        try {
            String module = Files.readString(dir.resolve("model.mlir"));
            List<HostTensor> inputs = readAll(dir.resolve("inputs"));
            List<HostTensor> expected = readAll(dir.resolve("expected"));
            long t0 = System.nanoTime();
            try (Executable exe = executor.compile(module, new CompileOptions("main", 1, 1))) {
                long t1 = System.nanoTime();
                List<HostTensor> actual = exe.execute(inputs); // first run includes autotuning and transfers warm-up
                long best = Long.MAX_VALUE;
                for (int k = 0; k < 3; k++) {
                    long s = System.nanoTime();
                    actual = exe.execute(inputs);
                    best = Math.min(best, System.nanoTime() - s);
                }
                if (actual.size() != expected.size()) {
                    return new Row(name, "FAIL: " + actual.size() + " outputs, interpreter gave " + expected.size(), Double.NaN,
                            (t1 - t0) / 1e6, best / 1e6);
                }
                double max = 0;
                for (int o = 0; o < actual.size(); o++) max = Math.max(max, maxAbsDifference(actual.get(o), expected.get(o)));
                return new Row(name, max <= tolerance ? "ok" : "FAIL: error above " + tolerance, max, (t1 - t0) / 1e6, best / 1e6);
            }
        } catch (IOException | ExecutionException | RuntimeException e) {
            return new Row(name, "FAIL: " + e.getMessage(), Double.NaN, Double.NaN, Double.NaN);
        }
    }

    /** Largest |a - b| over all elements, as doubles; a shape or type mismatch is infinite. */
    static double maxAbsDifference(HostTensor a, HostTensor b) {
        if (a.elementType() != b.elementType() || !Arrays.equals(a.shape(), b.shape())) return Double.POSITIVE_INFINITY;
        double[] x = a.toDoubles(), y = b.toDoubles();
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            double d = Math.abs(x[i] - y[i]);
            if (Double.isNaN(d)) d = Double.isNaN(x[i]) && Double.isNaN(y[i]) ? 0 : Double.POSITIVE_INFINITY;
            max = Math.max(max, d);
        }
        return max;
    }

    /** The .npy files of a directory in name order (0.npy, 1.npy, …, numbered to sort). */
    static List<HostTensor> readAll(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".npy")).sorted().toList();
        }
        List<HostTensor> out = new ArrayList<>();
        for (Path p : files) out.add(Npy.read(p));
        return out;
    }

    /** {@code --mesh-shape} that puts every axis of an artifact's mesh at size 1, e.g. {@code data=1,expert=1}. */
    static String singleDeviceMeshShape(Path manifest) throws IOException {
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest.toFile());
        List<String> axes = new ArrayList<>();
        for (var axis : root.path("mesh").path("axes")) axes.add(axis.path("name").asText() + "=1");
        return String.join(",", axes);
    }

    static void print(List<Row> rows, PrintStream out) {
        out.printf("%-28s %12s %12s %12s  %s%n", "sample", "max error", "compile ms", "execute ms", "status");
        for (Row r : rows) {
            out.printf("%-28s %12.3g %12.1f %12.3f  %s%n", r.sample(), r.maxError(), r.compileMs(), r.executeMs(), r.status());
        }
    }

    /** A sample whose answer is known without an interpreter: f32 add of two 2x2 tensors. */
    static void writeSelfTestSample(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("inputs"));
        Files.createDirectories(dir.resolve("expected"));
        Files.writeString(dir.resolve("model.mlir"), """
                module @self_test {
                  func.func public @main(%arg0: tensor<2x2xf32>, %arg1: tensor<2x2xf32>) -> tensor<2x2xf32> {
                    %0 = stablehlo.add %arg0, %arg1 : tensor<2x2xf32>
                    return %0 : tensor<2x2xf32>
                  }
                }
                """);
        long[] shape = {2, 2};
        Npy.write(dir.resolve("inputs/0.npy"), HostTensor.ofFloats(ElementType.F32, shape, 1, 2, 3, 4));
        Npy.write(dir.resolve("inputs/1.npy"), HostTensor.ofFloats(ElementType.F32, shape, 0.5f, -2, 10, 0.25f));
        Npy.write(dir.resolve("expected/0.npy"), HostTensor.ofFloats(ElementType.F32, shape, 1.5f, 0, 13, 4.25f));
    }
}
