package dev.switchyard.dsl.check;

import dev.switchyard.dsl.ast.TypeAnn;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.TensorType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matching a tensor type against a pattern such as {@code f32[..., tokens, d]}: the element type
 * if given, each named dim by name and size, {@code ...} for any run of dims. Names listed as
 * dim variables are bound on first sight and must agree afterwards.
 */
final class Patterns {
    private Patterns() {}

    /** Empty if it matches (binding dim variables into {@code vars}), else why not. */
    static Optional<String> match(TypeAnn.Tensor pattern, TensorType actual, Map<String, Dim> vars,
                                  List<String> dimVarNames, Scope scope, Elaborator el) {
        if (pattern.elem().isPresent()) {
            ElemType want = el.elemType(pattern.elem().get(), pattern.span());
            if (want != actual.elem()) return Optional.of("element type " + actual.elem() + " is not " + want);
        }
        List<TypeAnn.PatDim> pd = pattern.dims();
        int ellipsis = -1;
        for (int i = 0; i < pd.size(); i++) {
            if (pd.get(i).isEllipsis()) {
                if (ellipsis >= 0) return Optional.of("a pattern may contain '...' only once");
                ellipsis = i;
            }
        }
        int named = ellipsis >= 0 ? pd.size() - 1 : pd.size();
        if (ellipsis < 0 && named != actual.rank()) {
            return Optional.of("expected " + named + " dims, got " + actual.rank());
        }
        if (ellipsis >= 0 && named > actual.rank()) {
            return Optional.of("expected at least " + named + " dims, got " + actual.rank());
        }
        for (int i = 0; i < pd.size(); i++) {
            if (pd.get(i).isEllipsis()) continue;
            int pos = ellipsis < 0 || i < ellipsis ? i : actual.rank() - (pd.size() - i);
            Dim got = actual.dims().get(pos);
            String name = pd.get(i).name().get();
            if (dimVarNames.contains(name)) {
                Dim bound = vars.get(name);
                if (bound == null) {
                    vars.put(name, got);
                } else if (!bound.equals(got)) {
                    return Optional.of("dim variable " + name + " is " + bound + " but here it would be " + got);
                }
                continue;
            }
            Dim want = el.dimNamed(name, pd.get(i).span(), scope);
            if (!want.equals(got)) {
                return Optional.of("dim " + (pos + 1) + " is " + got.name() + " (" + got.size() + ") but the pattern wants "
                        + want.name() + " (" + want.size() + ")");
            }
        }
        return Optional.empty();
    }

    static String show(TypeAnn.Tensor t) {
        return t.elem().orElse("") + "[" + String.join(", ",
                t.dims().stream().map(d -> d.name().orElse("...")).toList()) + "]";
    }
}
