package dev.switchyard.dsl.graph;

import dev.switchyard.dsl.SourceSpan;

/**
 * A trainable parameter. {@code path} is stable (block instance names joined by '.', e.g.
 * {@code encoder.layer_3.mlp.experts.wi}) and is the key in manifests and checkpoints.
 * {@code shared} marks a parameter declared {@code shared}: one tensor reused by every iteration of
 * the enclosing loops; its path is that of the first instance.
 */
public record Param(int id, String path, TensorType type, Initializer init, Sharding sharding,
                    boolean shared, SourceSpan span) implements Value {}
