package dev.switchyard.cli.hf;

import java.util.Arrays;

/**
 * How one Hugging Face tensor holds (one expert's slice of) a Switchyard parameter.
 * Switchyard keeps the input dims of a linear map first ({@code x @ w}); torch's {@code Linear}
 * stores {@code [out, in]} with the head dims flattened, so those tensors are transposes.
 */
public sealed interface HfLayout {

    /** The same element order and count (norm scales, embeddings, the relative bias table). */
    record Same() implements HfLayout {}

    /**
     * A torch Linear weight: our shape is the {@code inRank} input dims then the output dims,
     * HF's is {@code [prod(out), prod(in)]} (q: [d_model, heads, d_kv] ↔ [heads·d_kv, d_model];
     * o: [heads, d_kv, d_model] ↔ [d_model, heads·d_kv]).
     */
    record Linear(int inRank) implements HfLayout {
        public Linear {
            if (inRank < 1) throw new IllegalArgumentException("a linear map has at least one input dim");
        }
    }

    /** The HF shape of a tensor laid out like this whose Switchyard shape is {@code ours}. */
    default long[] hfShape(long[] ours) {
        return switch (this) {
            case Same s -> ours.clone();
            case Linear l -> {
                if (ours.length <= l.inRank()) {
                    throw new IllegalArgumentException("a linear weight needs more than " + l.inRank() + " dims, got " + Arrays.toString(ours));
                }
                yield new long[] {product(ours, l.inRank(), ours.length), product(ours, 0, l.inRank())};
            }
        };
    }

    /** Our bytes from HF's, for a tensor of our shape {@code ours} (elements of {@code size} bytes). */
    default byte[] toOurs(byte[] hf, long[] ours, int size) {
        return switch (this) {
            case Same s -> hf.clone();
            case Linear l -> transpose(hf, product(ours, l.inRank(), ours.length), product(ours, 0, l.inRank()), size);
        };
    }

    /** HF's bytes from ours: the inverse of {@link #toOurs}. */
    default byte[] toHf(byte[] ourBytes, long[] ours, int size) {
        return switch (this) {
            case Same s -> ourBytes.clone();
            case Linear l -> transpose(ourBytes, product(ours, 0, l.inRank()), product(ours, l.inRank(), ours.length), size);
        };
    }

    private static long product(long[] dims, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) p = Math.multiplyExact(p, dims[i]);
        return p;
    }

    /** A row-major {@code [rows, cols]} matrix of {@code size}-byte elements, transposed to {@code [cols, rows]}. */
    static byte[] transpose(byte[] src, long rows, long cols, int size) {
        if (rows * cols * size != src.length) {
            throw new IllegalArgumentException(rows + "×" + cols + " elements of " + size + " bytes is not " + src.length + " bytes");
        }
        int r = Math.toIntExact(rows), c = Math.toIntExact(cols);
        byte[] out = new byte[src.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                System.arraycopy(src, (i * c + j) * size, out, (j * r + i) * size, size);
            }
        }
        return out;
    }
}
