package dev.switchyard.hlo.verify;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.Block;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.Operation;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves {@code @symbol} from an op: the op named so ({@code func.func}, {@code sdy.mesh}) in the
 * nearest enclosing block that defines one (a nested {@code module} shadows the outer one). Each
 * block's table is built once, so resolving every reference of a module stays linear.
 */
final class SymbolTables {
    private final Map<Block, Map<String, Operation>> tables = new IdentityHashMap<>();

    Optional<FuncOp> function(Operation from, String name) {
        return resolve(from, name).filter(op -> op.name().equals(FuncOp.NAME)).map(FuncOp::new);
    }

    /** The mesh of the {@code sdy.mesh} op named {@code name}. */
    Optional<Attribute.SdyMesh> mesh(Operation from, String name) {
        return resolve(from, name).filter(op -> op.name().equals("sdy.mesh"))
                .flatMap(op -> op.attribute("mesh"))
                .flatMap(a -> a instanceof Attribute.SdyMesh m ? Optional.of(m) : Optional.empty());
    }

    private Optional<Operation> resolve(Operation from, String name) {
        Optional<Block> block = from.parentBlock();
        while (block.isPresent()) {
            Operation op = table(block.get()).get(name);
            if (op != null) return Optional.of(op);
            block = block.get().parentRegion().flatMap(r -> r.parentOp()).flatMap(Operation::parentBlock);
        }
        return Optional.empty();
    }

    private Map<String, Operation> table(Block b) {
        return tables.computeIfAbsent(b, k -> {
            Map<String, Operation> m = new HashMap<>();
            for (Operation op : k.operations()) {
                if (op.attribute("sym_name").orElse(null) instanceof Attribute.StringAttr s) m.putIfAbsent(s.value(), op);
            }
            return m;
        });
    }
}
