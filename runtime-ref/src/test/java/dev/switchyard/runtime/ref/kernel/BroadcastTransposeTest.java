package dev.switchyard.runtime.ref.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchyard.hlo.tensor.ElementType;
import org.junit.jupiter.api.Test;

/** broadcast_in_dim (fill and strided paths) and transpose, against hand-written results. */
class BroadcastTransposeTest {

    @Test
    void aScalarFillsEveryElementKeepingTheSignOfZero() {
        Tensor negZero = Tensor.ofFloats(ElementType.F32, new int[0], new float[] {-0.0f});
        Tensor out = Layout.broadcastInDim(negZero, new int[] {2, 3}, new int[0]);
        assertArrayEquals(new int[] {2, 3}, out.shape());
        for (float v : out.floats()) assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(v));
    }

    @Test
    void aOneElementVectorGoesToAnyDimension() {
        Tensor one = Tensor.ofLongs(ElementType.I32, new int[] {1}, new long[] {-7});
        Tensor out = Layout.broadcastInDim(one, new int[] {2, 2}, new int[] {1});
        assertArrayEquals(new long[] {-7, -7, -7, -7}, out.longs());
    }

    @Test
    void complexScalarsFillBothParts() {
        Tensor c = Tensor.ofDoubles(ElementType.COMPLEX_F64, new int[0], new double[] {1.5, -2});
        Tensor out = Layout.broadcastInDim(c, new int[] {3}, new int[0]);
        assertArrayEquals(new double[] {1.5, -2, 1.5, -2, 1.5, -2}, out.doubles());
    }

    @Test
    void theFilledTensorIsFreshSoWritingItLeavesTheOperand() {
        Tensor s = Tensor.ofDoubles(ElementType.F64, new int[0], new double[] {4});
        Tensor out = Layout.broadcastInDim(s, new int[] {2}, new int[0]);
        out.doubles()[0] = 5;
        assertArrayEquals(new double[] {4}, s.doubles());
        assertArrayEquals(new double[] {5, 4}, out.doubles());
    }

    @Test
    void aVectorBroadcastsAlongRowsOrColumns() {
        Tensor v = Tensor.ofFloats(ElementType.F32, new int[] {2}, new float[] {1, 2});
        assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2}, Layout.broadcastInDim(v, new int[] {2, 3}, new int[] {0}).floats());
        Tensor w = Tensor.ofLongs(ElementType.I64, new int[] {3}, new long[] {4, 5, 6});
        assertArrayEquals(new long[] {4, 5, 6, 4, 5, 6}, Layout.broadcastInDim(w, new int[] {2, 3}, new int[] {1}).longs());
        Tensor m = Tensor.ofDoubles(ElementType.F64, new int[] {2, 1}, new double[] {7, 8});
        assertArrayEquals(new double[] {7, 7, 8, 8, 7, 7, 8, 8},
                Layout.broadcastInDim(m, new int[] {2, 2, 2}, new int[] {1, 2}).doubles());
    }

    @Test
    void transposesMoveEveryElement() {
        Tensor m = Tensor.ofFloats(ElementType.F32, new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, Layout.transpose(m, new int[] {1, 0}).floats());
        Tensor c = Tensor.ofDoubles(ElementType.COMPLEX_F64, new int[] {2, 2}, new double[] {1, -1, 2, -2, 3, -3, 4, -4});
        assertArrayEquals(new double[] {1, -1, 3, -3, 2, -2, 4, -4}, Layout.transpose(c, new int[] {1, 0}).doubles());
    }
}
