package dev.switchyard.compiler.lower;

import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.hlo.ir.Value;

/** CONSTANT (a splat {@code stablehlo.constant}) and IOTA ({@code stablehlo.iota}). */
final class SourceLowering {
    private SourceLowering() {}

    static Value constant(Node n, LoweringContext cx) {
        Attrs.Constant c = (Attrs.Constant) n.attrs();
        return cx.ops().constant(c.value(), LoweringContext.element(n.type().elem()), LoweringContext.shape(n.type()));
    }

    static Value iota(Node n, LoweringContext cx) {
        Attrs.Axis a = (Attrs.Axis) n.attrs();
        int dim = (int) LoweringContext.positions(n.type().dims(), java.util.List.of(a.dim()))[0];
        return cx.ops().iota(dim, LoweringContext.element(n.type().elem()), LoweringContext.shape(n.type()));
    }

    /** The family's entry points (reached from {@link GraphLowering} by the primitive's group). */
    static Value lower(Node n, LoweringContext cx) {
        return switch (n.op()) {
            case CONSTANT -> constant(n, cx);
            case IOTA -> iota(n, cx);
            default -> throw new IllegalStateException("not a source primitive: " + n.op());
        };
    }

    /** Sources have no operands: nothing to differentiate. */
    static void vjp(dev.switchyard.dsl.graph.Node n, dev.switchyard.compiler.autodiff.Vjp cx) { }
}
