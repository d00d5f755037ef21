package dev.switchyard.dsl.graph;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The complete list of graph operations the compiler lowers. Dims are matched by name; a node's
 * result type (on {@link Node}) is always fully given, so the compiler never infers shapes.
 * Unless stated otherwise, all operands of an elementwise op have exactly the node's dims in the
 * node's order (the elaborator inserts {@link #BROADCAST} nodes), and the same element type.
 * Arity -1 means variadic.
 */
public enum Primitive {
    // --- sources
    /** Splat: every element equals {@link Attrs.Constant#value()}; no operands. */
    CONSTANT(0, "constant", Group.SOURCE, Operand.ANY, null),
    /** Element = index along {@link Attrs.Axis#dim()}; no operands; integer or float result. */
    IOTA(0, "iota", Group.SOURCE, Operand.ANY, null),

    // --- elementwise unary
    NEG(1, "neg", Group.ELEMENTWISE_UNARY, Operand.NUMERIC, null),
    EXP(1, "exp", Group.ELEMENTWISE_UNARY, Operand.FLOAT, "exp"),
    LOG(1, "log", Group.ELEMENTWISE_UNARY, Operand.FLOAT, "log"),
    /** log(1 + x), accurate for small x. */
    LOG1P(1, "log1p", Group.ELEMENTWISE_UNARY, Operand.FLOAT, "log1p"),
    SQRT(1, "sqrt", Group.ELEMENTWISE_UNARY, Operand.FLOAT, "sqrt"),
    RSQRT(1, "rsqrt", Group.ELEMENTWISE_UNARY, Operand.FLOAT, "rsqrt"),
    TANH(1, "tanh", Group.ELEMENTWISE_UNARY, Operand.FLOAT, "tanh"),
    ERF(1, "erf", Group.ELEMENTWISE_UNARY, Operand.FLOAT, "erf"),
    /** max(x, 0). */
    RELU(1, "relu", Group.ELEMENTWISE_UNARY, Operand.NUMERIC, "relu"),
    /** 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    GELU_TANH(1, "gelu_tanh", Group.ELEMENTWISE_UNARY, Operand.FLOAT, "gelu"),
    /** 0.5·x·(1 + erf(x/√2)). */
    GELU_EXACT(1, "gelu_exact", Group.ELEMENTWISE_UNARY, Operand.FLOAT, "gelu_exact"),
    /** x·sigmoid(x). */
    SILU(1, "silu", Group.ELEMENTWISE_UNARY, Operand.FLOAT, "silu"),
    /** 1/(1 + exp(−x)). */
    SIGMOID(1, "sigmoid", Group.ELEMENTWISE_UNARY, Operand.FLOAT, "sigmoid"),
    ABS(1, "abs", Group.ELEMENTWISE_UNARY, Operand.NUMERIC, "abs"),
    /** Logical not of an i1 tensor. */
    NOT(1, "not", Group.ELEMENTWISE_UNARY, Operand.BOOL, null),
    /** Identity in the forward pass; blocks gradients (no effect until training is lowered). */
    STOP_GRADIENT(1, "stop_gradient", Group.ELEMENTWISE_UNARY, Operand.ANY, null),
    /** Element type conversion to the result's element type (float→int truncates toward zero). */
    CONVERT(1, "convert", Group.CONVERT, Operand.ANY, null),

    // --- elementwise binary (same type both sides)
    ADD(2, "add", Group.ELEMENTWISE_BINARY, Operand.NUMERIC, null),
    SUB(2, "sub", Group.ELEMENTWISE_BINARY, Operand.NUMERIC, null),
    MUL(2, "mul", Group.ELEMENTWISE_BINARY, Operand.NUMERIC, null),
    /** Float division; integer division truncates toward zero. */
    DIV(2, "div", Group.ELEMENTWISE_BINARY, Operand.NUMERIC, null),
    /** Remainder with the sign of the dividend (C's %). */
    REM(2, "rem", Group.ELEMENTWISE_BINARY, Operand.NUMERIC, null),
    MAX(2, "max", Group.ELEMENTWISE_BINARY, Operand.NUMERIC, null),
    MIN(2, "min", Group.ELEMENTWISE_BINARY, Operand.NUMERIC, null),
    POW(2, "pow", Group.ELEMENTWISE_BINARY, Operand.NUMERIC, null),
    AND(2, "and", Group.ELEMENTWISE_BINARY, Operand.BOOL, null),
    OR(2, "or", Group.ELEMENTWISE_BINARY, Operand.BOOL, null),

    // --- comparisons: two operands of one type, result i1 with the same dims
    EQ(2, "eq", Group.COMPARISON, Operand.ANY, null),
    NE(2, "ne", Group.COMPARISON, Operand.ANY, null),
    LT(2, "lt", Group.COMPARISON, Operand.ANY, null),
    LE(2, "le", Group.COMPARISON, Operand.ANY, null),
    GT(2, "gt", Group.COMPARISON, Operand.ANY, null),
    GE(2, "ge", Group.COMPARISON, Operand.ANY, null),

