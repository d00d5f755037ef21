package dev.switchyard.hlo.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * The pretty (custom assembly) syntax of one op, as the StableHLO/MLIR dialect defines it. One
 * object prints and parses, so the two stay in step; an op it cannot print without loss (an
 * attribute of an unexpected kind, say) is printed in generic form instead.
 */
interface OpSyntax {

    /** Whether {@code op} prints in this syntax such that parsing gives the same op back. */
    boolean canPrint(Operation op);

    /** Prints everything after the op name (the printer has written {@code %r = name}). */
    void print(Operation op, AsmPrinter p);

    /** Parses everything after the op name into {@code st}. */
    void parse(OpParser p, State st);

    /** What the parse of one op gathers before the op is created. */
    final class State {
        final String name;
        final List<Value> operands = new ArrayList<>();
        List<Type> resultTypes;
        final List<NamedAttribute> attributes = new ArrayList<>();
        final List<Region> regions = new ArrayList<>();
        /** Result names from the left-hand side (without '%'), for ops whose syntax needs them. */
        final List<String> resultNames;

        State(String name, List<String> resultNames) {
            this.name = name;
            this.resultNames = resultNames;
        }

        void attr(String n, Attribute a) { attributes.add(new NamedAttribute(n, a)); }
    }
}
