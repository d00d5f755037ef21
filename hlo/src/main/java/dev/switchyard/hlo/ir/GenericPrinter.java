package dev.switchyard.hlo.ir;

/**
 * Prints MLIR's generic op form, {@code %0 = "stablehlo.add"(%a, %b) : (t, t) -> t}, which any MLIR
 * tool reads with {@code --allow-unregistered-dialect}. All attributes go in the discardable
 * dictionary {@code {...}} (MLIR moves inherent ones such as {@code func.func}'s {@code sym_name}
 * into properties itself), sorted by name as MLIR keeps dictionaries.
 */
public final class GenericPrinter {
    private GenericPrinter() {}

    /** The module in generic form, ending with a newline. */
    public static String print(ModuleOp module) {
        StringBuilder sb = new StringBuilder();
        new AsmPrinter(sb, false).module(module);
        return sb.toString();
    }

    /** One op (and its regions) in generic form, values numbered afresh. */
    public static String print(Operation op) {
        StringBuilder sb = new StringBuilder();
        new AsmPrinter(sb, false).topLevel(op);
        return sb.toString();
    }
}
