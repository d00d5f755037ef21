package dev.switchyard.dsl.check;

import dev.switchyard.dsl.graph.GraphPrinter;

/** Numbers in messages, written the way the graph printer writes them. */
final class GraphPrinterNumber {
    private GraphPrinterNumber() {}

    static String of(double v) { return GraphPrinter.number(v); }
}
