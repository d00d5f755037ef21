package dev.switchyard.hlo.verify;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.Attribute.AxisRef;
import dev.switchyard.hlo.ir.Attribute.DimSharding;
import dev.switchyard.hlo.ir.Attribute.SdyMesh;
import dev.switchyard.hlo.ir.Attribute.SdySharding;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.ir.Type.TensorType;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Shardy shardings as Switchyard emits them: a {@code #sdy.sharding} must name a mesh that exists,
 * give one dimension sharding per tensor dimension, and use each mesh axis at most once. Checked on
 * {@code sdy.sharding_constraint}, on function arguments and results, and on any op's
 * {@code sdy.sharding} (one sharding per result). Shardy's rules are not numbered, so messages
 * carry no label.
 */
final class ShardyOps {
    private ShardyOps() {}

    static final String SHARDING = "sdy.sharding";

    static void register(OpRegistry r) {
        r.add("sdy.sharding_constraint", ShardyOps::shardingConstraint);
    }

    private static void shardingConstraint(OpCheck op) {
        op.operandCount(1);
        op.resultCount(1);
        Type operand = op.op().operand(0).type(), result = op.op().result().type();
        if (!Types.typesMatch(operand, result)) op.fail("", "result type " + result.text() + " must equal operand type " + operand.text());
        if (op.attribute("sharding").orElse(null) instanceof SdySharding s) check(op, s, operand, "sharding");
    }

    /** Checks the shardings an op or function carries in attributes, in addition to its own rules. */
    static void checkAttached(OpCheck op) {
        Operation o = op.op();
        if (o.name().equals(FuncOp.NAME)) {
            FuncOp f = new FuncOp(o);
            Type.FunctionType type;
            try {
                type = f.type();
            } catch (IllegalStateException missing) {
                return;
            }
            for (int i = 0; i < type.inputs().size(); i++) {
                if (f.argumentAttributes(i).get(SHARDING).orElse(null) instanceof SdySharding s) check(op, s, type.inputs().get(i), "argument #" + i + " sharding");
            }
            for (int i = 0; i < type.results().size(); i++) {
                if (f.resultAttributes(i).get(SHARDING).orElse(null) instanceof SdySharding s) check(op, s, type.results().get(i), "result #" + i + " sharding");
            }
            return;
        }
        Optional<Attribute> attached = o.attribute(SHARDING);
        if (attached.isEmpty() || !(attached.get() instanceof Attribute.SdyShardingPerValue perValue)) return;
        if (perValue.shardings().size() != o.numResults()) {
            op.fail("", "sdy.sharding has " + perValue.shardings().size() + " shardings but the op has " + o.numResults() + " results");
            return;
        }
        for (int i = 0; i < o.numResults(); i++) check(op, perValue.shardings().get(i), o.result(i).type(), "result #" + i + " sharding");
    }

    private static void check(OpCheck op, SdySharding s, Type type, String what) {
        Optional<SdyMesh> mesh = switch (s.mesh()) {
            case SdyMesh m -> Optional.of(m);
            case Attribute.SymbolRefAttr ref -> op.mesh(ref.root());
            default -> Optional.empty();
        };
        if (mesh.isEmpty()) {
            op.fail("", what + " refers to " + s.mesh().text() + ", which is not an sdy.mesh in scope");
            return;
        }
        if (type instanceof TensorType t && t.ranked() && s.dimShardings().size() != t.rank()) {
            op.fail("", what + " has " + s.dimShardings().size() + " dimension shardings but " + t.text() + " has rank " + t.rank());
            return;
        }
        Set<String> axes = new HashSet<>();
        for (Attribute.MeshAxis a : mesh.get().axes()) axes.add(a.name());
        Set<String> used = new HashSet<>();
        for (DimSharding d : s.dimShardings()) {
            for (AxisRef a : d.axes()) if (!axisOk(op, a, axes, used, what)) return;
        }
        for (AxisRef a : s.replicatedAxes()) if (!axisOk(op, a, axes, used, what)) return;
    }

    private static boolean axisOk(OpCheck op, AxisRef a, Set<String> meshAxes, Set<String> used, String what) {
        if (!meshAxes.contains(a.name())) {
            op.fail("", what + " uses axis \"" + a.name() + "\", which the mesh does not have (mesh axes: " + meshAxes.stream().sorted().toList() + ")");
            return false;
        }
        // Sub-axes of one axis ("x":(1)2 and "x":(2)2) may each appear once; a whole axis only once.
        String key = a.subAxisPreSize().isPresent() ? a.name() + ":" + a.subAxisPreSize().getAsLong() : a.name();
        if (!used.add(key)) {
            op.fail("", what + " uses axis \"" + a.name() + "\" more than once");
            return false;
        }
        return true;
    }

}
