package dev.switchyard.dsl.graph;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Attributes of a {@link Node}; which record goes with which {@link Primitive} is listed there. */
public sealed interface Attrs {

    /** For primitives that need nothing beyond operand and result types. */
    record None() implements Attrs {
        @Override public String toString() { return ""; }
    }

    None NONE = new None();

    /** CONSTANT: the splat value (integers and booleans as 0/1 are exact in a double up to 2^53). */
    record Constant(double value) implements Attrs {
        @Override public String toString() { return "value=" + GraphPrinter.number(value); }
    }

    /** IOTA, SOFTMAX, ARGMAX: the dim acted on. */
    record Axis(String dim) implements Attrs {
        @Override public String toString() { return "dim=" + dim; }
    }

    /** REDUCE_*: the dims reduced away. */
    record Reduce(List<String> dims) implements Attrs {
        public Reduce { dims = List.copyOf(dims); }
        @Override public String toString() { return "dims=[" + String.join(", ", dims) + "]"; }
    }

    /** EINSUM: the contracted and batch dims (both derivable from the types; spelled out for readers). */
    record Einsum(List<String> contracting, List<String> batch) implements Attrs {
        public Einsum {
            contracting = List.copyOf(contracting);
            batch = List.copyOf(batch);
        }
        @Override public String toString() {
            return "contract=[" + String.join(", ", contracting) + "] batch=[" + String.join(", ", batch) + "]";
        }
    }

    /** TOP_K_VALUES / TOP_K_INDICES: dim searched, and the new dim (its size is k). */
    record TopK(String dim, String kDim) implements Attrs {
        @Override public String toString() { return "dim=" + dim + " k_dim=" + kDim; }
    }

    /** ONE_HOT: the new last dim. */
    record OneHot(String dim) implements Attrs {
        @Override public String toString() { return "dim=" + dim; }
    }

    /** CUMSUM. */
    record Cumsum(String dim, boolean exclusive) implements Attrs {
        @Override public String toString() { return "dim=" + dim + (exclusive ? " exclusive" : " inclusive"); }
    }

    /** TAKE: the table dim indexed. */
    record Take(String dim) implements Attrs {
        @Override public String toString() { return "dim=" + dim; }
    }

    /** CONCAT: for each operand the dim concatenated, and the result dim. */
    record Concat(List<String> operandDims, String resultDim) implements Attrs {
        public Concat { operandDims = List.copyOf(operandDims); }
        @Override public String toString() {
            return "dims=[" + String.join(", ", operandDims) + "] into=" + resultDim;
        }
    }

    /** SLICE. */
    record Slice(String dim, long start, String resultDim) implements Attrs {
        @Override public String toString() { return "dim=" + dim + " start=" + start + " into=" + resultDim; }
    }

    /** RENAME: old name → new name. */
    record Rename(Map<String, String> renames) implements Attrs {
        public Rename { renames = Map.copyOf(new java.util.TreeMap<>(renames)); }
        @Override public String toString() {
            return String.join(" ", new java.util.TreeMap<>(renames).entrySet().stream()
                    .map(e -> e.getKey() + "->" + e.getValue()).toList());
        }
    }

    /** RANDOM_UNIFORM. {@code stream} is unique per call site instance within the graph. */
    record RandomUniform(long stream, double low, double high) implements Attrs {
        @Override public String toString() {
            return "stream=" + stream + " low=" + GraphPrinter.number(low) + " high=" + GraphPrinter.number(high);
        }
    }

    /** RANDOM_BERNOULLI. */
    record RandomBernoulli(long stream, double p) implements Attrs {
        @Override public String toString() { return "stream=" + stream + " p=" + GraphPrinter.number(p); }
    }

    /** DROPOUT. */
    record Dropout(long stream, double rate) implements Attrs {
        @Override public String toString() { return "stream=" + stream + " rate=" + GraphPrinter.number(rate); }
    }

    /**
     * MOE_DISPATCH / MOE_COMBINE: the tokens dim of x, the experts dim and the capacity dim of the
     * expert tensor (their sizes are E and C), and the choice dim of expert/slot/gate for top-k
     * (absent for top-1).
     */
    record Moe(String tokens, String experts, String capacity, Optional<String> choice) implements Attrs {
        @Override public String toString() {
            return "tokens=" + tokens + " experts=" + experts + " capacity=" + capacity
                    + choice.map(c -> " choice=" + c).orElse("");
        }
    }
}
