package dev.switchyard.cli;

import java.util.List;
import java.util.Map;

/** A command whose options take values from a fixed list, so shell completion can offer them. */
public interface ValueChoices {

    /** Long option name (without dashes) to the values it accepts. */
    Map<String, List<String>> valueChoices();
}
