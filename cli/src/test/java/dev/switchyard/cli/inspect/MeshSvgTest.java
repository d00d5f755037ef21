package dev.switchyard.cli.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.cli.artifact.Initializer;
import dev.switchyard.cli.artifact.Manifest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class MeshSvgTest {

    /** data=2 x expert=4, device ids in reverse order; three parameters, hand-worked slices below. */
    static Manifest.MeshSpec mesh() {
        return new Manifest.MeshSpec("mesh", List.of(new Manifest.MeshSpec.Axis("data", 2), new Manifest.MeshSpec.Axis("expert", 4)),
                List.of(7, 6, 5, 4, 3, 2, 1, 0));
    }

    static List<Manifest.ParameterSpec> parameters() {
        var init = new Initializer.Zeros();
        return List.of(
                new Manifest.ParameterSpec("moe.experts.wi", "bf16", List.of("experts", "d_model", "d_ff"), List.of(8L, 4L, 6L),
                        init, List.of(List.of("expert"), List.of(), List.of()), 384, 0),
                new Manifest.ParameterSpec("moe.router", "f32", List.of("d_model", "experts"), List.of(4L, 8L),
                        init, List.of(List.of(), List.of()), 128, 1),
                new Manifest.ParameterSpec("embed", "bf16", List.of("vocab", "d_model"), List.of(10L, 4L),
                        init, List.of(List.of("data"), List.of()), 80, 2),
                // 10 rows over 4 positions: chunks of 3, the last one short (3, 3, 3, 1)
                new Manifest.ParameterSpec("head", "f32", List.of("vocab"), List.of(10L),
                        init, List.of(List.of("expert")), 40, 3));
    }

    @Test
    void slicesFollowTheShardingByHand() {
        MeshPlacement p = Placements.of(mesh(), parameters());
        assertEquals(8, p.devices().size());
        // position 6 = (data 1, expert 2), device id device_order[6] = 1
        MeshPlacement.Device d = p.devices().get(6);
        assertEquals(1, d.id());
        assertEquals(List.of(1, 2), d.coordinates());
        assertEquals(List.of(new MeshPlacement.Range(4, 6)), d.experts());
        assertEquals(List.of(new MeshPlacement.Range(4, 6), new MeshPlacement.Range(0, 4), new MeshPlacement.Range(0, 6)),
                d.slices().get(0).ranges());
        assertEquals(new MeshPlacement.Range(5, 10), d.slices().get(2).ranges().get(0));
        assertEquals(new MeshPlacement.Range(6, 9), d.slices().get(3).ranges().get(0));
        // wi 2*4*6 bf16 = 96, router 4*8 f32 = 128, embed 5*4 bf16 = 40, head 3 f32 = 12
        assertEquals(96 + 128 + 40 + 12, d.parameterBytes());
        assertEquals(new MeshPlacement.Range(9, 10), p.devices().get(3).slices().get(3).ranges().get(0), "the short last chunk");
        // every parameter's slices tile it exactly once per data/expert replica group
        long total = p.devices().stream().mapToLong(MeshPlacement.Device::parameterBytes).sum();
        assertEquals(384 * 2 + 128 * 8 + 80 * 4 + 40 * 2, total);
    }

    @Test
    void svgParsesAndHasOneCellPerDevice() throws Exception {
        String svg = MeshSvg.render(Placements.of(mesh(), parameters()));
        Document doc = parse(svg);
        assertEquals("svg", doc.getDocumentElement().getTagName());
        List<Element> cells = byClass(doc, "rect", "device-cell");
        assertEquals(8, cells.size());
        List<Element> groups = byClass(doc, "g", "device");
        List<Integer> ids = groups.stream().map(g -> Integer.parseInt(g.getAttribute("data-device"))).sorted().toList();
        assertEquals(IntStream.range(0, 8).boxed().toList(), ids);
        Element device1 = groups.stream().filter(g -> g.getAttribute("data-device").equals("1")).findFirst().orElseThrow();
        String text = device1.getTextContent();
        assertTrue(text.contains("data=1 expert=2"), text);
        assertTrue(text.contains("experts 4..5"), text);
        assertTrue(text.contains("moe.experts.wi [4..5,:,:]"), text);
        assertTrue(text.contains("moe.experts.wi[experts 4..5, d_model, d_ff]  96 B"), "tooltip: " + text);
        assertTrue(text.contains("params 276 B"), text);
        assertTrue(text.contains("1 replicated param"), text);
        // two columns of cells per row would be wrong: the expert axis (4) runs across
        double x0 = Double.parseDouble(cells.get(0).getAttribute("x"));
        double x4 = Double.parseDouble(cells.get(4).getAttribute("x"));
        assertEquals(x0, x4, "position 4 starts the second row");
    }

    @Test
    void wideMeshesWrapAndNamesAreEscaped() throws Exception {
        var mesh = new Manifest.MeshSpec("m<&>", List.of(new Manifest.MeshSpec.Axis("expert", 128)),
                IntStream.range(0, 128).boxed().toList());
        List<Manifest.ParameterSpec> params = new ArrayList<>();
        for (int layer = 0; layer < 6; layer++) {
            params.add(new Manifest.ParameterSpec("encoder.layer_" + layer + ".moe.experts.wo", "bf16",
                    List.of("experts", "d_ff", "d_model"), List.of(128L, 16L, 8L), new Initializer.Zeros(),
                    List.of(List.of("expert"), List.of(), List.of()), 128 * 16 * 8 * 2, layer));
        }
        Document doc = parse(MeshSvg.render(Placements.of(mesh, params)));
        List<Element> cells = byClass(doc, "rect", "device-cell");
        assertEquals(128, cells.size());
        long columns = cells.stream().map(c -> c.getAttribute("x")).distinct().count();
        assertEquals(MeshSvg.MAX_COLUMNS, columns);
        assertTrue(doc.getDocumentElement().getTextContent().contains("mesh 'm<&>'"));
        assertTrue(doc.getDocumentElement().getTextContent().contains("+ 2 more sharded"));
    }

    @Test
    void longPathsKeepHeadAndTail() {
        assertEquals("encoder.layer_1.ffn.mlp.router.classifier", MeshSvg.fit("encoder.layer_1.ffn.mlp.router.classifier", 60));
        assertEquals("encoder.layer_1\u2026router.classifier", MeshSvg.fit("encoder.layer_1.ffn.mlp.router.classifier", 33));
        assertEquals("encoder\u2026router.classifier", MeshSvg.fit("encoder.layer_1.ffn.mlp.router.classifier", 26));
        assertEquals("\u2026classifier", MeshSvg.fit("encoder.layer_1.ffn.mlp.router.classifier", 11));
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> byClass(Document doc, String tag, String cls) {
        NodeList all = doc.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.getAttribute("class").equals(cls)) out.add(e);
        }
        return out;
    }
}
