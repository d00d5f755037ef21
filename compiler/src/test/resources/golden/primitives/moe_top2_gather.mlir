"builtin.module"() ({
  "sdy.mesh"() {mesh = #sdy.mesh<["data"=2, "expert"=2]>, sym_name = "mesh"} : () -> ()
  "func.func"() ({
  ^bb0(%arg0: tensor<2x4x3xf32>, %arg1: tensor<2x4x2xi32>, %arg2: tensor<2x4x2xi32>, %arg3: tensor<2x4x2xf32>):
    %0 = "stablehlo.constant"() {value = dense<0> : tensor<2x4x2xi32>} : () -> tensor<2x4x2xi32>
    %1 = "stablehlo.compare"(%arg2, %0) {compare_type = #stablehlo<comparison_type SIGNED>, comparison_direction = #stablehlo<comparison_direction GE>} : (tensor<2x4x2xi32>, tensor<2x4x2xi32>) -> tensor<2x4x2xi1>
    %2 = "stablehlo.constant"() {value = dense<2> : tensor<2x4x2xi32>} : () -> tensor<2x4x2xi32>
    %3 = "stablehlo.compare"(%arg2, %2) {compare_type = #stablehlo<comparison_type SIGNED>, comparison_direction = #stablehlo<comparison_direction LT>} : (tensor<2x4x2xi32>, tensor<2x4x2xi32>) -> tensor<2x4x2xi1>
    %4 = "stablehlo.and"(%1, %3) : (tensor<2x4x2xi1>, tensor<2x4x2xi1>) -> tensor<2x4x2xi1>
    %5 = "stablehlo.constant"() {value = dense<0> : tensor<2x4x2xi32>} : () -> tensor<2x4x2xi32>
    %6 = "stablehlo.select"(%4, %arg2, %5) : (tensor<2x4x2xi1>, tensor<2x4x2xi32>, tensor<2x4x2xi32>) -> tensor<2x4x2xi32>
    %7 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<2x4x2xi32>
    %8 = "stablehlo.reshape"(%arg1) : (tensor<2x4x2xi32>) -> tensor<2x4x2x1xi32>
    %9 = "stablehlo.reshape"(%7) : (tensor<2x4x2xi32>) -> tensor<2x4x2x1xi32>
    %10 = "stablehlo.reshape"(%6) : (tensor<2x4x2xi32>) -> tensor<2x4x2x1xi32>
    %11 = "stablehlo.concatenate"(%8, %9, %10) {dimension = 3 : i64} : (tensor<2x4x2x1xi32>, tensor<2x4x2x1xi32>, tensor<2x4x2x1xi32>) -> tensor<2x4x2x3xi32>
    %12 = "stablehlo.broadcast_in_dim"(%arg0) {broadcast_dimensions = array<i64: 0, 1, 3>} : (tensor<2x4x3xf32>) -> tensor<2x4x2x3xf32>
    %13 = "stablehlo.broadcast_in_dim"(%4) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<2x4x2xi1>) -> tensor<2x4x2x3xi1>
    %14 = "stablehlo.constant"() {value = dense<0.000000e+00> : tensor<2x4x2x3xf32>} : () -> tensor<2x4x2x3xf32>
    %15 = "stablehlo.select"(%13, %12, %14) : (tensor<2x4x2x3xi1>, tensor<2x4x2x3xf32>, tensor<2x4x2x3xf32>) -> tensor<2x4x2x3xf32>
    %16 = "stablehlo.constant"() {value = dense<0.000000e+00> : tensor<2x2x2x3xf32>} : () -> tensor<2x2x2x3xf32>
    %17 = "stablehlo.scatter"(%16, %11, %15) ({
    ^bb0(%arg4: tensor<f32>, %arg5: tensor<f32>):
      %39 = "stablehlo.add"(%arg4, %arg5) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%39) : (tensor<f32>) -> ()
    }) {indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [3], inserted_window_dims = [0, 1, 2], scatter_dims_to_operand_dims = [0, 1, 2], index_vector_dim = 3>, unique_indices = false} : (tensor<2x2x2x3xf32>, tensor<2x4x2x3xi32>, tensor<2x4x2x3xf32>) -> tensor<2x2x2x3xf32>
    %18 = "sdy.sharding_constraint"(%17) {sharding = #sdy.sharding<@mesh, [{"expert"}, {"data"}, {}, {}]>} : (tensor<2x2x2x3xf32>) -> tensor<2x2x2x3xf32>
    %19 = "stablehlo.constant"() {value = dense<0> : tensor<2x4x2xi32>} : () -> tensor<2x4x2xi32>
    %20 = "stablehlo.compare"(%arg2, %19) {compare_type = #stablehlo<comparison_type SIGNED>, comparison_direction = #stablehlo<comparison_direction GE>} : (tensor<2x4x2xi32>, tensor<2x4x2xi32>) -> tensor<2x4x2xi1>
    %21 = "stablehlo.constant"() {value = dense<2> : tensor<2x4x2xi32>} : () -> tensor<2x4x2xi32>
    %22 = "stablehlo.compare"(%arg2, %21) {compare_type = #stablehlo<comparison_type SIGNED>, comparison_direction = #stablehlo<comparison_direction LT>} : (tensor<2x4x2xi32>, tensor<2x4x2xi32>) -> tensor<2x4x2xi1>
    %23 = "stablehlo.and"(%20, %22) : (tensor<2x4x2xi1>, tensor<2x4x2xi1>) -> tensor<2x4x2xi1>
    %24 = "stablehlo.constant"() {value = dense<0> : tensor<2x4x2xi32>} : () -> tensor<2x4x2xi32>
    %25 = "stablehlo.select"(%23, %arg2, %24) : (tensor<2x4x2xi1>, tensor<2x4x2xi32>, tensor<2x4x2xi32>) -> tensor<2x4x2xi32>
    %26 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<2x4x2xi32>
    %27 = "stablehlo.reshape"(%arg1) : (tensor<2x4x2xi32>) -> tensor<2x4x2x1xi32>
    %28 = "stablehlo.reshape"(%26) : (tensor<2x4x2xi32>) -> tensor<2x4x2x1xi32>
    %29 = "stablehlo.reshape"(%25) : (tensor<2x4x2xi32>) -> tensor<2x4x2x1xi32>
    %30 = "stablehlo.concatenate"(%27, %28, %29) {dimension = 3 : i64} : (tensor<2x4x2x1xi32>, tensor<2x4x2x1xi32>, tensor<2x4x2x1xi32>) -> tensor<2x4x2x3xi32>
    %31 = "stablehlo.gather"(%18, %30) {dimension_numbers = #stablehlo.gather<offset_dims = [3], collapsed_slice_dims = [0, 1, 2], start_index_map = [0, 1, 2], index_vector_dim = 3>, indices_are_sorted = false, slice_sizes = array<i64: 1, 1, 1, 3>} : (tensor<2x2x2x3xf32>, tensor<2x4x2x3xi32>) -> tensor<2x4x2x3xf32>
    %32 = "stablehlo.constant"() {value = dense<0.000000e+00> : tensor<2x4x2xf32>} : () -> tensor<2x4x2xf32>
    %33 = "stablehlo.select"(%23, %arg3, %32) : (tensor<2x4x2xi1>, tensor<2x4x2xf32>, tensor<2x4x2xf32>) -> tensor<2x4x2xf32>
    %34 = "stablehlo.broadcast_in_dim"(%33) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<2x4x2xf32>) -> tensor<2x4x2x3xf32>
    %35 = "stablehlo.multiply"(%31, %34) : (tensor<2x4x2x3xf32>, tensor<2x4x2x3xf32>) -> tensor<2x4x2x3xf32>
    %36 = "stablehlo.constant"() {value = dense<0.000000e+00> : tensor<f32>} : () -> tensor<f32>
    %37 = "stablehlo.reduce"(%35, %36) ({
    ^bb0(%arg6: tensor<f32>, %arg7: tensor<f32>):
      %40 = "stablehlo.add"(%arg6, %arg7) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%40) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<2x4x2x3xf32>, tensor<f32>) -> tensor<2x4x3xf32>
    %38 = "sdy.sharding_constraint"(%37) {sharding = #sdy.sharding<@mesh, [{"data"}, {}, {}]>} : (tensor<2x4x3xf32>) -> tensor<2x4x3xf32>
    "func.return"(%18, %38) : (tensor<2x2x2x3xf32>, tensor<2x4x3xf32>) -> ()
  }) {arg_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}, {}]>}], function_type = (tensor<2x4x3xf32>, tensor<2x4x2xi32>, tensor<2x4x2xi32>, tensor<2x4x2xf32>) -> (tensor<2x2x2x3xf32>, tensor<2x4x3xf32>), res_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{"expert"}, {"data"}, {}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}, {}]>}], sym_name = "main"} : () -> ()
}) {mhlo.num_partitions = 4 : i32, mhlo.num_replicas = 1 : i32, sym_name = "moe"} : () -> ()
