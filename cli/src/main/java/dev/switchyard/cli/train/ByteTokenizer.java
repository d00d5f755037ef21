package dev.switchyard.cli.train;

import dev.switchyard.cli.UserError;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * ByT5's byte-level vocabulary: id 0 pad, 1 eos, 2 unk, and byte {@code b} (0…255) as {@code b + 3},
 * so a model needs a vocabulary of at least {@link #MIN_VOCAB}; ids above that are free for
 * sentinels (span corruption takes them from the top).
 */
public final class ByteTokenizer {
    private ByteTokenizer() {}

    public static final int PAD = 0, EOS = 1, UNK = 2, OFFSET = 3;
    public static final int MIN_VOCAB = 256 + OFFSET;

    /** Fails when a model's vocabulary cannot hold every byte. */
    public static void requireVocab(long vocab, String model) throws UserError {
        if (vocab < MIN_VOCAB) {
            throw new UserError(model + ": its vocabulary has " + vocab + " ids, byte-level text needs at least " + MIN_VOCAB
                    + " (0 pad, 1 eos, 2 unk, 256 bytes); make the vocab dim >= " + MIN_VOCAB);
        }
    }

    /** The UTF-8 bytes of {@code text} as ids. */
    public static int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) ids[i] = (bytes[i] & 0xff) + OFFSET;
        return ids;
    }

    /**
     * The text of byte ids, stopping at the first eos; pad, unk and ids past the bytes (sentinels)
     * are left out, and malformed UTF-8 becomes U+FFFD.
     */
    public static String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length);
        for (int id : ids) {
            if (id == EOS) break;
            if (id >= OFFSET && id < OFFSET + 256) out.write(id - OFFSET);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
