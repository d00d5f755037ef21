package dev.switchyard.compiler.train;

import dev.switchyard.compiler.CompileException;
import dev.switchyard.compiler.CompileOptions;
import dev.switchyard.compiler.MeshOverride;
import dev.switchyard.compiler.TensorSpec;
import dev.switchyard.compiler.lower.GraphLowering;
import dev.switchyard.compiler.sharding.ShardingAnnotator;
import dev.switchyard.dsl.graph.Dim;
import dev.switchyard.dsl.graph.ElemType;
import dev.switchyard.dsl.graph.Input;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.dsl.graph.Output;
import dev.switchyard.dsl.graph.Param;
import dev.switchyard.dsl.graph.Sharding;
import dev.switchyard.dsl.graph.TensorType;
import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.Block;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.Location;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.NamedAttribute;
import dev.switchyard.hlo.ir.OpBuilder;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.Region;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.ir.Value;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the train step from a forward-backward graph: lowers it with the ordinary graph lowering,
 * moves that body into a new {@code @main} whose arguments add the optimizer state and the step
 * counter, and emits the schedule, the global norm and every parameter's update after it.
 */
final class TrainStepAssembly {
    private TrainStepAssembly() {}

    /** The forward input that the step sets to {@code true} (dropout on) instead of taking it as an argument. */
    static final String TRAINING = "training";

    static void requireLoss(ModelGraph forward) {
        for (Output o : forward.outputs()) {
            if (!o.name().equals(TrainStep.LOSS)) continue;
            TensorType t = forward.value(o.value()).type();
            if (t.isScalar() && t.elem().isFloat()) return;
            throw new CompileException("the train step minimises the output 'loss', which must be a float scalar; in "
                    + forward.name() + " it is " + t);
        }
        List<String> outs = new ArrayList<>();
        for (Output o : forward.outputs()) outs.add(o.name() + ": " + forward.value(o.value()).type());
        throw new CompileException("the train step minimises the scalar output 'loss', and " + forward.name()
                + "'s forward has none; its outputs are " + String.join(", ", outs)
                + " (return one named loss, e.g. loss = ce + aux_weight * aux)");
    }

    /** The gradient type the grad pass promises for a parameter of type {@code t}. */
    static TensorType gradType(TensorType t) {
        return t.elem() == ElemType.BF16 || t.elem() == ElemType.F16 ? t.withElem(ElemType.F32) : t;
    }

    static void checkContract(ModelGraph forward, ModelGraph withGrads) {
        int f = forward.outputs().size(), p = forward.params().size();
        if (withGrads.params().size() != p || withGrads.inputs().size() != forward.inputs().size()
                || withGrads.outputs().size() != f + p) {
            throw new IllegalStateException("gradient graph does not match its forward: " + withGrads.params().size() + " params, "
                    + withGrads.inputs().size() + " inputs, " + withGrads.outputs().size() + " outputs; expected " + p + ", "
                    + forward.inputs().size() + ", " + (f + p));
        }
        for (int i = 0; i < f; i++) {
            if (!withGrads.outputs().get(i).name().equals(forward.outputs().get(i).name())) {
                throw new IllegalStateException("gradient graph output " + i + " is " + withGrads.outputs().get(i).name()
                        + ", the forward's is " + forward.outputs().get(i).name());
            }
        }
        for (int i = 0; i < p; i++) {
            Param param = withGrads.params().get(i);
            Output o = withGrads.outputs().get(f + i);
            TensorType t = withGrads.value(o.value()).type();
            if (!o.name().equals("grad/" + param.path()) || !t.equals(gradType(param.type()))) {
                throw new IllegalStateException("gradient graph output " + (f + i) + " is " + o.name() + ": " + t + "; expected grad/"
                        + param.path() + ": " + gradType(param.type()));
            }
        }
    }

    static TrainStep assemble(ModelGraph forward, ModelGraph withGrads, TrainConfig config, CompileOptions options) {
        return assemble(forward, withGrads, config, options, Optional.empty());
    }