    /** select(pred i1, on_true, on_false): all three with the node's dims. */
    SELECT(3, "select", Group.SELECT, Operand.ANY, null),

    // --- shape
    /**
     * Operand dims are a subset of the result dims (by name, any order); values are repeated along
     * the new dims and permuted to the result order. Also serves as a pure transpose.
     */
    BROADCAST(1, "broadcast", Group.SHAPE, Operand.ANY, null),
    /** Same elements in row-major order of the operand dims, re-read in the result dims (equal count). */
    RESHAPE(1, "reshape", Group.SHAPE, Operand.ANY, null),
    /** Same data, dims renamed per {@link Attrs.Rename} (sizes equal); positions unchanged. */
    RENAME(1, "rename", Group.SHAPE, Operand.ANY, null),
    /** Operands concatenated along their dims {@link Attrs.Concat#operandDims()} into the result dim. */
    CONCAT(-1, "concat", Group.SHAPE, Operand.ANY, null),
    /** The slice [start, start + size of resultDim) along {@code dim}, which becomes {@code resultDim}. */
    SLICE(1, "slice", Group.SHAPE, Operand.ANY, null),

    // --- contraction, reductions
    /**
     * einsum(a, b): dims in both operands and in the result are batch dims; dims in both and not in
     * the result are contracted (summed over the product); the rest are free. Result dims in order.
     */
    EINSUM(2, "einsum", Group.CONTRACTION, Operand.ANY, null),
    /** Sum over {@link Attrs.Reduce#dims()}; the result keeps the other dims in operand order. */
    REDUCE_SUM(1, "reduce_sum", Group.REDUCTION, Operand.NUMERIC, "sum"),
    /** Mean over the reduced dims. */
    REDUCE_MEAN(1, "reduce_mean", Group.REDUCTION, Operand.FLOAT, "mean"),
    REDUCE_MAX(1, "reduce_max", Group.REDUCTION, Operand.NUMERIC, "reduce_max"),
    REDUCE_MIN(1, "reduce_min", Group.REDUCTION, Operand.NUMERIC, "reduce_min"),
    /** log(Σ exp(x)) over the reduced dims, computed stably (max subtracted). */
    REDUCE_LOGSUMEXP(1, "reduce_logsumexp", Group.REDUCTION, Operand.FLOAT, "logsumexp"),
    /** exp(x − max)/Σ exp(x − max) along {@link Attrs.Axis#dim()}; same type as the operand. */
    SOFTMAX(1, "softmax", Group.ALONG_DIM, Operand.ANY, null),
    /** Index (i32) of the maximum along the dim, first on ties; that dim removed. */
    ARGMAX(1, "argmax", Group.ALONG_DIM, Operand.ANY, null),
    /**
     * The k largest values along {@link Attrs.TopK#dim()}, descending, first index on ties; that dim
     * is replaced (at the same position) by {@code kDim} whose size is k.
     */
    TOP_K_VALUES(1, "top_k_values", Group.INDEX, Operand.ANY, null),
    /** The i32 indices matching {@link #TOP_K_VALUES}. */
    TOP_K_INDICES(1, "top_k_indices", Group.INDEX, Operand.ANY, null),
    /**
     * one_hot(indices): result = operand dims + new last dim {@link Attrs.OneHot#dim()}; element is 1
     * where the index equals the position along it (out-of-range indices give an all-zero row).
     */
    ONE_HOT(1, "one_hot", Group.INDEX, Operand.ANY, null),
    /** Running sum along the dim: inclusive (x0, x0+x1, …) or exclusive (0, x0, x0+x1, …). */
    CUMSUM(1, "cumsum", Group.ALONG_DIM, Operand.ANY, null),
    /**
     * take(table, indices): result dims = indices dims + table dims without {@link Attrs.Take#dim()};
     * element = table at index along that dim (indices clamped into range).
     */
    TAKE(2, "take", Group.INDEX, Operand.ANY, null),
    /**
     * scatter_add(table, indices, updates): the transpose of {@link #TAKE} (its gradient): table plus,
     * for every index position, the update row added at that index along {@link Attrs.Take#dim()}
     * (indices clamped into range, as take clamps them). updates has take's result dims.
     */
    SCATTER_ADD(3, "scatter_add", Group.INDEX, Operand.ANY, null),

