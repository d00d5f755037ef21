package dev.switchyard.tests.generated;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.tests.support.Tensors;
import dev.switchyard.tests.xla.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * Interprets an {@link OpChain} as a StableHLO module: two arguments of the chain's type, one op
 * (or a few) per step, and the last two values as results. Every op is chosen to be well-typed
 * and to have one meaning under the spec: no float-to-int conversion (out-of-range results are
 * implementation-defined), no integer division.
 */
public final class OpChainModule {

    private static final int MAX_RANK = 4;
    private static final long MAX_ELEMENTS = 256;
    private static final List<ElementType> TYPES = List.of(ElementType.F32, ElementType.BF16, ElementType.I32);

    private record Value(String name, TensorType type) {
        ElementType dtype() { return type.elementType(); }
        long[] dims() { return type.shape(); }
        int rank() { return type.shape().length; }
    }

    private final List<Value> pool = new ArrayList<>();
    private final StringBuilder body = new StringBuilder();
    private int counter;

    private OpChainModule() {}

    /** The module text and the argument types of {@code @main}. */
    public record Built(String text, List<TensorType> arguments) {

        public List<HostTensor> randomInputs(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            List<HostTensor> inputs = new ArrayList<>();
            for (TensorType t : arguments) {
                int n = Math.toIntExact(LongStream.of(t.shape()).reduce(1, Math::multiplyExact));
                inputs.add(switch (t.elementType()) {
                    case I32 -> Tensors.i32(t.shape(), IntStream.range(0, n).map(i -> r.nextInt(-5, 6)).toArray());
                    case F32 -> Tensors.f32(t.shape(), floats(r, n));
                    case BF16 -> Tensors.bf16(t.shape(), bf16Exact(floats(r, n)));
                    default -> throw new IllegalStateException("no generator for " + t.elementType());
                });
            }
            return inputs;
        }

        private static float[] floats(SplittableRandom r, int n) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (float) r.nextDouble(-2, 2);
            return v;
        }

