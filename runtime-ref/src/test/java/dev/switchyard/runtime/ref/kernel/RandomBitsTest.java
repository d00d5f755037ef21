package dev.switchyard.runtime.ref.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.tensor.ElementType;
import org.junit.jupiter.api.Test;

class RandomBitsTest {

    private static Tensor state(long... v) { return Tensor.ofLongs(ElementType.UI64, new int[] {v.length}, v); }

    @Test
    void philoxMatchesThePublishedKnownAnswer() {
        // Random123 kat_vectors, philox4x32 10 rounds: counter 0, key 0 -> 6627e8d5 e169c58d bc57ac4c 9b00dbd8
        Tensor[] r = RandomBits.generate(state(0, 0), ElementType.UI32, new int[] {4});
        assertArrayEquals(new long[] {0x6627e8d5L, 0xe169c58dL, 0xbc57ac4cL, 0x9b00dbd8L}, r[1].longs());
        assertArrayEquals(new long[] {0, 1}, r[0].longs(), "the counter moves past the one block used");
    }

    @Test
    void deterministicAndAdvancing() {
        Tensor[] a = RandomBits.generate(state(42, 7), ElementType.UI32, new int[] {3, 5});
        Tensor[] b = RandomBits.generate(state(42, 7), ElementType.UI32, new int[] {3, 5});
        assertArrayEquals(a[1].longs(), b[1].longs());
        Tensor[] next = RandomBits.generate(a[0], ElementType.UI32, new int[] {3, 5});
        assertFalse(java.util.Arrays.equals(a[1].longs(), next[1].longs()));
        assertEquals(7 + 4, a[0].longs()[1], "15 u32 values take 4 blocks of 4");
        Tensor small = RandomBits.generate(state(1, 2), ElementType.UI4, new int[] {64})[1];
        for (long v : small.longs()) assertTrue(v >= 0 && v < 16);
    }
}
