package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.ResidentTensor;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.kernel.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One function of a parsed module, run by the {@link Interpreter} on host tensors, or on
 * {@link ReferenceResidentTensor}s that stay interpreter tensors from one execute to the next.
 */
public final class ReferenceExecutable implements Executable {
    private final ModuleOp module;
    private final FuncOp function;
    // constants are decoded once per executable, not per execute
    private final ConstantCache constants = new ConstantCache();
    // each block's plan (slots, evaluators, last uses) is built once per executable
    private final BlockPlan.Cache plans = new BlockPlan.Cache();

    private final long maxSteps;

    ReferenceExecutable(ModuleOp module, FuncOp function) {
        this(module, function, Interpreter.DEFAULT_MAX_STEPS);
    }

    ReferenceExecutable(ModuleOp module, FuncOp function, long maxSteps) {
        this.module = module;
        this.function = function;
        this.maxSteps = maxSteps;
    }

    public FuncOp function() { return function; }

    @Override
    public List<HostTensor> execute(List<HostTensor> inputs) throws ExecutionException {
        checkArity(inputs.size());
        ArrayList<RuntimeValue> args = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            HostTensor h = inputs.get(i);
            checkArgument(i, h.elementType(), h.shape());
            args.add(RuntimeValue.of(Tensor.fromHost(h)));
        }
        List<HostTensor> out = new ArrayList<>();
        // the converted inputs are garbage after their last use (the host tensors stay the caller's)
        for (Tensor t : runConsuming(args)) out.add(t.toHost());
        return out;
    }

    @Override
    public ReferenceResidentTensor upload(int argumentIndex, HostTensor value) throws ExecutionException {
        if (argumentIndex < 0 || argumentIndex >= function.type().inputs().size()) {
            throw new ExecutionException("@" + function.name() + " has no argument " + argumentIndex);
        }
        checkArgument(argumentIndex, value.elementType(), value.shape());
        return new ReferenceResidentTensor(Tensor.fromHost(value));
    }

    /**
     * Runs on the arguments' tensors as they are. A donated argument is consumed before the run:
     * neither its {@link ReferenceResidentTensor} nor the argument list keeps it, so the
     * interpreter's scope holds the last reference and drops it at the argument's last use in the
     * module ({@link Liveness}), before the rest of the step allocates; a result the module
     * aliases to it ({@code tf.aliasing_output}) takes its place in the caller's state. Donated
     * arguments are consumed even when the run fails.
     */
    @Override
    public List<ResidentTensor> executeResident(List<? extends ResidentTensor> arguments, BitSet donated) throws ExecutionException {
        checkArity(arguments.size());
        List<ReferenceResidentTensor> resident = new ArrayList<>(arguments.size());
        for (int i = 0; i < arguments.size(); i++) {
            if (!(arguments.get(i) instanceof ReferenceResidentTensor r)) {
                throw new IllegalArgumentException("argument " + i + " of @" + function.name() + " is not an interpreter tensor: "
                        + arguments.get(i).getClass().getSimpleName() + " (upload it with this executable)");
            }
            if (!r.isLive()) throw new IllegalStateException("argument " + i + " of @" + function.name() + ": resident tensor used after it was donated or closed");
            Tensor t = r.tensor();
            checkArgument(i, t.type(), Arrays.stream(t.shape()).asLongStream().toArray());
            resident.add(r);
        }
        ArrayList<RuntimeValue> args = new ArrayList<>(arguments.size());
        for (int i = 0; i < resident.size(); i++) args.add(RuntimeValue.of(resident.get(i).tensor()));
        // storage the caller still reads after this execute (arguments it keeps), and how many arguments share each array
        Map<Object, Integer> sharing = new IdentityHashMap<>();
        Set<Object> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < resident.size(); i++) {
            Object a = resident.get(i).tensor().storageArray();
            if (a == null) continue;
            sharing.merge(a, 1, Integer::sum);
            if (!donated.get(i)) kept.add(a);
        }
        // a donated argument may be written in place only if nothing else can see its storage
        Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = donated.nextSetBit(0); i >= 0 && i < resident.size(); i = donated.nextSetBit(i + 1)) {
            Tensor t = resident.get(i).tensor();
            Object a = t.storageArray();
            if (DonatedOperands.IN_PLACE && resident.get(i).exclusive() && a != null && sharing.get(a) == 1 && !constants.isPinned(a)) owned.add(t);
        }
        for (int i = donated.nextSetBit(0); i >= 0 && i < resident.size(); i = donated.nextSetBit(i + 1)) resident.get(i).consume();
        List<Tensor> results = runConsuming(args, owned);
        Map<Object, Integer> resultSharing = new IdentityHashMap<>();
        for (Tensor t : results) if (t.storageArray() != null) resultSharing.merge(t.storageArray(), 1, Integer::sum);
        List<ResidentTensor> out = new ArrayList<>();
        for (Tensor t : results) {
            Object a = t.storageArray();
            boolean exclusive = a != null && resultSharing.get(a) == 1 && !kept.contains(a) && !constants.isPinned(a);
            out.add(new ReferenceResidentTensor(t, exclusive));
        }
        return out;
    }


    /** Runs the function; {@code args} is emptied once bound, so the interpreter alone holds the values. */
    private List<Tensor> runConsuming(ArrayList<RuntimeValue> args) throws ExecutionException {
        return runConsuming(args, Set.of());
    }

    /** {@link #runConsuming(ArrayList)} that may write results into the tensors of {@code owned}. */
    private List<Tensor> runConsuming(ArrayList<RuntimeValue> args, Set<Tensor> owned) throws ExecutionException {
        List<RuntimeValue> results;
        try {
            results = new Interpreter(module, constants, plans).maxSteps(maxSteps).callConsuming(function, args, owned);
        } catch (InterpretException e) {
            throw new ExecutionException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ExecutionException("@" + function.name() + ": " + e, e);
        } catch (OutOfMemoryError e) {
            throw new ExecutionException("@" + function.name() + ": out of memory (this JVM may use at most "
                    + TensorBudget.bytes(Runtime.getRuntime().maxMemory()) + "); raise -Xmx (SWITCHYARD_JAVA_OPTS) or run a smaller module");
        } catch (StackOverflowError e) {
            throw new ExecutionException("@" + function.name() + ": nesting too deep for the interpreter's stack");
        }
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (!(results.get(i) instanceof RuntimeValue.OfTensor t)) {
                throw new ExecutionException("result " + i + " of @" + function.name() + " is not a tensor (" + results.get(i) + ")");
            }
            out.add(t.tensor());
        }
        return out;
    }

    private void checkArity(int given) throws ExecutionException {
        int params = function.type().inputs().size();
        if (given != params) throw new ExecutionException("@" + function.name() + " takes " + params + " arguments, got " + given);
    }

    private void checkArgument(int i, ElementType type, long[] shape) throws ExecutionException {
        Type param = function.type().inputs().get(i);
        if (!(param instanceof Type.TensorType tt) || tt.knownElementType().isEmpty()) {
            throw new ExecutionException("argument " + i + " of @" + function.name() + " has type " + param.text() + ", which host tensors cannot fill");
        }
        boolean shapeOk = tt.ranked() && tt.rank() == shape.length;
        for (int d = 0; shapeOk && d < shape.length; d++) shapeOk = tt.dim(d) == Type.TensorType.DYNAMIC || tt.dim(d) == shape[d];
        if (tt.knownElementType().get() != type || !shapeOk) {
            throw new ExecutionException("argument " + i + " of @" + function.name() + ": expected " + tt.text()
                    + ", got " + type + Arrays.toString(shape));
        }
    }
}
