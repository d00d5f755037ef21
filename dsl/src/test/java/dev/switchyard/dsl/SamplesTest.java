package dev.switchyard.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Param;
import dev.switchyard.dsl.graph.Primitive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every sample checks, formats idempotently, and keeps its types through formatting. */
class SamplesTest {

    static final List<String> SAMPLES = List.of("switch_tiny", "switch_base_8", "switch_base_128", "switch_large_128",
            "switch_c_2048", "t5_base", "moe_top2");

    static String sample(String name) {
        try (InputStream in = SamplesTest.class.getResourceAsStream("/samples/" + name + ".sy")) {
            if (in == null) throw new IllegalStateException("sample " + name + " missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"switch_tiny", "switch_base_8", "switch_base_128", "switch_large_128", "switch_c_2048", "t5_base", "moe_top2"})
    void checksFormatsAndKeepsTypes(String name) {
        String text = sample(name);
        CheckResult r = Frontend.checkText(name + ".sy", text, CheckOptions.defaults());
        assertTrue(r.ok(), r::render);
        assertTrue(r.diagnostics().isEmpty(), r::render);
        ModelGraph g = r.graph().orElseThrow();
        assertEquals(name, g.name());

        Optional<String> once = Formatter.format(name + ".sy", text, new Diagnostics(5));
        assertEquals(text, once.orElseThrow(), "samples are stored formatted");
        String twice = Formatter.format(name + ".sy", once.get(), new Diagnostics(5)).orElseThrow();
        assertEquals(once.get(), twice, "formatting is idempotent");

        // a layout-only change must not change the checked program
        String messy = String.join("\n", text.lines()
                .map(l -> l.contains("//") ? l : l.replace(", ", " ,  ").replace(" = ", "=").replace("  let ", "      let "))
                .toList()) + "\n\n\n";
        String tidy = Formatter.format(name + ".sy", messy, new Diagnostics(5)).orElseThrow();
        CheckResult again = Frontend.checkText(name + ".sy", tidy, CheckOptions.defaults());
        assertEquals(r.types(), again.types());
        assertEquals(text, tidy);
    }

    @ParameterizedTest
    @ValueSource(strings = {"switch_tiny", "switch_base_8", "switch_c_2048", "moe_top2"})
    void sparseSamplesRouteThroughTheExpertIntrinsics(String name) {
        ModelGraph g = Frontend.checkText(name, sample(name), CheckOptions.defaults()).graph().orElseThrow();
        long dispatches = g.nodes().stream().filter(n -> n.op() == Primitive.MOE_DISPATCH).count();
        long combines = g.nodes().stream().filter(n -> n.op() == Primitive.MOE_COMBINE).count();
        assertTrue(dispatches > 0);
        assertEquals(dispatches, combines);
        // every expert weight is split over the expert axis of the mesh
        for (Param p : g.params()) {
            if (p.path().endsWith("experts.wi")) {
                assertEquals(List.of("expert"), p.sharding().axesPerDim().get(0), p.path());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"t5_base", "switch_base_8", "switch_base_128", "switch_large_128", "switch_c_2048"})
    void parameterCountsFollowTheConfiguration(String name) {
        ModelGraph g = Frontend.checkText(name, sample(name), CheckOptions.defaults()).graph().orElseThrow();
        long d = dim(g, "d_model"), ff = dim(g, "d_ff"), h = dim(g, "heads"), kv = dim(g, "d_kv"), v = dim(g, "vocab");
        long layers = switch (name) {
            case "switch_large_128" -> 24;
            case "switch_c_2048" -> 15;
            default -> 12;
        };
        long experts = name.startsWith("t5") ? 1 : dim(g, "experts");
        long every = name.equals("switch_c_2048") ? 1 : name.startsWith("t5") ? 0 : 2;
        long attention = 4 * d * h * kv;
        long dense = 2 * d * ff;
        long sparse = experts * 2 * d * ff + d * experts;
        long sparseLayers = every == 0 ? 0 : layers / every;
        long ffns = (layers - sparseLayers) * dense + sparseLayers * sparse;
        long encoder = layers * (attention + 2 * d) + ffns + 32 * h + d;
        long decoder = layers * (2 * attention + 3 * d) + ffns + 32 * h + d;
        assertEquals(v * d + encoder + decoder, g.parameterCount());
    }

    private static long dim(ModelGraph g, String name) {
        return g.values().stream().flatMap(x -> x.type().dims().stream()).filter(x -> x.name().equals(name))
                .findFirst().orElseThrow().size();
    }
}
