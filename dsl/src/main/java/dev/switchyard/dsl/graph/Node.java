package dev.switchyard.dsl.graph;

import dev.switchyard.dsl.SourceSpan;
import java.util.List;

/**
 * One elaborated tensor operation. {@code operands} are value ids (all smaller than {@code id});
 * {@code type} is the exact result type; {@code sharding} follows from the layout rules unless
 * overridden; {@code blockPath} is the block instance path it came from (e.g.
 * {@code encoder.layer_1.mlp}, empty at top level); {@code span} is the source expression.
 */
public record Node(int id, Primitive op, List<Integer> operands, Attrs attrs, TensorType type,
                   Sharding sharding, SourceSpan span, String blockPath) implements Value {
    public Node {
        operands = List.copyOf(operands);
    }
}
