"builtin.module"() ({
  "sdy.mesh"() {sym_name = "mesh", mesh = #sdy.mesh<["data"=1]>} : () -> ()
  "func.func"() ({
  ^bb0(%w: tensor<4x8xbf16>, %x: tensor<2x4xbf16>):
    %0 = "stablehlo.dot_general"(%w, %x) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [1]>} : (tensor<4x8xbf16>, tensor<2x4xbf16>) -> tensor<8x2xbf16>
    %1 = "stablehlo.transpose"(%0) {permutation = array<i64: 1, 0>} : (tensor<8x2xbf16>) -> tensor<2x8xbf16>
    "func.return"(%1) : (tensor<2x8xbf16>) -> ()
  }) {sym_name = "main", function_type = (tensor<4x8xbf16>, tensor<2x4xbf16>) -> tensor<2x8xbf16>, arg_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{}, {}]>}], res_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}, {}]>}]} : () -> ()
}) {sym_name = "golden", mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32} : () -> ()
