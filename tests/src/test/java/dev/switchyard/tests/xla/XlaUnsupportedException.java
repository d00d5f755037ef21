package dev.switchyard.tests.xla;

import dev.switchyard.hlo.exec.ExecutionException;

/**
 * The module is fine but cannot cross into XLA through TensorFlow-Java (an element type with no
 * carrier, a dynamic shape): the oracle has no verdict, as opposed to XLA rejecting the module.
 */
public final class XlaUnsupportedException extends ExecutionException {
    public XlaUnsupportedException(String message) { super(message); }
}
