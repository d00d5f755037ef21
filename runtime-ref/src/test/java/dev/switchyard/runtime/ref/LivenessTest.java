package dev.switchyard.runtime.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchyard.hlo.ir.Block;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.Value;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The interpreter drops each value after its last use, counting uses inside an op's regions. */
class LivenessTest {

    private static final String MODULE = """
            func.func public @main(%a: tensor<4xf32>, %b: tensor<4xf32>, %n: tensor<i64>) -> tensor<4xf32> {
              %0 = stablehlo.add %a, %b : tensor<4xf32>
              %unused = stablehlo.multiply %0, %0 : tensor<4xf32>
              %zero = stablehlo.constant dense<0> : tensor<i64>
              %one = stablehlo.constant dense<1> : tensor<i64>
              %w:2 = stablehlo.while(%i = %zero, %acc = %0) : tensor<i64>, tensor<4xf32>
               cond {
                %lt = stablehlo.compare LT, %i, %n, SIGNED : (tensor<i64>, tensor<i64>) -> tensor<i1>
                stablehlo.return %lt : tensor<i1>
              } do {
                %next = stablehlo.add %i, %one : tensor<i64>
                %s = stablehlo.add %acc, %a : tensor<4xf32>
                stablehlo.return %next, %s : tensor<i64>, tensor<4xf32>
              }
              %r = stablehlo.negate %w#1 : tensor<4xf32>
              return %r : tensor<4xf32>
            }
            """;

    @Test
    void valuesDieAtTheirLastUseIncludingUsesInRegions() throws Exception {
        ModuleOp m = ModuleText.parse(MODULE, "liveness.mlir");
        Block body = m.function("main").orElseThrow().body();
        Value[][] dead = new Liveness().deadAfter(body);
        List<Operation> ops = body.operations();
        Map<Value, String> names = new IdentityHashMap<>();
        names.put(body.argument(0), "a");
        names.put(body.argument(1), "b");
        names.put(body.argument(2), "n");
        String[] resultNames = {"0", "unused", "zero", "one", "w", "r"};
        for (int i = 0; i < resultNames.length; i++) {
            for (Value v : ops.get(i).results()) names.put(v, resultNames[i] + (ops.get(i).numResults() > 1 ? "#" + v : ""));
        }
        List<Set<String>> got = new ArrayList<>();
        for (Value[] at : dead) {
            java.util.TreeSet<String> s = new java.util.TreeSet<>();
            for (Value v : at) s.add(names.get(v).replaceAll("#.*", "#"));
            got.add(s);
        }
        // op 0 (add) is b's last use; op 1's result is never used; the while reads a, n, one inside
        // its regions and 0, zero as operands; its first result is never used, the second by negate
        assertEquals(List.of(Set.of("b"), Set.of("unused"), Set.of(), Set.of(), Set.of("0", "a", "n", "one", "zero", "w#"),
                Set.of("w#"), Set.of("r")), got);
    }

    @Test
    void droppingDeadValuesKeepsResults() throws Exception {
        var exe = new ReferenceExecutor().compile(MODULE, dev.switchyard.hlo.exec.CompileOptions.defaults());
        var f = dev.switchyard.hlo.tensor.HostTensor.ofFloats(dev.switchyard.hlo.tensor.ElementType.F32, new long[] {4}, new float[] {1, 2, 3, 4});
        var n = dev.switchyard.hlo.tensor.HostTensor.ofLongs(dev.switchyard.hlo.tensor.ElementType.I64, new long[0], 3);
        // (a + a) + 3a, negated, twice on one executable (the plan is reused)
        for (int run = 0; run < 2; run++) {
            float[] out = exe.execute(List.of(f, f, n)).getFirst().toFloats();
            assertEquals(List.of(-5f, -10f, -15f, -20f), List.of(out[0], out[1], out[2], out[3]));
        }
    }
}
