package dev.switchyard.hlo.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixtures under resources/npy were written by numpy 2.4 ({@code np.save}). */
class NpyTest {

    @TempDir Path dir;

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = NpyTest.class.getResourceAsStream("/npy/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsNumpyFiles() throws IOException {
        HostTensor f = Npy.fromBytes(fixture("f32_2x3.npy"), "f32");
        assertEquals(ElementType.F32, f.elementType());
        assertArrayEquals(new long[] {2, 3}, f.shape());
        assertArrayEquals(new float[] {1.5f, -2f, 0f, 3.25f, -0.0f, 1e30f}, f.toFloats());
        assertArrayEquals(new long[] {-1, 1L << 40, 7}, Npy.fromBytes(fixture("i64_3.npy"), "i64").toLongs());
        assertArrayEquals(new float[] {1f, 65504f, -0.0f, 0x1p-24f}, Npy.fromBytes(fixture("f16_4.npy"), "f16").toFloats());
        HostTensor b = Npy.fromBytes(fixture("bool_2x2.npy"), "bool");
        assertEquals(ElementType.I1, b.elementType());
        assertArrayEquals(new long[] {1, 0, 0, 1}, b.toLongs());
        assertArrayEquals(new double[] {1, 2, -3.5, -0.25}, Npy.fromBytes(fixture("c64_2.npy"), "c64").toDoubles());
        HostTensor scalar = Npy.fromBytes(fixture("u16_scalar.npy"), "u16");
        assertEquals(0, scalar.rank());
        assertArrayEquals(new long[] {65535}, scalar.toLongs());
        HostTensor v2 = Npy.fromBytes(fixture("f64_2_v2.npy"), "v2");
        assertArrayEquals(new double[] {0.1, -7.0}, v2.toDoubles());
        assertArrayEquals(new long[] {0, 3}, Npy.fromBytes(fixture("f32_0x3.npy"), "empty").shape());
    }

    @Test
    void writesWhatNumpyWrites() throws IOException {
        HostTensor t = HostTensor.ofFloats(ElementType.F32, new long[] {2, 3}, 1.5f, -2f, 0f, 3.25f, -0.0f, 1e30f);
        assertArrayEquals(fixture("f32_2x3.npy"), Npy.toBytes(t));
        HostTensor s = HostTensor.ofLongs(ElementType.UI16, new long[0], 65535);
        assertArrayEquals(fixture("u16_scalar.npy"), Npy.toBytes(s));
        HostTensor one = HostTensor.ofLongs(ElementType.I64, new long[] {3}, -1, 1L << 40, 7);
        assertArrayEquals(fixture("i64_3.npy"), Npy.toBytes(one));
    }

    @Test
    void roundTripsEveryTypeThroughFiles() throws IOException {
        for (ElementType type : ElementType.values()) {
            HostTensor t = sample(type);
            Path p = dir.resolve(type.name() + ".npy");
            Npy.write(p, t);
            assertEquals(t, Npy.read(p, type), type.toString());
        }
    }

    @Test
    void bf16IsStoredAsExactFloat32AndReadBackWithRne() throws IOException {
        HostTensor t = HostTensor.ofFloats(ElementType.BF16, new long[] {2}, 3.140625f, -0.0f);
        HostTensor asStored = Npy.fromBytes(Npy.toBytes(t), "bf16");
        assertEquals(ElementType.F32, asStored.elementType());
        assertArrayEquals(new float[] {3.140625f, -0.0f}, asStored.toFloats());
        // f32 file value 1 + 2^-8 is a tie: bf16 reads it as 1.0 (even), 1 + 3*2^-8 as 1 + 2^-6.
        HostTensor f32 = HostTensor.ofFloats(ElementType.F32, new long[] {2}, 1f + 0x1p-8f, 1f + 3 * 0x1p-8f);
        HostTensor read = Npy.fromBytes(Npy.toBytes(f32), "f32", ElementType.BF16);
        assertArrayEquals(new float[] {1f, 1f + 0x1p-6f}, read.toFloats());
    }

