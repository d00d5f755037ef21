package dev.switchyard.hlo.verify;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.ir.Type.TensorType;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * What an {@link OpVerifier} sees of one op: accessors that check what they read (operand counts,
 * tensor types, attribute shapes) and a sink for errors located at the op. Accessors that cannot
 * return something meaningful throw {@link Abort} so the remaining constraints of that op are
 * skipped instead of reported as consequences of the first error.
 */
final class OpCheck {

    /** Stops checking the current op; carries no stack trace (it is control flow, not a failure). */
    static final class Abort extends RuntimeException {
        private Abort() { super(null, null, false, false); }
    }

    private static final Abort ABORT = new Abort();

    private final Operation op;
    private final List<VerifierError> errors;
    private final SymbolTables symbols;

    OpCheck(Operation op, List<VerifierError> errors, SymbolTables symbols) {
        this.op = op;
        this.errors = errors;
        this.symbols = symbols;
    }

    Operation op() { return op; }

    String name() { return op.name(); }

    /** Records a violation and goes on checking. */
    void fail(String constraint, String message) {
        errors.add(new VerifierError(op.location(), op.name(), constraint, message));
    }

    /** Records a violation; the caller throws the result to skip the rest of this op. */
    Abort abort(String constraint, String message) {
        fail(constraint, message);
        return ABORT;
    }

    /** Stops silently: the op uses something we do not model (unranked tensors, opaque types). */
    Abort skip() { return ABORT; }

    /** The function {@code @symbol} as seen from this op. */
    Optional<FuncOp> function(String symbol) { return symbols.function(op, symbol); }

    /** The mesh of {@code sdy.mesh @symbol} as seen from this op. */
    Optional<Attribute.SdyMesh> mesh(String symbol) { return symbols.mesh(op, symbol); }

    // ---- structure ----------------------------------------------------------------------------

    void operandCount(int n) {
        if (op.numOperands() != n) throw abort("", "expected " + n + " operand" + (n == 1 ? "" : "s") + ", found " + op.numOperands());
    }

    void operandCountAtLeast(int n) {
        if (op.numOperands() < n) throw abort("", "expected at least " + n + " operand" + (n == 1 ? "" : "s") + ", found " + op.numOperands());
    }

    void resultCount(int n) {
        if (op.numResults() != n) throw abort("", "expected " + n + " result" + (n == 1 ? "" : "s") + ", found " + op.numResults());
    }

    void regionCount(int n) {
        if (op.regions().size() != n) throw abort("", "expected " + n + " region" + (n == 1 ? "" : "s") + ", found " + op.regions().size());
    }

    // ---- types ----------------------------------------------------------------------------------

    /** Operand {@code i} as a ranked tensor; a non-tensor is an error against {@code label}, an unranked tensor skips the op. */
    TensorType operandTensor(int i, String label, String role) {
        if (i >= op.numOperands()) throw abort("", "expected operand '" + role + "' (#" + i + "), found " + op.numOperands() + " operands");
        return ranked(op.operand(i).type(), label, role);
    }

    TensorType resultTensor(int i, String role) {
        if (i >= op.numResults()) throw abort("", "expected result '" + role + "' (#" + i + "), found " + op.numResults() + " results");
        return ranked(op.result(i).type(), "", role);
    }

    private TensorType ranked(Type t, String label, String role) {
        if (t instanceof TensorType tt) {
            if (!tt.ranked()) throw skip();
            return tt;
        }
        if (t instanceof Type.OpaqueType) throw skip();
        throw abort(label, role + " must be a tensor, found " + t.text());
    }

    /** Fails unless the element type is modelled and satisfies {@code ok}; unmodelled types pass. */
    void elementKind(TensorType t, String label, String role, String what, Predicate<ElementType> ok) {
        Optional<ElementType> e = Types.element(t);
        if (e.isPresent() && !ok.test(e.get())) fail(label, role + " must be a tensor of " + what + ", found " + t.text());
    }

    /** {@link #elementKind(TensorType, String, String, String, Predicate)} for one of the spec's named families. */
    void elementKind(TensorType t, String label, String role, ElementKinds kinds) {
        elementKind(t, label, role, kinds.description(), kinds.accepts());
    }

    /** The operand types, in order. */
    List<Type> operandTypes() { return Types.of(op.operands()); }

    /** The result types, in order. */
    List<Type> resultTypes() { return Types.of(op.results()); }

    // ---- attributes -------------------------------------------------------------------------------

    Optional<Attribute> attribute(String attr) { return op.attribute(attr); }

    /** A required integer-list attribute. */
    long[] longs(String attr, String label) {
        return optLongs(attr, label).orElseThrow(() -> abort(label, "missing attribute '" + attr + "'"));
    }

    Optional<long[]> optLongs(String attr, String label) {
        Optional<Attribute> a = op.attribute(attr);
        if (a.isEmpty()) return Optional.empty();
        Optional<long[]> v = IntegerLists.values(a.get());
        if (v.isEmpty()) throw abort(label, "attribute '" + attr + "' must be a list of integers, found " + a.get().text());
        return v;
    }

    /** A list attribute of {@code rows x 2} (padding), as rows; {@code expectedRows} only for the message. */
    Optional<long[][]> optPairs(String attr, String label, String constraint, int expectedRows) {
        Optional<Attribute> a = op.attribute(attr);
        if (a.isEmpty()) return Optional.empty();
        long[] flat = IntegerLists.values(a.get()).orElseThrow(() -> abort(label, "attribute '" + attr + "' must be integers, found " + a.get().text()));
        long[] shape = IntegerLists.shape(a.get(), flat);
        if (shape.length != 2 || shape[1] != 2 || shape[0] != expectedRows) {
            throw abort(constraint, attr + " must have shape [" + expectedRows + ", 2], found " + Types.list(shape));
        }
        long[][] rows = new long[(int) shape[0]][];
        for (int r = 0; r < rows.length; r++) rows[r] = new long[] {flat[2 * r], flat[2 * r + 1]};
        return Optional.of(rows);
    }

    long integer(String attr, String label) {
        return optInteger(attr, label).orElseThrow(() -> abort(label, "missing attribute '" + attr + "'"));
    }

    OptionalLong optInteger(String attr, String label) {
        Optional<Attribute> a = op.attribute(attr);
        if (a.isEmpty()) return OptionalLong.empty();
        if (a.get() instanceof Attribute.IntegerAttr ia) return OptionalLong.of(ia.longValue());
        throw abort(label, "attribute '" + attr + "' must be an integer, found " + a.get().text());
    }

    boolean flag(String attr) {
        return op.attribute(attr).orElse(null) instanceof Attribute.BoolAttr b && b.value();
    }

    /** A required structured attribute of class {@code kind}; an opaque spelling we cannot read skips the op. */
    <T extends Attribute> T structured(String attr, Class<T> kind, String label) {
        Attribute a = op.attribute(attr).orElseThrow(() -> abort(label, "missing attribute '" + attr + "'"));
        if (kind.isInstance(a)) return kind.cast(a);
        if (a instanceof Attribute.OpaqueAttr) throw skip();
        throw abort(label, "attribute '" + attr + "' has the wrong kind: " + a.text());
    }
}
