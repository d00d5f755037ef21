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

    @Test
    void outliersAreOpsWithEnoughTimeBeyondTheirWork() {
        // time 1000 ns in all, work 1000 units: shares are the numbers themselves / 1000
        List<OpProfile.Row> rows = List.of(
                new OpProfile.Row("stablehlo.dot_general", 1, 500, 900),  // 50 % of the time, 90 % of the work: 0.6×
                new OpProfile.Row("stablehlo.compare", 1, 310, 100),      // 31 %, 10 %: 3.1×, over
                new OpProfile.Row("stablehlo.reduce", 1, 150, 0),         // no work counted: not judged
                new OpProfile.Row("stablehlo.scatter", 1, 19, 0),         // no work, small
                new OpProfile.Row("stablehlo.exponential", 1, 21, 0));    // 2.1 % of the time, no work: not judged
        assertEquals(List.of("stablehlo.compare"), OpProfile.outliers(rows, 3, 0.02).stream().map(OpProfile.Row::op).toList());
        // work 951 units: c (15 % of the time, 5.3 % of the work, 2.9×) is under the line, b (15 %, 2.1 %, 7.1×) over it,
        // d (1 % of the time at 9.5×) under the share
        List<OpProfile.Row> more = List.of(
                new OpProfile.Row("a", 1, 690, 880),
                new OpProfile.Row("b", 1, 150, 20),
                new OpProfile.Row("c", 1, 150, 50),
                new OpProfile.Row("d", 1, 10, 1));
        assertEquals(List.of("b"), OpProfile.outliers(more, 3, 0.02).stream().map(OpProfile.Row::op).toList());
    }
}
