package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import dev.switchyard.runtime.pjrt.KeyValueStore;
import dev.switchyard.runtime.pjrt.distributed.ProcessGroup;
import dev.switchyard.runtime.pjrt.distributed.ProcessIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python half of the device check, without JAX: it compiles, every step's argument handling
 * works on real prepared files (--stub), and the etcd stand-in serves ProcessGroup as etcd does.
 */
class DeviceCheckScriptsTest {

    @TempDir Path dir;

    static final Path SCRIPTS = Path.of("../scripts/device_check");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String python(Path out, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("python3"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + text);
        return text;
    }

    @Test
    void thePythonStepsCompileAndTheirStubsReadThePreparedFiles() throws Exception {
        List<String> compile = new ArrayList<>(List.of("-c", "import py_compile, sys\nfor f in sys.argv[1:]: py_compile.compile(f, "
                + "cfile=f + '.test.pyc', doraise=True)"));
        try (var files = Files.list(SCRIPTS)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".py")).sorted().toList()) compile.add(f.toString());
        }
        python(dir, compile.toArray(String[]::new));
        try (var files = Files.list(SCRIPTS)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".test.pyc")).toList()) Files.delete(f);
        }

        Path art = TestArtifacts.withMesh(dir.resolve("art"), "data", 1, "expert", 1);
        DeviceCheckSteps.main(new String[] {"--write-arguments", art.toString(), "0", dir.resolve("args").toString()});
        JsonNode specs = JSON.readTree(dir.resolve("args/arguments.json").toFile());
        List<HostTensor> args = DeviceCheckSteps.arguments(art, 0);
        assertEquals(args.size(), specs.size());
        for (int i = 0; i < args.size(); i++) {
            assertEquals(args.get(i).elementType().mlirName(), specs.get(i).get("dtype").asText());
            assertEquals(args.get(i).shape().length, specs.get(i).get("shape").size());
        }
        Path expected = dir.resolve("expected");
        Files.createDirectories(expected);
        for (JsonNode o : JSON.readTree(art.resolve("manifest.json").toFile()).get("outputs")) {
            Npy.write(expected.resolve(o.get("name").asText() + ".npy"), HostTensor.ofFloats(dev.switchyard.hlo.tensor.ElementType.F32,
                    new long[] {1}, 0f));
        }
        Path inspect = dir.resolve("inspect.json");
        Files.writeString(inspect, "{\"cost\": {\"flops_per_step\": 1.0e9, \"bytes_params_per_device\": 4096, \"all_to_all_bytes_per_step\": 0}}");
        Path results = dir.resolve("results");
        Files.createDirectories(results);
        python(dir, SCRIPTS.resolve("partitioner.py").toString(), "--stub", "--artifact", art.toString(), "--arguments", dir.resolve("args").toString(),
                "--expected", expected.toString(), "--inspect", inspect.toString(), "--form", "gspmd", "--out", results.resolve("p.json").toString());
        JsonNode p = JSON.readTree(results.resolve("p.json").toFile());
        assertEquals("partitioner_gspmd", p.get("step").asText());
        assertEquals(args.size(), p.get("arguments").asInt());
        assertEquals(4096, p.get("predicted_param_bytes_per_device").asInt());
        python(dir, SCRIPTS.resolve("sublayer.py").toString(), "--stub", "--artifact", art.toString(), "--arguments", dir.resolve("args").toString(),
                "--inspect", inspect.toString(), "--out", results.resolve("s.json").toString());
        JsonNode s = JSON.readTree(results.resolve("s.json").toFile());
        assertEquals(80, s.at("/shape/capacity").asInt(), "max(4, floor(512 / 8 * 1.25))");
        python(dir, SCRIPTS.resolve("dispatch.py").toString(), "--stub", "--out", results.resolve("d.json").toString());
        String table = python(dir, SCRIPTS.resolve("report.py").toString(), "--stub", "--results", results.toString(),
                "--out", dir.resolve("report.json").toString());
        assertTrue(table.contains("partitioner gspmd (8 CPU devices)") && table.contains("sublayer (b) same layer in jax.jit"), table);
        assertEquals(4, JSON.readTree(dir.resolve("report.json").toFile()).get("rows").size(), "partitioner, sublayer (b) and (c), dispatch");

        // a missing input is a one-line error, not a traceback
        Process bad = new ProcessBuilder("python3", SCRIPTS.resolve("partitioner.py").toString(), "--stub", "--artifact", dir.resolve("nope").toString(),
                "--arguments", "x", "--expected", "x", "--inspect", "x", "--form", "gspmd", "--out", "x").redirectErrorStream(true).start();
        String err = new String(bad.getInputStream().readAllBytes());
        assertTrue(bad.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, bad.exitValue());
        assertEquals("artifact: " + dir.resolve("nope") + " is not a directory", err.strip());
    }

    @Test
    void theEtcdStandInServesProcessGroupLikeEtcd() throws Exception {
        Path portFile = dir.resolve("port");
        Process server = new ProcessBuilder("python3", SCRIPTS.resolve("kv_standin.py").toString(), "--port-file", portFile.toString())
                .redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(portFile); i++) Thread.sleep(50);
            String coordinator = "etcd://127.0.0.1:" + Files.readString(portFile).strip();
            var settings = new ProcessGroup.Settings(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(200));
            ProcessIdentity p0 = ProcessIdentity.resolve(Optional.of(coordinator), OptionalInt.of(0), OptionalInt.of(2), Optional.of("t"), Map.of())
                    .orElseThrow();
            ProcessIdentity p1 = new ProcessIdentity(p0.coordinator(), 1, 2, "t");
            ProcessGroup[] second = new ProcessGroup[1];
            Thread t = new Thread(() -> {
                try {
                    second[0] = ProcessGroup.join(p1, "same", settings, m -> {});
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            try (ProcessGroup first = ProcessGroup.join(p0, "same", settings, m -> {})) {
                t.join();
                KeyValueStore a = first.keyValueStore("x"), b = second[0].keyValueStore("x");
                a.put("k", "v".getBytes());
                assertEquals("v", new String(b.get("k", Duration.ofSeconds(2))));
                assertTrue(b.tryGet("missing").isEmpty());
                // leaving normally removes its member key with its lease, but marks it finished: not a death
                second[0].close();
                Thread.sleep(1000);
                assertEquals(Optional.empty(), first.failure());
            }
        } finally {
            server.destroy();
        }
    }
}
