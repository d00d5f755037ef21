package dev.switchyard.hlo.verify;

import dev.switchyard.hlo.ir.Block;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.Region;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.ir.Type.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The type of a region as the spec writes it, {@code (arguments) -> (returned values)}: the entry
 * block's argument types and the operand types of its terminator ({@code stablehlo.return}).
 */
record RegionSignatures(List<Type> inputs, List<Type> outputs) {

    static final String RETURN = "stablehlo.return";

    /** The signature of {@code region}; an empty region or a missing terminator aborts the op's check. */
    static RegionSignatures of(OpCheck op, Region region, String regionName) {
        if (region.isEmpty()) throw op.abort("", regionName + " region must have a block");
        Block entry = region.entry();
        Optional<Operation> term = entry.terminator();
        if (term.isEmpty() || !term.get().name().equals(RETURN)) {
            throw op.abort("", regionName + " must end with " + RETURN + ", found "
                    + term.map(Operation::name).orElse("an empty block"));
        }
        List<Type> in = Types.of(entry.arguments());
        List<Type> out = Types.of(term.get().operands());
        return new RegionSignatures(in, out);
    }

    String text() { return Types.types(inputs) + " -> " + Types.types(outputs); }

    /**
     * Checks a reducer ({@code reduce}, {@code reduce_window}, {@code scatter}, {@code all_reduce}…):
     * type {@code (tensor<E0>, ..., tensor<EN-1>, tensor<E0>, ..., tensor<EN-1>) -> (tensor<E0>, ..., tensor<EN-1>)}
     * with each {@code Ei} promotable from {@code inputElements[i]}. Returns the {@code Ei} when they
     * hold, empty (after reporting against {@code constraint}) when they do not.
     */
    static Optional<List<Type>> reducer(OpCheck op, String constraint, Region region, String regionName, List<Type> inputElements) {
        RegionSignatures sig = of(op, region, regionName);
        int n = inputElements.size();
        List<Type> expectedArgs = new ArrayList<>();
        for (int k = 0; k < 2; k++) for (Type e : inputElements) expectedArgs.add(new TensorType(e));
        String expected = Types.types(expectedArgs) + " -> " + Types.types(expectedArgs.subList(0, n));
        boolean ok = sig.inputs.size() == 2 * n && sig.outputs.size() == n;
        List<Type> es = new ArrayList<>();
        for (int i = 0; ok && i < n; i++) {
            Type a = sig.inputs.get(i), b = sig.inputs.get(n + i), r = sig.outputs.get(i);
            ok = isScalarTensor(a) && Types.typesMatch(a, b) && Types.typesMatch(a, r) && Types.promotable(inputElements.get(i), a);
            es.add(a instanceof TensorType t ? t.elementType() : a);
        }
        if (!ok) {
            op.fail(constraint, regionName + " must have type " + expected + " (or wider element types of the same kind), found " + sig.text());
            return Optional.empty();
        }
        return Optional.of(es);
    }

    static boolean isScalarTensor(Type t) {
        return t instanceof TensorType tt && tt.ranked() && tt.rank() == 0 || t instanceof Type.OpaqueType;
    }
}
