package dev.switchyard.tests.xla;

import java.util.List;

/** The argument and result types of a module's entry function. */
public record MainSignature(List<TensorType> arguments, List<TensorType> results) {
    public MainSignature {
        arguments = List.copyOf(arguments);
        results = List.copyOf(results);
    }
}
