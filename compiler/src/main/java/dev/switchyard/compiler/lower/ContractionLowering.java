package dev.switchyard.compiler.lower;

import dev.switchyard.compiler.autodiff.Vjp;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.TensorType;
import dev.switchyard.hlo.ir.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * EINSUM as one {@code stablehlo.dot_general}. Dims are classified by name: in both operands and the
 * result → batch; in both, not in the result → contracted; in one operand only → free. A dim in one
 * operand that is neither in the other nor in the result is summed out first. The dot's result
 * (batch, lhs free, rhs free) is then transposed to the node's order.
 */
final class ContractionLowering {
    private ContractionLowering() {}

    static Value einsum(Node n, LoweringContext cx) {
        TensorType lt = cx.operandType(n, 0);
        TensorType rt = cx.operandType(n, 1);
        TensorType out = n.type();
        Value lhs = sumOutUnused(cx, cx.operand(n, 0), lt, rt, out);
        Value rhs = sumOutUnused(cx, cx.operand(n, 1), rt, lt, out);
        // Both sides in the result's element type: StableHLO's dot takes one element type.
        lhs = cx.ops().convert(lhs, LoweringContext.element(out.elem()));
        rhs = cx.ops().convert(rhs, LoweringContext.element(out.elem()));
        List<Dim> ld = kept(lt, rt, out);
        List<Dim> rd = kept(rt, lt, out);
        List<String> batch = new ArrayList<>();
        List<String> contract = new ArrayList<>();
        for (Dim d : ld) {
            if (LoweringContext.indexOf(rd, d.name()) < 0) continue;
            if (out.has(d.name())) batch.add(d.name());
            else contract.add(d.name());
        }
        Value dot = cx.ops().dotGeneral(lhs, rhs,
                LoweringContext.positions(ld, batch), LoweringContext.positions(rd, batch),
                LoweringContext.positions(ld, contract), LoweringContext.positions(rd, contract));
        List<Dim> dotDims = new ArrayList<>();
        for (String b : batch) dotDims.add(ld.get(LoweringContext.indexOf(ld, b)));
        for (Dim d : ld) if (LoweringContext.indexOf(rd, d.name()) < 0) dotDims.add(d);
        for (Dim d : rd) if (LoweringContext.indexOf(ld, d.name()) < 0) dotDims.add(d);
        return cx.conform(dot, dotDims, out.dims());
    }

    /** The dims of {@code t} that survive: in the other operand or in the result. */
    private static List<Dim> kept(TensorType t, TensorType other, TensorType out) {
        List<Dim> k = new ArrayList<>();
        for (Dim d : t.dims()) if (other.has(d.name()) || out.has(d.name())) k.add(d);
        return k;
    }

    private static Value sumOutUnused(LoweringContext cx, Value v, TensorType t, TensorType other, TensorType out) {
        List<Long> dims = new ArrayList<>();
        for (int i = 0; i < t.rank(); i++) {
            String name = t.dims().get(i).name();
            if (!other.has(name) && !out.has(name)) dims.add((long) i);
        }
        if (dims.isEmpty()) return v;
        return cx.ops().reduce(v, dims.stream().mapToLong(Long::longValue).toArray(), StablehloOps.Combiner.SUM);
    }

    // ---- vector-Jacobian product -------------------------------------------------------------

    /**
     * einsum → two einsums: the cotangent of one operand contracts the result's cotangent with the
     * other operand over the dims the first operand lacks, keeping the shared ones as batch dims.
     */
    static void einsumVjp(Node n, Vjp cx) {
        for (int i = 0; i < 2; i++) {
            if (!cx.needs(n, i)) continue;
            TensorType mine = cx.type(Vjp.operand(n, i));
            int other = Vjp.operand(n, 1 - i);
            TensorType ot = cx.type(other);
            TensorType g = n.type();
            List<String> contract = new ArrayList<>(), batch = new ArrayList<>();
            for (Dim d : g.dims()) {
                if (!ot.has(d.name())) continue;
                if (mine.has(d.name())) batch.add(d.name());
                else contract.add(d.name());
            }
            int r = cx.node(Primitive.EINSUM, new Attrs.Einsum(contract, batch), cx.cot(n), other);
            cx.add(n, i, r);
        }
    }
}
