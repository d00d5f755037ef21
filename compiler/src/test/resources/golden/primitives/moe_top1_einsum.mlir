"builtin.module"() ({
  "sdy.mesh"() {mesh = #sdy.mesh<["data"=2, "expert"=2]>, sym_name = "mesh"} : () -> ()
  "func.func"() ({
  ^bb0(%arg0: tensor<2x4x3xf32>, %arg1: tensor<2x4xi32>, %arg2: tensor<2x4xi32>, %arg3: tensor<2x4xf32>):
    %0 = "stablehlo.reshape"(%arg1) : (tensor<2x4xi32>) -> tensor<2x4x1xi32>
    %1 = "stablehlo.broadcast_in_dim"(%0) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<2x4x1xi32>) -> tensor<2x4x1x2xi32>
    %2 = "stablehlo.iota"() {iota_dimension = 3 : i64} : () -> tensor<2x4x1x2xi32>
    %3 = "stablehlo.compare"(%1, %2) {compare_type = #stablehlo<comparison_type SIGNED>, comparison_direction = #stablehlo<comparison_direction EQ>} : (tensor<2x4x1x2xi32>, tensor<2x4x1x2xi32>) -> tensor<2x4x1x2xi1>
    %4 = "stablehlo.convert"(%3) : (tensor<2x4x1x2xi1>) -> tensor<2x4x1x2xf32>
    %5 = "stablehlo.reshape"(%arg2) : (tensor<2x4xi32>) -> tensor<2x4x1xi32>
    %6 = "stablehlo.broadcast_in_dim"(%5) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<2x4x1xi32>) -> tensor<2x4x1x2xi32>
    %7 = "stablehlo.iota"() {iota_dimension = 3 : i64} : () -> tensor<2x4x1x2xi32>
    %8 = "stablehlo.compare"(%6, %7) {compare_type = #stablehlo<comparison_type SIGNED>, comparison_direction = #stablehlo<comparison_direction EQ>} : (tensor<2x4x1x2xi32>, tensor<2x4x1x2xi32>) -> tensor<2x4x1x2xi1>
    %9 = "stablehlo.convert"(%8) : (tensor<2x4x1x2xi1>) -> tensor<2x4x1x2xf32>
    %10 = "stablehlo.dot_general"(%4, %9) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 1], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [2]>} : (tensor<2x4x1x2xf32>, tensor<2x4x1x2xf32>) -> tensor<2x4x2x2xf32>
    %11 = "stablehlo.dot_general"(%10, %arg0) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0], rhs_batching_dimensions = [0], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x4x2x2xf32>, tensor<2x4x3xf32>) -> tensor<2x2x2x3xf32>
    %12 = "stablehlo.transpose"(%11) {permutation = array<i64: 1, 0, 2, 3>} : (tensor<2x2x2x3xf32>) -> tensor<2x2x2x3xf32>
    %13 = "sdy.sharding_constraint"(%12) {sharding = #sdy.sharding<@mesh, [{"expert"}, {"data"}, {}, {}]>} : (tensor<2x2x2x3xf32>) -> tensor<2x2x2x3xf32>
    %14 = "stablehlo.reshape"(%arg3) : (tensor<2x4xf32>) -> tensor<2x4x1xf32>
    %15 = "stablehlo.reshape"(%arg1) : (tensor<2x4xi32>) -> tensor<2x4x1xi32>
    %16 = "stablehlo.broadcast_in_dim"(%15) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<2x4x1xi32>) -> tensor<2x4x1x2xi32>
    %17 = "stablehlo.iota"() {iota_dimension = 3 : i64} : () -> tensor<2x4x1x2xi32>
    %18 = "stablehlo.compare"(%16, %17) {compare_type = #stablehlo<comparison_type SIGNED>, comparison_direction = #stablehlo<comparison_direction EQ>} : (tensor<2x4x1x2xi32>, tensor<2x4x1x2xi32>) -> tensor<2x4x1x2xi1>
    %19 = "stablehlo.convert"(%18) : (tensor<2x4x1x2xi1>) -> tensor<2x4x1x2xf32>
    %20 = "stablehlo.reshape"(%arg2) : (tensor<2x4xi32>) -> tensor<2x4x1xi32>
    %21 = "stablehlo.broadcast_in_dim"(%20) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<2x4x1xi32>) -> tensor<2x4x1x2xi32>
    %22 = "stablehlo.iota"() {iota_dimension = 3 : i64} : () -> tensor<2x4x1x2xi32>
    %23 = "stablehlo.compare"(%21, %22) {compare_type = #stablehlo<comparison_type SIGNED>, comparison_direction = #stablehlo<comparison_direction EQ>} : (tensor<2x4x1x2xi32>, tensor<2x4x1x2xi32>) -> tensor<2x4x1x2xi1>
    %24 = "stablehlo.convert"(%23) : (tensor<2x4x1x2xi1>) -> tensor<2x4x1x2xf32>
    %25 = "stablehlo.broadcast_in_dim"(%14) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<2x4x1xf32>) -> tensor<2x4x1x2xf32>
    %26 = "stablehlo.multiply"(%19, %25) : (tensor<2x4x1x2xf32>, tensor<2x4x1x2xf32>) -> tensor<2x4x1x2xf32>
    %27 = "stablehlo.dot_general"(%26, %24) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 1], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [2]>} : (tensor<2x4x1x2xf32>, tensor<2x4x1x2xf32>) -> tensor<2x4x2x2xf32>
    %28 = "stablehlo.dot_general"(%27, %13) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0], rhs_batching_dimensions = [1], lhs_contracting_dimensions = [2, 3], rhs_contracting_dimensions = [0, 2]>} : (tensor<2x4x2x2xf32>, tensor<2x2x2x3xf32>) -> tensor<2x4x3xf32>
    %29 = "sdy.sharding_constraint"(%28) {sharding = #sdy.sharding<@mesh, [{"data"}, {}, {}]>} : (tensor<2x4x3xf32>) -> tensor<2x4x3xf32>
    "func.return"(%13, %29) : (tensor<2x2x2x3xf32>, tensor<2x4x3xf32>) -> ()
  }) {arg_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}]>}], function_type = (tensor<2x4x3xf32>, tensor<2x4xi32>, tensor<2x4xi32>, tensor<2x4xf32>) -> (tensor<2x2x2x3xf32>, tensor<2x4x3xf32>), res_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{"expert"}, {"data"}, {}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}, {}]>}], sym_name = "main"} : () -> ()
}) {mhlo.num_partitions = 4 : i32, mhlo.num_replicas = 1 : i32, sym_name = "moe"} : () -> ()
