"builtin.module"() ({
  "sdy.mesh"() {sym_name = "mesh", mesh = #sdy.mesh<["data"=1]>} : () -> ()
  "func.func"() ({
  ^bb0(%q: tensor<2x3x4xf32>, %k: tensor<5x2x4xf32>):
    %0 = "stablehlo.dot_general"(%q, %k) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0], rhs_batching_dimensions = [1], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [2]>} : (tensor<2x3x4xf32>, tensor<5x2x4xf32>) -> tensor<2x3x5xf32>
    %1 = "stablehlo.transpose"(%0) {permutation = array<i64: 1, 0, 2>} : (tensor<2x3x5xf32>) -> tensor<3x2x5xf32>
    "func.return"(%1) : (tensor<3x2x5xf32>) -> ()
  }) {sym_name = "main", function_type = (tensor<2x3x4xf32>, tensor<5x2x4xf32>) -> tensor<3x2x5xf32>, arg_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}, {}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{}, {}, {}]>}], res_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}, {}, {}]>}]} : () -> ()
}) {sym_name = "golden", mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32} : () -> ()
