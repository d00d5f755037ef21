package dev.switchyard.runtime.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Constants are materialised once per executable and shared by every execute: ops that update a
 * tensor (dynamic_update_slice, scatter, sort) must write to a copy, never to the shared constant,
 * so a second execute sees the constant as written in the module. Expected values are hand-worked.
 */
class ExecutableReuseTest {

    private static final String UPDATE_A_CONSTANT = """
            func.func @main(%u: tensor<2xi64>) -> tensor<4xi64> {
              %c = stablehlo.constant dense<[1, 2, 3, 4]> : tensor<4xi64>
              %i = stablehlo.constant dense<1> : tensor<i64>
              %r = stablehlo.dynamic_update_slice %c, %u, %i : (tensor<4xi64>, tensor<2xi64>, tensor<i64>) -> tensor<4xi64>
              func.return %r : tensor<4xi64>
            }
            """;

    private static final String SORT_A_CONSTANT = """
            func.func @main(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
              %c = stablehlo.constant dense<[3.0, 1.0, 2.0]> : tensor<3xf32>
              %s = "stablehlo.sort"(%c) ({
                ^bb0(%a: tensor<f32>, %b: tensor<f32>):
                  %lt = stablehlo.compare LT, %a, %b : (tensor<f32>, tensor<f32>) -> tensor<i1>
                  stablehlo.return %lt : tensor<i1>
              }) {dimension = 0 : i64, is_stable = true} : (tensor<3xf32>) -> tensor<3xf32>
              %y = stablehlo.add %c, %x : tensor<3xf32>
              func.return %s, %y : tensor<3xf32>, tensor<3xf32>
            }
            """;

    private static Executable compile(String text) throws Exception {
        return new ReferenceExecutor().compile(text, CompileOptions.defaults());
    }

    @Test
    void aConstantUpdatedInOneExecuteIsUnchangedInTheNext() throws Exception {
        Executable exe = compile(UPDATE_A_CONSTANT);
        HostTensor first = exe.execute(List.of(HostTensor.ofLongs(ElementType.I64, new long[] {2}, 9, 8))).getFirst();
        assertArrayEquals(new long[] {1, 9, 8, 4}, first.toLongs());
        HostTensor second = exe.execute(List.of(HostTensor.ofLongs(ElementType.I64, new long[] {2}, 7, 6))).getFirst();
        assertArrayEquals(new long[] {1, 7, 6, 4}, second.toLongs());
    }

    @Test
    void sortingAConstantLeavesItForItsOtherUsersAndTheNextExecute() throws Exception {
        Executable exe = compile(SORT_A_CONSTANT);
        for (int call = 0; call < 2; call++) {
            List<HostTensor> out = exe.execute(List.of(HostTensor.ofFloats(ElementType.F32, new long[] {3}, 10, 20, 30)));
            assertArrayEquals(new float[] {1, 2, 3}, out.get(0).toFloats());
            assertArrayEquals(new float[] {13, 21, 32}, out.get(1).toFloats(), "call " + call);
        }
    }

    @Test
    void everyElementTypeConvertsFromHostBytesAsTheHostTensorReadsThem() throws Exception {
        // the module returns its argument: the bulk input conversion, then toHost, must give back the same bytes
        for (ElementType t : ElementType.values()) {
            String mlir = t.mlirName();
            HostTensor in = switch (t.kind()) {
                case FLOAT -> HostTensor.ofDoubles(t, new long[] {5}, -2.5, -0.0, 0.75, 65504, 1.0e-3);
                case COMPLEX -> HostTensor.ofDoubles(t, new long[] {5}, 1, -2, 0.5, 3, -0.25, 0, 7, 8, -9, 10.5);
                case BOOL -> HostTensor.ofLongs(t, new long[] {5}, 1, 0, 1, 1, 0);
                case SIGNED -> HostTensor.ofLongs(t, new long[] {5}, -(1L << (t.bitWidth() - 1)), -1, 0, 1, t.bitWidth() == 64 ? Long.MAX_VALUE : (1L << (t.bitWidth() - 1)) - 1);
                case UNSIGNED -> HostTensor.ofLongs(t, new long[] {5}, 0, 1, t.bitWidth() == 64 ? -1L : (1L << t.bitWidth()) - 1,
                        t.bitWidth() == 64 ? Long.MIN_VALUE : 1L << (t.bitWidth() - 1), 1);
            };
            Executable exe = compile("func.func @main(%x: tensor<5x" + mlir + ">) -> tensor<5x" + mlir + "> {\n"
                    + "  func.return %x : tensor<5x" + mlir + ">\n}\n");
            HostTensor out = exe.execute(List.of(in)).getFirst();
            assertEquals(in, out, t.toString());
        }
    }
}
