package dev.switchyard.dsl.graph;

/** A named result of the forward entry point, in declaration order. */
public record Output(String name, int value) {}
