package dev.switchyard.compiler.train;

import dev.switchyard.dsl.graph.Dim;
import java.util.ArrayList;
import java.util.List;

/**
 * Switchyard's Adafactor rule for one parameter (training.md): a leading {@code experts} dim is a
 * batch dim (state, RMS, clipping and parameter scale per expert); of the other dims, {@code d0} is
 * the largest (the earliest on ties) and the column group is all the rest. The second moment is
 * factored when there are at least two such dims and both {@code size(d0)} and the group's size are
 * at least {@code minDimSizeToFactor}.
 *
 * @param batch    positions of the batch dims (empty, or the leading {@code experts} dim)
 * @param d0       position of d0, or -1 when there are no non-batch dims
 * @param group    positions of the column group, in order
 * @param factored whether R and C replace the full second moment V
 */
public record AdafactorFactoring(List<Integer> batch, int d0, List<Integer> group, boolean factored) {

    /** The dim name that is Adafactor's batch dim when it leads a parameter's dims. */
    public static final String EXPERTS = "experts";

    public AdafactorFactoring {
        batch = List.copyOf(batch);
        group = List.copyOf(group);
    }

    public static AdafactorFactoring of(List<Dim> dims, Optimizer.Adafactor options) {
        List<Integer> batch = !dims.isEmpty() && dims.getFirst().name().equals(EXPERTS) ? List.of(0) : List.of();
        int d0 = -1;
        for (int i = batch.size(); i < dims.size(); i++) if (d0 < 0 || dims.get(i).size() > dims.get(d0).size()) d0 = i;
        List<Integer> group = new ArrayList<>();
        long groupSize = 1;
        for (int i = batch.size(); i < dims.size(); i++) {
            if (i == d0) continue;
            group.add(i);
            groupSize *= dims.get(i).size();
        }
        boolean factored = options.factored() && !group.isEmpty() && dims.get(d0).size() >= options.minDimSizeToFactor()
                && groupSize >= options.minDimSizeToFactor();
        return new AdafactorFactoring(batch, d0, group, factored);
    }

    /** Positions that are not batch dims (RMS and clipping reduce over these). */
    public List<Integer> nonBatch(int rank) {
        List<Integer> out = new ArrayList<>();
        for (int i = batch.size(); i < rank; i++) out.add(i);
        return out;
    }

    /** Positions R keeps: every dim but d0. */
    public List<Integer> rowKeeps(int rank) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < rank; i++) if (i != d0) out.add(i);
        return out;
    }

    /** Positions C keeps: the batch dims and d0. */
    public List<Integer> columnKeeps() {
        List<Integer> out = new ArrayList<>(batch);
        out.add(d0);
        return out;
    }
}
