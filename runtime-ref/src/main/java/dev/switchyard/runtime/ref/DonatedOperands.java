package dev.switchyard.runtime.ref;

import dev.switchyard.hlo.ir.Block;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.Region;
import dev.switchyard.hlo.ir.Value;
import dev.switchyard.runtime.ref.kernel.Elementwise;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a function body may write an op's result into the storage of an operand: the operand is
 * an argument (the train step's {@code p − lr·u} into the donated {@code p}) or the result of an op
 * that makes new arrays, this op is its last use, and no value that may share its storage (a
 * reshape of it, a pass-through, anything not known to make fresh arrays) is used after this op.
 * Whether an argument was donated, and owned by nobody else, is decided per execute
 * ({@link ReferenceExecutable#executeResident}).
 */
final class DonatedOperands {
    private DonatedOperands() {}

    /** Off with {@code -Dswitchyard.interp.inPlace=false}: no op then writes into an operand (for comparisons). */
    static final boolean IN_PLACE = !"false".equals(System.getProperty("switchyard.interp.inPlace"));

    /** Results smaller than this are not written into an operand (a fresh small array is cheaper than the checks). */
    static final int MIN_ELEMENTS = 1 << 14;

    /** Ops whose results are always new arrays, never views or operands (their kernels allocate them). */
    private static final Set<String> FRESH = fresh();

    private static Set<String> fresh() {
        Set<String> s = new java.util.HashSet<>(Set.of("stablehlo.compare", "stablehlo.dot_general", "stablehlo.reduce"));
        for (Elementwise.Binary b : Elementwise.Binary.values()) s.add("stablehlo." + b.name().toLowerCase());
        for (Elementwise.Unary u : Elementwise.Unary.values()) s.add("stablehlo." + u.name().toLowerCase());
        return Set.copyOf(s);
    }

    /** An operand that may be overwritten: a donated argument (if the execute owns it) or a value a fresh op made. */
    static final byte NONE = 0, ARGUMENT = 1, FRESH_VALUE = 2;

    /**
     * Per op of {@code block} (a function body), per operand: {@link #ARGUMENT} or
     * {@link #FRESH_VALUE} where the op may write its result into that operand's storage, else
     * {@link #NONE}; null for an op with no such operand. Each argument and each result of a fresh
     * op is an origin of storage; every other op's results may share the storage of its operands'
     * origins (and of the values its regions read).
     */
    static byte[][] of(Block block, Value[][] deadAfter) { return of(block, deadAfter, java.util.Set.of()); }

    /**
     * {@link #of(Block, Value[][])} where the ops of {@code holdOperands} (deferred compares,
     * {@link FusedPredicates}) keep their operands past their last use, so their results count as
     * sharing their operands' storage instead of as new arrays.
     */
    static byte[][] of(Block block, Value[][] deadAfter, java.util.Set<Operation> holdOperands) {
        List<Operation> ops = block.operations();
        Map<Value, Integer> lastUse = new IdentityHashMap<>();
        for (int i = 0; i < deadAfter.length; i++) for (Value v : deadAfter[i]) lastUse.put(v, i);
        Map<Value, Integer> origin = new IdentityHashMap<>();
        Map<Value, BitSet> aliases = new IdentityHashMap<>();
        // per origin, the last use of any other value that may share its storage (-1: none yet)
        List<Integer> sharedUntil = new ArrayList<>();
        for (Value a : block.arguments()) addOrigin(a, origin, aliases, sharedUntil);
        byte[][] out = new byte[ops.size()][];
        for (int i = 0; i < ops.size(); i++) {
            Operation op = ops.get(i);
            for (int k = 0; k < op.numOperands(); k++) {
                Value v = op.operand(k);
                Integer o = origin.get(v);
                if (o == null || lastUse.getOrDefault(v, -1) != i || sharedUntil.get(o) > i) continue;
                if (out[i] == null) out[i] = new byte[op.numOperands()];
                out[i][k] = v.isBlockArgument() ? ARGUMENT : FRESH_VALUE;
            }
            if (FRESH.contains(op.name()) && op.regions().isEmpty() && !holdOperands.contains(op)) {
                for (Value r : op.results()) addOrigin(r, origin, aliases, sharedUntil);
                continue;
            }
            BitSet may = new BitSet();
            for (Value v : op.operands()) may.or(aliases.getOrDefault(v, new BitSet()));
            for (Region r : op.regions()) captured(r, aliases, may);
            if (may.isEmpty()) continue;
            for (Value r : op.results()) {
                aliases.put(r, may);
                // a value never dying is returned or kept: used after every op
                int until = lastUse.getOrDefault(r, Integer.MAX_VALUE);
                for (int o = may.nextSetBit(0); o >= 0; o = may.nextSetBit(o + 1)) sharedUntil.set(o, Math.max(sharedUntil.get(o), until));
            }
        }
        return out;
    }

    private static void addOrigin(Value v, Map<Value, Integer> origin, Map<Value, BitSet> aliases, List<Integer> sharedUntil) {
        BitSet own = new BitSet();
        own.set(origin.size());
        origin.put(v, origin.size());
        aliases.put(v, own);
        sharedUntil.add(-1);
    }

    /** The aliases of this block's values that ops inside {@code r} read. */
    private static void captured(Region r, Map<Value, BitSet> aliases, BitSet into) {
        for (Block b : r.blocks()) {
            for (Operation op : b.operations()) {
                for (Value v : op.operands()) {
                    BitSet s = aliases.get(v);
                    if (s != null) into.or(s);
                }
                for (Region inner : op.regions()) captured(inner, aliases, into);
            }
        }
    }
}
