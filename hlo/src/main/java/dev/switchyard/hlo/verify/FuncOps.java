package dev.switchyard.hlo.verify;

import dev.switchyard.hlo.ir.Attribute;
import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.Type;
import java.util.List;
import java.util.Optional;

/**
 * The {@code func} dialect ops a StableHLO program is made of: a function's entry block matches its
 * type, {@code func.return} returns what the function declares, {@code func.call} matches its callee.
 * The spec states these in prose (no numbered constraints), so messages carry no label.
 */
final class FuncOps {
    private FuncOps() {}

    static void register(OpRegistry r) {
        r.add(FuncOp.NAME, FuncOps::function);
        r.add("func.return", FuncOps::returnOp);
        r.add("func.call", FuncOps::call);
        r.addStablehlo(FuncOps::composite, "composite");
    }

    /** A composite is a call of its decomposition with a name: (C1)–(C4). */
    private static void composite(OpCheck op) {
        String name = op.attribute("name").orElse(null) instanceof Attribute.StringAttr s ? s.value() : "";
        int dot = name.indexOf('.');
        if (dot <= 0 || dot == name.length() - 1) op.fail("(C1)", "name '" + name + "' must be namespaced, like 'my_namespace.my_op'");
        if (!(op.attribute("decomposition").orElse(null) instanceof Attribute.SymbolRefAttr ref)) {
            throw op.abort("(I4)", "missing attribute 'decomposition'");
        }
        if (!ref.nested().isEmpty()) throw op.skip();
        FuncOp callee = op.function(ref.root()).orElseThrow(() -> op.abort("(C2)", "decomposition @" + ref.root() + " is not defined"));
        matchesSignature(op, callee, ref.root(), "(C3)", "input types", "(C4)");
    }

    /**
     * The op's operand and result types against {@code callee}'s signature, as a call and a
     * composite both require; {@code operandWord} names the operands in the message.
     */
    private static void matchesSignature(OpCheck op, FuncOp callee, String symbol, String inputsLabel, String operandWord, String resultsLabel) {
        Type.FunctionType type = signature(op, callee);
        List<Type> args = op.operandTypes();
        if (!Types.typeListsMatch(args, type.inputs())) {
            op.fail(inputsLabel, operandWord + " " + Types.types(args) + " do not match @" + symbol + "'s inputs " + Types.types(type.inputs()));
        }
        List<Type> results = op.resultTypes();
        if (!Types.typeListsMatch(results, type.results())) {
            op.fail(resultsLabel, "result types " + Types.types(results) + " do not match @" + symbol + "'s results " + Types.types(type.results()));
        }
    }

    /** The function's type; a func.func whose function_type cannot be read is reported on that op, so this one is skipped. */
    private static Type.FunctionType signature(OpCheck op, FuncOp f) {
        try {
            return f.type();
        } catch (IllegalStateException missing) {
            throw op.skip();
        }
    }

    private static void function(OpCheck op) {
        if (!(op.attribute("function_type").orElse(null) instanceof Attribute.TypeAttr ta && ta.type() instanceof Type.FunctionType type)) {
            throw op.abort("", "missing attribute 'function_type'");
        }
        if (op.op().regions().size() != 1) throw op.abort("", "expected 1 region, found " + op.op().regions().size());
        if (op.op().region(0).isEmpty()) return; // a declaration
        List<Type> args = Types.of(op.op().region(0).entry().arguments());
        if (!Types.typeListsMatch(args, type.inputs())) {
            op.fail("", "entry block arguments " + Types.types(args) + " must match the function's inputs " + Types.types(type.inputs()));
        }
    }

    private static void returnOp(OpCheck op) {
        Optional<Operation> parent = op.op().parentBlock().flatMap(b -> b.parentRegion()).flatMap(r -> r.parentOp());
        if (parent.isEmpty() || !parent.get().name().equals(FuncOp.NAME)) {
            throw op.abort("", "must be directly inside func.func, found inside " + parent.map(Operation::name).orElse("nothing"));
        }
        FuncOp f = new FuncOp(parent.get());
        Type.FunctionType type = signature(op, f);
        List<Type> returned = op.operandTypes();
        if (!Types.typeListsMatch(returned, type.results())) {
            op.fail("", "returns " + Types.types(returned) + " but @" + f.name() + " declares results " + Types.types(type.results()));
        }
    }

    private static void call(OpCheck op) {
        if (!(op.attribute("callee").orElse(null) instanceof Attribute.SymbolRefAttr ref)) {
            throw op.abort("", "missing attribute 'callee'");
        }
        if (!ref.nested().isEmpty()) throw op.skip(); // a nested symbol path: resolution of those is not modelled
        FuncOp callee = op.function(ref.root()).orElseThrow(() -> op.abort("", "no function @" + ref.root() + " in scope"));
        matchesSignature(op, callee, ref.root(), "", "operand types", "");
    }
}
