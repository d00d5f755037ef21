package dev.switchyard.dsl.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The result-type rule of every primitive, in one place: {@link #check} says whether a node's
 * operands, attributes and result type fit together (the verifier and the builder use it), and
 * {@link #infer} gives the result type where operands and attributes determine it (the builder
 * fills in types for passes with it). Dims match by name; sizes must agree. Where a lowering
 * brings operands and result to one another's order by name (elementwise ops, reductions,
 * softmax, …) the rule accepts the dims in any order; LAYOUT, RENAME, RESHAPE and the MoE
 * intrinsics are positional.
 */
public final class TypeRules {
    private TypeRules() {}

    /** A node that breaks its primitive's rule; the message says how. */
    public static final class Mismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Mismatch(String message) { super(message, null, false, false); }
    }

    /**
     * The result type determined by the operands and attributes; throws {@link Mismatch} when they
     * do not fit, or when the primitive needs a declared result type (a broadcast target, a
     * conversion's element type, a constant's shape).
     */
    public static TensorType infer(Primitive op, List<TensorType> operands, Attrs attrs) {
        arity(op, operands);
        attrsFit(op, attrs);
        return switch (op.group()) {
            case ELEMENTWISE_UNARY, ELEMENTWISE_BINARY -> operands.get(0);
            case COMPARISON -> operands.get(0).withElem(ElemType.I1);
            case SELECT -> operands.get(1);
            case REDUCTION -> without(operands.get(0), ((Attrs.Reduce) attrs).dims());
            case CONVERT -> throw new Mismatch("convert needs its result type given");
            case SOURCE, SHAPE, CONTRACTION, ALONG_DIM, INDEX, RANDOM, MOE -> inferOne(op, operands, attrs);
        };
    }

    /** Primitives of groups without a shared rule; the group switch above sends only those here. */
    private static TensorType inferOne(Primitive op, List<TensorType> operands, Attrs attrs) {
        return switch (op) {
            case CONSTANT, IOTA, BROADCAST, RESHAPE, RANDOM_UNIFORM, RANDOM_BERNOULLI, ONE_HOT ->
                    throw new Mismatch(op.mnemonic() + " needs its result type given");
            case CUMSUM, SOFTMAX, LAYOUT, DROPOUT -> operands.get(0);
            case RENAME -> {
                Map<String, String> r = ((Attrs.Rename) attrs).renames();
                List<Dim> dims = new ArrayList<>();
                for (Dim d : operands.get(0).dims()) dims.add(new Dim(r.getOrDefault(d.name(), d.name()), d.size()));
                yield new TensorType(operands.get(0).elem(), dims);
            }
            case CONCAT -> {
                Attrs.Concat c = (Attrs.Concat) attrs;
                TensorType first = operands.get(0);
                long total = 0;
                for (int i = 0; i < operands.size(); i++) total += dimOf(operands.get(i), c.operandDims().get(i), op).size();
                yield replace(first, c.operandDims().get(0), new Dim(c.resultDim(), total));
            }
            case SLICE -> throw new Mismatch("slice needs its result type given (the size of the slice)");
            case EINSUM -> {
                Attrs.Einsum e = (Attrs.Einsum) attrs;
                TensorType a = operands.get(0), b = operands.get(1);
                List<Dim> out = new ArrayList<>();
                for (Dim d : a.dims()) if (!e.contracting().contains(d.name())) out.add(d);
                for (Dim d : b.dims()) if (!a.has(d.name())) out.add(d);
                yield new TensorType(a.elem(), out);
            }
            case ARGMAX -> without(operands.get(0), List.of(((Attrs.Axis) attrs).dim())).withElem(ElemType.I32);
            case TOP_K_VALUES, TOP_K_INDICES -> throw new Mismatch(op.mnemonic() + " needs its result type given (k)");
            case TAKE -> {
                TensorType table = operands.get(0), idx = operands.get(1);
                List<Dim> dims = new ArrayList<>(idx.dims());
                for (Dim d : table.dims()) if (!d.name().equals(((Attrs.Take) attrs).dim())) dims.add(d);
                yield new TensorType(table.elem(), dims);
            }
            case SCATTER_ADD -> operands.get(0);
            case MOE_DISPATCH -> throw new Mismatch("moe_dispatch needs its result type given (the capacity)");
            case MOE_COMBINE -> {
                Attrs.Moe m = (Attrs.Moe) attrs;
                TensorType y = operands.get(0);
                TensorType route = operands.get(1);
                List<Dim> dims = new ArrayList<>();
                for (Dim d : y.dims()) {
                    if (d.name().equals(m.experts())) continue;
                    dims.add(d.name().equals(m.capacity()) ? route.dim(m.tokens()).orElseThrow(
                            () -> new Mismatch("moe_combine: expert " + route + " lacks the tokens dim " + m.tokens())) : d);
                }
                yield new TensorType(y.elem(), dims);
            }
            default -> throw new IllegalStateException(op + " of group " + op.group() + " has a shared rule");
        };
    }

    /** Throws {@link Mismatch} unless {@code result} is a valid result type for these operands and attributes. */
    public static void check(Primitive op, List<TensorType> operands, Attrs attrs, TensorType result) {
        arity(op, operands);
        attrsFit(op, attrs);
        switch (op.group()) {
            case ELEMENTWISE_UNARY -> {
                operandAdmitted(op, operands.get(0));
                sameSet(op, result, operands.get(0));
            }
            case ELEMENTWISE_BINARY -> {
                for (TensorType t : operands) {
                    operandAdmitted(op, t);
                    sameSet(op, t, result);
                }
            }
            case COMPARISON -> {
                sameSet(op, operands.get(1), operands.get(0));
                if (operands.get(0).elem() != operands.get(1).elem()) throw new Mismatch(op.mnemonic() + " of " + operands.get(0) + " and " + operands.get(1));
                sameSet(op, result, operands.get(0).withElem(ElemType.I1));
            }
            case SELECT -> {
                sameSet(op, operands.get(1), result);
                sameSet(op, operands.get(2), result);
                sameSet(op, operands.get(0), result.withElem(ElemType.I1));
            }
            case CONVERT -> {
                if (!sameDims(operands.get(0), result)) {
                    throw new Mismatch("convert keeps the dims: " + operands.get(0) + " to " + result);
                }
            }
            case REDUCTION -> {
                for (String d : ((Attrs.Reduce) attrs).dims()) dimOf(operands.get(0), d, op);
                operandAdmitted(op, operands.get(0));
                sameSet(op, result, infer(op, operands, attrs));
            }
            case SOURCE, SHAPE, CONTRACTION, ALONG_DIM, INDEX, RANDOM, MOE -> checkOne(op, operands, attrs, result);
        }
    }

    private static void operandAdmitted(Primitive op, TensorType t) {
        if (!op.operand().admits(t.elem())) {
            throw new Mismatch(op.mnemonic() + " needs " + op.operand().name().toLowerCase(java.util.Locale.ROOT) + " tensors, got " + t);
        }
    }

    /** Primitives of groups without a shared rule; the group switch above sends only those here. */
    private static void checkOne(Primitive op, List<TensorType> operands, Attrs attrs, TensorType result) {
        switch (op) {
            case CONSTANT -> { }
            case IOTA -> dimOf(result, ((Attrs.Axis) attrs).dim(), op);
            // LAYOUT keeps the very value: same dims in the same order
            case LAYOUT -> same(op, result, operands.get(0));
            case BROADCAST -> {
                if (result.elem() != operands.get(0).elem()) throw new Mismatch("broadcast keeps the element type: " + operands.get(0) + " to " + result);
                for (Dim d : operands.get(0).dims()) {
                    if (!result.dims().contains(d)) throw new Mismatch("broadcast target " + result + " lacks dim " + d + " of " + operands.get(0));
                }
            }
            case RESHAPE -> {
                if (result.elem() != operands.get(0).elem() || result.elementCount() != operands.get(0).elementCount()) {
                    throw new Mismatch("reshape keeps the element type and count: " + operands.get(0) + " to " + result);
                }
            }
            case SLICE -> {
                Attrs.Slice s = (Attrs.Slice) attrs;
                TensorType x = operands.get(0);
                Dim d = dimOf(x, s.dim(), op);
                Dim into = dimOf(result, s.resultDim(), op);
                if (s.start() < 0 || s.start() + into.size() > d.size()) {
                    throw new Mismatch("slice [" + s.start() + ", " + (s.start() + into.size()) + ") is outside " + d);
                }
                sameSet(op, result, replace(x, s.dim(), into));
            }
            case TOP_K_VALUES, TOP_K_INDICES -> {
                Attrs.TopK k = (Attrs.TopK) attrs;
                TensorType x = operands.get(0);
                dimOf(x, k.dim(), op);
                Dim kd = dimOf(result, k.kDim(), op);
                if (kd.size() > x.dim(k.dim()).orElseThrow().size()) throw new Mismatch("top_k: k = " + kd + " exceeds " + k.dim());
                TensorType want = replace(x, k.dim(), kd);
                sameSet(op, result, op == Primitive.TOP_K_INDICES ? want.withElem(result.elem()) : want);
                if (op == Primitive.TOP_K_INDICES && !result.elem().isInteger()) throw new Mismatch("top_k indices must be integers, got " + result);
            }
            case ONE_HOT -> {
                TensorType idx = operands.get(0);
                if (!idx.elem().isInteger()) throw new Mismatch("one_hot needs integer indices, got " + idx);
                String d = ((Attrs.OneHot) attrs).dim();
                if (result.rank() != idx.rank() + 1 || !result.dims().get(idx.rank()).name().equals(d)
                        || !result.dims().subList(0, idx.rank()).equals(idx.dims())) {
                    throw new Mismatch("one_hot of " + idx + " must be its dims followed by " + d + ", got " + result);
                }
            }
            case TAKE -> {
                if (!operands.get(1).elem().isInteger()) throw new Mismatch("take needs integer indices, got " + operands.get(1));
                dimOf(operands.get(0), ((Attrs.Take) attrs).dim(), op);
                sameSet(op, result, infer(op, operands, attrs));
            }
            case SCATTER_ADD -> {
                // scatter_add(table, indices, updates): updates = indices dims + table dims without dim
                TensorType table = operands.get(0), idx = operands.get(1), upd = operands.get(2);
                if (!idx.elem().isInteger()) throw new Mismatch("scatter_add needs integer indices, got " + idx);
                dimOf(table, ((Attrs.Take) attrs).dim(), op);
                sameSet(op, upd, infer(Primitive.TAKE, List.of(table, idx), attrs));
                sameSet(op, result, table);
            }
            case RANDOM_UNIFORM, RANDOM_BERNOULLI -> {
                requireKey(operands.get(0));
                if (op == Primitive.RANDOM_UNIFORM) requireFloat(op, result);
            }
            case DROPOUT -> {
                requireFloat(op, operands.get(0));
                requireKey(operands.get(1));
                if (!operands.get(2).equals(TensorType.scalar(ElemType.I1))) throw new Mismatch("dropout's training flag must be i1[], got " + operands.get(2));
                sameSet(op, result, operands.get(0));
            }
            case MOE_DISPATCH -> {
                Attrs.Moe m = (Attrs.Moe) attrs;
                TensorType x = operands.get(0);
                dimOf(x, m.tokens(), op);
                routing(op, m, x, operands.get(1), operands.get(2));
                if (result.rank() == 0 || !result.dims().get(0).name().equals(m.experts())) {
                    throw new Mismatch("moe_dispatch's result must start with the experts dim " + m.experts() + ", got " + result);
                }
                Dim cap = dimOf(result, m.capacity(), op);
                List<Dim> want = new ArrayList<>();
                want.add(result.dims().get(0));
                for (Dim d : x.dims()) want.add(d.name().equals(m.tokens()) ? cap : d);
                same(op, result, new TensorType(x.elem(), want));
            }
            case MOE_COMBINE -> {
                Attrs.Moe m = (Attrs.Moe) attrs;
                TensorType y = operands.get(0);
                if (y.rank() == 0 || !y.dims().get(0).name().equals(m.experts())) {
                    throw new Mismatch("moe_combine's y must start with the experts dim " + m.experts() + ", got " + y);
                }
                dimOf(y, m.capacity(), op);
                same(op, result, infer(op, operands, attrs));
                routing(op, m, result, operands.get(1), operands.get(2));
                if (!operands.get(3).dims().equals(operands.get(1).dims()) || operands.get(3).elem() != y.elem()) {
                    throw new Mismatch("moe_combine's gate " + operands.get(3) + " must have the dims of expert " + operands.get(1)
                            + " and the element type of y " + y);
                }
            }
            case CONCAT -> {
                Attrs.Concat c = (Attrs.Concat) attrs;
                if (c.operandDims().size() != operands.size()) throw new Mismatch("concat names " + c.operandDims().size() + " dims for " + operands.size() + " operands");
                TensorType want = infer(op, operands, attrs);
                List<Dim> rest = rest(operands.get(0), c.operandDims().get(0));
                for (int i = 1; i < operands.size(); i++) {
                    if (!new HashSet<>(rest(operands.get(i), c.operandDims().get(i))).equals(new HashSet<>(rest)) || operands.get(i).elem() != want.elem()) {
                        throw new Mismatch("concat operands differ beyond the concatenated dim: " + operands.get(0) + " and " + operands.get(i));
                    }
                }
                sameSet(op, result, want);
            }
            case RENAME -> same(op, result, infer(op, operands, attrs));
            case EINSUM -> {
                Attrs.Einsum e = (Attrs.Einsum) attrs;
                TensorType a = operands.get(0), b = operands.get(1);
                if (a.elem() != b.elem()) throw new Mismatch("einsum of " + a + " and " + b + ": element types differ");
                for (Dim d : a.dims()) {
                    Optional<Dim> other = b.dim(d.name());
                    if (other.isPresent() && other.get().size() != d.size()) throw new Mismatch("einsum: " + d + " vs " + other.get());
                    boolean contracted = e.contracting().contains(d.name());
                    if (contracted && other.isEmpty()) throw new Mismatch("einsum contracts " + d.name() + ", which " + b + " lacks");
                    if (contracted == result.has(d.name())) {
                        throw new Mismatch("einsum: dim " + d.name() + (contracted ? " is contracted but in the result " : " is neither contracted nor in the result ") + result);
                    }
                }
                for (Dim d : b.dims()) {
                    if (!a.has(d.name()) && !result.has(d.name())) throw new Mismatch("einsum: dim " + d.name() + " of " + b + " is neither contracted nor in the result");
                }
                sameSet(op, result, infer(op, operands, attrs));
            }
            case SOFTMAX -> {
                requireFloat(op, operands.get(0));
                dimOf(operands.get(0), ((Attrs.Axis) attrs).dim(), op);
                sameSet(op, result, operands.get(0));
            }
            case ARGMAX -> {
                dimOf(operands.get(0), ((Attrs.Axis) attrs).dim(), op);
                TensorType want = infer(op, operands, attrs);
                if (!result.elem().isInteger()) throw new Mismatch("argmax gives integers, got " + result);
                sameSet(op, result, want.withElem(result.elem()));
            }
            case CUMSUM -> {
                dimOf(operands.get(0), ((Attrs.Cumsum) attrs).dim(), op);
                sameSet(op, result, operands.get(0));
            }
            default -> throw new IllegalStateException(op + " of group " + op.group() + " has a shared rule");
        }
    }

    // ---- pieces -----------------------------------------------------------------------------

    private static void arity(Primitive op, List<TensorType> operands) {
        if (op.arity() >= 0 ? operands.size() != op.arity() : operands.isEmpty()) {
            throw new Mismatch(op.mnemonic() + " takes " + (op.arity() >= 0 ? op.arity() : "one or more") + " operands, got " + operands.size());
        }
    }

    /** The attribute record each primitive carries. */
    public static Class<? extends Attrs> attrsClass(Primitive op) {
        return switch (op.group()) {
            case ELEMENTWISE_UNARY, CONVERT, ELEMENTWISE_BINARY, COMPARISON, SELECT -> Attrs.None.class;
            case REDUCTION -> Attrs.Reduce.class;
            case SOURCE, SHAPE, CONTRACTION, ALONG_DIM, INDEX, RANDOM, MOE -> attrsClassOf(op);
        };
    }

    private static Class<? extends Attrs> attrsClassOf(Primitive op) {
        return switch (op) {
            case CONSTANT -> Attrs.Constant.class;
            case IOTA, SOFTMAX, ARGMAX -> Attrs.Axis.class;
            case EINSUM -> Attrs.Einsum.class;
            case TOP_K_VALUES, TOP_K_INDICES -> Attrs.TopK.class;
            case ONE_HOT -> Attrs.OneHot.class;
            case CUMSUM -> Attrs.Cumsum.class;
            case TAKE, SCATTER_ADD -> Attrs.Take.class;
            case CONCAT -> Attrs.Concat.class;
            case SLICE -> Attrs.Slice.class;
            case RENAME -> Attrs.Rename.class;
            case RANDOM_UNIFORM -> Attrs.RandomUniform.class;
            case RANDOM_BERNOULLI -> Attrs.RandomBernoulli.class;
            case DROPOUT -> Attrs.Dropout.class;
            case MOE_DISPATCH, MOE_COMBINE -> Attrs.Moe.class;
            case BROADCAST, RESHAPE, LAYOUT -> Attrs.None.class;
            default -> throw new IllegalStateException(op + " of group " + op.group() + " has a shared rule");
        };
    }

    private static void attrsFit(Primitive op, Attrs attrs) {
        if (!attrsClass(op).isInstance(attrs)) {
            throw new Mismatch(op.mnemonic() + " carries " + attrsClass(op).getSimpleName() + " attributes, got "
                    + attrs.getClass().getSimpleName());
        }
    }

    private static void requireFloat(Primitive op, TensorType t) {
        if (!t.elem().isFloat()) throw new Mismatch(op.mnemonic() + " needs a float tensor, got " + t);
    }

    private static void requireKey(TensorType t) {
        if (t.elem() != ElemType.U32 || t.elementCount() != 2) throw new Mismatch("a random key is u32 with 2 elements, got " + t);
    }

    private static void same(Primitive op, TensorType result, TensorType want) {
        if (!result.equals(want)) throw new Mismatch(op.mnemonic() + " should give " + want + ", has " + result);
    }

    /** Same element type and the same dims in any order. */
    private static void sameSet(Primitive op, TensorType result, TensorType want) {
        if (result.elem() != want.elem() || result.rank() != want.rank()
                || !new HashSet<>(result.dims()).equals(new HashSet<>(want.dims()))) {
            throw new Mismatch(op.mnemonic() + " should give " + want + " (dims in any order), has " + result);
        }
    }

    private static boolean sameDims(TensorType a, TensorType b) {
        return a.rank() == b.rank() && new HashSet<>(a.dims()).equals(new HashSet<>(b.dims()));
    }

    private static Dim dimOf(TensorType t, String name, Primitive op) {
        return t.dim(name).orElseThrow(() -> new Mismatch(op.mnemonic() + ": dim " + name + " is not in " + t));
    }

    private static TensorType replace(TensorType t, String name, Dim with) {
        List<Dim> dims = new ArrayList<>(t.dims());
        dims.set(t.indexOf(name), with);
        return new TensorType(t.elem(), dims);
    }

    private static List<Dim> rest(TensorType t, String name) {
        return t.dims().stream().filter(d -> !d.name().equals(name)).toList();
    }

    /** {@code t} without the dims {@code names}. */
    public static TensorType without(TensorType t, List<String> names) {
        return new TensorType(t.elem(), t.dims().stream().filter(d -> !names.contains(d.name())).toList());
    }

    /** expert/slot: integers with the same dims: x's dims but its features (plus the choice dim). */
    private static void routing(Primitive op, Attrs.Moe m, TensorType x, TensorType expert, TensorType slot) {
        if (!expert.elem().isInteger() || !slot.elem().isInteger()) throw new Mismatch(op.mnemonic() + ": expert and slot must be integers");
        if (!expert.dims().equals(slot.dims())) throw new Mismatch(op.mnemonic() + ": slot " + slot + " must have the dims of expert " + expert);
        if (!expert.has(m.tokens())) throw new Mismatch(op.mnemonic() + ": expert " + expert + " lacks the tokens dim " + m.tokens());
        Set<Dim> xs = new HashSet<>(x.dims());
        for (Dim d : expert.dims()) {
            if (m.choice().isPresent() && d.name().equals(m.choice().get())) continue;
            if (!xs.contains(d)) throw new Mismatch(op.mnemonic() + ": dim " + d + " of expert " + expert + " is not in " + x);
        }
        if (m.choice().isPresent() && !expert.has(m.choice().get())) throw new Mismatch(op.mnemonic() + ": expert lacks the choice dim " + m.choice().get());
    }
}
