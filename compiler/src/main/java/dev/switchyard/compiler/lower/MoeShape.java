package dev.switchyard.compiler.lower;

import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.TensorType;
import dev.switchyard.hlo.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dims of a MoE dispatch or combine, sorted into roles: group (batch) dims B shared by the
 * tokens and the routing decision, the tokens dim T, the choice dim K (top-k; absent = 1), and the
 * feature dims F of the tokens. Both strategies work on the flat canonical forms
 * x[nb, T, f], expert/slot/gate[nb, T, K] and y[E, nb, C, f] and convert back by name.
 */
record MoeShape(List<Dim> groups, Dim tokens, Optional<Dim> choice, List<Dim> features, Dim experts, Dim capacity) {

    long nb() { return product(groups); }

    long t() { return tokens.size(); }

    long k() { return choice.map(Dim::size).orElse(1L); }

    long f() { return product(features); }

    long e() { return experts.size(); }

    long c() { return capacity.size(); }

    /**
     * From the token-side tensor type {@code x} (with the tokens dim), the routing decision's type
     * {@code route} (expert/slot/gate) and the expert-side type {@code expertSide}.
     */
    static MoeShape of(Attrs.Moe a, TensorType x, TensorType route, TensorType expertSide) {
        List<Dim> groups = new ArrayList<>();
        List<Dim> features = new ArrayList<>();
        for (Dim d : x.dims()) {
            if (d.name().equals(a.tokens())) continue;
            if (route.has(d.name())) groups.add(d);
            else features.add(d);
        }
        Optional<Dim> choice = a.choice().map(c -> route.dim(c).orElseThrow());
        return new MoeShape(groups, x.dim(a.tokens()).orElseThrow(), choice, features,
                expertSide.dim(a.experts()).orElseThrow(), expertSide.dim(a.capacity()).orElseThrow());
    }

    /** Token-side dims in canonical order [B…, T, F…]. */
    List<Dim> tokenDims() {
        List<Dim> d = new ArrayList<>(groups);
        d.add(tokens);
        d.addAll(features);
        return d;
    }

    /** Routing dims in canonical order [B…, T, K?]. */
    List<Dim> routeDims() {
        List<Dim> d = new ArrayList<>(groups);
        d.add(tokens);
        choice.ifPresent(d::add);
        return d;
    }

    /** Expert-side dims in canonical order [E, B…, C, F…]. */
    List<Dim> expertDims() {
        List<Dim> d = new ArrayList<>();
        d.add(experts);
        d.addAll(groups);
        d.add(capacity);
        d.addAll(features);
        return d;
    }

    /** The tokens x (operand {@code operand} of {@code n}) as [nb, T, f]. */
    Value flatTokens(LoweringContext cx, Node n, int operand) {
        return cx.ops().reshape(conformOperand(cx, n, operand, tokenDims()), nb(), t(), f());
    }

    /** An expert/slot/gate tensor as [nb, T, K]. */
    Value flatRoute(LoweringContext cx, Node n, int operand) {
        return cx.ops().reshape(conformOperand(cx, n, operand, routeDims()), nb(), t(), k());
    }

    /** The expert outputs y (operand {@code operand} of {@code n}) as [E, nb, C, f]. */
    Value flatExperts(LoweringContext cx, Node n, int operand) {
        return cx.ops().reshape(conformOperand(cx, n, operand, expertDims()), e(), nb(), c(), f());
    }

    /** Operand {@code i} of the dispatch/combine node, transposed from its own dims to {@code to}. */
    private static Value conformOperand(LoweringContext cx, Node n, int i, List<Dim> to) {
        return cx.conform(cx.operand(n, i), cx.operandType(n, i).dims(), to);
    }

    /** [nb, T, f] back to the node's token-side dims. */
    Value unflattenTokens(LoweringContext cx, Value v, List<Dim> to) {
        return cx.conform(cx.ops().reshape(v, LoweringContext.shape(tokenDims())), tokenDims(), to);
    }

    /** [E, nb, C, f] back to the node's expert-side dims. */
    Value unflattenExperts(LoweringContext cx, Value v, List<Dim> to) {
        return cx.conform(cx.ops().reshape(v, LoweringContext.shape(expertDims())), expertDims(), to);
    }

    private static long product(List<Dim> dims) {
        long n = 1;
        for (Dim d : dims) n *= d.size();
        return n;
    }

    /** Dispatch node: operands x, expert, slot. */
    static MoeShape ofDispatch(Node n, LoweringContext cx) {
        return of((Attrs.Moe) n.attrs(), cx.operandType(n, 0), cx.operandType(n, 1), n.type());
    }

    /** Combine node: operands y, expert, slot, gate; the result is token-side. */
    static MoeShape ofCombine(Node n, LoweringContext cx) {
        return of((Attrs.Moe) n.attrs(), n.type(), cx.operandType(n, 1), cx.operandType(n, 0));
    }
}
