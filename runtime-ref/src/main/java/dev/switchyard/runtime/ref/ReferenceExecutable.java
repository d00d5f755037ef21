package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.runtime.ref.kernel.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One function of a parsed module, run by the {@link Interpreter} on host tensors. */
public final class ReferenceExecutable implements Executable {
    private final ModuleOp module;
    private final FuncOp function;
    // constants are decoded once per executable, not per execute
    private final ConstantCache constants = new ConstantCache();

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
        List<Type> params = function.type().inputs();
        if (inputs.size() != params.size()) {
            throw new ExecutionException("@" + function.name() + " takes " + params.size() + " arguments, got " + inputs.size());
        }
        List<RuntimeValue> args = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            HostTensor h = inputs.get(i);
            if (!(params.get(i) instanceof Type.TensorType tt) || tt.knownElementType().isEmpty()) {
                throw new ExecutionException("argument " + i + " of @" + function.name() + " has type " + params.get(i).text() + ", which host tensors cannot fill");
            }
            boolean shapeOk = tt.ranked() && tt.rank() == h.rank();
            long[] hs = h.shape();
            for (int d = 0; shapeOk && d < hs.length; d++) shapeOk = tt.dim(d) == Type.TensorType.DYNAMIC || tt.dim(d) == hs[d];
            if (tt.knownElementType().get() != h.elementType() || !shapeOk) {
                throw new ExecutionException("argument " + i + " of @" + function.name() + ": expected " + tt.text()
                        + ", got " + h.elementType() + Arrays.toString(hs));
            }
            args.add(RuntimeValue.of(Tensor.fromHost(h)));
        }
        List<RuntimeValue> results;
        try {
            results = new Interpreter(module, constants).maxSteps(maxSteps).call(function.name(), args);
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
        List<HostTensor> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (!(results.get(i) instanceof RuntimeValue.OfTensor t)) {
                throw new ExecutionException("result " + i + " of @" + function.name() + " is not a tensor (" + results.get(i) + ")");
            }
            out.add(t.tensor().toHost());
        }
        return out;
    }
}
