package dev.switchyard.cli.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.cli.UserError;
import org.junit.jupiter.api.Test;

class ByteTokenizerTest {

    @Test
    void idsAreUtf8BytesPlusThree() {
        // 'A' = 0x41 → 68; 'é' = C3 A9 → 198, 172; '€' = E2 82 AC → 229, 133, 175
        assertArrayEquals(new int[] {68, 198, 172, 229, 133, 175}, ByteTokenizer.encode("Aé€"));
    }

    @Test
    void nonAsciiRoundTrip() {
        String text = "naïve café — Ærø, 日本語, Ελληνικά, emoji 🚀 and a tab\tend";
        assertEquals(text, ByteTokenizer.decode(ByteTokenizer.encode(text)));
    }

    @Test
    void decodeStopsAtEosAndSkipsSpecialsAndSentinels() {
        int[] ids = {0, 'h' + 3, 2, 'i' + 3, 299, 1, 'x' + 3};
        assertEquals("hi", ByteTokenizer.decode(ids));
    }

    @Test
    void smallVocabularyIsAClearError() {
        UserError e = assertThrows(UserError.class, () -> ByteTokenizer.requireVocab(64, "switch_tiny.sy"));
        assertTrue(e.getMessage().contains("64") && e.getMessage().contains("259"), e.getMessage());
    }
}
