package dev.switchyard.runtime.ref.kernel;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HalfFloats;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * The interpreter's tensor value: element type, shape and one flat row-major primitive array
 * chosen by {@link Storage}. Kernels read and write the arrays directly; a tensor is not changed
 * after a kernel hands it out.
 *
 * <p>Two kinds of tensor hold less than their array until an accessor needs it ({@link #materialise},
 * once, thread-safe): a pending splat (one element) and a pending broadcast (a private copy of a
 * {@code broadcast_in_dim} operand and the runs it repeats, {@link BroadcastRuns}). Kernels that
 * can read either in place ask {@link #isSplat} / {@link #pendingBroadcast} first.
 */
public final class Tensor {
    private final ElementType type;
    private final int[] shape;
    private final int size;
    // Exactly one is non-null, the one Storage.of(type) names. A pending splat holds one element
    // until an accessor needs the full array (then materialise() swaps it in, once); a pending
    // broadcast holds none (all three null) until then.
    private float[] f;
    private double[] d;
    private long[] l;
    /** Every element equals element 0 (known when made; stays true once materialised). */
    private final boolean splat;
    /**
     * A splat whose arrays still hold only element 0, or a broadcast whose arrays are not made yet;
     * volatile so a materialised array is seen whole.
     */
    private volatile boolean pending;
    /** The runs of a broadcast made pending (kept after it is materialised: immutable, and its own copy); else null. */
    private final BroadcastRuns runs;

    private Tensor(ElementType type, int[] shape, float[] f, double[] d, long[] l) {
        this(type, shape, f, d, l, false);
    }

    private Tensor(ElementType type, int[] shape, float[] f, double[] d, long[] l, boolean pendingSplat) {
        this.type = Objects.requireNonNull(type);
        this.shape = shape.clone();
        this.size = Shapes.size(shape);
        this.f = f;
        this.d = d;
        this.l = l;
        int length = switch (Storage.of(type)) {
            case FLOAT -> f.length;
            case DOUBLE -> d.length;
            case COMPLEX -> d.length / 2;
            case INTEGER -> l.length;
        };
        int expected = pendingSplat ? Math.min(1, size) : size;
        if (length != expected) throw new IllegalArgumentException(type + Arrays.toString(shape) + " needs " + expected + " elements, got " + length);
        this.splat = pendingSplat || size == 1;
        this.pending = pendingSplat && size > 1;
        this.runs = null;
    }

    /** A pending broadcast: no array until an accessor asks (see {@link BroadcastRuns}). */
    private Tensor(ElementType type, int[] shape, BroadcastRuns runs) {
        this.type = Objects.requireNonNull(type);
        this.shape = shape.clone();
        this.size = Shapes.size(shape);
        if (runs.size() != size || size < 2 || (Storage.of(type) != Storage.FLOAT && Storage.of(type) != Storage.INTEGER)
                || (runs.source instanceof float[]) != (Storage.of(type) == Storage.FLOAT)) {
            throw new IllegalArgumentException(type + Arrays.toString(shape) + " cannot hold " + runs.size() + " broadcast elements");
        }
        this.runs = runs;
        this.splat = false;
        this.pending = true;
    }

    /** A pending broadcast of {@code type} and {@code shape} (package use: {@link Layout#broadcastInDim}, kernels). */
    static Tensor pendingBroadcast(ElementType type, int[] shape, BroadcastRuns runs) {
        return new Tensor(type, shape, runs);
    }

    /**
     * The runs of a broadcast whose array is not made yet, else null: a kernel may read the
     * elements through them ({@link BroadcastRuns#source}) instead of asking for the array. Once
     * read non-null they stay valid even if another thread materialises the tensor meanwhile.
     */
    BroadcastRuns pendingBroadcast() { return pending ? runs : null; }

    public static Tensor ofFloats(ElementType type, int[] shape, float[] values) {
        require(type, Storage.FLOAT);
        return new Tensor(type, shape, values, null, null);
    }

    public static Tensor ofDoubles(ElementType type, int[] shape, double[] values) {
        if (Storage.of(type) != Storage.DOUBLE && Storage.of(type) != Storage.COMPLEX) require(type, Storage.DOUBLE);
        return new Tensor(type, shape, null, values, null);
    }

    public static Tensor ofLongs(ElementType type, int[] shape, long[] values) {
        require(type, Storage.INTEGER);
        return new Tensor(type, shape, null, null, values);
    }

    /** A zero-filled tensor (false, 0, +0.0). */
    public static Tensor zeros(ElementType type, int... shape) {
        int n = Shapes.size(shape);
        long bytes = (long) n * (Storage.of(type) == Storage.FLOAT ? 4 : Storage.of(type) == Storage.COMPLEX ? 16 : 8);
        if (bytes > Runtime.getRuntime().maxMemory() / 2) {
            // fail with a message instead of an OutOfMemoryError that would take the JVM down
            throw new IllegalArgumentException(type + Arrays.toString(shape) + " needs " + bytes + " bytes, more than half of the "
                    + Runtime.getRuntime().maxMemory() + " bytes the interpreter may use");
        }
        return switch (Storage.of(type)) {
            case FLOAT -> new Tensor(type, shape, new float[n], null, null);
            case DOUBLE -> new Tensor(type, shape, null, new double[n], null);
            case COMPLEX -> new Tensor(type, shape, null, new double[2 * n], null);
            case INTEGER -> new Tensor(type, shape, null, null, new long[n]);
        };
    }

    public ElementType type() { return type; }
    public Storage storage() { return Storage.of(type); }
    public int[] shape() { return shape.clone(); }
    public int rank() { return shape.length; }
    public int dim(int i) { return shape[i]; }
    public int size() { return size; }

    /** The backing arrays; callers that write must own the tensor (fresh from a kernel). */
    public float[] floats() {
        require(type, Storage.FLOAT);
        if (pending) materialise();
        return f;
    }
    public double[] doubles() {
        if (d == null) require(type, Storage.DOUBLE);
        if (pending) materialise();
        return d;
    }
    public long[] longs() {
        require(type, Storage.INTEGER);
        if (pending) materialise();
        return l;
    }

    /**
     * Whether every element is known to equal element 0 (a broadcast scalar, a splat constant):
     * kernels may then read {@link #getDouble getDouble(0)} / {@link #splatLong} / {@link #splatFloat}
     * instead of the whole array, which a pending splat does not even allocate.
     */
    public boolean isSplat() { return splat && size > 0; }

    /**
     * The array the elements live in ({@code float[]}, {@code double[]} or {@code long[]}), or null
     * for a pending splat or broadcast: what tells whether two tensors share storage (a reshape
     * does). A pending broadcast's source is a copy no other tensor owns, so null is safe for it:
     * nothing can write into it, and once materialised its array is its own.
     */
    public Object storageArray() {
        if (pending) return null;
        return switch (storage()) {
            case FLOAT -> f;
            case DOUBLE, COMPLEX -> d;
            case INTEGER -> l;
        };
    }

    /** Element 0 of a float tensor, without materialising a splat. */
    public float splatFloat() { require(type, Storage.FLOAT); return runs != null ? ((float[]) runs.source)[runs.starts[0]] : floatZero(); }

    /** Element 0 of an integer tensor, without materialising a splat. */
    public long splatLong() { require(type, Storage.INTEGER); return runs != null ? ((long[]) runs.source)[runs.starts[0]] : longZero(); }

    // element 0 of a tensor that is not a pending broadcast: the volatile read orders it after a concurrent materialise()
    private float floatZero() { pending(); return f[0]; }
    private long longZero() { pending(); return l[0]; }

    /** A volatile read before a raw read of element 0: orders it after a concurrent materialise(). */
    private boolean pending() { return pending; }

    /** Fills a pending splat's or broadcast's full array, once (racing threads wait for the one that runs). */
    private synchronized void materialise() {
        if (!pending) return;
        Tensor full = zeros(type, shape);
        if (runs != null) {
            runs.expandInto(storage() == Storage.FLOAT ? full.f : full.l);
            if (storage() == Storage.FLOAT) f = full.f; else l = full.l;
            pending = false;
            return;
        }
        switch (storage()) {
            case FLOAT -> { if (Float.floatToRawIntBits(f[0]) != 0) Arrays.fill(full.f, f[0]); f = full.f; }
            case DOUBLE -> { if (Double.doubleToRawLongBits(d[0]) != 0) Arrays.fill(full.d, d[0]); d = full.d; }
            case INTEGER -> { if (l[0] != 0) Arrays.fill(full.l, l[0]); l = full.l; }
            case COMPLEX -> throw new AssertionError("complex splats are made full");
        }
        pending = false;
    }

    /** Same elements, new shape of the same size (reshape needs no copy since tensors are immutable). */
    public Tensor reshaped(int[] newShape) {
        if (Shapes.size(newShape) != size) {
            throw new IllegalArgumentException("cannot reshape " + this + " to " + Arrays.toString(newShape));
        }
        if (isSplat()) return splat(newShape);
        // the same runs in the same row-major order: still pending (each view materialises its own array)
        if (pending && runs != null) return new Tensor(type, newShape, runs);
        return new Tensor(type, newShape, f, d, l);
    }

    /** The same data viewed as another type of the same storage, e.g. after a verified type change. */
    Tensor retyped(ElementType newType) {
        if (Storage.of(newType) != Storage.of(type)) throw new IllegalArgumentException(type + " -> " + newType);
        if (pending && runs != null) return new Tensor(newType, shape, runs);
        if (isSplat() && size > 1 && storage() != Storage.COMPLEX) {
            pending();
            return new Tensor(newType, shape, f == null ? null : new float[] {f[0]}, d == null ? null : new double[] {d[0]},
                    l == null ? null : new long[] {l[0]}, true);
        }
        return new Tensor(newType, shape, f, d, l, false);
    }

    /** Element 0 as a rank-0 tensor, without materialising a splat (the one value a splat op computes on). */
    public Tensor scalar() {
        if (size == 0) throw new IllegalArgumentException("no element 0 in the empty " + this);
        if (runs != null) {
            return storage() == Storage.FLOAT ? new Tensor(type, new int[0], new float[] {splatFloat()}, null, null)
                    : new Tensor(type, new int[0], null, null, new long[] {splatLong()});
        }
        pending();
        return switch (storage()) {
            case FLOAT -> new Tensor(type, new int[0], new float[] {f[0]}, null, null);
            case DOUBLE -> new Tensor(type, new int[0], null, new double[] {d[0]}, null);
            case COMPLEX -> new Tensor(type, new int[0], null, new double[] {d[0], d[1]}, null);
            case INTEGER -> new Tensor(type, new int[0], null, null, new long[] {l[0]});
        };
    }

    /**
     * A tensor of {@code shape} whose every element is this tensor's element 0, allocated only when
     * a kernel asks for its array ({@link #isSplat}): broadcast scalars and splat constants. Not
     * for writing into (use {@link #fill}).
     */
    public Tensor splat(int[] shape) {
        if (size == 0) throw new IllegalArgumentException("cannot splat the empty " + this);
        int n = Shapes.size(shape);
        if (storage() == Storage.COMPLEX || n <= 1) return fill(shape);
        if (runs != null) return scalar().splat(shape);
        pending();
        return switch (storage()) {
            case FLOAT -> new Tensor(type, shape, new float[] {f[0]}, null, null, true);
            case DOUBLE -> new Tensor(type, shape, null, new double[] {d[0]}, null, true);
            case INTEGER -> new Tensor(type, shape, null, null, new long[] {l[0]}, true);
            case COMPLEX -> throw new AssertionError("handled above");
        };
    }

    /** A tensor of {@code newShape} whose element i is this tensor's element {@code source[i]}. */
    public Tensor select(int[] newShape, int[] source) {
        if (pending) materialise();
        Tensor out = zeros(type, newShape);
        if (source.length != out.size) throw new IllegalArgumentException("index map size " + source.length + " for " + out);
        switch (storage()) {
            case FLOAT -> { for (int i = 0; i < source.length; i++) out.f[i] = f[source[i]]; }
            case DOUBLE -> { for (int i = 0; i < source.length; i++) out.d[i] = d[source[i]]; }
            case COMPLEX -> {
                for (int i = 0; i < source.length; i++) {
                    out.d[2 * i] = d[2 * source[i]];
                    out.d[2 * i + 1] = d[2 * source[i] + 1];
                }
            }
            case INTEGER -> { for (int i = 0; i < source.length; i++) out.l[i] = l[source[i]]; }
        }
        return out;
    }

    /**
     * A fresh tensor of {@code newShape} whose element at index {@code i} is this tensor's element
     * {@code sum(i[d] * strides[d])}: broadcasts (stride 0) and transposes without an index map.
     * The innermost dimension is one fill (stride 0), one arraycopy (stride 1) or one strided loop.
     */
    public Tensor strided(int[] newShape, int[] strides) {
        if (newShape.length != strides.length) throw new IllegalArgumentException("strides " + Arrays.toString(strides) + " for shape " + Arrays.toString(newShape));
        if (pending) materialise();
        Tensor out = zeros(type, newShape);
        if (out.size == 0) return out;
        int rank = newShape.length;
        if (storage() == Storage.COMPLEX || rank == 0) {
            int[] map = new int[out.size];
            int[] idx = new int[rank];
            int i = 0;
            do {
                int src = 0;
                for (int k = 0; k < rank; k++) src += idx[k] * strides[k];
                map[i++] = src;
            } while (Shapes.next(idx, newShape));
            return select(newShape, map);
        }
        int inner = newShape[rank - 1], step = strides[rank - 1];
        int[] outerShape = Arrays.copyOf(newShape, rank - 1);
        int[] idx = new int[rank - 1];
        int dst = 0;
        do {
            int src = 0;
            for (int k = 0; k < rank - 1; k++) src += idx[k] * strides[k];
            switch (storage()) {
                case FLOAT -> {
                    if (step == 0) Arrays.fill(out.f, dst, dst + inner, f[src]);
                    else if (step == 1) System.arraycopy(f, src, out.f, dst, inner);
                    else for (int j = 0; j < inner; j++) out.f[dst + j] = f[src + j * step];
                }
                case DOUBLE -> {
                    if (step == 0) Arrays.fill(out.d, dst, dst + inner, d[src]);
                    else if (step == 1) System.arraycopy(d, src, out.d, dst, inner);
                    else for (int j = 0; j < inner; j++) out.d[dst + j] = d[src + j * step];
                }
                case INTEGER -> {
                    if (step == 0) Arrays.fill(out.l, dst, dst + inner, l[src]);
                    else if (step == 1) System.arraycopy(l, src, out.l, dst, inner);
                    else for (int j = 0; j < inner; j++) out.l[dst + j] = l[src + j * step];
                }
                case COMPLEX -> throw new AssertionError("handled above");
            }
            dst += inner;
        } while (rank > 1 && Shapes.next(idx, outerShape));
        return out;
    }

    /** Copies element {@code from} of {@code src} (same storage) to element {@code to} of this tensor. */
    public void copyElement(Tensor src, int from, int to) {
        if (src.pending) src.materialise();
        if (pending) materialise();
        switch (storage()) {
            case FLOAT -> f[to] = src.f[from];
            case DOUBLE -> d[to] = src.d[from];
            case COMPLEX -> { d[2 * to] = src.d[2 * from]; d[2 * to + 1] = src.d[2 * from + 1]; }
            case INTEGER -> l[to] = src.l[from];
        }
    }

    /** Element {@code i} as a rank-0 tensor (for region bodies that compute on scalars). */
    public Tensor element(int i) {
        Tensor out = zeros(type);
        out.copyElement(this, i, 0);
        return out;
    }

    /** A copy this caller may write to. */
    public Tensor copy() {
        if (pending) materialise();
        return new Tensor(type, shape, f == null ? null : f.clone(), d == null ? null : d.clone(), l == null ? null : l.clone());
    }

    /**
     * A fresh tensor of {@code shape} whose every element is this tensor's element 0 (a rank-0 or
     * one-element tensor): one {@code Arrays.fill}, no index map (splat broadcasts and reduce
     * inits are this).
     */
    public Tensor fill(int[] shape) {
        if (size == 0) throw new IllegalArgumentException("cannot fill from the empty " + this);
        if (runs != null) return scalar().fill(shape);
        pending();
        Tensor out = zeros(type, shape);
        switch (storage()) {
            case FLOAT -> { if (Float.floatToRawIntBits(f[0]) != 0) Arrays.fill(out.f, f[0]); }
            case DOUBLE -> { if (Double.doubleToRawLongBits(d[0]) != 0) Arrays.fill(out.d, d[0]); }
            case COMPLEX -> {
                for (int i = 0; i < out.size; i++) { out.d[2 * i] = d[0]; out.d[2 * i + 1] = d[1]; }
            }
            case INTEGER -> { if (l[0] != 0) Arrays.fill(out.l, l[0]); }
        }
        return out;
    }

    // ---- single-element reads used by the evaluator and checks ----

    /** Element i as f64 (float types) or as a signed/unsigned long converted to double (integers). */
    public double getDouble(int i) {
        if (pending && (i > 0 || runs != null)) materialise(); // element 0 of a pending splat is there already
        return switch (storage()) {
            case FLOAT -> f[i];
            case DOUBLE -> d[i];
            case COMPLEX -> d[2 * i];
            case INTEGER -> unsigned64() && l[i] < 0 ? unsignedToDouble(l[i]) : l[i];
        };
    }

    public long getLong(int i) { return longs()[i]; }

    public boolean isTrue() { return longs()[0] != 0; }

    private boolean unsigned64() { return type == ElementType.UI64; }

    static double unsignedToDouble(long v) {
        double hi = (double) (v >>> 1) * 2.0;
        return hi + (v & 1);
    }

    // ---- host tensors ----

    /**
     * Converts host bytes (little-endian, one element per {@code byteSize} bytes) to the kernels'
     * storage through typed NIO views: bulk copies for f32/f64/complex, one tight widening loop for
     * the narrower types (weights of a Switch block are tens of millions of elements per call).
     */
    /** Whether bf16 host bytes decode through {@link VectorDecode} (the module present, not {@code -Dswitchyard.scalarKernels=true}). */
    private static final boolean VECTOR_DECODE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("switchyard.scalarKernels");

    public static Tensor fromHost(HostTensor host) {
        int[] shape = Shapes.toInts(host.shape());
        ElementType type = host.elementType();
        int n = Math.toIntExact(host.elementCount());
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(host.data()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        return switch (Storage.of(type)) {
            case FLOAT -> {
                float[] out = new float[n];
                if (type == ElementType.F32) {
                    bytes.asFloatBuffer().get(out);
                } else {
                    // in chunks through one small buffer: a whole short[] copy of a Switch block's bf16
                    // weights would be another 75 MB of garbage per call
                    java.nio.ShortBuffer halves = bytes.asShortBuffer();
                    short[] raw = new short[Math.min(n, 1 << 14)];
                    boolean bf16 = type == ElementType.BF16;
                    for (int at = 0; at < n; at += raw.length) {
                        int m = Math.min(raw.length, n - at);
                        halves.get(raw, 0, m);
                        if (bf16) {
                            for (int i = VECTOR_DECODE ? VectorDecode.bf16(raw, m, out, at) : 0; i < m; i++) out[at + i] = HalfFloats.bf16ToFloat(raw[i]);
                        } else {
                            for (int i = 0; i < m; i++) out[at + i] = HalfFloats.f16ToFloat(raw[i]);
                        }
                    }
                }
                yield ofFloats(type, shape, out);
            }
            case DOUBLE -> {
                double[] out = new double[n];
                bytes.asDoubleBuffer().get(out);
                yield ofDoubles(type, shape, out);
            }
            case COMPLEX -> {
                double[] out = new double[2 * n];
                if (type == ElementType.COMPLEX_F64) {
                    bytes.asDoubleBuffer().get(out);
                } else {
                    float[] raw = new float[2 * n];
                    bytes.asFloatBuffer().get(raw);
                    for (int i = 0; i < raw.length; i++) out[i] = raw[i];
                }
                yield ofDoubles(type, shape, out);
            }
            case INTEGER -> {
                long[] out = new long[n];
                boolean unsigned = type.kind() != ElementType.Kind.SIGNED;
                switch (type.byteSize()) {
                    case 1 -> {
                        byte[] raw = host.data();
                        if (unsigned) for (int i = 0; i < n; i++) out[i] = raw[i] & 0xFFL;
                        else for (int i = 0; i < n; i++) out[i] = raw[i];
                    }
                    case 2 -> {
                        short[] raw = new short[n];
                        bytes.asShortBuffer().get(raw);
                        if (unsigned) for (int i = 0; i < n; i++) out[i] = raw[i] & 0xFFFFL;
                        else for (int i = 0; i < n; i++) out[i] = raw[i];
                    }
                    case 4 -> {
                        int[] raw = new int[n];
                        bytes.asIntBuffer().get(raw);
                        if (unsigned) for (int i = 0; i < n; i++) out[i] = raw[i] & 0xFFFF_FFFFL;
                        else for (int i = 0; i < n; i++) out[i] = raw[i];
                    }
                    default -> bytes.asLongBuffer().get(out);
                }
                yield ofLongs(type, shape, out);
            }
        };
    }

    public HostTensor toHost() {
        if (pending) materialise();
        long[] hostShape = Arrays.stream(shape).asLongStream().toArray();
        // bulk little-endian writes for the common wide types (values are canonical, so no range
        // check is needed); the rest goes through HostTensor's per-element encoders
        switch (type) {
            case F32 -> {
                java.nio.ByteBuffer bytes = littleEndian(4L * size);
                bytes.asFloatBuffer().put(f);
                return new HostTensor(type, hostShape, bytes.array());
            }
            case F64, COMPLEX_F64 -> {
                java.nio.ByteBuffer bytes = littleEndian(8L * d.length);
                bytes.asDoubleBuffer().put(d);
                return new HostTensor(type, hostShape, bytes.array());
            }
            case I64, UI64 -> {
                java.nio.ByteBuffer bytes = littleEndian(8L * size);
                bytes.asLongBuffer().put(l);
                return new HostTensor(type, hostShape, bytes.array());
            }
            default -> { }
        }
        return switch (storage()) {
            case FLOAT -> HostTensor.ofFloats(type, hostShape, f);
            case DOUBLE, COMPLEX -> HostTensor.ofDoubles(type, hostShape, d);
            case INTEGER -> HostTensor.ofLongs(type, hostShape, l);
        };
    }

    private static java.nio.ByteBuffer littleEndian(long bytes) {
        return java.nio.ByteBuffer.allocate(Math.toIntExact(bytes)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /** Rounds a computed f64 to this float type's precision (one rounding). */
    public static float roundFloat(ElementType type, double v) {
        return switch (type) {
            case F32 -> (float) v;
            case BF16 -> HalfFloats.bf16ToFloat(HalfFloats.doubleToBf16(v));
            case F16 -> HalfFloats.f16ToFloat(HalfFloats.doubleToF16(v));
            default -> throw new IllegalArgumentException("not a float storage type: " + type);
        };
    }

    /** Wraps a computed integer to the type's width (two's complement for signed, modulo for unsigned). */
    public static long wrap(ElementType type, long v) {
        int bits = type.bitWidth();
        if (bits == 64) return v;
        return switch (type.kind()) {
            case SIGNED -> (v << (64 - bits)) >> (64 - bits);
            case UNSIGNED, BOOL -> v & ((1L << bits) - 1);
            case FLOAT, COMPLEX -> throw new IllegalArgumentException("not an integer type: " + type);
        };
    }

    private static void require(ElementType type, Storage storage) {
        if (Storage.of(type) != storage) throw new IllegalArgumentException(type + " is not stored as " + storage);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("tensor<");
        for (int dim : shape) s.append(dim).append('x');
        return s.append(type).append('>').toString();
    }

    /** A short rendering of the values, for check failures. */
    public String valuesString(int limit) {
        if (pending) materialise();
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < Math.min(size, limit); i++) {
            if (i > 0) s.append(", ");
            switch (storage()) {
                case FLOAT -> s.append(f[i]);
                case DOUBLE -> s.append(d[i]);
                case COMPLEX -> s.append('(').append(d[2 * i]).append(", ").append(d[2 * i + 1]).append(')');
                case INTEGER -> s.append(type == ElementType.I1 ? (l[i] != 0 ? "true" : "false")
                        : type == ElementType.UI64 ? Long.toUnsignedString(l[i]) : Long.toString(l[i]));
            }
        }
        if (size > limit) s.append(", ...");
        return s.append(']').toString();
    }
}
