package dev.switchyard.cli.artifact;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * How a parameter's first values are drawn. The Switch Transformer initialises weights from a
 * truncated normal with standard deviation sqrt(scale / fan_in) (scale 0.1); the compiler
 * resolves that to a number, so the manifest only carries the distribution and its constants.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Initializer.Zeros.class, name = "zeros"),
        @JsonSubTypes.Type(value = Initializer.Ones.class, name = "ones"),
        @JsonSubTypes.Type(value = Initializer.Constant.class, name = "constant"),
        @JsonSubTypes.Type(value = Initializer.Normal.class, name = "normal"),
        @JsonSubTypes.Type(value = Initializer.TruncatedNormal.class, name = "truncated_normal"),
        @JsonSubTypes.Type(value = Initializer.Uniform.class, name = "uniform")})
public sealed interface Initializer {

    record Zeros() implements Initializer {}

    record Ones() implements Initializer {}

    record Constant(double value) implements Initializer {}

    record Normal(double mean, double stddev) implements Initializer {}

    /** Normal with mean 0, redrawn outside two standard deviations (as {@code jax.random.truncated_normal}). */
    record TruncatedNormal(double stddev) implements Initializer {}

    record Uniform(double min, double max) implements Initializer {}
}