    @Test
    void narrowIntegersRangeChecked() {
        HostTensor i8 = HostTensor.ofLongs(ElementType.I8, new long[] {2}, 7, 8);
        Npy.NpyFormatException e = assertThrows(Npy.NpyFormatException.class,
                () -> Npy.fromBytes(Npy.toBytes(i8), "x.npy", ElementType.I4));
        assertTrue(e.getMessage().contains("element 1 = 8 does not fit i4"), e.getMessage());
    }

    @Test
    void hostileHeadersFailBeforeAllocating() throws IOException {
        assertMessage(header(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000, 1000000000), }", 0), "needs 4000000000000000000 data bytes, the file has 0");
        assertMessage(header(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4000000000000, 4000000000000), }", 0), "overflows");
        assertMessage(header(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-3,), }", 0), "expected a non-negative dimension");
        assertMessage(header(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", 8), "truncated: shape [4] of f32 needs 16 data bytes, the file has 8");
        assertMessage(header(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 8), "4 unexpected bytes after the data");
        assertMessage(header(1, "{'descr': '<U8', 'fortran_order': False, 'shape': (1,), }", 0), "unsupported dtype '<U8'");
        assertMessage(header(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,", 0), "expected");
        assertMessage(header(1, "{'descr': '<f4', 'shape': (1,), }", 0), "no 'fortran_order'");
        assertMessage(header(7, "{}", 0), "unsupported .npy format version 7");
        assertMessage(new byte[] {1, 2, 3}, "not an .npy file");
        assertMessage("NOTNUMPY0123456789".getBytes(StandardCharsets.ISO_8859_1), "bad magic");
        // v2 header length field claiming 4 GiB
        ByteBuffer huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        huge.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(-1);
        assertMessage(huge.array(), "header length 4294967295 exceeds the limit");
        // v1 header length pointing past the end of the file
        byte[] shortFile = header(1, "{}", 0);
        shortFile[8] = (byte) 0xFF;
        assertMessage(shortFile, "truncated: header of");
        assertMessage(fixture("f32_fortran.npy"), "Fortran-order");
        assertMessage(fixture("f32_bigendian.npy"), "big-endian");
    }

    @Test
    void truncatedFileOnDiskIsReported() throws IOException {
        byte[] full = fixture("f32_2x3.npy");
        Path p = dir.resolve("cut.npy");
        Files.write(p, java.util.Arrays.copyOf(full, full.length - 3));
        Npy.NpyFormatException e = assertThrows(Npy.NpyFormatException.class, () -> Npy.read(p));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    private static void assertMessage(byte[] file, String fragment) {
        Npy.NpyFormatException e = assertThrows(Npy.NpyFormatException.class, () -> Npy.fromBytes(file, "in.npy"));
        assertTrue(e.getMessage().startsWith("in.npy: ") && e.getMessage().contains(fragment), e.getMessage());
    }

    private static byte[] header(int major, String dict, int dataBytes) {
        byte[] text = (dict + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0}).putShort((short) text.length).put(text);
        return b.array();
    }

    private static HostTensor sample(ElementType type) {
        long[] shape = {2, 2};
        return switch (type.kind()) {
            case BOOL -> HostTensor.ofLongs(type, shape, 1, 0, 0, 1);
            case SIGNED -> HostTensor.ofLongs(type, shape, -1, 0, 1, type.bitWidth() == 2 ? -2 : -7);
            case UNSIGNED -> HostTensor.ofLongs(type, shape, 0, 1, 3, type.bitWidth() == 64 ? -1 : 2);
            case FLOAT -> HostTensor.ofFloats(type, shape, 1.5f, -0.0f, Float.POSITIVE_INFINITY, -3.25f);
            case COMPLEX -> HostTensor.ofDoubles(type, shape, 1, 2, 3, 4, -5, 6, 0.5, -0.25);
        };
    }
}
