package dev.switchyard.hlo.verify;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The verifier of each op, keyed by full op name. Each op family registers its ops here; an op
 * nobody registered (other dialects, ops we do not model yet) is accepted as it is.
 */
final class OpRegistry {
    private final Map<String, OpVerifier> byName = new HashMap<>();

    static final OpRegistry STANDARD = standard();

    private static OpRegistry standard() {
        OpRegistry r = new OpRegistry();
        ElementwiseOps.register(r);
        ShapeOps.register(r);
        ContractionOps.register(r);
        GatherScatterOps.register(r);
        RegionOps.register(r);
        CollectiveOps.register(r);
        LinearAlgebraOps.register(r);
        BatchNormOps.register(r);
        RandomOps.register(r);
        TokenOps.register(r);
        FuncOps.register(r);
        ShardyOps.register(r);
        return r;
    }

    void add(String opName, OpVerifier v) {
        if (byName.putIfAbsent(opName, v) != null) throw new IllegalStateException("two verifiers for " + opName);
    }

    /** Registers {@code v} for {@code stablehlo.<mnemonic>} for each mnemonic. */
    void addStablehlo(OpVerifier v, String... mnemonics) {
        for (String m : mnemonics) add("stablehlo." + m, v);
    }

    Optional<OpVerifier> lookup(String opName) { return Optional.ofNullable(byName.get(opName)); }

    boolean knows(String opName) { return byName.containsKey(opName); }
}
