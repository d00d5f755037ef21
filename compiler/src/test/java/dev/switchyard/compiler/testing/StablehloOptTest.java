package dev.switchyard.compiler.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The oracle itself: stablehlo-opt accepts a well-typed module and rejects what its op verifiers refuse. */
class StablehloOptTest {

    static final String ADD = """
            func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> {
              %0 = stablehlo.add %a, %a : tensor<2xf32>
              return %0 : tensor<2xf32>
            }
            """;

    @Test
    void acceptsAWellTypedModule() {
        StablehloOpt.run(ADD);
    }

    @Test
    void rejectsAnOpItsVerifierRefuses() {
        // broadcast_in_dim with a dims list of the wrong length: parses, fails StableHLO's verifier.
        String bad = """
                func.func @main(%a: tensor<2xf32>) -> tensor<3x2xf32> {
                  %0 = stablehlo.broadcast_in_dim %a, dims = [0, 1] : (tensor<2xf32>) -> tensor<3x2xf32>
                  return %0 : tensor<3x2xf32>
                }
                """;
        StablehloOpt.binary(); // a missing tool skips (or fails under CI) here, not inside assertThrows
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> StablehloOpt.run(bad));
        assertTrue(e.getMessage().contains("broadcast_dimensions"), e.getMessage());
    }

    @Test
    void rejectsAnUnknownStablehloOpEvenWithUnregisteredDialectsAllowed() {
        String bad = ADD.replace("stablehlo.add %a, %a : tensor<2xf32>", "\"stablehlo.addd\"(%a, %a) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>");
        StablehloOpt.binary();
        assertThrows(AssertionFailedError.class, () -> StablehloOpt.run(bad, "--allow-unregistered-dialect"));
    }
}
