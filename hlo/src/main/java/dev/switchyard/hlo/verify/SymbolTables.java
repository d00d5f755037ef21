package dev.switchyard.hlo.verify;

import dev.switchyard.hlo.ir.Block;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.Operation;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves {@code @callee} from an op: the functions of the nearest enclosing block that defines one
 * by that name (a nested {@code module} shadows the outer one). Each block's table is built once, so
 * resolving every call of a module stays linear.
 */
final class SymbolTables {
    private final Map<Block, Map<String, FuncOp>> tables = new IdentityHashMap<>();

    Optional<FuncOp> resolve(Operation from, String name) {
        Optional<Block> block = from.parentBlock();
        while (block.isPresent()) {
            FuncOp f = table(block.get()).get(name);
            if (f != null) return Optional.of(f);
            block = block.get().parentRegion().flatMap(r -> r.parentOp()).flatMap(Operation::parentBlock);
        }
        return Optional.empty();
    }

    private Map<String, FuncOp> table(Block b) {
        return tables.computeIfAbsent(b, k -> {
            Map<String, FuncOp> m = new HashMap<>();
            for (Operation op : k.operations()) {
                if (op.name().equals(FuncOp.NAME)) {
                    FuncOp f = new FuncOp(op);
                    m.putIfAbsent(f.name(), f);
                }
            }
            return m;
        });
    }
}
