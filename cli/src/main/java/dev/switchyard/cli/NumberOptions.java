package dev.switchyard.cli;

import org.apache.commons.cli.CommandLine;

/** Whole-number options ({@code --steps}, {@code --seed}, …): parsed and range-checked before any work starts. */
final class NumberOptions {
    private NumberOptions() {}

    /** The most repetitions a command runs; bounds the arrays of timings sized from it. */
    static final long MAX_STEPS = 1_000_000;

    /** The option's value in {@code [min, max]}, or {@code fallback} when it is absent. */
    static long inRange(CommandLine line, String name, long fallback, long min, long max) throws UserError {
        return line.hasOption(name) ? inRange(line, name, min, max) : fallback;
    }

    /** The option's value, which must be present, in {@code [min, max]}. */
    static long inRange(CommandLine line, String name, long min, long max) throws UserError {
        String text = line.getOptionValue(name);
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UserError("--" + name + " expects a whole number, got '" + text + "'");
        }
        if (v < min || v > max) {
            throw new UserError("--" + name + " must be " + (max == Long.MAX_VALUE ? "at least " + min : "between " + min + " and " + max)
                    + ", got " + v);
        }
        return v;
    }
}
