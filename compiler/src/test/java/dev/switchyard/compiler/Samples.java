package dev.switchyard.compiler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.CheckResult;
import dev.switchyard.dsl.Frontend;
import dev.switchyard.dsl.graph.ModelGraph;
import java.nio.file.Path;
import java.util.List;

/** The sample models under {@code samples/}, checked by the front end. */
final class Samples {
    private Samples() {}

    static final List<String> ALL = List.of("switch_tiny", "moe_top2", "t5_base", "switch_base_8", "switch_base_128",
            "switch_large_128", "switch_c_2048", "switch_byte", "hf_switch_base_8");

    static Path path(String name) { return Path.of(System.getProperty("switchyard.root", ".."), "samples", name + ".sy"); }

    static ModelGraph graph(String name) { return graph(name, CheckOptions.defaults()); }

    static ModelGraph graph(String name, CheckOptions options) {
        CheckResult r = Frontend.check(path(name), options);
        assertTrue(r.ok(), () -> r.render());
        return r.graph().orElseThrow();
    }
}
