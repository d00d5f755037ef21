package dev.switchyard.cli;

import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * The nightly fuzz campaign of issue 13: {@link CliFuzzPropertyTest}'s properties with fresh
 * seeds, 2 500 tries each (10 000 cases), and the outcome counts printed at the end. Not matched
 * by surefire's default includes, so only {@code scripts/fuzz} (or {@code -Dtest=CliFuzzCampaign}) runs it.
 */
class CliFuzzCampaign {

    @AfterContainer
    static void report() {
        System.out.println("fuzz campaign outcomes:\n" + CliFuzz.report());
    }

    @Provide Arbitrary<List<CliFuzz.Edit>> edits() { return CliFuzz.edits(); }

    @Provide Arbitrary<Integer> module() { return Arbitraries.integers().between(0, 99); }

    @Property(tries = 2500, shrinking = ShrinkingMode.OFF)
    void checkOfAMutatedSpec(@ForAll("edits") List<CliFuzz.Edit> edits) throws IOException {
        CliFuzzCases.check(edits);
    }

    @Property(tries = 2500, shrinking = ShrinkingMode.OFF)
    void fmtOfAMutatedSpec(@ForAll("edits") List<CliFuzz.Edit> edits) throws IOException {
        CliFuzzCases.fmt(edits);
    }

    @Property(tries = 2500, shrinking = ShrinkingMode.OFF)
    void interpretOfMutatedStablehlo(@ForAll("module") int module, @ForAll("edits") List<CliFuzz.Edit> edits) throws IOException {
        CliFuzzCases.interpret(module, edits);
    }

    @Property(tries = 2500, shrinking = ShrinkingMode.OFF)
    void runOfHostileNpyAndSafetensors(@ForAll boolean weights, @ForAll("edits") List<CliFuzz.Edit> edits) throws IOException {
        CliFuzzCases.runReaders(weights, edits);
    }
}
