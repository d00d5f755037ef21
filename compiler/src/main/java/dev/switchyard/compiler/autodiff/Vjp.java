package dev.switchyard.compiler.autodiff;

import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.GraphBuilder;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.TensorType;
import dev.switchyard.dsl.graph.TypeRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a primitive's vector-Jacobian product sees while {@link GradPass} walks the graph backwards:
 * the cotangent of the node's result ({@link #cot}), whether an operand needs a cotangent at all
 * ({@link #needs}: a float value that depends on a parameter), and {@link #add} to contribute to
 * an operand's cotangent. The helpers build graph nodes by name-typed dims, like the elaborator.
 * A cotangent has its primal's type (the precision policy: bf16 values get bf16 cotangents); a
 * contribution to a 16-bit float parameter is accumulated in f32.
 */
public final class Vjp {
    private final GraphBuilder b;
    private final boolean[] reaches;
    private final Integer[] cotangents;
    private final int params;

    Vjp(GraphBuilder b, boolean[] reaches, int params) {
        this.b = b;
        this.reaches = reaches;
        this.cotangents = new Integer[reaches.length];
        this.params = params;
    }

    public GraphBuilder builder() { return b; }

    /** The accumulated cotangent of value {@code id}, if any contribution reached it. */
    Integer cotangentOf(int id) { return cotangents[id]; }

    void seed(int id, int cotangent) { cotangents[id] = cotangent; }

    /** The cotangent of {@code n}'s result. */
    public int cot(Node n) { return cotangents[n.id()]; }

    /** Id of operand {@code i} of {@code n}. */
    public static int operand(Node n, int i) { return n.operands().get(i); }

    public TensorType type(int id) { return b.type(id); }

    /** Operand {@code i} in the dim order of {@code n}'s result (elementwise operands may come in another order). */
    public int asResult(Node n, int i) {
        int o = operand(n, i);
        return transposeTo(o, n.type().withElem(type(o).elem()));
    }

    /** Whether operand {@code i} of {@code n} needs a cotangent (float and depending on a parameter). */
    public boolean needs(Node n, int i) {
        int o = operand(n, i);
        return o < reaches.length && reaches[o] && b.type(o).elem().isFloat();
    }

    /** Adds {@code contribution} (brought to the operand's dim order and element type) to operand {@code i}'s cotangent. */
    public void add(Node n, int i, int contribution) {
        if (!needs(n, i)) return;
        int o = operand(n, i);
        TensorType want = b.type(o);
        boolean wideParam = o < params && (want.elem() == ElemType.BF16 || want.elem() == ElemType.F16);
        TensorType acc = wideParam ? want.withElem(ElemType.F32) : want;
        int c = convert(transposeTo(contribution, acc.withElem(type(contribution).elem())), acc.elem());
        Integer prev = cotangents[o];
        cotangents[o] = prev == null ? c : b.node(Primitive.ADD, prev, c);
    }

    // ---- node helpers -----------------------------------------------------------------------

    public int constant(double value, TensorType type) { return b.constant(value, type); }

    public int zerosLike(int id) { return constant(0, type(id)); }

    public int neg(int x) { return b.node(Primitive.NEG, x); }

    public int add(int x, int y) { return b.node(Primitive.ADD, x, y); }

    public int sub(int x, int y) { return b.node(Primitive.SUB, x, y); }

    public int mul(int x, int y) { return b.node(Primitive.MUL, x, y); }

    public int div(int x, int y) { return b.node(Primitive.DIV, x, y); }

    /** {@code x · c} for a number c. */
    public int scale(int x, double c) { return mul(x, constant(c, type(x))); }

    /** {@code c − x} for a number c. */
    public int rsub(double c, int x) { return sub(constant(c, type(x)), x); }

    public int unary(Primitive op, int x) { return b.node(op, x); }

    /** {@code pred ? x : 0}. */
    public int where(int pred, int x) { return b.node(Primitive.SELECT, pred, x, zerosLike(x)); }

    /** {@code pred ? 0 : x}. */
    public int whereNot(int pred, int x) { return b.node(Primitive.SELECT, pred, zerosLike(x), x); }

    public int compare(Primitive op, int x, int y) { return b.node(op, x, y); }

    public int convert(int x, ElemType to) {
        TensorType t = type(x);
        return t.elem() == to ? x : b.node(Primitive.CONVERT, Attrs.NONE, t.withElem(to), x);
    }

    /** 0/1 of {@code like}'s element type where {@code pred} holds. */
    public int mask(int pred, ElemType like) { return convert(pred, like); }

    /** {@code x} repeated along {@code target}'s other dims, in {@code target}'s order (a no-op if there). */
    public int broadcast(int x, TensorType target) {
        TensorType t = target.withElem(type(x).elem());
        return type(x).equals(t) ? x : b.node(Primitive.BROADCAST, Attrs.NONE, t, x);
    }

    /** The same dims in {@code target}'s order. */
    public int transposeTo(int x, TensorType target) { return broadcast(x, target); }

    /** {@code x} summed over its dims {@code target} lacks, in {@code target}'s dim order. */
    public int sumTo(int x, TensorType target) {
        List<String> extra = new ArrayList<>();
        for (Dim d : type(x).dims()) if (!target.has(d.name())) extra.add(d.name());
        int r = extra.isEmpty() ? x : b.node(Primitive.REDUCE_SUM, new Attrs.Reduce(extra), x);
        return transposeTo(r, target);
    }

    public int reduceSum(int x, List<String> dims) { return b.node(Primitive.REDUCE_SUM, new Attrs.Reduce(dims), x); }

    /** Dims renamed ({@code from → to}), positions kept. */
    public int rename(int x, Map<String, String> renames) { return b.node(Primitive.RENAME, new Attrs.Rename(renames), x); }

    public int node(Primitive op, Attrs attrs, TensorType type, int... operands) { return b.node(op, attrs, type, operands); }

    public int node(Primitive op, Attrs attrs, int... operands) { return b.node(op, attrs, operands); }

    /** {@code t} with dim {@code name} replaced (same position) by {@code with}. */
    public static TensorType replaceDim(TensorType t, String name, Dim with) {
        List<Dim> dims = new ArrayList<>(t.dims());
        dims.set(t.indexOf(name), with);
        return new TensorType(t.elem(), dims);
    }

    public static TensorType without(TensorType t, List<String> names) { return TypeRules.without(t, names); }
}
