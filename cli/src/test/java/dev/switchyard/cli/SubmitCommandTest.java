package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmitCommandTest {

    @TempDir Path dir;

    private static final List<Command> NO_GCLOUD = List.of(new SubmitCommand(p -> Optional.empty(), Optional.empty()));

    @Test
    void v5e8IsOneHostWithEightChips() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("switch_base_8"), "data", 1, "expert", 8);
        CliRun r = CliRun.run(NO_GCLOUD, "submit", art.toString(), "--tpu", "v5e-8", "--zone", "us-west4-a", "--project", "demo");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("dry run (gcloud not found)"), r::toString);
        Path out = dir.resolve("switch_base_8-v5e-8");

        List<JsonNode> docs = yamlDocuments(out.resolve("job.yaml"));
        assertEquals(1, docs.size(), "a single-host slice needs no Service");
        JsonNode job = docs.get(0);
        assertEquals("Job", job.get("kind").asText());
        assertEquals("batch/v1", job.get("apiVersion").asText());
        assertEquals(1, job.at("/spec/completions").asInt());
        JsonNode pod = job.at("/spec/template/spec");
        assertEquals("tpu-v5-lite-podslice", pod.at("/nodeSelector").get("cloud.google.com/gke-tpu-accelerator").asText());
        assertEquals("2x4", pod.at("/nodeSelector").get("cloud.google.com/gke-tpu-topology").asText());
        JsonNode resources = pod.at("/containers/0/resources");
        assertEquals(8, resources.at("/limits").get("google.com/tpu").asInt());
        assertEquals(8, resources.at("/requests").get("google.com/tpu").asInt());
        assertEquals("gcr.io/demo/switchyard-switch-base-8:latest", pod.at("/containers/0/image").asText());

        String commands = Files.readString(out.resolve("commands.sh"));
        assertTrue(commands.contains("gcloud compute tpus tpu-vm create switchyard-switch-base-8 --zone=us-west4-a --project=demo"
                + " --accelerator-type=v5litepod-8 --version=v2-alpha-tpuv5-lite"), commands);
        assertTrue(commands.contains("gcloud compute tpus tpu-vm scp switchyard-job.zip startup.sh switchyard-switch-base-8:~/"), commands);
        assertTrue(commands.contains("--worker=all '--command=bash ~/startup.sh'"), commands);
        assertBashSyntax(out.resolve("commands.sh"));
        assertBashSyntax(out.resolve("startup.sh"));
        String startup = Files.readString(out.resolve("startup.sh"));
        assertTrue(startup.contains("run \"$job_dir/artifact\" --backend pjrt --plugin \"$libtpu\""), startup);

        try (ZipFile zip = new ZipFile(out.resolve("switchyard-job.zip").toFile())) {
            assertEquals(Files.readString(art.resolve("manifest.json")),
                    new String(zip.getInputStream(zip.getEntry("artifact/manifest.json")).readAllBytes()));
            assertTrue(zip.getEntry("artifact/model.mlir") != null);
        }
        JsonNode description = new ObjectMapper().readTree(out.resolve("submit.json").toFile());
        assertEquals(8, description.get("chips").asInt());
        assertEquals(1, description.get("vms").asInt());
    }

    @Test
    void v4x32IsFourHostsOfFourChips() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("switch_base_8"), "data", 2, "expert", 8);
        CliRun r = CliRun.run(NO_GCLOUD, "submit", art.toString(), "--tpu", "v4-32", "--dry-run");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("topology 2x2x4, 16 chips on 4 VMs"), r::toString);
        Path out = dir.resolve("switch_base_8-v4-32");

        List<JsonNode> docs = yamlDocuments(out.resolve("job.yaml"));
        assertEquals(4, docs.size(), "headless Service, etcd Service and Deployment, Job");
        JsonNode service = docs.get(0);
        assertEquals("Service", service.get("kind").asText());
        assertEquals("None", service.at("/spec/clusterIP").asText());
        JsonNode job = docs.get(3);
        assertEquals("Indexed", job.at("/spec/completionMode").asText());
        assertEquals(4, job.at("/spec/completions").asInt());
        assertEquals(4, job.at("/spec/parallelism").asInt());
        JsonNode pod = job.at("/spec/template/spec");
        assertEquals(service.at("/metadata/name").asText(), pod.get("subdomain").asText());
        assertEquals("tpu-v4-podslice", pod.at("/nodeSelector").get("cloud.google.com/gke-tpu-accelerator").asText());
        assertEquals("2x2x4", pod.at("/nodeSelector").get("cloud.google.com/gke-tpu-topology").asText());
        int chipsPerPod = pod.at("/containers/0/resources/limits").get("google.com/tpu").asInt();
        assertEquals(4, chipsPerPod);
        assertEquals(16, chipsPerPod * job.at("/spec/parallelism").asInt(), "pods x chips = the mesh size");

        String commands = Files.readString(out.resolve("commands.sh"));
        assertTrue(commands.contains("--accelerator-type=v4-32 --version=tpu-ubuntu2204-base"), commands);
        assertFalse(commands.contains("--zone="), "no zone given: gcloud's default");
    }

    @Test
    void meshThatDoesNotFitTheSliceNamesBothSizes() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("m"), "data", 1, "expert", 8);
        CliRun r = CliRun.run(NO_GCLOUD, "submit", art.toString(), "--tpu", "v4-32");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("the artifact's mesh has 8 devices (data=1, expert=8) but a v4-32 slice has 16 chips"), r::toString);
        assertFalse(Files.exists(dir.resolve("m-v4-32")), "nothing written");
    }

    @Test
    void unknownTpuTypeListsTheKnownOnes() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("m"), "expert", 8);
        CliRun r = CliRun.run(NO_GCLOUD, "submit", art.toString(), "--tpu", "v5e-12");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("unknown TPU type 'v5e-12'; known: v5e-1, v5e-4, v5e-8, v5e-16"), r::toString);
        assertEquals(1, CliRun.run(NO_GCLOUD, "submit", art.toString()).exitCode(), "--tpu is required");
    }

    @Test
    void apiNamesAndBadJobNames() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("m"), "expert", 8);
        assertEquals(0, CliRun.run(NO_GCLOUD, "submit", art.toString(), "--tpu", "v5litepod-8", "--dry-run").exitCode());
        CliRun bad = CliRun.run(NO_GCLOUD, "submit", art.toString(), "--tpu", "v5e-8", "--name", "My_Job");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("--name 'My_Job' is not a valid TPU name"), bad::toString);
    }

    @Test
    void brokenManifestIsAUserError() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("m"), "expert", 8);
        Files.writeString(art.resolve("manifest.json"), "{\"format_version\": 1");
        CliRun r = CliRun.run(NO_GCLOUD, "submit", art.toString(), "--tpu", "v5e-8");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("manifest.json:1:"), r::toString);
        assertFalse(r.err().contains("Exception"), r::toString);
    }

    /** With gcloud on the PATH and no --dry-run, the three steps run in order (here against a fake gcloud). */
    @Test
    void runsGcloudWhenPresent() throws Exception {
        Path art = TestArtifacts.withMesh(dir.resolve("m"), "expert", 8);
        Path log = dir.resolve("gcloud.log");
        Path fake = dir.resolve("bin/gcloud");
        Files.createDirectories(fake.getParent());
        Files.writeString(fake, "#!/bin/sh\necho \"$*\" >> '" + log + "'\n");
        fake.toFile().setExecutable(true);
        List<Command> withGcloud = List.of(new SubmitCommand(p -> p.equals("gcloud") ? Optional.of(fake) : Optional.empty(), Optional.empty()));
        CliRun r = CliRun.run(withGcloud, "submit", art.toString(), "--tpu", "v6e-8", "--zone", "us-east5-b");
        assertEquals(0, r.exitCode(), r::toString);
        List<String> calls = Files.readAllLines(log);
        assertEquals(3, calls.size(), calls::toString);
        assertTrue(calls.get(0).startsWith("compute tpus tpu-vm create switchyard-m --zone=us-east5-b --accelerator-type=v6e-8"), calls.get(0));
        assertTrue(calls.get(1).startsWith("compute tpus tpu-vm scp"), calls.get(1));
        assertTrue(calls.get(2).endsWith("--worker=all --command=bash ~/startup.sh"), calls.get(2));

        Files.writeString(fake, "#!/bin/sh\nexit 3\n");
        CliRun failed = CliRun.run(withGcloud, "submit", art.toString(), "--tpu", "v6e-8");
        assertEquals(1, failed.exitCode());
        assertTrue(failed.err().contains("failed with exit code 3"), failed::toString);
    }

    private static List<JsonNode> yamlDocuments(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            while (it.hasNext()) docs.add(it.next());
        }
        return docs;
    }

    private static void assertBashSyntax(Path script) throws Exception {
        Process p = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), script + ": " + output);
    }
}
