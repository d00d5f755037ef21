"builtin.module"() ({
  "sdy.mesh"() {mesh = #sdy.mesh<["data"=2, "expert"=2]>, sym_name = "mesh"} : () -> ()
  "func.func"() ({
  ^bb0(%arg0: tensor<2x4x3xf32>, %arg1: tensor<2x4x2xi32>, %arg2: tensor<2x4x2xi32>, %arg3: tensor<2x4x2xf32>):
    %0 = "stablehlo.broadcast_in_dim"(%arg1) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<2x4x2xi32>) -> tensor<2x4x2x2xi32>
    %1 = "stablehlo.iota"() {iota_dimension = 3 : i64} : () -> tensor<2x4x2x2xi32>
    %2 = "stablehlo.compare"(%0, %1) {compare_type = #stablehlo<comparison_type SIGNED>, comparison_direction = #stablehlo<comparison_direction EQ>} : (tensor<2x4x2x2xi32>, tensor<2x4x2x2xi32>) -> tensor<2x4x2x2xi1>
    %3 = "stablehlo.convert"(%2) : (tensor<2x4x2x2xi1>) -> tensor<2x4x2x2xf32>
    %4 = "stablehlo.broadcast_in_dim"(%arg2) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<2x4x2xi32>) -> tensor<2x4x2x2xi32>
    %5 = "stablehlo.iota"() {iota_dimension = 3 : i64} : () -> tensor<2x4x2x2xi32>
    %6 = "stablehlo.compare"(%4, %5) {compare_type = #stablehlo<comparison_type SIGNED>, comparison_direction = #stablehlo<comparison_direction EQ>} : (tensor<2x4x2x2xi32>, tensor<2x4x2x2xi32>) -> tensor<2x4x2x2xi1>
    %7 = "stablehlo.convert"(%6) : (tensor<2x4x2x2xi1>) -> tensor<2x4x2x2xf32>
    %8 = "stablehlo.dot_general"(%3, %7) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 1], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [2]>} : (tensor<2x4x2x2xf32>, tensor<2x4x2x2xf32>) -> tensor<2x4x2x2xf32>
    %9 = "stablehlo.dot_general"(%8, %arg0) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0], rhs_batching_dimensions = [0], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x4x2x2xf32>, tensor<2x4x3xf32>) -> tensor<2x2x2x3xf32>
    %10 = "stablehlo.transpose"(%9) {permutation = array<i64: 1, 0, 2, 3>} : (tensor<2x2x2x3xf32>) -> tensor<2x2x2x3xf32>
    %11 = "sdy.sharding_constraint"(%10) {sharding = #sdy.sharding<@mesh, [{"expert"}, {"data"}, {}, {}]>} : (tensor<2x2x2x3xf32>) -> tensor<2x2x2x3xf32>
    %12 = "stablehlo.broadcast_in_dim"(%arg1) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<2x4x2xi32>) -> tensor<2x4x2x2xi32>
    %13 = "stablehlo.iota"() {iota_dimension = 3 : i64} : () -> tensor<2x4x2x2xi32>
    %14 = "stablehlo.compare"(%12, %13) {compare_type = #stablehlo<comparison_type SIGNED>, comparison_direction = #stablehlo<comparison_direction EQ>} : (tensor<2x4x2x2xi32>, tensor<2x4x2x2xi32>) -> tensor<2x4x2x2xi1>
    %15 = "stablehlo.convert"(%14) : (tensor<2x4x2x2xi1>) -> tensor<2x4x2x2xf32>
    %16 = "stablehlo.broadcast_in_dim"(%arg2) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<2x4x2xi32>) -> tensor<2x4x2x2xi32>
    %17 = "stablehlo.iota"() {iota_dimension = 3 : i64} : () -> tensor<2x4x2x2xi32>
    %18 = "stablehlo.compare"(%16, %17) {compare_type = #stablehlo<comparison_type SIGNED>, comparison_direction = #stablehlo<comparison_direction EQ>} : (tensor<2x4x2x2xi32>, tensor<2x4x2x2xi32>) -> tensor<2x4x2x2xi1>
    %19 = "stablehlo.convert"(%18) : (tensor<2x4x2x2xi1>) -> tensor<2x4x2x2xf32>
    %20 = "stablehlo.broadcast_in_dim"(%arg3) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<2x4x2xf32>) -> tensor<2x4x2x2xf32>
    %21 = "stablehlo.multiply"(%15, %20) : (tensor<2x4x2x2xf32>, tensor<2x4x2x2xf32>) -> tensor<2x4x2x2xf32>
    %22 = "stablehlo.dot_general"(%21, %19) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 1], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [2]>} : (tensor<2x4x2x2xf32>, tensor<2x4x2x2xf32>) -> tensor<2x4x2x2xf32>
    %23 = "stablehlo.dot_general"(%22, %11) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0], rhs_batching_dimensions = [1], lhs_contracting_dimensions = [2, 3], rhs_contracting_dimensions = [0, 2]>} : (tensor<2x4x2x2xf32>, tensor<2x2x2x3xf32>) -> tensor<2x4x3xf32>
    %24 = "sdy.sharding_constraint"(%23) {sharding = #sdy.sharding<@mesh, [{"data"}, {}, {}]>} : (tensor<2x4x3xf32>) -> tensor<2x4x3xf32>
    "func.return"(%11, %24) : (tensor<2x2x2x3xf32>, tensor<2x4x3xf32>) -> ()
  }) {arg_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}, {}]>}], function_type = (tensor<2x4x3xf32>, tensor<2x4x2xi32>, tensor<2x4x2xi32>, tensor<2x4x2xf32>) -> (tensor<2x2x2x3xf32>, tensor<2x4x3xf32>), res_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{"expert"}, {"data"}, {}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}, {}]>}], sym_name = "main"} : () -> ()
}) {mhlo.num_partitions = 4 : i32, mhlo.num_replicas = 1 : i32, sym_name = "moe"} : () -> ()
