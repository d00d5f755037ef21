package dev.switchyard.compiler.lower;

import dev.switchyard.dsl.graph.Node;
import dev.switchyard.hlo.ir.Value;

/**
 * How MOE_DISPATCH and MOE_COMBINE become StableHLO. Both strategies compute the same function
 * (Switch doc, "Capacity and dispatch"); they differ in cost: {@link EinsumDispatch} builds the
 * one-hot [tokens, experts, capacity] tensors (O(T·E·C·d), as Mesh TensorFlow), {@link GatherDispatch}
 * moves each token once with scatter/gather (O(T·d)).
 */
public sealed interface DispatchLowering permits EinsumDispatch, GatherDispatch {

    /** The expert tensor [experts, …, capacity, …] of a MOE_DISPATCH node. */
    Value dispatch(Node n, LoweringContext cx);

    /** The token tensor of a MOE_COMBINE node: gate-weighted expert outputs, 0 for dropped tokens. */
    Value combine(Node n, LoweringContext cx);

    /** The strategy named by {@code --dispatch}. */
    static DispatchLowering of(dev.switchyard.compiler.Dispatch d) {
        return switch (d) {
            case EINSUM -> new EinsumDispatch();
            case GATHER -> new GatherDispatch();
        };
    }
}
