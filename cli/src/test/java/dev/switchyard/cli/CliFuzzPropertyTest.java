package dev.switchyard.cli;

import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * Issue 13, acceptance 2, as CI runs it: each command's fuzz property with a pinned seed and a
 * few hundred tries, so the build is reproducible and fast. {@code CliFuzzCampaign} runs the same
 * properties unpinned and longer (see docs/limits.md).
 */
class CliFuzzPropertyTest {

    @Provide Arbitrary<List<CliFuzz.Edit>> edits() { return CliFuzz.edits(); }

    @Provide Arbitrary<Integer> module() { return Arbitraries.integers().between(0, 99); }

    @Property(tries = 150, seed = "20261207", shrinking = ShrinkingMode.OFF)
    void checkOfAMutatedSpec(@ForAll("edits") List<CliFuzz.Edit> edits) throws IOException {
        CliFuzzCases.check(edits);
    }

    @Property(tries = 150, seed = "20261207", shrinking = ShrinkingMode.OFF)
    void fmtOfAMutatedSpec(@ForAll("edits") List<CliFuzz.Edit> edits) throws IOException {
        CliFuzzCases.fmt(edits);
    }

    @Property(tries = 200, seed = "20261207", shrinking = ShrinkingMode.OFF)
    void interpretOfMutatedStablehlo(@ForAll("module") int module, @ForAll("edits") List<CliFuzz.Edit> edits) throws IOException {
        CliFuzzCases.interpret(module, edits);
    }

    @Property(tries = 200, seed = "20261207", shrinking = ShrinkingMode.OFF)
    void runOfHostileNpyAndSafetensors(@ForAll boolean weights, @ForAll("edits") List<CliFuzz.Edit> edits) throws IOException {
        CliFuzzCases.runReaders(weights, edits);
    }
}
