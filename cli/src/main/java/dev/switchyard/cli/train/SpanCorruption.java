package dev.switchyard.cli.train;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * T5's span-corruption objective ({@code t5/data/preprocessors.py}: {@code random_spans_noise_mask},
 * {@code noise_span_to_unique_sentinel}, {@code random_spans_helper}). A chunk of {@code length}
 * tokens gets {@code round(length · density)} noise tokens (at least 1, at most length − 1) in
 * {@code round(noise / meanSpan)} spans (at least 1); noise and non-noise tokens are each cut into
 * that many non-empty runs at random, and the chunk alternates non-noise, noise, … starting with
 * non-noise. Inputs: each noise span replaced by one sentinel; targets: each sentinel followed by
 * the span it replaced; both end in eos. Sentinels count down from {@code vocab − 1}.
 */
public final class SpanCorruption {

    public static final double NOISE_DENSITY = 0.15, MEAN_NOISE_SPAN = 3.0;

    private final double density;
    private final double meanSpan;
    private final int vocab;

    public SpanCorruption(double density, double meanSpan, int vocab) {
        this.density = density;
        this.meanSpan = meanSpan;
        this.vocab = vocab;
    }

    public static SpanCorruption t5(int vocab) { return new SpanCorruption(NOISE_DENSITY, MEAN_NOISE_SPAN, vocab); }

    /** Noise tokens in a chunk of {@code length} (tf.round is round-half-even, as {@link Math#rint}). */
    public int noiseTokens(int length) {
        int len = Math.max(length, 2);
        int n = (int) Math.rint(len * density);
        return Math.min(Math.max(n, 1), len - 1);
    }

    public int noiseSpans(int length) {
        return Math.max((int) Math.rint(noiseTokens(length) / meanSpan), 1);
    }

    /** Inputs length of a corrupted chunk: non-noise tokens, one sentinel per span, eos. */
    public int inputsLength(int length) { return length - noiseTokens(length) + noiseSpans(length) + 1; }

    /** Targets length: one sentinel per span, the noise tokens, eos. */
    public int targetsLength(int length) { return noiseTokens(length) + noiseSpans(length) + 1; }

    /**
     * The longest raw chunk whose corrupted inputs fit {@code maxInputs} and targets fit
     * {@code maxTargets} (T5's {@code random_spans_helper} with both limits); 0 when none does.
     */
    public int chunkLength(int maxInputs, int maxTargets) {
        int best = 0;
        // inputs grow by about 0.9 per raw token, so no longer chunk can fit past 2 · maxInputs
        for (int len = 2; len <= 2 * maxInputs + 8; len++) {
            if (inputsLength(len) <= maxInputs && targetsLength(len) <= maxTargets) best = len;
        }
        return best;
    }

    /** {@code random_spans_noise_mask}: true at noise positions; the same for the same {@code random} state. */
    public boolean[] noiseMask(int length, SplittableRandom random) {
        int len = Math.max(length, 2);
        int noise = noiseTokens(length);
        int spans = noiseSpans(length);
        int[] noiseLengths = segmentation(noise, spans, random);
        int[] nonNoiseLengths = segmentation(len - noise, spans, random);
        return Arrays.copyOf(mask(nonNoiseLengths, noiseLengths), length);
    }

    /** Alternating runs, non-noise first. */
    static boolean[] mask(int[] nonNoiseLengths, int[] noiseLengths) {
        int total = Arrays.stream(nonNoiseLengths).sum() + Arrays.stream(noiseLengths).sum();
        boolean[] m = new boolean[total];
        int at = 0;
        for (int s = 0; s < noiseLengths.length; s++) {
            at += nonNoiseLengths[s];
            Arrays.fill(m, at, at + noiseLengths[s], true);
            at += noiseLengths[s];
        }
        return m;
    }

    /**
     * {@code _random_segmentation}: {@code items} cut into {@code segments} non-empty runs. As in t5:
     * of the items − 1 gaps, a uniformly shuffled {@code segments − 1} start a new run.
     */
    static int[] segmentation(int items, int segments, SplittableRandom random) {
        boolean[] firstInSegment = new boolean[items];
        boolean[] gaps = new boolean[items - 1];
        for (int i = 0; i < segments - 1; i++) gaps[i] = true;
        for (int i = gaps.length - 1; i > 0; i--) { // Fisher–Yates
            int j = random.nextInt(i + 1);
            boolean t = gaps[i];
            gaps[i] = gaps[j];
            gaps[j] = t;
        }
        System.arraycopy(gaps, 0, firstInSegment, 1, gaps.length);
        int[] lengths = new int[segments];
        int segment = 0;
        for (int i = 0; i < items; i++) {
            if (firstInSegment[i]) segment++;
            lengths[segment]++;
        }
        return lengths;
    }

    /** One corrupted example: encoder inputs and decoder targets, each ending in eos. */
    public record Example(int[] inputs, int[] targets) {}

    /** Applies {@code noise} to {@code tokens} ({@code noise_span_to_unique_sentinel} on both sides, eos appended). */
    public Example corrupt(int[] tokens, boolean[] noise) {
        return new Example(replaceSpans(tokens, noise, true), replaceSpans(tokens, noise, false));
    }

    /** Keeps the tokens whose mask equals {@code !replaceNoise}; each run of the others becomes one sentinel. */
    private int[] replaceSpans(int[] tokens, boolean[] noise, boolean replaceNoise) {
        int[] out = new int[tokens.length + 1];
        int n = 0;
        int sentinel = vocab - 1;
        for (int i = 0; i < tokens.length; i++) {
            boolean replaced = noise[i] == replaceNoise;
            if (!replaced) {
                out[n++] = tokens[i];
            } else if (i == 0 || noise[i - 1] != noise[i]) {
                out[n++] = sentinel--;
            }
        }
        out[n++] = ByteTokenizer.EOS;
        return Arrays.copyOf(out, n);
    }
}
