package dev.switchyard.tests.conformance;

/**
 * One {@code check.expect_*} of a conformance case, turned into a pair of results of {@code @main}:
 * the value computed ({@code 2k}) and the value expected ({@code 2k+1}).
 *
 * @param tolerance 0 for exact checks; for almost-equal checks, the allowed difference
 *                  (absolute below magnitude 1, relative above)
 */
public record Check(String op, String type, double tolerance) {

    /** The StableHLO check dialect's default tolerance for {@code expect_almost_eq*}. */
    public static final double DEFAULT_TOLERANCE = 1e-4;

    public boolean exact() { return tolerance == 0; }
}
