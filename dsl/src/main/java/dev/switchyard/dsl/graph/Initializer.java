package dev.switchyard.dsl.graph;

/** How a parameter's initial value is drawn. */
public sealed interface Initializer {

    record Zeros() implements Initializer {
        @Override public String toString() { return "zeros"; }
    }

    record Ones() implements Initializer {
        @Override public String toString() { return "ones"; }
    }

    record Constant(double value) implements Initializer {
        @Override public String toString() { return "constant(" + GraphPrinter.number(value) + ")"; }
    }

    /** Normal with mean 0 and standard deviation {@code std}. */
    record Normal(double std) implements Initializer {
        @Override public String toString() { return "normal(" + GraphPrinter.number(std) + ")"; }
    }

    /**
     * Normal with std {@code sqrt(scale / fanIn)}, truncated to two standard deviations (the Switch
     * paper's initialiser, scale 0.1). {@link #std()} is precomputed.
     */
    record TruncatedNormal(double scale, long fanIn) implements Initializer {
        public double std() { return Math.sqrt(scale / fanIn); }

        @Override public String toString() {
            return "truncated_normal(" + GraphPrinter.number(scale) + ", " + fanIn + ")";
        }
    }

    /** Uniform on [low, high). */
    record Uniform(double low, double high) implements Initializer {
        @Override public String toString() {
            return "uniform(" + GraphPrinter.number(low) + ", " + GraphPrinter.number(high) + ")";
        }
    }
}
