package dev.switchyard.hlo.verify;

import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.ir.Type.TensorType;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.List;

/**
 * Ops ordered by tokens (after_all, infeed, outfeed, send, recv) and the process-identity ops
 * (partition_id, replica_id). The spec gives most of their types in the input/output tables, so
 * several messages cite the input label or none.
 */
final class TokenOps {
    private TokenOps() {}

    static void register(OpRegistry r) {
        r.addStablehlo(TokenOps::afterAll, "after_all");
        r.addStablehlo(TokenOps::infeed, "infeed");
        r.addStablehlo(TokenOps::outfeed, "outfeed");
        r.addStablehlo(TokenOps::send, "send");
        r.addStablehlo(TokenOps::recv, "recv");
        r.addStablehlo(TokenOps::processId, "partition_id", "replica_id");
    }

    private static boolean isToken(Type t) { return t instanceof Type.TokenType; }

    private static void tokenResult(OpCheck op) {
        op.resultCount(1);
        Type t = op.op().result().type();
        if (!isToken(t)) op.fail("", "result must be !stablehlo.token, found " + t.text());
    }

    private static void afterAll(OpCheck op) {
        List<Type> inputs = op.op().operands().stream().map(v -> v.type()).toList();
        for (int i = 0; i < inputs.size(); i++) {
            if (!isToken(inputs.get(i))) op.fail("(I1)", "inputs[" + i + "] must be !stablehlo.token, found " + inputs.get(i).text());
        }
        tokenResult(op);
    }

    private static void infeed(OpCheck op) {
        op.operandCount(1);
        if (!isToken(op.op().operand(0).type())) op.fail("(I1)", "token must be !stablehlo.token, found " + op.op().operand(0).type().text());
        recvResults(op);
    }

    /** infeed's (C1)–(C3), which recv's results follow too: tensors then one trailing token. */
    private static void recvResults(OpCheck op) {
        int n = op.op().numResults();
        if (n == 0) throw op.abort("(C1)", "expected at least one result (the token)");
        for (int i = 0; i < n - 1; i++) {
            Type t = op.op().result(i).type();
            if (!(t instanceof TensorType) && !(t instanceof Type.OpaqueType)) op.fail("(C2)", "results[" + i + "] must be a tensor, found " + t.text());
        }
        Type last = op.op().result(n - 1).type();
        if (!isToken(last)) op.fail("(C3)", "the last result must be !stablehlo.token, found " + last.text());
    }

    private static void outfeed(OpCheck op) {
        op.operandCountAtLeast(1);
        Type token = op.op().operand(op.op().numOperands() - 1).type();
        if (!isToken(token)) op.fail("(I2)", "the last operand must be !stablehlo.token, found " + token.text());
        tokenResult(op);
    }

    private static void send(OpCheck op) {
        op.operandCountAtLeast(1);
        Type token = op.op().operand(op.op().numOperands() - 1).type();
        if (!isToken(token)) op.fail("(I2)", "the last operand must be !stablehlo.token, found " + token.text());
        CollectiveOps.sourceTargetPairs(op, "(I6)");
        tokenResult(op);
    }

    private static void recv(OpCheck op) {
        op.operandCount(1);
        if (!isToken(op.op().operand(0).type())) op.fail("(I1)", "token must be !stablehlo.token, found " + op.op().operand(0).type().text());
        CollectiveOps.sourceTargetPairs(op, "(I5)");
        recvResults(op);
    }

    private static void processId(OpCheck op) {
        op.operandCount(0);
        op.resultCount(1);
        TensorType result = op.resultTensor(0, "result");
        if (result.rank() != 0 || Types.element(result).map(e -> e != ElementType.UI32).orElse(false)) {
            op.fail("", "result must be a 0-dimensional tensor of ui32, found " + result.text());
        }
    }
}