    /**
     * With a {@code teacher}: {@code forward} is a {@link Distillation#objective} whose
     * {@code teacher_logits} input is not an argument but the teacher's logits, its inference
     * forward inlined first with its parameters as extra arguments after the per-step inputs
     * (never donated, not returned, no optimizer state).
     */
    static TrainStep assemble(ModelGraph forward, ModelGraph withGrads, TrainConfig config, CompileOptions options,
                              Optional<ModelGraph> teacher) {
        requireLoss(forward);
        checkContract(forward, withGrads);
        ModelGraph g = MeshOverride.apply(withGrads, options.meshShape());
        ModuleOp m = GraphLowering.lower(g, options);
        FuncOp fb = m.function("main").orElseThrow();
        ShardingAnnotator shardings = ShardingAnnotator.of(options.sharding(), g.mesh());

        // ---- the signature: state (params, slots, step), then the per-step inputs -------------
        List<Param> params = g.params();
        List<StateTensor> state = new ArrayList<>();
        List<Sharding> stateShardings = new ArrayList<>();
        List<Type> stateTypes = new ArrayList<>();
        for (Param p : params) {
            addState(state, stateShardings, stateTypes, p.path(), StateTensor.Role.PARAM, p.path(), "", storedType(p, config), p.sharding(),
                    p.init().toString());
        }
        List<List<OptimizerSlots.Slot>> slots = new ArrayList<>();
        for (Param p : params) {
            // a frozen parameter gets no optimizer state at all
            List<OptimizerSlots.Slot> ss = config.isFrozen(p.path()) ? List.of() : OptimizerSlots.of(config.optimizer(), p);
            slots.add(ss);
            for (OptimizerSlots.Slot s : ss) {
                addState(state, stateShardings, stateTypes, "opt/" + p.path() + "/" + s.name(), StateTensor.Role.OPTIMIZER, p.path(), s.name(),
                        s.type(), s.sharding(), "zeros");
            }
        }
        int stepIndex = state.size();
        addState(state, stateShardings, stateTypes, "step", StateTensor.Role.STEP, "", "", TensorType.scalar(ElemType.I32), Sharding.replicated(0), "zeros");

        Optional<Input> training = g.inputs().stream()
                .filter(in -> in.name().equals(TRAINING) && in.type().isScalar() && in.type().elem() == ElemType.I1).findFirst();
        List<Input> batch = g.inputs().stream().filter(in -> (training.isEmpty() || in != training.get())
                && !(teacher.isPresent() && in.name().equals(Distillation.TEACHER_LOGITS))).toList();
        List<Type> argTypes = new ArrayList<>(stateTypes);
        List<TensorSpec> inputs = new ArrayList<>();
        for (Input in : batch) {
            inputs.add(spec(in.name(), argTypes.size(), in.type(), in.sharding()));
            argTypes.add(hloType(in.type()));
        }
        Optional<ModelGraph> tg = teacher.map(t -> Distillation.teacherForward(MeshOverride.apply(t, options.meshShape()), g));
        List<TensorSpec> teacherArgs = new ArrayList<>();
        for (Param p : tg.map(ModelGraph::params).orElse(List.of())) {
            teacherArgs.add(spec(p.path(), argTypes.size(), p.type(), p.sharding()));
            argTypes.add(hloType(p.type()));
        }

        int f = forward.outputs().size();
        List<Integer> metricOutputs = new ArrayList<>();
        for (int i = 0; i < f; i++) if (g.value(g.outputs().get(i).value()).type().isScalar()) metricOutputs.add(i);
        ElementType scalarType = params.stream().anyMatch(p -> p.type().elem() == ElemType.F64) ? ElementType.F64 : ElementType.F32;
        List<Type> resultTypes = new ArrayList<>(stateTypes);
        List<TensorSpec> metrics = new ArrayList<>();
        for (int i : metricOutputs) {
            Output o = g.outputs().get(i);
            TensorType t = g.value(o.value()).type();
            metrics.add(spec(o.name(), resultTypes.size(), t, Sharding.replicated(0)));
            resultTypes.add(hloType(t));
        }
        for (String name : List.of(TrainStep.GRAD_NORM, TrainStep.LEARNING_RATE)) {
            TensorType t = TensorType.scalar(scalarType == ElementType.F64 ? ElemType.F64 : ElemType.F32);
            metrics.add(spec(name, resultTypes.size(), t, Sharding.replicated(0)));
            resultTypes.add(hloType(t));
        }

        FuncOp main = FuncOp.create("main", new Type.FunctionType(argTypes, resultTypes), Location.UNKNOWN);
        Block body = main.body();
        for (int i = 0; i < state.size(); i++) body.argument(i).setNameHint(state.get(i).path());
        for (TensorSpec in : inputs) body.argument(in.argument()).setNameHint(in.name());
        StepOps ops = new StepOps(new OpBuilder(body));

        // ---- the teacher's inference forward first: its logits feed the student's teacher_logits --
        Value teacherLogits = null;
        if (tg.isPresent()) {
            ModuleOp tm = GraphLowering.lower(tg.get(), options);
            FuncOp tf = tm.function("main").orElseThrow();
            Map<Value, Value> tb = new IdentityHashMap<>();
            int np = tg.get().params().size();
            for (int i = 0; i < np; i++) {
                Value a = body.argument(teacherArgs.get(i).argument());
                a.setNameHint("teacher/" + teacherArgs.get(i).name());
                tb.put(tf.arguments().get(i), a);
            }
            for (int j = 0; j < tg.get().inputs().size(); j++) {
                String name = tg.get().inputs().get(j).name();
                Value arg = name.equals(TRAINING) ? ops.bool(false) // inference: dropout off
                        : body.argument(inputs.stream().filter(in -> in.name().equals(name)).findFirst().orElseThrow().argument());
                tb.put(tf.arguments().get(np + j), arg);
            }
            teacherLogits = ops.convert(inline(tf.body(), body, tb).getFirst(), ElementType.F32);
        }

        // ---- the forward-backward body, moved in ------------------------------------------------
        Map<Value, Value> bound = new IdentityHashMap<>();
        // Master weights: the forward-backward body sees each parameter rounded to its declared type.
        for (int i = 0; i < params.size(); i++) {
            ElementType declared = ElementType.fromMlirName(params.get(i).type().elem().mlir()).orElseThrow();
            bound.put(fb.arguments().get(i), ops.convert(body.argument(i), declared));
        }
        int next = 0;
        for (int j = 0; j < g.inputs().size(); j++) {
            Value old = fb.arguments().get(params.size() + j);
            if (training.isPresent() && g.inputs().get(j) == training.get()) bound.put(old, ops.bool(true));
            else if (teacherLogits != null && g.inputs().get(j).name().equals(Distillation.TEACHER_LOGITS)) bound.put(old, teacherLogits);
            else bound.put(old, body.argument(inputs.get(next++).argument()));
        }
        List<Value> outs = inline(fb.body(), body, bound);
        m.body().remove(fb.op());
        m.body().append(main.op());

        // ---- schedule, global norm, updates ----------------------------------------------------
        Value step = body.argument(state.get(stepIndex).argument());
        Value stepF = ops.convert(step, scalarType);
        Value lr = Schedules.emit(ops, config.schedule(), stepF);
        Value t = ops.add(stepF, 1);
        List<Value> grads = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) grads.add(outs.get(f + i));
        Value sumSquares = ops.constant(0, scalarType);
        for (int i = 0; i < params.size(); i++) {
            if (config.isFrozen(params.get(i).path())) continue; // not trained: not part of the norm that clipping bounds
            Value gc = ops.convert(grads.get(i), scalarType);
            List<Integer> all = new ArrayList<>();
            for (int d = 0; d < StepOps.shape(gc).length; d++) all.add(d);
            sumSquares = ops.add(sumSquares, ops.sum(ops.mul(gc, gc), all));
        }
        Value gradNorm = ops.sqrt(sumSquares);
        Value clipScale = null;
        if (config.clipGlobalNorm() > 0) {
            // optax's clip_by_global_norm: g · c / max(‖g‖, c), the identity while ‖g‖ ≤ c.
            Value c = ops.scalar(config.clipGlobalNorm(), gradNorm);
            clipScale = ops.div(c, ops.max(gradNorm, c));
        }

