package dev.switchyard.cli.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.switchyard.hlo.tensor.ElementType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/manifest.schema.json describes what {@link ManifestJson} writes, and rejects what it must. */
class ManifestSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode schemaNode;
    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        Path root = Path.of(System.getProperty("switchyard.root", ".."));
        Path file = root.resolve("docs/manifest.schema.json");
        assertTrue(Files.isRegularFile(file), "schema file missing: " + file);
        schemaNode = JSON.readTree(file.toFile());
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaNode);
    }

    @Test
    void writtenManifestConforms() throws IOException {
        List<Error> errors = schema.validate(JSON.readTree(ManifestJson.toJson(Manifests.tiny())));
        assertEquals(List.of(), errors);
    }

    @Test
    void everyInitializerKindConforms() throws IOException {
        for (Initializer init : List.of(new Initializer.Zeros(), new Initializer.Ones(), new Initializer.Constant(2.5),
                new Initializer.Normal(0, 1), new Initializer.TruncatedNormal(0.02), new Initializer.Uniform(-1, 1))) {
            ObjectNode root = (ObjectNode) JSON.readTree(ManifestJson.toJson(Manifests.tiny()));
            ((ObjectNode) root.at("/parameters/0")).set("initializer",
                    ManifestJson.MAPPER.valueToTree(init));
            assertEquals(List.of(), schema.validate(root), init.toString());
        }
    }

    @Test
    void schemaRejectsBrokenManifests() throws IOException {
        assertInvalid(r -> ((ObjectNode) r).remove("format_version"));
        assertInvalid(r -> ((ArrayNode) r.at("/inputs/0/shape")).set(0, -1));
        assertInvalid(r -> ((ObjectNode) r.at("/outputs/0")).put("dtype", "float32"));
        assertInvalid(r -> ((ObjectNode) r.at("/parameters/0/initializer")).put("kind", "xavier"));
        assertInvalid(r -> ((ObjectNode) r.at("/parameters/0/initializer")).remove("stddev"));
        assertInvalid(r -> ((ObjectNode) r.at("/mesh/axes/0")).put("size", 0));
        assertInvalid(r -> ((ObjectNode) r.at("/source")).put("sha256", "not-a-hash"));
        assertInvalid(r -> ((ObjectNode) r.at("/files")).put("module", "../escape.mlir"));
        assertInvalid(r -> ((ObjectNode) r).put("extra", true));
    }

    @Test
    void dtypeEnumListsEveryElementType() {
        Set<String> inSchema = StreamSupport.stream(schemaNode.at("/$defs/dtype/enum").spliterator(), false)
                .map(JsonNode::textValue).collect(Collectors.toCollection(TreeSet::new));
        Set<String> inCode = Arrays.stream(ElementType.values()).map(ElementType::mlirName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(inCode, inSchema);
    }

    /** The schema names exactly the record components, so adding a field without documenting it fails here. */
    @Test
    void schemaPropertiesMatchTheRecords() {
        assertProperties("/properties", Manifest.class);
        assertProperties("/properties/source/properties", Manifest.Source.class);
        assertProperties("/properties/files/properties", Manifest.Files.class);
        assertProperties("/properties/mesh/properties", Manifest.MeshSpec.class);
        assertProperties("/properties/mesh/properties/axes/items/properties", Manifest.MeshSpec.Axis.class);
        assertProperties("/$defs/tensor/properties", Manifest.TensorSpec.class);
        assertProperties("/$defs/parameter/properties", Manifest.ParameterSpec.class);
    }

    private static void assertProperties(String pointer, Class<? extends Record> type) {
        Set<String> inSchema = new TreeSet<>();
        schemaNode.at(pointer).fieldNames().forEachRemaining(inSchema::add);
        var naming = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
        Set<String> inRecord = Arrays.stream(type.getRecordComponents())
                .map(c -> naming.translate(c.getName())).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(inRecord, inSchema, pointer);
    }

    private static void assertInvalid(Consumer<JsonNode> damage) throws IOException {
        JsonNode root = JSON.readTree(ManifestJson.toJson(Manifests.tiny()));
        damage.accept(root);
        assertFalse(schema.validate(root).isEmpty(), "schema accepted " + root);
    }
}