    // --- random numbers from an explicit key (u32[key=2] input); the stream id makes each call site
    //     draw independent numbers from the same key
    /** Uniform on [low, high) of the result type; operand: key. */
    RANDOM_UNIFORM(1, "random_uniform", Group.RANDOM, Operand.ANY, null),
    /** i1 tensor, true with probability p; operand: key. */
    RANDOM_BERNOULLI(1, "random_bernoulli", Group.RANDOM, Operand.ANY, null),
    /**
     * dropout(x, key, training i1 scalar): when training, keep each element with probability 1 − rate
     * and scale kept ones by 1/(1 − rate); otherwise x.
     */
    DROPOUT(3, "dropout", Group.RANDOM, Operand.ANY, null),

    // --- layout
    /** Identity whose result carries the user's sharding override (the compiler emits a constraint). */
    LAYOUT(1, "layout", Group.SHAPE, Operand.ANY, null),

    // --- mixture of experts (intrinsics; the compiler lowers them as one-hot einsums or gather/scatter)
    /**
     * moe_dispatch(x, expert i32, slot i32): x has the tokens dim; expert and slot have the dims of x
     * without its non-token feature dims, plus the optional choice dim (top-k). Result dims:
     * experts, then x's dims with tokens replaced by capacity. Result[e, …, c, …] = x[…, t, …] for the
     * token t (and choice) with expert = e and slot = c; 0 where no token claimed the slot.
     * Slots outside [0, capacity) mean the token is dropped.
     */
    MOE_DISPATCH(3, "moe_dispatch", Group.MOE, Operand.ANY, null),
    /**
     * moe_combine(y, expert, slot, gate): inverse of dispatch. y has dims experts + (x dims with
     * tokens→capacity); result has x's dims: out[…, t, …] = Σ_choice gate · y[expert, …, slot, …],
     * 0 for a dropped (token, choice).
     */
    MOE_COMBINE(4, "moe_combine", Group.MOE, Operand.ANY, null);

    /**
     * The family a primitive belongs to: primitives of one group share a type rule where the group
     * has one (elementwise, comparison, reduction) and are lowered and differentiated by one family
     * class in the compiler. Switches on the group are exhaustive; a new primitive in an existing
     * group needs no new case outside its family class.
     */
    public enum Group {
        SOURCE, ELEMENTWISE_UNARY, CONVERT, ELEMENTWISE_BINARY, COMPARISON, SELECT, SHAPE, CONTRACTION, REDUCTION,
        ALONG_DIM, INDEX, RANDOM, MOE
    }

    /** What element type the (first) operand may have. */
    public enum Operand {
        /** bf16, f16, f32, f64. */
        FLOAT,
        /** Floats and integers, not booleans. */
        NUMERIC,
        BOOL,
        ANY;

        public boolean admits(ElemType e) {
            return switch (this) {
                case FLOAT -> e.isFloat();
                case NUMERIC -> !e.isBool();
                case BOOL -> e.isBool();
                case ANY -> true;
            };
        }
    }

    private final int arity;
    private final String mnemonic;
    private final Group group;
    private final Operand operand;
    private final String call;

    Primitive(int arity, String mnemonic, Group group, Operand operand, String call) {
        this.arity = arity;
        this.mnemonic = mnemonic;
        this.group = group;
        this.operand = operand;
        this.call = call;
    }

    /** Number of operands, -1 if variadic. */
    public int arity() { return arity; }

    /** The name in the graph's text form. */
    public String mnemonic() { return mnemonic; }

    public Group group() { return group; }

    /** The element types the operand may have (for groups with a shared rule). */
    public Operand operand() { return operand; }

    /**
     * The language's built-in function that is exactly this primitive with its group's signature
     * ({@code exp(x)}, {@code sum(x, dims?)}), if any; the checker resolves those names here.
     */
    public Optional<String> call() { return Optional.ofNullable(call); }

    private static final Map<String, Primitive> BY_CALL = new HashMap<>();
    private static final Map<Group, Set<Primitive>> BY_GROUP = new EnumMap<>(Group.class);

    static {
        for (Primitive p : values()) {
            p.call().ifPresent(c -> BY_CALL.put(c, p));
            BY_GROUP.computeIfAbsent(p.group, k -> EnumSet.noneOf(Primitive.class)).add(p);
        }
    }

    /** The primitive the built-in function {@code name} stands for. */
    public static Optional<Primitive> forCall(String name) { return Optional.ofNullable(BY_CALL.get(name)); }

    /** All built-in function names that map to a primitive. */
    public static Set<String> callNames() { return Set.copyOf(BY_CALL.keySet()); }

    /** The primitives of one group. */
    public static Set<Primitive> inGroup(Group g) { return Collections.unmodifiableSet(BY_GROUP.getOrDefault(g, EnumSet.noneOf(Primitive.class))); }

    public boolean isElementwiseUnary() { return group == Group.ELEMENTWISE_UNARY || group == Group.CONVERT; }

    public boolean isElementwiseBinary() { return group == Group.ELEMENTWISE_BINARY; }

    public boolean isComparison() { return group == Group.COMPARISON; }
}
