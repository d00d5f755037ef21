package dev.switchyard.runtime.ref.kernel;

import dev.switchyard.hlo.tensor.ElementType;

/**
 * {@code stablehlo.dot_general}: both operands are laid out as [batch, free, contracting] and
 * [batch, contracting, free] (a transpose when they are not already), multiplied batch by batch,
 * and the result comes out in the spec's order: batch dims, lhs free dims, rhs free dims.
 * f32/f64 products run on {@link Gemm}, which reads either layout of each matrix itself.
 * Floats accumulate in f32 (f16, bf16, f32) or f64 and are rounded once to the result type.
 */
public final class DotGeneral {
    private DotGeneral() {}

    public record Dims(int[] lhsBatching, int[] rhsBatching, int[] lhsContracting, int[] rhsContracting) {}

    public static Tensor dotGeneral(Tensor lhs, Tensor rhs, Dims dims, ElementType resultType) {
        int[] lhsFree = Shapes.complement(lhs.rank(), Shapes.concat(dims.lhsBatching, dims.lhsContracting));
        int[] rhsFree = Shapes.complement(rhs.rank(), Shapes.concat(dims.rhsBatching, dims.rhsContracting));
        int[] ls = lhs.shape(), rs = rhs.shape();
        int batch = product(ls, dims.lhsBatching);
        int m = product(ls, lhsFree);
        int k = product(ls, dims.lhsContracting);
        int n = product(rs, rhsFree);
        for (int i = 0; i < dims.lhsBatching.length; i++) {
            if (ls[dims.lhsBatching[i]] != rs[dims.rhsBatching[i]]) throw new IllegalArgumentException("dot_general: batching dimension sizes differ: " + lhs + " vs " + rhs);
        }
        for (int i = 0; i < dims.lhsContracting.length; i++) {
            if (ls[dims.lhsContracting[i]] != rs[dims.rhsContracting[i]]) throw new IllegalArgumentException("dot_general: contracting dimension sizes differ: " + lhs + " vs " + rhs);
        }
        int[] resultShape = Shapes.concat(Shapes.pick(ls, dims.lhsBatching), Shapes.pick(ls, lhsFree), Shapes.pick(rs, rhsFree));
        ElementType compute = computeType(lhs.type(), rhs.type(), resultType);
        Tensor c = Tensor.zeros(compute, resultShape);
        Storage storage = Storage.of(compute);
        if (storage == Storage.FLOAT || storage == Storage.DOUBLE) {
            // the packing step of Gemm reads either layout of each matrix, so only operands whose
            // batch, free or contracting dims are interleaved need a transposed copy first
            boolean aRowMajor = !isIdentity(Shapes.concat(dims.lhsBatching, dims.lhsContracting, lhsFree));
            boolean bRowMajor = !isIdentity(Shapes.concat(dims.rhsBatching, rhsFree, dims.rhsContracting));
            Tensor a = convert(aRowMajor ? Layout.transpose(lhs, Shapes.concat(dims.lhsBatching, lhsFree, dims.lhsContracting)) : lhs, compute);
            Tensor b = convert(bRowMajor ? Layout.transpose(rhs, Shapes.concat(dims.rhsBatching, dims.rhsContracting, rhsFree)) : rhs, compute);
            int aRow = aRowMajor ? k : 1, aCol = aRowMajor ? 1 : m;
            int bRow = bRowMajor ? n : 1, bCol = bRowMajor ? 1 : k;
            if (storage == Storage.FLOAT) Gemm.f32(a.floats(), aRow, aCol, b.floats(), bRow, bCol, c.floats(), batch, m, k, n);
            else Gemm.f64(a.doubles(), aRow, aCol, b.doubles(), bRow, bCol, c.doubles(), batch, m, k, n);
        } else {
            Tensor a = convert(Layout.transpose(lhs, Shapes.concat(dims.lhsBatching, lhsFree, dims.lhsContracting)), compute);
            Tensor b = convert(Layout.transpose(rhs, Shapes.concat(dims.rhsBatching, dims.rhsContracting, rhsFree)), compute);
            if (storage == Storage.INTEGER) MatMul.i64(a.longs(), b.longs(), c.longs(), batch, m, k, n);
            else MatMul.complex(a.doubles(), b.doubles(), c.doubles(), batch, m, k, n);
        }
        if (c.type() == resultType) return c;
        if (c.storage() == Storage.FLOAT && Storage.of(resultType) == Storage.FLOAT) {
            // f32 accumulators of a bf16/f16 product: one rounding each, in place (c is ours)
            Rounding.inPlace(resultType, c.floats());
            return c.retyped(resultType);
        }
        return Conversions.convert(c, resultType);
    }

    /**
     * f16/bf16 accumulate in f32; integers in 64 bits, wrapped once to the result type at the end
     * (the same value modular arithmetic gives, and exact when the result is wider than the operands).
     */
    private static ElementType computeType(ElementType l, ElementType r, ElementType result) {
        ElementType t = l == r ? l : result;
        if (t.kind() == ElementType.Kind.SIGNED || t.kind() == ElementType.Kind.UNSIGNED || t == ElementType.I1) return ElementType.I64;
        return switch (t) {
            case F16, BF16 -> ElementType.F32;
            case COMPLEX_F32 -> ElementType.COMPLEX_F64;
            default -> t;
        };
    }

    private static Tensor convert(Tensor t, ElementType type) {
        return t.type() == type ? t : Conversions.convert(t, type);
    }

    /** A dimension order that already is the operand's storage order. */
    private static boolean isIdentity(int[] order) {
        for (int i = 0; i < order.length; i++) if (order[i] != i) return false;
        return true;
    }

    private static int product(int[] shape, int[] dims) {
        int p = 1;
        for (int d : dims) p *= shape[d];
        return p;
    }
}
