package dev.switchyard.dsl.graph;

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
    CONSTANT(0, "constant"),
    /** Element = index along {@link Attrs.Axis#dim()}; no operands; integer or float result. */
    IOTA(0, "iota"),

    // --- elementwise unary
    NEG(1, "neg"),
    EXP(1, "exp"),
    LOG(1, "log"),
    SQRT(1, "sqrt"),
    RSQRT(1, "rsqrt"),
    TANH(1, "tanh"),
    ERF(1, "erf"),
    /** max(x, 0). */
    RELU(1, "relu"),
    /** 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    GELU_TANH(1, "gelu_tanh"),
    /** 0.5·x·(1 + erf(x/√2)). */
    GELU_EXACT(1, "gelu_exact"),
    /** x·sigmoid(x). */
    SILU(1, "silu"),
    /** 1/(1 + exp(−x)). */
    SIGMOID(1, "sigmoid"),
    ABS(1, "abs"),
    /** Logical not of an i1 tensor. */
    NOT(1, "not"),
    /** Identity in the forward pass; blocks gradients (no effect until training is lowered). */
    STOP_GRADIENT(1, "stop_gradient"),
    /** Element type conversion to the result's element type (float→int truncates toward zero). */
    CONVERT(1, "convert"),

    // --- elementwise binary (same type both sides)
    ADD(2, "add"),
    SUB(2, "sub"),
    MUL(2, "mul"),
    /** Float division; integer division truncates toward zero. */
    DIV(2, "div"),
    /** Remainder with the sign of the dividend (C's %). */
    REM(2, "rem"),
    MAX(2, "max"),
    MIN(2, "min"),
    POW(2, "pow"),
    AND(2, "and"),
    OR(2, "or"),

    // --- comparisons: two operands of one type, result i1 with the same dims
    EQ(2, "eq"),
    NE(2, "ne"),
    LT(2, "lt"),
    LE(2, "le"),
    GT(2, "gt"),
    GE(2, "ge"),

    /** select(pred i1, on_true, on_false): all three with the node's dims. */
    SELECT(3, "select"),

    // --- shape
    /**
     * Operand dims are a subset of the result dims (by name, any order); values are repeated along
     * the new dims and permuted to the result order. Also serves as a pure transpose.
     */
    BROADCAST(1, "broadcast"),
    /** Same elements in row-major order of the operand dims, re-read in the result dims (equal count). */
    RESHAPE(1, "reshape"),
    /** Same data, dims renamed per {@link Attrs.Rename} (sizes equal); positions unchanged. */
    RENAME(1, "rename"),
    /** Operands concatenated along their dims {@link Attrs.Concat#operandDims()} into the result dim. */
    CONCAT(-1, "concat"),
    /** The slice [start, start + size of resultDim) along {@code dim}, which becomes {@code resultDim}. */
    SLICE(1, "slice"),

    // --- contraction, reductions
    /**
     * einsum(a, b): dims in both operands and in the result are batch dims; dims in both and not in
     * the result are contracted (summed over the product); the rest are free. Result dims in order.
     */
    EINSUM(2, "einsum"),
    /** Sum over {@link Attrs.Reduce#dims()}; the result keeps the other dims in operand order. */
    REDUCE_SUM(1, "reduce_sum"),
    /** Mean over the reduced dims. */
    REDUCE_MEAN(1, "reduce_mean"),
    REDUCE_MAX(1, "reduce_max"),
    REDUCE_MIN(1, "reduce_min"),
    /** log(Σ exp(x)) over the reduced dims, computed stably (max subtracted). */
    REDUCE_LOGSUMEXP(1, "reduce_logsumexp"),
    /** exp(x − max)/Σ exp(x − max) along {@link Attrs.Axis#dim()}; same type as the operand. */
    SOFTMAX(1, "softmax"),
    /** Index (i32) of the maximum along the dim, first on ties; that dim removed. */
    ARGMAX(1, "argmax"),
    /**
     * The k largest values along {@link Attrs.TopK#dim()}, descending, first index on ties; that dim
     * is replaced (at the same position) by {@code kDim} whose size is k.
     */
    TOP_K_VALUES(1, "top_k_values"),
    /** The i32 indices matching {@link #TOP_K_VALUES}. */
    TOP_K_INDICES(1, "top_k_indices"),
    /**
     * one_hot(indices): result = operand dims + new last dim {@link Attrs.OneHot#dim()}; element is 1
     * where the index equals the position along it (out-of-range indices give an all-zero row).
     */
    ONE_HOT(1, "one_hot"),
    /** Running sum along the dim: inclusive (x0, x0+x1, …) or exclusive (0, x0, x0+x1, …). */
    CUMSUM(1, "cumsum"),
    /**
     * take(table, indices): result dims = indices dims + table dims without {@link Attrs.Take#dim()};
     * element = table at index along that dim (indices clamped into range).
     */
    TAKE(2, "take"),
    /**
     * scatter_add(table, indices, updates): the transpose of {@link #TAKE} (its gradient): table plus,
     * for every index position, the update row added at that index along {@link Attrs.Take#dim()}
     * (indices clamped into range, as take clamps them). updates has take's result dims.
     */
    SCATTER_ADD(3, "scatter_add"),

    // --- random numbers from an explicit key (u32[key=2] input); the stream id makes each call site
    //     draw independent numbers from the same key
    /** Uniform on [low, high) of the result type; operand: key. */
    RANDOM_UNIFORM(1, "random_uniform"),
    /** i1 tensor, true with probability p; operand: key. */
    RANDOM_BERNOULLI(1, "random_bernoulli"),
    /**
     * dropout(x, key, training i1 scalar): when training, keep each element with probability 1 − rate
     * and scale kept ones by 1/(1 − rate); otherwise x.
     */
    DROPOUT(3, "dropout"),

    // --- layout
    /** Identity whose result carries the user's sharding override (the compiler emits a constraint). */
    LAYOUT(1, "layout"),

    // --- mixture of experts (intrinsics; the compiler lowers them as one-hot einsums or gather/scatter)
    /**
     * moe_dispatch(x, expert i32, slot i32): x has the tokens dim; expert and slot have the dims of x
     * without its non-token feature dims, plus the optional choice dim (top-k). Result dims:
     * experts, then x's dims with tokens replaced by capacity. Result[e, …, c, …] = x[…, t, …] for the
     * token t (and choice) with expert = e and slot = c; 0 where no token claimed the slot.
     * Slots outside [0, capacity) mean the token is dropped.
     */
    MOE_DISPATCH(3, "moe_dispatch"),
    /**
     * moe_combine(y, expert, slot, gate): inverse of dispatch. y has dims experts + (x dims with
     * tokens→capacity); result has x's dims: out[…, t, …] = Σ_choice gate · y[expert, …, slot, …],
     * 0 for a dropped (token, choice).
     */
    MOE_COMBINE(4, "moe_combine");

    private final int arity;
    private final String mnemonic;

    Primitive(int arity, String mnemonic) {
        this.arity = arity;
        this.mnemonic = mnemonic;
    }

    /** Number of operands, -1 if variadic. */
    public int arity() { return arity; }

    /** The name in the graph's text form. */
    public String mnemonic() { return mnemonic; }

    public boolean isElementwiseUnary() { return ordinal() >= NEG.ordinal() && ordinal() <= CONVERT.ordinal(); }

    public boolean isElementwiseBinary() { return ordinal() >= ADD.ordinal() && ordinal() <= OR.ordinal(); }

    public boolean isComparison() { return ordinal() >= EQ.ordinal() && ordinal() <= GE.ordinal(); }
}
