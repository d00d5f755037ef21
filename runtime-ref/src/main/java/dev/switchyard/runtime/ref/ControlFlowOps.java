package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.runtime.ref.kernel.Tensor;
import java.util.List;
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
        r.put("stablehlo.partition_id", (op, in, it) -> Interpreter.one(Tensor.ofLongs(ElementType.UI32, new int[0], new long[] {0})));
        r.put("stablehlo.replica_id", (op, in, it) -> Interpreter.one(Tensor.ofLongs(ElementType.UI32, new int[0], new long[] {0})));
        // shardings never change values
        r.put("sdy.sharding_constraint", (op, in, it) -> in);
        r.put("sdy.reshard", (op, in, it) -> in);
        r.put("interpreter.run_parallel", (op, in, it) -> {
            throw new UnsupportedOpException(op, "interpreter.run_parallel (several processes)");
        });
    }

    private static List<RuntimeValue> whileLoop(Operation op, List<RuntimeValue> in, Interpreter it) {
        List<RuntimeValue> values = in;
        var scope = it.currentScope();
        while (true) {
            List<RuntimeValue> cond = it.runRegion(op.region(0), values, scope);
            if (!Interpreter.tensorOf(cond.getFirst()).isTrue()) return values;
            values = it.runRegion(op.region(1), values, scope);
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
