package dev.switchyard.hlo.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HostTensorTest {

    @Test
    void integerBytesAreLittleEndianAndSignCorrect() {
        HostTensor t = HostTensor.ofLongs(ElementType.I16, new long[] {2}, -2, 0x1234);
        assertArrayEquals(new byte[] {(byte) 0xFE, (byte) 0xFF, 0x34, 0x12}, t.data());
        assertArrayEquals(new long[] {-2, 0x1234}, t.toLongs());
        HostTensor u = HostTensor.ofLongs(ElementType.UI16, new long[] {1}, 0xFFFE);
        assertArrayEquals(new long[] {0xFFFE}, u.toLongs());
        HostTensor i4 = HostTensor.ofLongs(ElementType.I4, new long[] {3}, -8, 7, -1);
        assertArrayEquals(new long[] {-8, 7, -1}, i4.toLongs());
    }

    @Test
    void outOfRangeIntegersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> HostTensor.ofLongs(ElementType.I4, new long[] {1}, 8));
        assertThrows(IllegalArgumentException.class, () -> HostTensor.ofLongs(ElementType.UI2, new long[] {1}, 4));
        assertThrows(IllegalArgumentException.class, () -> HostTensor.ofLongs(ElementType.I1, new long[] {1}, 2));
        assertThrows(IllegalArgumentException.class, () -> HostTensor.ofLongs(ElementType.I32, new long[] {2}, 1));
    }

    @Test
    void bf16TensorRoundsOnConstruction() {
        HostTensor t = HostTensor.ofFloats(ElementType.BF16, new long[] {2}, 1.0f + 0x1p-8f, -3.0f);
        assertArrayEquals(new byte[] {(byte) 0x80, 0x3F, 0x40, (byte) 0xC0}, t.data());
        assertArrayEquals(new float[] {1.0f, -3.0f}, t.toFloats());
    }

    @Test
    void complexIsInterleaved() {
        HostTensor c = HostTensor.ofDoubles(ElementType.COMPLEX_F32, new long[] {1}, 1.5, -2.0);
        assertEquals(8, c.data().length);
        assertArrayEquals(new double[] {1.5, -2.0}, c.toDoubles());
    }

    @Test
    void wrongKindsAndCountsAreRejected() {
        HostTensor f = HostTensor.ofFloats(ElementType.F32, new long[] {1}, 1f);
        assertThrows(IllegalArgumentException.class, f::toLongs);
        assertThrows(IllegalArgumentException.class, () -> HostTensor.ofFloats(ElementType.F32, new long[] {2}, 1f));
        assertThrows(IllegalArgumentException.class, () -> HostTensor.zeros(ElementType.F32, -1));
    }
}
