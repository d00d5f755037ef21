package dev.switchyard.hlo.verify;

/**
 * The constraints of one op (or of ops sharing one rule, such as the binary elementwise ops).
 * Implementations report through {@link OpCheck}; they may stop early by throwing what
 * {@link OpCheck#abort} returns when later constraints would be meaningless.
 */
@FunctionalInterface
interface OpVerifier {
    void verify(OpCheck op);
}
