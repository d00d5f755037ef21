package dev.switchyard.dsl.graph;

import dev.switchyard.dsl.SourceSpan;

/** A named input of the forward entry point (tokens, the training flag, the random key, …). */
public record Input(int id, String name, TensorType type, Sharding sharding, SourceSpan span) implements Value {}
