package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.switchyard.runtime.pjrt.distributed.ProcessIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-host submission: every host of a v4-32 or v5e-16 slice runs as a distinct process id
 * against one coordinator, on TPU VMs (the startup script, run for each worker) and on GKE (the
 * Job and JobSet manifests, read the way Kubernetes and {@code ProcessIdentity} read them).
 */
class MultiHostSubmitTest {

    @TempDir Path dir;

    private static final List<Command> NO_GCLOUD = List.of(new SubmitCommand(p -> Optional.empty(), Optional.empty()));

    private static List<JsonNode> yamlDocuments(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            while (it.hasNext()) docs.add(it.next());
        }
        return docs;
    }

    private static JsonNode kind(List<JsonNode> docs, String kind, String name) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind) && d.at("/metadata/name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + docs));
    }

    /** What startup.sh decides for one worker, with the given environment. */
    private Map<String, String> startupIdentity(Path script, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("SWITCHYARD_PRINT_IDENTITY", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        Map<String, String> fields = new HashMap<>();
        for (String kv : out.split(" ")) fields.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        return fields;
    }

    private void everyHostIsADistinctProcessOfOneCoordinator(String tpu, int hosts, int chipsPerHost) throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("switch_base_8"), "data", 2, "expert", 8);
        CliRun r = CliRun.run(NO_GCLOUD, "submit", art.toString(), "--tpu", tpu, "--dry-run", "--name", "sw");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains(hosts + " processes, one per VM, coordinated through etcd"), r::toString);
        Path out = dir.resolve("switch_base_8-" + tpu);

        // TPU VMs: the startup script, run as each worker (TPU_WORKER_ID and TPU_WORKER_HOSTNAMES as on a TPU VM)
        Path startup = out.resolve("startup.sh");
        String hostnames = String.join(",", java.util.stream.IntStream.range(0, hosts).mapToObj(i -> "10.0.0." + (10 + i)).toList());
        Set<Integer> ids = new HashSet<>();
        Set<URI> coordinators = new HashSet<>();
        for (int w = 0; w < hosts; w++) {
            Map<String, String> id = startupIdentity(startup, Map.of("TPU_WORKER_ID", Integer.toString(w), "TPU_WORKER_HOSTNAMES", hostnames));
            assertEquals(w == 0 ? "yes" : "no", id.get("etcd"), "only worker 0 starts etcd");
            ProcessIdentity p = ProcessIdentity.resolve(Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty(),
                    Map.of("TPU_WORKER_ID", id.get("process"), "TPU_WORKER_HOSTNAMES", hostnames,
                            "SWITCHYARD_COORDINATOR", id.get("coordinator"), "SWITCHYARD_NUM_PROCESSES", id.get("processes"),
                            "SWITCHYARD_JOB_ID", id.get("job"))).orElseThrow();
            assertEquals(hosts, p.numProcesses());
            ids.add(p.processId());
            coordinators.add(p.coordinator());
        }
        assertEquals(hosts, ids.size(), "distinct ids " + ids);
        assertEquals(Set.of(URI.create("http://10.0.0.10:2379")), coordinators, "one coordinator: worker 0");

        // GKE: the Job (and the JobSet) with the etcd Service they point at
        for (String file : List.of("job.yaml", "jobset.yaml")) {
            List<JsonNode> docs = yamlDocuments(out.resolve(file));
            JsonNode etcdService = kind(docs, "Service", "sw-etcd");
            assertEquals(2379, etcdService.at("/spec/ports/0/port").asInt());
            JsonNode etcd = kind(docs, "Deployment", "sw-etcd");
            assertEquals(1, etcd.at("/spec/replicas").asInt(), "a single-member etcd");
            assertEquals(etcdService.at("/spec/selector/app").asText(), etcd.at("/spec/template/metadata/labels/app").asText());
            JsonNode jobSpec = file.equals("job.yaml") ? kind(docs, "Job", "sw").get("spec")
                    : kind(docs, "JobSet", "sw").at("/spec/replicatedJobs/0/template/spec");
            assertEquals("Indexed", jobSpec.get("completionMode").asText(), "each pod gets JOB_COMPLETION_INDEX 0..N-1");
            assertEquals(hosts, jobSpec.get("completions").asInt());
            assertEquals(hosts, jobSpec.get("parallelism").asInt());
            JsonNode container = jobSpec.at("/template/spec/containers/0");
            assertEquals(chipsPerHost, container.at("/resources/limits").get("google.com/tpu").asInt());
            Map<String, String> env = new HashMap<>();
            for (JsonNode e : container.get("env")) env.put(e.get("name").asText(), e.get("value").asText());
            Set<Integer> podIds = new HashSet<>();
            Set<URI> podCoordinators = new HashSet<>();
            for (int index = 0; index < hosts; index++) {
                Map<String, String> podEnv = new HashMap<>(env);
                podEnv.put("JOB_COMPLETION_INDEX", Integer.toString(index));
                Map<String, String> id = startupIdentity(startup, podEnv);
                assertEquals("no", id.get("etcd"), "on GKE the etcd Deployment coordinates");
                podEnv.put("TPU_WORKER_ID", id.get("process"));
                ProcessIdentity p = ProcessIdentity.resolve(Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty(),
                        podEnv).orElseThrow();
                podIds.add(p.processId());
                podCoordinators.add(p.coordinator());
            }
            assertEquals(hosts, podIds.size(), file);
            assertEquals(Set.of(URI.create("http://sw-etcd:2379")), podCoordinators, file + ": the etcd Service");
        }
    }

    @Test
    void v4x32IsFourProcessesAgainstOneEtcd() throws Exception {
        everyHostIsADistinctProcessOfOneCoordinator("v4-32", 4, 4);
    }

    @Test
    void v5e16IsFourProcessesAgainstOneEtcd() throws Exception {
        everyHostIsADistinctProcessOfOneCoordinator("v5e-16", 4, 4);
    }

    @Test
    void theJobSetPassesTheJobSetSchema() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("switch_base_8"), "data", 2, "expert", 8);
        assertEquals(0, CliRun.run(NO_GCLOUD, "submit", art.toString(), "--tpu", "v4-32", "--dry-run").exitCode());
        Schema schema;
        try (InputStream in = MultiHostSubmitTest.class.getResourceAsStream("/jobset-v1alpha2.schema.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(new ObjectMapper().readTree(in));
        }
        JsonNode jobSet = yamlDocuments(dir.resolve("switch_base_8-v4-32/jobset.yaml")).stream()
                .filter(d -> d.path("kind").asText().equals("JobSet")).findFirst().orElseThrow();
        assertEquals(List.of(), schema.validate(jobSet));
        // and the schema is not a rubber stamp: a misspelt field fails it
        ((com.fasterxml.jackson.databind.node.ObjectNode) jobSet.at("/spec/replicatedJobs/0/template/spec")).put("paralelism", 4);
        assertFalse(schema.validate(jobSet).isEmpty());
    }

    @Test
    void trainEntryPassesDataCheckpointsAndResumes() throws Exception {
        Path sy = dir.resolve("switch_tiny.sy");
        Files.copy(Path.of("../samples/switch_tiny.sy"), sy);
        CliRun r = CliRun.run(NO_GCLOUD, "submit", sy.toString(), "--tpu", "v4-32", "--mesh-shape", "data=4,expert=4",
                "--entry", "train", "--data", "/gcs/corpus/c4.txt", "--checkpoint-dir", "/gcs/run 1/ckpt", "--steps", "1000", "--dry-run");
        assertEquals(0, r.exitCode(), r::toString);
        Path out = dir.resolve("switch_tiny-v4-32");
        String startup = Files.readString(out.resolve("startup.sh"));
        assertTrue(startup.contains("train \"$job_dir/model/switch_tiny.sy\" --data /gcs/corpus/c4.txt --checkpoint-dir '/gcs/run 1/ckpt'"
                + " --steps 1000 \"${resume[@]}\" --backend pjrt --plugin \"$libtpu\""), startup);
        Process bash = new ProcessBuilder("bash", "-n", out.resolve("startup.sh").toString()).redirectErrorStream(true).start();
        assertTrue(bash.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, bash.exitValue(), new String(bash.getInputStream().readAllBytes()));
        try (ZipFile zip = new ZipFile(out.resolve("switchyard-job.zip").toFile())) {
            assertEquals(Files.readString(sy), new String(zip.getInputStream(zip.getEntry("model/switch_tiny.sy")).readAllBytes()));
        }
        assertFalse(Files.exists(dir.resolve("switch_tiny")), "train compiles on the hosts: no artifact is written here");

        // the resume rule of the script: --resume only once a complete checkpoint exists
        String rule = startup.lines().filter(l -> l.startsWith("resume=()") || l.startsWith("if compgen")).reduce("", (a, b) -> a + b + "\n");
        Path ckpt = dir.resolve("ckpt");
        Files.createDirectories(ckpt);
        String probe = rule.replace("'/gcs/run 1/ckpt'", "'" + ckpt + "'") + "echo \"${#resume[@]}\"\n";
        assertEquals("0", bashOutput(probe));
        Files.createDirectories(ckpt.resolve("step_00000100"));
        Files.writeString(ckpt.resolve("step_00000100/checkpoint.json"), "{}");
        assertEquals("1", bashOutput(probe));
    }

    private static String bashOutput(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void trainEntryMistakes() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("switch_base_8"), "data", 2, "expert", 8);
        CliRun r = CliRun.run(NO_GCLOUD, "submit", art.toString(), "--tpu", "v4-32", "--entry", "train", "--data", "d",
                "--checkpoint-dir", "c", "--steps", "1");
        assertEquals(Main.USER_ERROR, r.exitCode());
        assertTrue(r.err().contains("--entry train submits a model source (FILE.sy)"), r::toString);
        r = CliRun.run(NO_GCLOUD, "submit", art.toString(), "--tpu", "v4-32", "--data", "d");
        assertTrue(r.err().contains("--data is for --entry train"), r::toString);
        Path sy = dir.resolve("m.sy");
        Files.writeString(sy, "");
        r = CliRun.run(NO_GCLOUD, "submit", sy.toString(), "--tpu", "v4-32", "--entry", "train", "--data", "d", "--steps", "5");
        assertTrue(r.err().contains("--entry train needs --checkpoint-dir"), r::toString);
        r = CliRun.run(NO_GCLOUD, "submit", sy.toString(), "--tpu", "v4-32", "--entry", "serve");
        assertTrue(r.err().contains("--entry must be run or train, got 'serve'"), r::toString);
    }
}