        private static float[] bf16Exact(float[] v) {
            for (int i = 0; i < v.length; i++) v[i] = Float.intBitsToFloat(Float.floatToRawIntBits(v[i]) & 0xFFFF0000);
            return v;
        }
    }

    public static Built build(OpChain chain) {
        OpChainModule m = new OpChainModule();
        long[] shape = chain.shape().stream().mapToLong(Integer::longValue).toArray();
        TensorType argType = new TensorType(chain.dtype(), shape);
        m.pool.add(new Value("%arg0", argType));
        m.pool.add(new Value("%arg1", argType));
        for (OpChain.Step s : chain.steps()) m.step(s);
        Value last = m.pool.getLast();
        Value before = m.pool.get(m.pool.size() - 2);
        String results = before.type().mlir() + ", " + last.type().mlir();
        String text = "func.func public @main(%arg0: " + argType.mlir() + ", %arg1: " + argType.mlir() + ") -> ("
                + results + ") {\n" + m.body + "  return " + before.name() + ", " + last.name() + " : " + results + "\n}\n";
        return new Built(text, List.of(argType, argType));
    }

    private Value pick(int i) { return pool.get(Math.floorMod(i, pool.size())); }

    /** A value of the same type as {@code v}, preferring another one, else {@code v} itself. */
    private Value partner(Value v, int i) {
        List<Value> same = pool.stream().filter(p -> p.type().equals(v.type())).toList();
        return same.get(Math.floorMod(i, same.size()));
    }

    private Value emit(String rhs, TensorType type) {
        String name = "%v" + counter++;
        body.append("  ").append(name).append(" = ").append(rhs).append('\n');
        Value v = new Value(name, type);
        pool.add(v);
        return v;
    }

    private void step(OpChain.Step s) {
        Value v = pick(s.a());
        switch (s.kind()) {
            case UNARY -> unary(v, s.b());
            case BINARY -> binary(v, partner(v, s.b()), s.c());
            case COMPARE_SELECT -> compareSelect(v, partner(v, s.b()), s.c());
            case CONVERT -> convert(v, s.b());
            case BROADCAST -> broadcast(v, s.b(), s.c());
            case TRANSPOSE -> transpose(v, s.b());
            case RESHAPE -> reshape(v, s.b());
            case REDUCE -> reduce(v, s.b(), s.c());
            case DOT -> dot(v, partner(v, s.b()));
            case GATHER -> gather(v, s.b(), s.c());
            case CONCATENATE -> concatenate(v, partner(v, s.b()), s.c());
            case SLICE -> slice(v, s.b(), s.c());
            case IOTA -> iota(v, s.b());
        }
    }

    private void unary(Value v, int which) {
        List<String> ops = v.dtype() == ElementType.I32
                ? List.of("negate", "abs")
                : List.of("negate", "abs", "tanh", "exponential", "floor", "sign", "logistic");
        String op = ops.get(Math.floorMod(which, ops.size()));
        emit("stablehlo." + op + " " + v.name() + " : " + v.type().mlir(), v.type());
    }

    private void binary(Value x, Value y, int which) {
        List<String> ops = List.of("add", "subtract", "multiply", "maximum", "minimum");
        String op = ops.get(Math.floorMod(which, ops.size()));
        emit("stablehlo." + op + " " + x.name() + ", " + y.name() + " : " + x.type().mlir(), x.type());
    }

    private void compareSelect(Value x, Value y, int which) {
        List<String> dirs = List.of("LT", "LE", "GT", "GE", "EQ", "NE");
        String dir = dirs.get(Math.floorMod(which, dirs.size()));
        String kind = x.dtype() == ElementType.I32 ? "SIGNED" : "FLOAT";
        TensorType pred = x.type().withElementType(ElementType.I1);
        Value p = emit("stablehlo.compare " + dir + ", " + x.name() + ", " + y.name() + ", " + kind + " : ("
                + x.type().mlir() + ", " + x.type().mlir() + ") -> " + pred.mlir(), pred);
        pool.removeLast(); // keeps the pool to f32/bf16/i32 (XLA adds i1 modulo 2, unlike the spec)
        emit("stablehlo.select " + p.name() + ", " + x.name() + ", " + y.name() + " : " + pred.mlir() + ", " + x.type().mlir(), x.type());
    }

    private void convert(Value v, int which) {
        List<ElementType> targets = v.dtype() == ElementType.I32
                ? List.of(ElementType.F32, ElementType.BF16)
                : TYPES.stream().filter(t -> t != ElementType.I32 && t != v.dtype()).toList();
        ElementType to = targets.get(Math.floorMod(which, targets.size()));
        TensorType t = v.type().withElementType(to);
        emit("stablehlo.convert " + v.name() + " : (" + v.type().mlir() + ") -> " + t.mlir(), t);
    }

    private void broadcast(Value v, int size, int position) {
        if (v.rank() >= MAX_RANK) return;
        long n = 1 + Math.floorMod(size, 3);
        if (elements(v.dims()) * n > MAX_ELEMENTS) return;
        int at = Math.floorMod(position, v.rank() + 1);
        long[] out = new long[v.rank() + 1];
        int[] map = new int[v.rank()];
        for (int i = 0, j = 0; i < out.length; i++) {
            if (i == at) {
                out[i] = n;
            } else {
                map[j] = i;
                out[i] = v.dims()[j++];
            }
        }
        TensorType t = new TensorType(v.dtype(), out);
        emit("stablehlo.broadcast_in_dim " + v.name() + ", dims = " + list(map) + " : (" + v.type().mlir() + ") -> " + t.mlir(), t);
    }

    private void transpose(Value v, int which) {
        if (v.rank() < 2) return;
        List<List<Integer>> perms = permutations(v.rank());
        List<Integer> perm = perms.get(Math.floorMod(which, perms.size()));
        long[] out = perm.stream().mapToLong(i -> v.dims()[i]).toArray();
        TensorType t = new TensorType(v.dtype(), out);
        emit("stablehlo.transpose " + v.name() + ", dims = " + perm + " : (" + v.type().mlir() + ") -> " + t.mlir(), t);
    }

    private void reshape(Value v, int which) {
        long[] out;
        if (v.rank() >= 2 && Math.floorMod(which, 2) == 1) {
            out = new long[v.rank() - 1];
            out[0] = v.dims()[0] * v.dims()[1];
            System.arraycopy(v.dims(), 2, out, 1, v.rank() - 2);
        } else {
            out = new long[] {elements(v.dims())};
        }
        TensorType t = new TensorType(v.dtype(), out);
        emit("stablehlo.reshape " + v.name() + " : (" + v.type().mlir() + ") -> " + t.mlir(), t);
    }

    private void reduce(Value v, int dim, int which) {
        if (v.rank() == 0) return;
        int d = Math.floorMod(dim, v.rank());
        boolean max = Math.floorMod(which, 2) == 1;
        String init = max ? (v.dtype() == ElementType.I32 ? "-2147483648" : "0xFF800000") : (v.dtype() == ElementType.I32 ? "0" : "0.0");
        if (max && v.dtype() == ElementType.BF16) init = "0xFF80";
        TensorType scalar = new TensorType(v.dtype(), new long[0]);
        Value i = emit("stablehlo.constant dense<" + init + "> : " + scalar.mlir(), scalar);
        pool.removeLast(); // the init constant is not a value worth computing on
        long[] out = LongStream.range(0, v.rank()).filter(k -> k != d).map(k -> v.dims()[(int) k]).toArray();
        TensorType t = new TensorType(v.dtype(), out);
        emit("stablehlo.reduce(" + v.name() + " init: " + i.name() + ") applies stablehlo." + (max ? "maximum" : "add")
                + " across dimensions = [" + d + "] : (" + v.type().mlir() + ", " + scalar.mlir() + ") -> " + t.mlir(), t);
    }

    /** Contracts the last dimension of both operands: [..a, k] x [..b, k] -> [..a, ..b]. */
    private void dot(Value x, Value y) {
        if (x.rank() == 0 || 2 * (x.rank() - 1) > MAX_RANK) return;
        long[] batch = Arrays.copyOf(x.dims(), x.rank() - 1);
        long[] out = LongStream.concat(LongStream.of(batch), LongStream.of(batch)).toArray();
        if (elements(out) > MAX_ELEMENTS) return;
        TensorType t = new TensorType(x.dtype(), out);
        int k = x.rank() - 1;
        emit("stablehlo.dot_general " + x.name() + ", " + y.name() + ", contracting_dims = [" + k + "] x [" + k + "] : ("
                + x.type().mlir() + ", " + y.type().mlir() + ") -> " + t.mlir(), t);
    }

    /** Rows along dimension 0 at constant starts (some out of range: gather clamps them). */
    private void gather(Value v, int count, int starts) {
        if (v.rank() == 0) return;
        int n = 1 + Math.floorMod(count, 3);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = Math.floorMod(starts >> (3 * i), (int) v.dims()[0] + 2) - 1;
        TensorType idxType = new TensorType(ElementType.I32, new long[] {n, 1});
        String dense = Arrays.stream(idx).mapToObj(i -> "[" + i + "]").collect(Collectors.joining(", ", "[", "]"));
        Value ids = emit("stablehlo.constant dense<" + dense + "> : " + idxType.mlir(), idxType);
        pool.removeLast();
        long[] out = new long[v.rank()];
        out[0] = n;
        System.arraycopy(v.dims(), 1, out, 1, v.rank() - 1);
        long[] sizes = v.dims();
        sizes[0] = 1;
        int[] offsetDims = IntStream.range(1, v.rank()).toArray();
        TensorType t = new TensorType(v.dtype(), out);
        emit("\"stablehlo.gather\"(" + v.name() + ", " + ids.name() + ") {dimension_numbers = #stablehlo.gather<"
                + (offsetDims.length == 0 ? "" : "offset_dims = " + list(offsetDims) + ", ")
                + "collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1>, slice_sizes = array<i64: "
                + LongStream.of(sizes).mapToObj(Long::toString).collect(Collectors.joining(", ")) + ">, indices_are_sorted = false} : ("
                + v.type().mlir() + ", " + idxType.mlir() + ") -> " + t.mlir(), t);
    }

    private void concatenate(Value x, Value y, int dim) {
        if (x.rank() == 0 || 2 * elements(x.dims()) > MAX_ELEMENTS) return;
        int d = Math.floorMod(dim, x.rank());
        long[] out = x.dims();
        out[d] *= 2;
        TensorType t = new TensorType(x.dtype(), out);
        emit("stablehlo.concatenate " + x.name() + ", " + y.name() + ", dim = " + d + " : (" + x.type().mlir() + ", "
                + y.type().mlir() + ") -> " + t.mlir(), t);
    }

    private void slice(Value v, int startBits, int strideBits) {
        if (v.rank() == 0) return;
        long[] start = new long[v.rank()];
        long[] limit = new long[v.rank()];
        long[] stride = new long[v.rank()];
        long[] out = new long[v.rank()];
        for (int i = 0; i < v.rank(); i++) {
            long dim = v.dims()[i];
            start[i] = dim == 0 ? 0 : Math.floorMod(startBits >> (2 * i), dim);
            limit[i] = dim;
            stride[i] = 1 + Math.floorMod(strideBits >> i, 2);
            out[i] = (limit[i] - start[i] + stride[i] - 1) / stride[i];
        }
        TensorType t = new TensorType(v.dtype(), out);
        String ranges = IntStream.range(0, v.rank()).mapToObj(i -> start[i] + ":" + limit[i] + ":" + stride[i])
                .collect(Collectors.joining(", ", "[", "]"));
        emit("stablehlo.slice " + v.name() + " " + ranges + " : (" + v.type().mlir() + ") -> " + t.mlir(), t);
    }

    private void iota(Value v, int dim) {
        if (v.rank() == 0) return;
        int d = Math.floorMod(dim, v.rank());
        Value i = emit("stablehlo.iota dim = " + d + " : " + v.type().mlir(), v.type());
        emit("stablehlo.add " + v.name() + ", " + i.name() + " : " + v.type().mlir(), v.type());
    }

    private static long elements(long[] dims) { return LongStream.of(dims).reduce(1, Math::multiplyExact); }

    private static String list(int[] xs) {
        return Arrays.stream(xs).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    private static List<List<Integer>> permutations(int n) {
        List<List<Integer>> out = new ArrayList<>();
        permute(new ArrayList<>(), n, out);
        return out;
    }

    private static void permute(List<Integer> prefix, int n, List<List<Integer>> out) {
        if (prefix.size() == n) {
            out.add(List.copyOf(prefix));
            return;
        }
        for (int i = 0; i < n; i++) {
            if (prefix.contains(i)) continue;
            prefix.add(i);
            permute(prefix, n, out);
            prefix.removeLast();
        }
    }
}