        List<Value> results = new ArrayList<>();
        List<Value> newSlots = new ArrayList<>();
        int slotArg = params.size();
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            if (config.isFrozen(p.path())) {
                results.add(body.argument(i)); // returned as it came: bitwise unchanged
                continue;
            }
            ElementType c = ElementType.fromMlirName(OptimizerSlots.computeType(p.type().elem()).mlir()).orElseThrow();
            Value grad = ops.convert(grads.get(i), c);
            if (clipScale != null) grad = ops.mul(grad, ops.convert(clipScale, c));
            List<Value> mySlots = new ArrayList<>();
            for (int k = 0; k < slots.get(i).size(); k++) mySlots.add(body.argument(slotArg++));
            OptimizerUpdate.Result r = OptimizerUpdate.emit(ops, config.optimizer(), p.type().dims(), body.argument(i), grad, mySlots,
                    ops.convert(lr, c), ops.convert(t, c));
            results.add(r.param());
            newSlots.addAll(r.slots());
        }
        results.addAll(newSlots);
        results.add(ops.add(step, ops.constant(1, ElementType.I32)));
        for (int i : metricOutputs) results.add(outs.get(i));
        results.add(gradNorm);
        results.add(lr);
        ops.builder().op("func.return").operands(results).build();

        // ---- shardings and donation --------------------------------------------------------------
        List<Attribute> argAttrs = new ArrayList<>();
        List<Attribute> resAttrs = new ArrayList<>();
        for (int i = 0; i < state.size(); i++) {
            int rank = state.get(i).shape().size();
            NamedAttribute sh = shardings.attribute(stateShardings.get(i), rank);
            argAttrs.add(new Attribute.DictionaryAttr(List.of(sh,
                    new NamedAttribute("tf.aliasing_output", Attribute.IntegerAttr.i32(state.get(i).result())))));
            resAttrs.add(new Attribute.DictionaryAttr(List.of(sh)));
        }
        for (Input in : batch) argAttrs.add(new Attribute.DictionaryAttr(List.of(shardings.attribute(in.sharding(), in.type().rank()))));
        // teacher parameters: read only, so no tf.aliasing_output
        for (Param p : tg.map(ModelGraph::params).orElse(List.of())) {
            argAttrs.add(new Attribute.DictionaryAttr(List.of(shardings.attribute(p.sharding(), p.type().rank()))));
        }
        for (int k = 0; k < metrics.size(); k++) resAttrs.add(new Attribute.DictionaryAttr(List.of(shardings.attribute(Sharding.replicated(0), 0))));
        main.op().setAttribute("arg_attrs", new Attribute.ArrayAttr(argAttrs));
        main.op().setAttribute("res_attrs", new Attribute.ArrayAttr(resAttrs));
        return new TrainStep(g.name(), m, config, state, inputs, metrics, training.map(Input::name), g.mesh(), options,
                teacherArgs);
    }

    /** A parameter's type in the carried state: f32 for a bf16/f16 parameter under master weights, else as declared. */
    static TensorType storedType(Param p, TrainConfig config) {
        ElemType e = p.type().elem();
        return config.masterWeights() && (e == ElemType.BF16 || e == ElemType.F16) ? p.type().withElem(ElemType.F32) : p.type();
    }

    private static void addState(List<StateTensor> state, List<Sharding> shardings, List<Type> types, String path, StateTensor.Role role,
                                 String param, String slot, TensorType t, Sharding sharding, String init) {
        int index = state.size();
        List<Long> shape = new ArrayList<>();
        for (Dim d : t.dims()) shape.add(d.size());
        state.add(new StateTensor(path, role, param, slot, t.elem().mlir(), t.dimNames(), shape, sharding.axesPerDim(), init,
                index, index, t.elem().bytes()));
        shardings.add(sharding);
        types.add(hloType(t));
    }

    private static TensorSpec spec(String name, int position, TensorType t, Sharding s) {
        List<Long> shape = new ArrayList<>();
        for (Dim d : t.dims()) shape.add(d.size());
        return new TensorSpec(name, position, t.elem().mlir(), t.dimNames(), shape, s.axesPerDim());
    }

    static Type.TensorType hloType(TensorType t) {
        ElementType e = ElementType.fromMlirName(t.elem().mlir()).orElseThrow(() -> new IllegalStateException("no StableHLO type for " + t.elem()));
        long[] shape = new long[t.rank()];
        for (int i = 0; i < shape.length; i++) shape[i] = t.dims().get(i).size();
        return new Type.TensorType(e, shape);
    }

    /**
     * Moves every op of {@code from} but its terminator to the end of {@code to}, replacing uses of
     * {@code from}'s arguments as {@code bound} says (nested regions included); returns the
     * terminator's operands, so bound. A {@code stablehlo.if} whose predicate the binding made a
     * constant (the step fixes {@code training} to true, a teacher's to false) is replaced by the
     * ops of the branch it takes: the values are the same, and no executor pays for the branch.
     */
    static List<Value> inline(Block from, Block to, Map<Value, Value> bound) {
        List<Operation> moved = new ArrayList<>(from.operations());
        Operation terminator = moved.removeLast();
        for (Operation op : moved) {
            from.remove(op);
            rebind(op, bound);
            Optional<Boolean> taken = constantPredicate(op);
            if (taken.isPresent()) {
                List<Value> out = inline(op.region(taken.get() ? 0 : 1).entry(), to, bound);
                for (int k = 0; k < out.size(); k++) bound.put(op.result(k), out.get(k));
                continue;
            }
            to.append(op);
        }
        List<Value> out = new ArrayList<>();
        for (Value v : terminator.operands()) out.add(bound.getOrDefault(v, v));
        return out;
    }

    /** The branch a {@code stablehlo.if} takes when its predicate is a constant (through reshapes), else empty. */
    private static Optional<Boolean> constantPredicate(Operation op) {
        if (!op.name().equals("stablehlo.if")) return Optional.empty();
        Optional<Operation> def = op.operand(0).definingOp();
        while (def.isPresent() && def.get().name().equals("stablehlo.reshape")) def = def.get().operand(0).definingOp();
        if (def.isEmpty() || !def.get().name().equals("stablehlo.constant")) return Optional.empty();
        if (!(def.get().attribute("value").orElse(null) instanceof Attribute.DenseElementsAttr d)) return Optional.empty();
        return Optional.of(d.data().toLongs()[0] != 0);
    }

    private static void rebind(Operation op, Map<Value, Value> bound) {
        for (int i = 0; i < op.numOperands(); i++) {
            Value b = bound.get(op.operand(i));
            if (b != null) op.setOperand(i, b);
        }
        for (Region r : op.regions()) for (Block blk : r.blocks()) for (Operation inner : blk.operations()) rebind(inner, bound);
    }
}
