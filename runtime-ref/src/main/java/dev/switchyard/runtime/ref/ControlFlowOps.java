package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.runtime.ref.kernel.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Map;

/**
 * Control flow (while, if, case, calls), tokens, and what the distributed ops mean on a single
 * process with one replica and one partition.
 */
final class ControlFlowOps {
    private ControlFlowOps() {}

    static void register(Map<String, OpEvaluator> r) {
        r.put("stablehlo.while", ControlFlowOps::whileLoop);
        r.put("stablehlo.if", (op, in, it) -> it.runRegion(op.region(Interpreter.tensor(op, in, 0).isTrue() ? 0 : 1), List.of(), it.currentScope()));
        r.put("stablehlo.case", (op, in, it) -> {
            long index = Interpreter.tensor(op, in, 0).getLong(0);
            int n = op.regions().size();
            // an out-of-range index selects the last branch, as the spec says
            int branch = index < 0 || index >= n ? n - 1 : (int) index;
            return it.runRegion(op.region(branch), List.of(), it.currentScope());
        });
        r.put("func.call", ControlFlowOps::call);
        r.put("call", ControlFlowOps::call);
        r.put("stablehlo.composite", (op, in, it) -> it.call(callee(op, it, "decomposition"), in));
        r.put("stablehlo.after_all", (op, in, it) -> List.of(new RuntimeValue.Token()));
        r.put("stablehlo.create_token", (op, in, it) -> List.of(new RuntimeValue.Token()));
        r.put("stablehlo.partition_id", (op, in, it) -> Interpreter.one(Tensor.ofLongs(ElementType.UI32, new int[0], new long[] {it.process().partitionId})));
        r.put("stablehlo.replica_id", (op, in, it) -> Interpreter.one(Tensor.ofLongs(ElementType.UI32, new int[0], new long[] {it.process().replicaId})));
        // shardings never change values
        r.put("sdy.sharding_constraint", (op, in, it) -> in);
        r.put("sdy.reshard", (op, in, it) -> in);
        r.put("stablehlo.custom_call", ControlFlowOps::customCall);
        r.put("interpreter.run_parallel", ControlFlowOps::runParallel);
    }

    /**
     * The GSPMD annotations (`@Sharding`, and the manual-partitioning pair) are identities on one
     * partition; any other target is an unsupported op that names the target.
     */
    private static List<RuntimeValue> customCall(Operation op, List<RuntimeValue> in, Interpreter it) {
        String target = op.attribute("call_target_name")
                .map(a -> a instanceof Attribute.StringAttr s ? s.value() : a.text()).orElse("?");
        return switch (target) {
            case "Sharding", "SPMDFullToShardShape", "SPMDShardToFullShape" -> in;
            default -> throw new UnsupportedOpException(op, "custom call target '" + target + "'");
        };
    }

    private static List<RuntimeValue> whileLoop(Operation op, List<RuntimeValue> in, Interpreter it) {
        List<RuntimeValue> values = in;
        var scope = it.currentScope();
        while (true) {
            List<RuntimeValue> cond = it.runRegion(op.region(0), values, scope);
            if (!Interpreter.tensorOf(cond.getFirst()).isTrue()) return values;
            it.step(op);
            values = it.runRegion(op.region(1), values, scope);
        }
    }

    /**
     * {@code interpreter.run_parallel}: programs[replica][partition] names the function each process
     * runs; the operands are the processes' arguments one after another, and so are the results.
     */
    private static List<RuntimeValue> runParallel(Operation op, List<RuntimeValue> in, Interpreter it) {
        if (op.attribute("infeed").isPresent()) throw new UnsupportedOpException(op, "infeed queues");
        if (!(Attrs.required(op, "programs") instanceof Attribute.ArrayAttr rows) || rows.elements().isEmpty()) {
            throw new InterpretException(op, "programs must be a non-empty array of arrays of functions");
        }
        int numReplicas = rows.elements().size();
        List<List<FuncOp>> programs = new ArrayList<>();
        for (Attribute row : rows.elements()) {
            if (!(row instanceof Attribute.ArrayAttr cols)) throw new InterpretException(op, "programs must be an array of arrays");
            List<FuncOp> fs = new ArrayList<>();
            for (Attribute a : cols.elements()) {
                if (!(a instanceof Attribute.SymbolRefAttr ref)) throw new InterpretException(op, "programs must name functions");
                fs.add(it.module().function(ref.root()).orElseThrow(() -> new InterpretException(op, "no function @" + ref.root())));
            }
            programs.add(fs);
        }
        int numPartitions = programs.getFirst().size();
        var rendezvous = new ProcessContext.Rendezvous();
        List<Callable<List<RuntimeValue>>> tasks = new ArrayList<>();
        int next = 0;
        for (int r = 0; r < numReplicas; r++) {
            if (programs.get(r).size() != numPartitions) throw new InterpretException(op, "every replica needs " + numPartitions + " programs");
            for (int p = 0; p < numPartitions; p++) {
                FuncOp f = programs.get(r).get(p);
                int arity = f.type().inputs().size();
                if (next + arity > in.size()) throw new InterpretException(op, "not enough operands for the programs' arguments");
                List<RuntimeValue> args = in.subList(next, next + arity);
                next += arity;
                ProcessContext ctx = new ProcessContext(r, p, numReplicas, numPartitions, rendezvous);
                tasks.add(() -> new Interpreter(it.module(), ctx, it.constants(), it.plans()).maxSteps(it.maxSteps()).call(f, args));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size(), runnable -> {
            Thread t = new Thread(null, runnable, "stablehlo-process", 64L << 20);
            t.setDaemon(true);
            return t;
        });
        try {
            List<RuntimeValue> results = new ArrayList<>();
            for (Future<List<RuntimeValue>> f : pool.invokeAll(tasks)) {
                try {
                    results.addAll(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof InterpretException ie) throw ie;
                    throw new InterpretException(op, "a process failed: " + e.getCause());
                }
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterpretException(op, "interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<RuntimeValue> call(Operation op, List<RuntimeValue> in, Interpreter it) {
        return it.call(callee(op, it, "callee"), in);
    }

    private static FuncOp callee(Operation op, Interpreter it, String attr) {
        if (!(Attrs.required(op, attr) instanceof Attribute.SymbolRefAttr ref)) throw new InterpretException(op, attr + " must be a symbol");
        return it.module().function(ref.root()).orElseThrow(() -> new InterpretException(op, "no function @" + ref.root()));
    }
}
