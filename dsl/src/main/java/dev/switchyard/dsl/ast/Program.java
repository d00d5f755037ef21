package dev.switchyard.dsl.ast;

import java.util.List;

/** One parsed file. */
public record Program(String file, List<Item> items) {
    public Program { items = List.copyOf(items); }
}
