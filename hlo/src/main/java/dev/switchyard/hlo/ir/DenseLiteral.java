package dev.switchyard.hlo.ir;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Parses the literal of {@code dense<...> : tensor<...>} into a {@link HostTensor}. The type follows
 * the literal, so elements are first recorded as spans of the source text (cheap even for large
 * constants) and converted once the element type is known. Hex blobs ({@code "0x..."}) are copied
 * straight into the little-endian byte array.
 */
final class DenseLiteral {
    private final Cursor c;
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int count;
    /** Elements parsed (a complex pair counts once, unlike {@link #count} spans). */
    private int elements;
    private boolean complexPairs;
    private long[] dims = new long[8];
    private int leafDepth = -1;
    private int maxDepthSeen = -1;

    private DenseLiteral(Cursor c) { this.c = c; }

    /** Parses from just after the keyword {@code dense}; {@code start} is where the keyword began. */
    static Attribute parse(Cursor c, AttrTypeParser p, int start) {
        c.skipWs();
        if (c.pos >= c.end || c.text.charAt(c.pos) != '<') throw c.expected("'<'");
        int bodyStart = c.pos + 1;
        c.pos++;
        DenseLiteral d = new DenseLiteral(c);
        String hex = null;
        int hexAt = -1;
        boolean list = false;
        char ch = c.peek();
        if (ch == '"') {
            hexAt = c.pos;
            hex = c.string();
        } else if (ch == '[') {
            list = true;
            d.list(0);
        } else if (ch != '>') {
            d.element();
        }
        c.punct(">");
        String literal = c.text.substring(bodyStart, c.pos - 1).strip();
        c.punct(":");
        int typeAt = c.pos;
        Type t = p.type();
        if (!(t instanceof Type.TensorType tt)) throw c.error(typeAt, "expected tensor type for dense elements, found " + t.text());
        if (tt.knownElementType().isEmpty() || !tt.hasStaticShape()) return new Attribute.DenseTextAttr(literal, t);
        ElementType et = tt.knownElementType().get();
        if (hex != null) {
            try {
                tt.elementCount();
            } catch (ArithmeticException e) {
                throw c.error(typeAt, "tensor type " + tt.text() + " has too many elements");
            }
            return new Attribute.DenseElementsAttr(tt, d.fromHex(hex, hexAt, tt, et));
        }
        long n;
        try {
            n = tt.elementCount();
        } catch (ArithmeticException e) {
            throw c.error(typeAt, "tensor type " + tt.text() + " has too many elements");
        }
        if (!list && d.elements == 1) {
            return new Attribute.DenseElementsAttr(tt, new HostTensor(et, new long[0], d.bytes(et)));
        }
        long[] shape;
        if (!list) shape = d.elements == 0 ? tt.shape() : new long[0];
        else if (d.leafDepth >= 0) shape = Arrays.copyOf(d.dims, d.leafDepth);
        else shape = Arrays.copyOf(d.dims, d.maxDepthSeen + 1);
        if (!Arrays.equals(shape, tt.shape()) && !(d.elements == 0 && n == 0)) {
            throw c.error(start, "inferred shape of elements literal " + Arrays.toString(shape) + " does not match type " + tt.text());
        }
        if (d.elements != n) throw c.error(start, "dense literal has " + d.elements + " elements, type " + tt.text() + " needs " + n);
        return new Attribute.DenseElementsAttr(tt, new HostTensor(et, tt.shape(), d.bytes(et)));
    }

    private void list(int depth) {
        c.enter();
        try {
            c.punct("[");
            long n = 0;
            if (depth >= dims.length) dims = Arrays.copyOf(dims, dims.length * 2);
            maxDepthSeen = Math.max(maxDepthSeen, depth);
            if (!c.tryPunct("]")) {
                do {
                    if (c.peek() == '[') {
                        list(depth + 1);
                    } else {
                        if (leafDepth >= 0 && leafDepth != depth + 1) throw c.error(c.pos, "dense literal nests unevenly");
                        leafDepth = depth + 1;
                        element();
                    }
                    n++;
                } while (c.tryPunct(","));
                c.punct("]");
            }
            if (dims[depth] == 0 && !seenDepth(depth)) {
                dims[depth] = n;
                markDepth(depth);
            } else if (dims[depth] != n) {
                throw c.error(c.pos - 1, "dense literal lists have different lengths (" + dims[depth] + " and " + n + ")");
            }
        } finally {
            c.leave();
        }
    }

    private long seenMask;

    private boolean seenDepth(int d) { return d < 64 && (seenMask & (1L << d)) != 0; }

    private void markDepth(int d) { if (d < 64) seenMask |= 1L << d; }

    private void element() {
        elements++;
        char ch = c.peek();
        if (ch == '(') {
            c.punct("(");
            span();
            c.punct(",");
            span();
            c.punct(")");
            complexPairs = true;
        } else {
            span();
        }
    }

    private void span() {
        c.skipWs();
        int s = c.pos;
        if (c.tryNumber() == null && !c.tryKeyword("true") && !c.tryKeyword("false")) throw c.expected("element literal");
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = s;
        ends[count] = c.pos;
        count++;
    }

