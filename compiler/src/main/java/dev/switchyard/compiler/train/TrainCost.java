package dev.switchyard.compiler.train;

import dev.switchyard.compiler.cost.CostModel;
import dev.switchyard.compiler.cost.CostReport;
import dev.switchyard.dsl.graph.ModelGraph;

/**
 * Static cost of one train step: FLOPs of the forward-backward graph counted by the same rules as
 * the forward ({@link CostModel}: contractions only, expert side per routed token), so the ratio
 * to the forward shows what the backward adds (about 2× for matmuls: two contractions per
 * forward one); optimizer arithmetic is elementwise and, as in the forward's convention, not
 * counted. Memory: the optimizer slots and the whole carried state, per device.
 *
 * @param forwardFlops              FLOPs of one forward step
 * @param stepFlops                 FLOPs of forward + backward, counted on the gradient graph
 * @param optimizerStateBytes       optimizer slots, all devices together
 * @param optimizerStateBytesPerDevice optimizer slots on one device
 * @param stateBytesPerDevice       parameters + slots + step counter on one device
 * @param devices                   devices of the mesh
 */
public record TrainCost(double forwardFlops, double stepFlops, long optimizerStateBytes, long optimizerStateBytesPerDevice,
                        long stateBytesPerDevice, long devices) {

    public static TrainCost of(ModelGraph forward, ModelGraph withGrads, TrainStep step) {
        CostReport f = CostModel.of(forward);
        CostReport fb = CostModel.of(withGrads);
        return new TrainCost(f.flopsPerStep(), fb.flopsPerStep(), step.optimizerStateBytes(), step.optimizerStateBytesPerDevice(),
                step.stateBytesPerDevice(), step.numPartitions());
    }

    /** FLOPs of a train step over those of a forward step. */
    public double ratio() { return forwardFlops == 0 ? 0 : stepFlops / forwardFlops; }
}
