package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import dev.switchyard.runtime.pjrt.PjrtExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device side of scripts/device-check.sh, run here against the C test plugin. */
class DeviceCheckTest {

    @TempDir
    Path dir;

    private static Path plugin(Path dir) throws Exception {
        Path source = Path.of(System.getProperty("switchyard.root", ".."), "runtime-pjrt/src/test/c/pjrt_test_plugin.c");
        Path lib = dir.resolve("libpjrt_test_plugin.so");
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-o", lib.toString(), source.toString(), "-lpthread")
                .redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes());
        assertTrue(gcc.waitFor(120, TimeUnit.SECONDS) && gcc.exitValue() == 0, "gcc failed: " + log);
        return lib;
    }

    @Test
    void selfTestSampleMatchesThroughThePlugin() throws Exception {
        Path sample = dir.resolve("self_test");
        DeviceCheck.writeSelfTestSample(sample);
        try (PjrtExecutor executor = PjrtExecutor.open(plugin(dir), PjrtExecutor.Options.defaults())) {
            DeviceCheck.Row row = DeviceCheck.check(executor, sample, 0);
            assertEquals("ok", row.status());
            assertEquals(0.0, row.maxError());
            // a wrong expectation is reported with the size of the error
            Npy.write(sample.resolve("expected/0.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {2, 2}, 1.5f, 0, 13, 4));
            DeviceCheck.Row wrong = DeviceCheck.check(executor, sample, 0.1);
            assertEquals(0.25, wrong.maxError(), 1e-9);
            assertTrue(wrong.status().startsWith("FAIL"), wrong.status());
        }
    }

    @Test
    void maxAbsDifferenceTreatsMismatchesAsInfinite() {
        HostTensor a = HostTensor.ofFloats(ElementType.F32, new long[] {3}, 1, Float.NaN, 3);
        HostTensor b = HostTensor.ofFloats(ElementType.F32, new long[] {3}, 1.5f, Float.NaN, 2);
        assertEquals(1.0, DeviceCheck.maxAbsDifference(a, b));
        assertEquals(Double.POSITIVE_INFINITY, DeviceCheck.maxAbsDifference(a, HostTensor.ofFloats(ElementType.F32, new long[] {3}, 1, 0, 3)));
        assertEquals(Double.POSITIVE_INFINITY, DeviceCheck.maxAbsDifference(a, HostTensor.ofFloats(ElementType.F32, new long[] {1, 3}, 1, 2, 3)));
        assertEquals(Double.POSITIVE_INFINITY, DeviceCheck.maxAbsDifference(a, HostTensor.ofFloats(ElementType.F64, new long[] {3}, 1, 2, 3)));
    }

    @Test
    void singleDeviceMeshShapeNamesEveryAxis() throws Exception {
        Path manifest = Files.writeString(dir.resolve("manifest.json"),
                "{\"mesh\": {\"name\": \"mesh\", \"axes\": [{\"name\": \"data\", \"size\": 2}, {\"name\": \"expert\", \"size\": 4}]}}");
        assertEquals("data=1,expert=1", DeviceCheck.singleDeviceMeshShape(manifest));
    }
}