    private byte[] bytes(ElementType et) {
        boolean isComplex = et.kind() == ElementType.Kind.COMPLEX;
        if (isComplex != complexPairs && count > 0) {
            throw c.error(starts[0], isComplex ? "expected complex element (re, im)" : "complex element for non-complex type " + et);
        }
        int elements = isComplex ? count / 2 : count;
        int size = et.byteSize();
        byte[] out = new byte[elements * size];
        for (int i = 0; i < elements; i++) {
            if (isComplex) {
                ElementType part = et == ElementType.COMPLEX_F32 ? ElementType.F32 : ElementType.F64;
                int half = size / 2;
                writeLE(out, i * size, half, floatBits(2 * i, part));
                writeLE(out, i * size + half, half, floatBits(2 * i + 1, part));
            } else {
                writeLE(out, i * size, size, scalarBits(i, et));
            }
        }
        return out;
    }

    private long scalarBits(int i, ElementType et) {
        String tok = c.text.substring(starts[i], ends[i]);
        switch (et.kind()) {
            case BOOL -> {
                if (tok.equals("true") || tok.equals("1")) return 1;
                if (tok.equals("false") || tok.equals("0")) return 0;
                throw c.error(starts[i], "expected true or false, found " + tok);
            }
            case SIGNED, UNSIGNED -> {
                if (tok.equals("true") || tok.equals("false") || Cursor.isFloatLiteral(tok)) {
                    throw c.error(starts[i], "expected integer element of " + et + ", found " + tok);
                }
                int w = et.bitWidth();
                long v;
                if (tok.length() < 18 && !tok.contains("x")) {
                    v = Long.parseLong(tok);
                    if (!inRange(BigInteger.valueOf(v), et)) throw c.error(starts[i], "integer " + tok + " out of range for " + et);
                } else {
                    BigInteger b;
                    try {
                        boolean neg = tok.startsWith("-");
                        String body = neg || tok.startsWith("+") ? tok.substring(1) : tok;
                        b = body.startsWith("0x") ? new BigInteger(body.substring(2), 16) : new BigInteger(body);
                        if (neg) b = b.negate();
                    } catch (NumberFormatException e) {
                        throw c.error(starts[i], "bad integer " + tok);
                    }
                    if (!inRange(b, et)) throw c.error(starts[i], "integer " + tok + " out of range for " + et);
                    v = b.longValue();
                }
                if (et.kind() == ElementType.Kind.SIGNED && w < 64) v = (v << (64 - w)) >> (64 - w);
                if (et.kind() == ElementType.Kind.UNSIGNED && w < 64) v &= (1L << w) - 1;
                return v;
            }
            case FLOAT -> {
                return floatBits(i, et);
            }
            case COMPLEX -> throw new IllegalStateException("complex handled by caller");
        }
        throw new IllegalStateException();
    }

    private static boolean inRange(BigInteger v, ElementType et) {
        int w = et.bitWidth();
        BigInteger max = BigInteger.ONE.shiftLeft(w).subtract(BigInteger.ONE);
        BigInteger min = et.kind() == ElementType.Kind.UNSIGNED ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(w - 1).negate();
        return v.compareTo(min) >= 0 && v.compareTo(max) <= 0;
    }

    private long floatBits(int i, ElementType et) {
        String tok = c.text.substring(starts[i], ends[i]);
        if (tok.equals("true") || tok.equals("false")) throw c.error(starts[i], "expected float element of " + et + ", found " + tok);
        String body = tok.startsWith("-") || tok.startsWith("+") ? tok.substring(1) : tok;
        if (body.startsWith("0x")) {
            if (tok.startsWith("-") || body.length() - 2 > FloatBits.width(et) / 4) {
                throw c.error(starts[i], "hexadecimal float constant " + tok + " does not fit in " + et);
            }
            return Long.parseUnsignedLong(body.substring(2), 16);
        }
        try {
            return FloatBits.fromDouble(Double.parseDouble(tok), et);
        } catch (NumberFormatException e) {
            throw c.error(starts[i], "bad float " + tok);
        }
    }

    private static void writeLE(byte[] out, int off, int size, long v) {
        for (int k = 0; k < size; k++) {
            out[off + k] = (byte) v;
            v >>>= 8;
        }
    }

    private HostTensor fromHex(String hex, int at, Type.TensorType tt, ElementType et) {
        if (!hex.startsWith("0x") || (hex.length() & 1) != 0) throw c.error(at, "expected hex string \"0x...\" of whole bytes");
        int nBytes = (hex.length() - 2) / 2;
        byte[] data = new byte[nBytes];
        for (int i = 0; i < nBytes; i++) {
            int hi = Character.digit(hex.charAt(2 + 2 * i), 16);
            int lo = Character.digit(hex.charAt(3 + 2 * i), 16);
            if (hi < 0 || lo < 0) throw c.error(at, "bad hex digit in dense literal");
            data[i] = (byte) (hi * 16 + lo);
        }
        long n = tt.elementCount();
        if (nBytes == n * et.byteSize()) return new HostTensor(et, tt.shape(), data);
        if (nBytes == et.byteSize()) return new HostTensor(et, new long[0], data);
        throw c.error(at, "hex dense literal has " + nBytes + " bytes, " + tt.text() + " needs " + n * et.byteSize());
    }
}
