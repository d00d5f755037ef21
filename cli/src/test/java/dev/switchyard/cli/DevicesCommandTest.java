package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code switchyard devices} against runtime-pjrt's C test plugin, built here with gcc. */
class DevicesCommandTest {

    private static Path plugin;

    @BeforeAll
    static void buildTestPlugin() throws Exception {
        Path source = Path.of(System.getProperty("switchyard.root", ".."), "runtime-pjrt/src/test/c/pjrt_test_plugin.c");
        assertTrue(Files.exists(source), "the C test plugin source is at " + source);
        Path out = Path.of("target/test-plugin");
        Files.createDirectories(out);
        plugin = out.resolve("libpjrt_test_plugin.so").toAbsolutePath();
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-o", plugin.toString(), source.toString(), "-lpthread")
                .redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes());
        assertTrue(gcc.waitFor(120, TimeUnit.SECONDS) && gcc.exitValue() == 0, "gcc (needed for this test) failed: " + log);
    }

    private static CliRun run(Map<String, String> env, String... args) {
        return CliRun.run(List.of(new DevicesCommand(name -> Optional.ofNullable(env.get(name)))), args);
    }

    @Test
    void listsWhatThePluginReports() {
        CliRun r = run(Map.of(), "devices", "--plugin", plugin.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("PJRT API    0.104"), r.toString());
        assertTrue(r.out().contains("platform    sytest (sytest 1.0)"), r.toString());
        assertTrue(r.out().contains("stablehlo_current_version = [1, 9, 3]"), r.toString());
        assertTrue(r.out().contains("devices     4 addressable"), r.toString());
        for (int i = 0; i < 4; i++) {
            assertTrue(r.out().contains(String.format("  %-4d %-24s %-4d SyTestDevice(id=%d)", i, "SyTestDevice", 100 + i, i)), r.toString());
        }
    }

    @Test
    void takesThePluginFromTheEnvironment() {
        CliRun r = run(Map.of("SWITCHYARD_PJRT_PLUGIN", plugin.toString()), "devices");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("devices     4 addressable"), r.toString());
    }

    @Test
    void missingPluginIsAUserError() {
        CliRun none = run(Map.of(), "devices");
        assertEquals(1, none.exitCode());
        assertEquals("switchyard devices: error: no PJRT plugin given: pass --plugin PATH or set SWITCHYARD_PJRT_PLUGIN\n", none.err());

        CliRun missing = run(Map.of(), "devices", "--plugin", "no/such/plugin.so");
        assertEquals(1, missing.exitCode());
        assertEquals("switchyard devices: error: PJRT plugin no/such/plugin.so does not exist\n", missing.err());
        assertFalse(missing.err().contains("at dev."), "no stack trace");
    }
}
