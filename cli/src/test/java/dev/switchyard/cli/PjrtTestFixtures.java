package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What the CLI's PJRT tests share: the C test plugin built into a test's directory, and the text
 * of an identity {@code @main} (argument i returned as result i) that stands in for a train step
 * the plugin cannot compute.
 */
final class PjrtTestFixtures {
    private PjrtTestFixtures() {}

    /** {@code runtime-pjrt}'s test plugin compiled with gcc into {@code dir}. */
    static Path testPlugin(Path dir) throws Exception {
        Path lib = dir.resolve("libpjrt_test_plugin.so");
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-o", lib.toString(),
                Path.of(System.getProperty("switchyard.root", ".."), "runtime-pjrt/src/test/c/pjrt_test_plugin.c").toString(), "-lpthread")
                .redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes());
        assertTrue(gcc.waitFor(120, TimeUnit.SECONDS) && gcc.exitValue() == 0, log);
        return lib;
    }

    /** {@code tensor<2x3xf32>} for dtype f32 and shape [2, 3]. */
    static String tensorType(String dtype, List<Long> shape) {
        return "tensor<" + shape.stream().map(d -> d + "x").collect(Collectors.joining()) + dtype + ">";
    }

    /** {@code func.func @main(%arg0: T0 A0, …) -> (T0, …) { return %arg0, … }}, argument attributes as given ("" for none). */
    static String identityMain(List<String> types, List<String> attributes) {
        List<String> args = new ArrayList<>(), results = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            args.add("%arg" + i + ": " + types.get(i) + attributes.get(i));
            results.add("%arg" + i);
        }
        String all = String.join(", ", types);
        return "func.func @main(" + String.join(", ", args) + ") -> (" + all + ") {\n  return " + String.join(", ", results) + " : " + all + "\n}\n";
    }

    static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
