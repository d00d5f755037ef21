package dev.switchyard.cli.run;

import dev.switchyard.cli.UserError;
import dev.switchyard.dsl.graph.Attrs;
import dev.switchyard.dsl.graph.Input;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Node;
import dev.switchyard.dsl.graph.Primitive;
import dev.switchyard.hlo.tensor.HostTensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ranges the model knows for its integer inputs: an input used as {@code take}'s indices must lie
 * in {@code [0, size of the table's dim)}. The lowered gather would clamp an id past the table
 * (StableHLO's rule) and the run would print plausible numbers for the wrong tokens; checked
 * host-side instead, before the run.
 */
public final class IndexRanges {
    private IndexRanges() {}

    /** A bound and where it comes from, for the message. */
    public record Bound(long size, String dim) {}

    /** Input name to the tightest bound of the takes that read it directly. */
    public static Map<String, Bound> of(ModelGraph g) {
        Map<Integer, String> inputById = new LinkedHashMap<>();
        for (Input in : g.inputs()) inputById.put(in.id(), in.name());
        Map<String, Bound> out = new LinkedHashMap<>();
        for (Node n : g.nodes()) {
            if (n.op() != Primitive.TAKE || !(n.attrs() instanceof Attrs.Take take)) continue;
            String input = inputById.get(n.operands().get(1));
            if (input == null) continue;
            long size = g.value(n.operands().get(0)).type().dim(take.dim()).orElseThrow().size();
            Bound b = new Bound(size, take.dim());
            out.merge(input, b, (x, y) -> x.size() <= y.size() ? x : y);
        }
        return out;
    }

    /** Refuses an index outside its bound, naming the file, the first bad position and the bound. */
    public static void check(Map<String, Bound> bounds, String input, HostTensor t, Path file) throws UserError {
        Bound b = bounds.get(input);
        if (b == null || !t.elementType().isInteger()) return;
        long[] v = t.toLongs();
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] >= b.size()) {
                throw new UserError(file + ": input '" + input + "' holds " + v[i] + " at " + Arrays.toString(position(i, t.shape()))
                        + "; the model takes rows of a table by it, so it must be in [0, " + b.size() + ") (" + b.dim() + "=" + b.size() + ")");
            }
        }
    }

    private static long[] position(long flat, long[] shape) {
        long[] p = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            p[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? 0 : flat / shape[d];
        }
        return p;
    }
}
