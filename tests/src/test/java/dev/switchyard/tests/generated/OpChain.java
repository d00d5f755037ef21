package dev.switchyard.tests.generated;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.List;

/**
 * A random program as jqwik sees it: the arguments' type, a list of steps, and a seed for the
 * input values. Steps are choices, not ops: {@link OpChainModule} turns each into a well-typed op
 * given the values built so far, so that any shrunk list (fewer steps, smaller numbers) is still
 * a valid program.
 */
public record OpChain(ElementType dtype, List<Integer> shape, List<Step> steps, long inputSeed) {

    public enum Kind {
        UNARY, BINARY, COMPARE_SELECT, CONVERT, BROADCAST, TRANSPOSE, RESHAPE, REDUCE, DOT,
        GATHER, CONCATENATE, SLICE, IOTA
    }

    /** One step: what kind of op, and three small numbers that pick operands and attributes. */
    public record Step(Kind kind, int a, int b, int c) {}

    public OpChain {
        shape = List.copyOf(shape);
        steps = List.copyOf(steps);
    }
}
