package dev.switchyard.hlo.ir;

/**
 * Prints the pretty form: StableHLO's custom assembly ({@code %0 = stablehlo.add %a, %b : tensor<2xf32>})
 * for every op whose syntax {@link PrettySyntax} knows, generic form for the others, exactly as
 * {@code stablehlo-opt} would. {@link HloParser} reads it back to the same module.
 */
public final class PrettyPrinter {
    private PrettyPrinter() {}

    public static String print(ModuleOp module) {
        StringBuilder sb = new StringBuilder();
        new AsmPrinter(sb, true).module(module);
        return sb.toString();
    }

    public static String print(Operation op) {
        StringBuilder sb = new StringBuilder();
        new AsmPrinter(sb, true).topLevel(op);
        return sb.toString();
    }
}
