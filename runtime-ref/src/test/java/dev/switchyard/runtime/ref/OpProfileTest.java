package dev.switchyard.runtime.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The per-op profile counts calls and work per op name, charges region ops to themselves, and is off after stop. */
class OpProfileTest {

    // a [2,3]·[3,4] product (2·2·4·3 = 48 multiply-adds counted as FLOPs), an add of 8 elements, and
    // an if whose taken branch negates 8 elements
    private static final String MODULE = """
            func.func public @main(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %p: tensor<i1>) -> tensor<2x4xf32> {
              %d = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
              %c = stablehlo.constant dense<1.0> : tensor<2x4xf32>
              %s = stablehlo.add %d, %c : tensor<2x4xf32>
              %r = "stablehlo.if"(%p) ({
                %n = stablehlo.negate %s : tensor<2x4xf32>
                stablehlo.return %n : tensor<2x4xf32>
              }, {
                stablehlo.return %s : tensor<2x4xf32>
              }) : (tensor<i1>) -> tensor<2x4xf32>
              return %r : tensor<2x4xf32>
            }
            """;

    @Test
    void countsCallsAndWorkPerOpName() throws Exception {
        var exe = new ReferenceExecutor().compile(MODULE, CompileOptions.defaults());
        var a = HostTensor.ofFloats(ElementType.F32, new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
        var b = HostTensor.ofFloats(ElementType.F32, new long[] {3, 4}, new float[12]);
        var p = HostTensor.ofLongs(ElementType.I1, new long[0], 1);
        exe.execute(List.of(a, b, p)); // not profiled
        OpProfile profile = OpProfile.start();
        try {
            for (int i = 0; i < 3; i++) exe.execute(List.of(a, b, p));
        } finally {
            profile.stop();
        }
        exe.execute(List.of(a, b, p)); // not profiled either
        Map<String, OpProfile.Row> rows = profile.rows().stream().collect(Collectors.toMap(OpProfile.Row::op, Function.identity()));
        assertEquals(3, rows.get("stablehlo.dot_general").calls());
        assertEquals(3 * 48, rows.get("stablehlo.dot_general").flops());
        assertEquals(3 * 8, rows.get("stablehlo.add").flops());
        assertEquals(0, rows.get("stablehlo.constant").flops());
        // the branch's negate is its own row; the if counts its 8 result elements
        assertEquals(3, rows.get("stablehlo.negate").calls());
        assertEquals(3, rows.get("stablehlo.if").calls());
        long total = profile.rows().stream().mapToLong(OpProfile.Row::nanos).sum();
        assertTrue(total > 0);
        String table = profile.table();
        assertTrue(table.contains("stablehlo.dot_general"), table);
    }

    @Test
    void oneProfileAtATime() {
        OpProfile p = OpProfile.start();
        try {
            assertThrows(IllegalStateException.class, OpProfile::start);
        } finally {
            p.stop();
        }
        OpProfile.start().stop(); // free again after stop
    }
}
