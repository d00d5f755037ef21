package dev.switchyard.runtime.pjrt;

/** StableHLO texts the test plugin "runs": copies of the arguments, or an f32 add. */
final class Programs {
    private Programs() {}

    static final String IDENTITY_2 = """
            module @identity {
              func.func public @main(%arg0: tensor<2x3xf32>, %arg1: tensor<4xi32>) -> (tensor<2x3xf32>, tensor<4xi32>) {
                return %arg0, %arg1 : tensor<2x3xf32>, tensor<4xi32>
              }
            }
            """;

    static final String IDENTITY_1 = """
            module @identity1 {
              func.func public @main(%arg0: tensor<2x3xf32>) -> tensor<2x3xf32> {
                return %arg0 : tensor<2x3xf32>
              }
            }
            """;

    static final String ADD = """
            module @add {
              func.func public @main(%arg0: tensor<2x2xf32>, %arg1: tensor<2x2xf32>) -> tensor<2x2xf32> {
                %0 = stablehlo.add %arg0, %arg1 : tensor<2x2xf32>
                return %0 : tensor<2x2xf32>
              }
            }
            """;
}
