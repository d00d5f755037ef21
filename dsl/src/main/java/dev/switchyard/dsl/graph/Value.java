package dev.switchyard.dsl.graph;

import dev.switchyard.dsl.SourceSpan;

/**
 * Anything a node can consume: a parameter, a forward input, or a node result. Ids are one
 * number space, dense from 0, in definition order: parameters, then inputs, then nodes, so an
 * operand's id is always smaller than its user's.
 */
public sealed interface Value permits Param, Input, Node {
    int id();
    TensorType type();
    Sharding sharding();
    SourceSpan span();
}
