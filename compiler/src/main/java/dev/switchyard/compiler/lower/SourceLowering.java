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
}
