package dev.switchyard.hlo.verify;

import dev.switchyard.hlo.ir.Location;
import java.util.Objects;

/**
 * One violated constraint: where, which op, the constraint label as the StableHLO spec numbers it
 * ({@code (C2)}, {@code (I1)} for an input's declared type, empty for a structural rule such as an
 * operand count), and what was expected and found.
 */
public record VerifierError(Location location, String opName, String constraint, String message) {
    public VerifierError {
        Objects.requireNonNull(location);
        Objects.requireNonNull(opName);
        Objects.requireNonNull(constraint);
        Objects.requireNonNull(message);
    }

    /** {@code 12:8: error: 'stablehlo.transpose' (C2): permutation [0, 0] is not a permutation of [0, 1]}. */
    public String format() {
        return location + ": error: '" + opName + "'" + (constraint.isEmpty() ? "" : " " + constraint) + ": " + message;
    }

    @Override public String toString() { return format(); }
}
