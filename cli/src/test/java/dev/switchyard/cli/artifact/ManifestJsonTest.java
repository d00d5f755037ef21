package dev.switchyard.cli.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestJsonTest {

    @TempDir Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void roundTripsThroughAFile() throws IOException {
        Manifest m = Manifests.tiny();
        Path file = dir.resolve("manifest.json");
        ManifestJson.write(m, file);
        assertEquals(m, ManifestJson.read(file));
        assertEquals(m, ManifestJson.read(dir), "an artifact directory reads its manifest.json");
    }

    @Test
    void usesSnakeCaseKeysAndNamedInitializers() throws IOException {
        JsonNode root = JSON.readTree(ManifestJson.toJson(Manifests.tiny()));
        assertEquals(2, root.get("format_version").intValue());
        assertEquals("forward", root.at("/entry/kind").textValue());
        assertEquals("model.mlir", root.at("/files/module").textValue());
        assertEquals("compile_options.pb", root.at("/files/compile_options").textValue());
        assertEquals("truncated_normal", root.at("/parameters/0/initializer/kind").textValue());
        assertEquals(0.05, root.at("/parameters/0/initializer/stddev").doubleValue());
        assertEquals("expert", root.at("/parameters/2/sharding/0/0").textValue());
        assertEquals(1024, root.at("/parameters/2/byte_size").longValue());
        assertEquals(3, root.at("/inputs/0/argument_index").intValue());
    }

    // ---- hostile or broken manifests: a located message, nothing sized from the bad number ----

    @Test
    void negativeDimension() {
        assertRejected(root -> ((ArrayNode) root.at("/inputs/0/shape")).set(1, -8),
                "inputs[0] (tokens): dim 'seq' has negative size -8");
    }

    @Test
    void shapeThatOverflows() {
        assertRejected(root -> {
            ArrayNode shape = (ArrayNode) root.at("/parameters/2/shape");
            shape.set(0, Long.MAX_VALUE / 2);
            shape.set(1, Long.MAX_VALUE / 2);
        }, "parameters[2] (encoder.layer_0.moe.experts.wi): shape [4611686018427387903, 4611686018427387903, 16] overflows");
    }

    @Test
    void byteSizeThatLies() {
        assertRejected(root -> ((ObjectNode) root.at("/parameters/1")).put("byte_size", 1L << 40),
                "parameters[1] (encoder.layer_0.moe.router): byte_size 1099511627776 does not match f32[8, 4] (128 bytes)");
    }

    @Test
    void hugeMeshIsRefusedBeforeDeviceOrderIsSized() {
        assertRejected(root -> {
            ((ObjectNode) root.at("/mesh/axes/0")).put("size", Integer.MAX_VALUE);
            ((ObjectNode) root.at("/mesh/axes/1")).put("size", Integer.MAX_VALUE);
            ((ObjectNode) root).put("num_partitions", Integer.MAX_VALUE);
        }, "mesh.axes: the mesh has more than 1048576 devices");
    }

    @Test
    void partitionsThatDisagreeWithTheMesh() {
        assertRejected(root -> ((ObjectNode) root).put("num_partitions", 8), "num_partitions: is 8 but the mesh has 4 devices");
    }

    @Test
    void deviceOrderThatIsNotAPermutation() {
        assertRejected(root -> ((ArrayNode) root.at("/mesh/device_order")).set(3, 0), "mesh.device_order: is not a permutation of 0..3");
    }

    @Test
    void shardingOverAnUnknownAxis() {
        assertRejected(root -> ((ArrayNode) root.at("/inputs/0/sharding/1")).add("model"),
                "inputs[0] (tokens): sharding names mesh axis 'model', which the mesh lacks");
    }

    @Test
    void argumentUsedTwice() {
        assertRejected(root -> ((ObjectNode) root.at("/inputs/0")).put("argument_index", 0), "argument_index 0 is used twice");
    }

    @Test
    void unknownDtype() {
        assertRejected(root -> ((ObjectNode) root.at("/outputs/0")).put("dtype", "f8"), "outputs[0] (logits): unknown dtype 'f8'");
    }

    @Test
    void versionOneManifestIsReportedByVersionNotByItsMissingEntry() {
        assertRejected(root -> {
            ((ObjectNode) root).put("format_version", 1);
            ((ObjectNode) root).remove("entry");
        }, "format_version: is 1; this switchyard reads version 2 (compile the artifact again)");
    }

    @Test
    void newerFormatVersion() {
        assertRejected(root -> ((ObjectNode) root).put("format_version", 3), "format_version: is 3; this switchyard reads version 2");
    }

    @Test
    void missingFieldIsLocated() {
        assertRejected(root -> ((ObjectNode) root.at("/mesh")).remove("device_order"), "manifest.json:80:3: mesh.device_order: missing field");
    }

    @Test
    void unknownFieldIsLocated() {
        assertRejected(root -> ((ObjectNode) root.at("/parameters/0")).put("bytes", 3),
                "manifest.json:44:16: parameters[0].bytes: unknown field");
    }

    @Test
    void wrongTypeIsLocated() {
        assertRejected(root -> ((ObjectNode) root).put("num_partitions", "four"), "num_partitions: wrong type of value");
    }

    @Test
    void syntaxErrorHasLineAndColumn() throws IOException {
        Path file = dir.resolve("manifest.json");
        Files.writeString(file, "{\n  \"format_version\": 1,\n  \"compiler_version\" \"x\"\n}\n");
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestJson.read(file));
        assertTrue(e.getMessage().contains("manifest.json:3:"), e.getMessage());
    }

    @Test
    void oversizedFileIsRefusedWithoutReading() throws IOException {
        Path file = dir.resolve("manifest.json");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(ManifestJson.MAX_BYTES + 1); // sparse: costs no disk, would cost heap if read
        }
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestJson.read(file));
        assertTrue(e.getMessage().contains("too large for a manifest"), e.getMessage());
    }

    private void assertRejected(Consumer<JsonNode> damage, String expected) {
        ManifestException e = assertThrows(ManifestException.class, () -> {
            JsonNode root = JSON.readTree(ManifestJson.toJson(Manifests.tiny()));
            damage.accept(root);
            Path file = dir.resolve("manifest.json");
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            ManifestJson.read(file);
        });
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
    }
}
