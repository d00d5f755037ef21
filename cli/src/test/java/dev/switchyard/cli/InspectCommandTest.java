package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.cli.artifact.Initializer;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.artifact.ManifestJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class InspectCommandTest {

    @TempDir Path dir;

    private Path artifact() throws Exception {
        var mesh = new Manifest.MeshSpec("mesh", List.of(new Manifest.MeshSpec.Axis("data", 2), new Manifest.MeshSpec.Axis("expert", 2)),
                List.of(0, 1, 2, 3));
        var wi = new Manifest.ParameterSpec("moe.experts.wi", "bf16", List.of("experts", "d_model", "d_ff"), List.of(4L, 8L, 16L),
                new Initializer.TruncatedNormal(0.05), List.of(List.of("expert"), List.of(), List.of()), 1024, 0);
        var router = new Manifest.ParameterSpec("moe.router", "f32", List.of("d_model", "experts"), List.of(8L, 4L),
                new Initializer.Normal(0, 0.1), List.of(List.of(), List.of()), 128, 1);
        var x = new Manifest.TensorSpec("tokens", "i32", List.of("batch"), List.of(4L), List.of(List.of("data")), 2);
        Manifest m = new Manifest(Manifest.FORMAT_VERSION, "t", new Manifest.Source("tiny.sy", "0".repeat(64)), "main", List.of(x), List.of(), List.of(wi, router),
                mesh, 4, 1, "1.0.0", Manifest.Files.standard());
        Path art = dir.resolve("tiny");
        Files.createDirectories(art);
        ManifestJson.write(m, art.resolve("manifest.json"));
        return art;
    }

    @Test
    void tableAndSvg() throws Exception {
        Path art = artifact();
        Path svg = dir.resolve("mesh.svg");
        CliRun r = CliRun.run(Commands.all(), "inspect", art.toString(), "--svg", svg.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("moe.experts.wi  bf16   [experts=4, d_model=8, d_ff=16]  [expert, -, -]"), r::toString);
        // 512 + 128 bytes per device: half the experts' weights (2*8*16 bf16) and the whole router (8*4 f32)
        assertTrue(r.out().contains("total: 544 parameters, 1.1 KiB; at most 640 B per device"), r::toString);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(svg.toFile());
        assertEquals(4, doc.getElementsByTagName("rect").getLength() - 1, "one cell per device plus the background");
    }

    @Test
    void jsonReport() throws Exception {
        CliRun r = CliRun.run(Commands.all(), "inspect", artifact().toString(), "--json");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(1152, root.get("parameter_bytes").asLong());
        assertEquals(4, root.at("/placement/devices").size());
        assertEquals(2, root.at("/placement/devices/3/experts/0/start").asLong());
    }

    static Path sample(String name) {
        return Path.of(System.getProperty("switchyard.root", "..")).resolve("samples").resolve(name + ".sy");
    }

    /** Acceptance: the samples' mesh pictures parse as XML and have one cell per device. */
    @Test
    void samplesDrawOneCellPerDevice() throws Exception {
        for (String name : List.of("switch_tiny", "switch_base_128")) {
            Path svg = dir.resolve(name + ".svg");
            CliRun r = CliRun.run(Commands.all(), "inspect", sample(name).toString(), "--svg", svg.toString(), "--json");
            assertEquals(0, r.exitCode(), r::toString);
            JsonNode report = new ObjectMapper().readTree(r.out());
            long devices = report.get("num_partitions").asLong();
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(svg.toFile());
            assertEquals(devices, doc.getElementsByTagName("rect").getLength() - 1, name);
            assertEquals(devices, report.at("/placement/devices").size());
        }
    }

    @Test
    void switchTinyOnItsTwoByTwoMesh() throws Exception {
        CliRun r = CliRun.run(Commands.all(), "inspect", sample("switch_tiny").toString(), "--json");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(4, root.get("num_partitions").asLong(), "mesh default { data = 2, expert = 2 }");
        // 4 experts over expert=2: the device at (data 0, expert 1) holds experts 2..3
        JsonNode d1 = root.at("/placement/devices/1");
        assertEquals(2, d1.at("/experts/0/start").asLong());
        assertEquals(4, d1.at("/experts/0/end").asLong());

        CliRun single = CliRun.run(Commands.all(), "inspect", sample("switch_tiny").toString(), "--mesh", "single", "--json");
        assertEquals(0, single.exitCode(), single::toString);
        JsonNode one = new ObjectMapper().readTree(single.out());
        assertEquals(1, one.get("num_partitions").asLong());
        assertEquals(root.get("parameter_bytes").asLong(), one.at("/placement/devices/0/parameter_bytes").asLong(),
                "one device holds every parameter");
    }

    @Test
    void graphAsDot() throws Exception {
        Path dot = dir.resolve("g.dot");
        CliRun r = CliRun.run(Commands.all(), "inspect", sample("switch_tiny").toString(), "--graph", dot.toString());
        assertEquals(0, r.exitCode(), r::toString);
        String text = Files.readString(dot);
        assertTrue(text.startsWith("digraph \"switch_tiny\" {"), text.substring(0, 40));
        assertTrue(text.contains("embedding"), "parameters appear as nodes");
        assertTrue(text.contains("-> out0"), "outputs are connected");
    }

    /** SVG when Graphviz is installed; otherwise the DOT file and a note saying so. */
    @Test
    void graphAsSvgOrANote() throws Exception {
        Path svg = dir.resolve("g.svg");
        CliRun r = CliRun.run(Commands.all(), "inspect", sample("switch_tiny").toString(), "--graph", svg.toString());
        assertEquals(0, r.exitCode(), r::toString);
        if (SubmitCommand.onPath("dot").isPresent()) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/load-external-dtd", false);
            assertEquals("svg", f.newDocumentBuilder().parse(svg.toFile()).getDocumentElement().getTagName());
        } else {
            assertTrue(r.err().contains("Graphviz 'dot' is not installed"), r::toString);
            assertTrue(Files.readString(dir.resolve("g.dot")).startsWith("digraph"));
            assertTrue(!Files.exists(svg));
        }
    }

    @Test
    void specErrorsAreReportedWithLocations() throws Exception {
        Path bad = dir.resolve("bad.sy");
        Files.writeString(bad, "model bad\ndim batch = 4\nblock forward(x: f32[batch, nope]) { return (y = x) }\n");
        CliRun r = CliRun.run(Commands.all(), "inspect", bad.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("bad.sy:3:"), r::toString);
        assertTrue(!r.err().contains("Exception"), r::toString);
    }

    @Test
    void userMistakes() throws Exception {
        assertEquals(1, CliRun.run(Commands.all(), "inspect", dir.resolve("missing").toString()).exitCode());
        CliRun badSvg = CliRun.run(Commands.all(), "inspect", artifact().toString(), "--svg", dir.resolve("no/such/dir/m.svg").toString());
        assertEquals(1, badSvg.exitCode(), badSvg::toString);
        assertTrue(badSvg.err().contains("does not exist"), badSvg::toString);
    }
}
