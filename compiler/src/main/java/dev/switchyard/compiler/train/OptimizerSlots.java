package dev.switchyard.compiler.train;

import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.Param;
import dev.switchyard.dsl.graph.Sharding;
import dev.switchyard.dsl.graph.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * The optimizer state of one parameter: which slots it has, their types, and their shardings (a
 * slot keeps its parameter's split on every dim it keeps, so it lives where the parameter lives).
 */
final class OptimizerSlots {
    private OptimizerSlots() {}

    /** One slot: its name ({@code r}, {@code c}, {@code v}, {@code m}), type and sharding. */
    record Slot(String name, TensorType type, Sharding sharding) {}

    /** The element type the update of {@code p} is computed in (and its slots are kept in): f64 for f64 parameters, else f32. */
    static ElemType computeType(ElemType param) { return param == ElemType.F64 ? ElemType.F64 : ElemType.F32; }

    static List<Slot> of(Optimizer optimizer, Param p) {
        ElemType e = computeType(p.type().elem());
        List<Dim> dims = p.type().dims();
        return switch (optimizer) {
            case Optimizer.Sgd s -> List.of();
            case Optimizer.AdamW a -> List.of(keep(p, "m", e, all(dims.size())), keep(p, "v", e, all(dims.size())));
            case Optimizer.Adafactor a -> {
                AdafactorFactoring f = AdafactorFactoring.of(dims, a);
                yield f.factored()
                        ? List.of(keep(p, "r", e, f.rowKeeps(dims.size())), keep(p, "c", e, f.columnKeeps()))
                        : List.of(keep(p, "v", e, all(dims.size())));
            }
        };
    }

    private static List<Integer> all(int rank) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < rank; i++) out.add(i);
        return out;
    }

    /** A slot keeping the parameter's dims at {@code positions} (in order), with their sharding. */
    private static Slot keep(Param p, String name, ElemType e, List<Integer> positions) {
        List<Dim> dims = new ArrayList<>();
        List<List<String>> axes = new ArrayList<>();
        for (int i : positions) {
            dims.add(p.type().dims().get(i));
            axes.add(i < p.sharding().axesPerDim().size() ? p.sharding().axesPerDim().get(i) : List.of());
        }
        return new Slot(name, new TensorType(e, dims), new Sharding(axes, false));
    }
}
