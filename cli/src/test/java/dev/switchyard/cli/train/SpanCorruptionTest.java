package dev.switchyard.cli.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpanCorruptionTest {

    private final SpanCorruption t5 = SpanCorruption.t5(300);

    @Test
    void handWorkedExamplePositionsSentinelsTargets() {
        // ten tokens a…j (ids 100…109); runs: keep 2, noise 2, keep 3, noise 1, keep 1, noise 1
        boolean[] noise = SpanCorruption.mask(new int[] {2, 3, 1}, new int[] {2, 1, 1});
        assertArrayEquals(new boolean[] {false, false, true, true, false, false, false, true, false, true}, noise);
        int[] tokens = {100, 101, 102, 103, 104, 105, 106, 107, 108, 109};
        SpanCorruption.Example e = t5.corrupt(tokens, noise);
        // each noise span becomes one sentinel, counting down from vocab − 1 = 299; eos (1) at the end
        assertArrayEquals(new int[] {100, 101, 299, 104, 105, 106, 298, 108, 297, 1}, e.inputs());
        // each sentinel followed by the span it replaced
        assertArrayEquals(new int[] {299, 102, 103, 298, 107, 297, 109, 1}, e.targets());
    }

    @Test
    void countsFollowT5Rounding() {
        // 20 tokens: round(20 · 0.15) = 3 noise tokens, round(3 / 3) = 1 span
        assertEquals(3, t5.noiseTokens(20));
        assertEquals(1, t5.noiseSpans(20));
        // 10 tokens: 1.5 rounds half to even = 2 noise tokens, round(2/3) = 1 span
        assertEquals(2, t5.noiseTokens(10));
        // 3 tokens: round(0.45) = 0, raised to the minimum of 1
        assertEquals(1, t5.noiseTokens(3));
        // 100 tokens: 15 noise tokens in 5 spans
        assertEquals(15, t5.noiseTokens(100));
        assertEquals(5, t5.noiseSpans(100));
    }

    @Test
    void oneSpanIsTheLastNoiseTokens() {
        // one noise span and one non-noise span: the chunk is 17 kept tokens then 3 noise, for every seed
        for (long seed = 0; seed < 5; seed++) {
            boolean[] m = t5.noiseMask(20, new SplittableRandom(seed));
            boolean[] want = new boolean[20];
            Arrays.fill(want, 17, 20, true);
            assertArrayEquals(want, m);
        }
    }

    @Test
    void randomMaskHasTheRightRunsAndIsDeterministic() {
        boolean[] a = t5.noiseMask(100, new SplittableRandom(7));
        assertArrayEquals(a, t5.noiseMask(100, new SplittableRandom(7)));
        int noise = 0, runs = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i]) noise++;
            if (a[i] && (i == 0 || !a[i - 1])) runs++;
        }
        assertEquals(15, noise);
        assertEquals(5, runs);
        assertFalse(a[0], "t5's masks start with a non-noise run");
        assertTrue(a[99], "and end with a noise run");
        boolean differs = false;
        for (long seed = 8; seed < 20 && !differs; seed++) differs = !Arrays.equals(a, t5.noiseMask(100, new SplittableRandom(seed)));
        assertTrue(differs);
    }

    @Test
    void segmentsAreNonEmptyAndCoverTheItems() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            int items = 2 + r.nextInt(40), segments = 1 + r.nextInt(items);
            int[] s = SpanCorruption.segmentation(items, segments, r);
            assertEquals(segments, s.length);
            assertEquals(items, Arrays.stream(s).sum());
            assertTrue(Arrays.stream(s).allMatch(x -> x >= 1));
        }
    }

    @Test
    void chunkLengthMatchesT5sHelper() {
        // t5's random_spans_helper: inputs_length 512 needs 568 raw tokens, and the targets are 114 long
        assertEquals(568, t5.chunkLength(512, 114));
        assertEquals(512, t5.inputsLength(568));
        assertEquals(114, t5.targetsLength(568));
        assertNotEquals(568, t5.chunkLength(512, 113));
        // 8 and 8: a raw 8 corrupts to 8 − 1 + 1 + 1 = 9 inputs, a raw 7 to 8
        assertEquals(7, t5.chunkLength(8, 8));
    }
}
