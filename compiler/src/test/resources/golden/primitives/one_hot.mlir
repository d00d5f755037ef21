"builtin.module"() ({
  "sdy.mesh"() {sym_name = "mesh", mesh = #sdy.mesh<["data"=1]>} : () -> ()
  "func.func"() ({
  ^bb0(%x: tensor<2x3xi32>):
    %0 = "stablehlo.broadcast_in_dim"(%x) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x3xi32>) -> tensor<2x3x4xi32>
    %1 = "stablehlo.iota"() {iota_dimension = 2 : i64} : () -> tensor<2x3x4xi32>
    %2 = "stablehlo.compare"(%0, %1) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<2x3x4xi32>, tensor<2x3x4xi32>) -> tensor<2x3x4xi1>
    %3 = "stablehlo.convert"(%2) : (tensor<2x3x4xi1>) -> tensor<2x3x4xf32>
    "func.return"(%3) : (tensor<2x3x4xf32>) -> ()
  }) {sym_name = "main", function_type = (tensor<2x3xi32>) -> tensor<2x3x4xf32>, arg_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}, {}]>}], res_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}, {}, {}]>}]} : () -> ()
}) {sym_name = "golden", mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32} : () -> ()
