package dev.switchyard.compiler.train;

import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.hlo.ir.Value;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.ArrayList;
import java.util.List;

/**
 * Emits the update of one parameter and its slots, in the compute type (f32, f64 for f64
 * parameters); the new parameter is cast back to the parameter's type. Formulas: training.md
 * (Adafactor as T5X with Switchyard's factoring rule), optax's {@code adamw}, plain SGD.
 */
final class OptimizerUpdate {
    private OptimizerUpdate() {}

    /** The new parameter and the new slots, in {@link OptimizerSlots#of} order. */
    record Result(Value param, List<Value> slots) {}

    /**
     * @param dims  the parameter's named dims (Adafactor's factoring rule reads them)
     * @param param the parameter (its own type)
     * @param grad  its gradient (f32 or f64), already clipped by the global norm where asked
     * @param slots its slots, in {@link OptimizerSlots#of} order
     * @param lr    the learning rate (scalar, compute type)
     * @param t     the step number counting from 1 (scalar, compute type)
     */
    static Result emit(StepOps ops, Optimizer optimizer, List<Dim> dims, Value param, Value grad, List<Value> slots, Value lr, Value t) {
        ElementType paramType = StepOps.elem(param);
        ElementType c = StepOps.elem(lr);
        Value p = ops.convert(param, c);
        Value g = ops.convert(grad, c);
        Result r = switch (optimizer) {
            case Optimizer.Sgd s -> new Result(ops.sub(p, ops.mul(lr, g)), List.of());
            case Optimizer.AdamW a -> adamW(ops, a, p, g, slots, lr, t);
            case Optimizer.Adafactor a -> adafactor(ops, a, dims, p, g, slots, lr, t);
        };
        return new Result(ops.convert(r.param(), paramType), r.slots());
    }

    private static Result adamW(StepOps ops, Optimizer.AdamW a, Value p, Value g, List<Value> slots, Value lr, Value t) {
        Value m = ops.add(ops.mul(slots.get(0), a.beta1()), ops.mul(g, 1 - a.beta1()));
        Value v = ops.add(ops.mul(slots.get(1), a.beta2()), ops.mul(ops.mul(g, g), 1 - a.beta2()));
        // Bias corrections 1 − β^t as scalars, then broadcast.
        Value one = ops.scalar(1, t);
        Value c1 = ops.sub(one, ops.pow(ops.scalar(a.beta1(), t), t));
        Value c2 = ops.sub(one, ops.pow(ops.scalar(a.beta2(), t), t));
        Value u = ops.div(ops.div(m, c1), ops.add(ops.sqrt(ops.div(v, c2)), a.epsilon()));
        if (a.weightDecay() != 0) u = ops.add(u, ops.mul(p, a.weightDecay()));
        return new Result(ops.sub(p, ops.mul(lr, u)), List.of(m, v));
    }

    private static Result adafactor(StepOps ops, Optimizer.Adafactor a, List<Dim> dims, Value p, Value g, List<Value> slots, Value lr, Value t) {
        long[] shape = StepOps.shape(p);
        int rank = shape.length;
        AdafactorFactoring f = AdafactorFactoring.of(dims, a);
        // β̂₂ = 1 − t^(−decay): 0 on the first step, so the first second moment is G itself.
        Value beta = ops.sub(ops.scalar(1, t), ops.pow(t, ops.scalar(-a.decayRate(), t)));
        Value oneMinusBeta = ops.sub(ops.scalar(1, t), beta);
        Value gg = ops.add(ops.mul(g, g), a.epsilon1());
        Value u;
        List<Value> newSlots = new ArrayList<>();
        if (f.factored()) {
            List<Integer> rowKeeps = f.rowKeeps(rank), colKeeps = f.columnKeeps();
            Value r = ops.add(ops.mul(beta, slots.get(0)), ops.mul(oneMinusBeta, ops.mean(gg, List.of(f.d0()))));
            Value cc = ops.add(ops.mul(beta, slots.get(1)), ops.mul(oneMinusBeta, ops.mean(gg, f.group())));
            newSlots.add(r);
            newSlots.add(cc);
            // mean of R over the group, per batch slice: R's own positions of the group dims.
            List<Integer> groupInR = new ArrayList<>();
            for (int d : f.group()) groupInR.add(rowKeeps.indexOf(d));
            Value rMean = ops.mean(r, groupInR);
            Value rowFactor = ops.rsqrt(ops.div(r, ops.broadcast(rMean, positions(f.batch()), StepOps.shape(r))));
            Value colFactor = ops.rsqrt(cc);
            u = ops.mul(ops.mul(g, ops.broadcast(rowFactor, positions(rowKeeps), shape)),
                    ops.broadcast(colFactor, positions(colKeeps), shape));
        } else {
            Value v = ops.add(ops.mul(beta, slots.get(0)), ops.mul(oneMinusBeta, gg));
            newSlots.add(v);
            u = ops.mul(g, ops.rsqrt(v));
        }
        List<Integer> nonBatch = f.nonBatch(rank);
        long[] batchPositions = positions(f.batch());
        if (a.clippingThreshold() > 0) {
            Value excess = ops.max(ops.scalar(1, t), ops.mul(ops.rms(u, nonBatch), 1 / a.clippingThreshold()));
            u = ops.div(u, ops.broadcast(excess, batchPositions, shape));
        }
        Value alpha = lr;
        if (a.multiplyByParameterScale()) alpha = ops.mul(lr, ops.max(ops.scalar(a.epsilon2(), t), ops.rms(p, nonBatch)));
        Value step = ops.mul(ops.broadcast(alpha, StepOps.shape(alpha).length == 0 ? new long[0] : batchPositions, shape), u);
        return new Result(ops.sub(p, step), newSlots);
    }

    private static long[] positions(List<Integer> ps) { return ps.stream().mapToLong(Integer::longValue).toArray(); }
}
