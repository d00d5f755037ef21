"builtin.module"() ({
  "sdy.mesh"() {mesh = #sdy.mesh<["data"=2, "expert"=2]>, sym_name = "mesh"} : () -> ()
  "func.func"() ({
  ^bb0(%arg0: tensor<2x4x3xf32>, %arg1: tensor<2x4xi32>, %arg2: tensor<2x4xi32>, %arg3: tensor<2x4xf32>):
    %0 = "stablehlo.reshape"(%arg1) : (tensor<2x4xi32>) -> tensor<2x4x1xi32>
    %1 = "stablehlo.reshape"(%arg2) : (tensor<2x4xi32>) -> tensor<2x4x1xi32>
    %2 = "stablehlo.constant"() {value = dense<0> : tensor<2x4x1xi32>} : () -> tensor<2x4x1xi32>
    %3 = "stablehlo.compare"(%1, %2) {compare_type = #stablehlo<comparison_type SIGNED>, comparison_direction = #stablehlo<comparison_direction GE>} : (tensor<2x4x1xi32>, tensor<2x4x1xi32>) -> tensor<2x4x1xi1>
    %4 = "stablehlo.constant"() {value = dense<2> : tensor<2x4x1xi32>} : () -> tensor<2x4x1xi32>
    %5 = "stablehlo.compare"(%1, %4) {compare_type = #stablehlo<comparison_type SIGNED>, comparison_direction = #stablehlo<comparison_direction LT>} : (tensor<2x4x1xi32>, tensor<2x4x1xi32>) -> tensor<2x4x1xi1>
    %6 = "stablehlo.and"(%3, %5) : (tensor<2x4x1xi1>, tensor<2x4x1xi1>) -> tensor<2x4x1xi1>
    %7 = "stablehlo.constant"() {value = dense<0> : tensor<2x4x1xi32>} : () -> tensor<2x4x1xi32>
    %8 = "stablehlo.select"(%6, %1, %7) : (tensor<2x4x1xi1>, tensor<2x4x1xi32>, tensor<2x4x1xi32>) -> tensor<2x4x1xi32>
    %9 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<2x4x1xi32>
    %10 = "stablehlo.reshape"(%0) : (tensor<2x4x1xi32>) -> tensor<2x4x1x1xi32>
    %11 = "stablehlo.reshape"(%9) : (tensor<2x4x1xi32>) -> tensor<2x4x1x1xi32>
    %12 = "stablehlo.reshape"(%8) : (tensor<2x4x1xi32>) -> tensor<2x4x1x1xi32>
    %13 = "stablehlo.concatenate"(%10, %11, %12) {dimension = 3 : i64} : (tensor<2x4x1x1xi32>, tensor<2x4x1x1xi32>, tensor<2x4x1x1xi32>) -> tensor<2x4x1x3xi32>
    %14 = "stablehlo.broadcast_in_dim"(%arg0) {broadcast_dimensions = array<i64: 0, 1, 3>} : (tensor<2x4x3xf32>) -> tensor<2x4x1x3xf32>
    %15 = "stablehlo.broadcast_in_dim"(%6) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<2x4x1xi1>) -> tensor<2x4x1x3xi1>
    %16 = "stablehlo.constant"() {value = dense<0.000000e+00> : tensor<2x4x1x3xf32>} : () -> tensor<2x4x1x3xf32>
    %17 = "stablehlo.select"(%15, %14, %16) : (tensor<2x4x1x3xi1>, tensor<2x4x1x3xf32>, tensor<2x4x1x3xf32>) -> tensor<2x4x1x3xf32>
    %18 = "stablehlo.constant"() {value = dense<0.000000e+00> : tensor<2x2x2x3xf32>} : () -> tensor<2x2x2x3xf32>
    %19 = "stablehlo.scatter"(%18, %13, %17) ({
    ^bb0(%arg4: tensor<f32>, %arg5: tensor<f32>):
      %44 = "stablehlo.add"(%arg4, %arg5) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%44) : (tensor<f32>) -> ()
    }) {indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [3], inserted_window_dims = [0, 1, 2], scatter_dims_to_operand_dims = [0, 1, 2], index_vector_dim = 3>, unique_indices = false} : (tensor<2x2x2x3xf32>, tensor<2x4x1x3xi32>, tensor<2x4x1x3xf32>) -> tensor<2x2x2x3xf32>
    %20 = "sdy.sharding_constraint"(%19) {sharding = #sdy.sharding<@mesh, [{"expert"}, {"data"}, {}, {}]>} : (tensor<2x2x2x3xf32>) -> tensor<2x2x2x3xf32>
    %21 = "stablehlo.reshape"(%arg1) : (tensor<2x4xi32>) -> tensor<2x4x1xi32>
    %22 = "stablehlo.reshape"(%arg2) : (tensor<2x4xi32>) -> tensor<2x4x1xi32>
    %23 = "stablehlo.constant"() {value = dense<0> : tensor<2x4x1xi32>} : () -> tensor<2x4x1xi32>
    %24 = "stablehlo.compare"(%22, %23) {compare_type = #stablehlo<comparison_type SIGNED>, comparison_direction = #stablehlo<comparison_direction GE>} : (tensor<2x4x1xi32>, tensor<2x4x1xi32>) -> tensor<2x4x1xi1>
    %25 = "stablehlo.constant"() {value = dense<2> : tensor<2x4x1xi32>} : () -> tensor<2x4x1xi32>
    %26 = "stablehlo.compare"(%22, %25) {compare_type = #stablehlo<comparison_type SIGNED>, comparison_direction = #stablehlo<comparison_direction LT>} : (tensor<2x4x1xi32>, tensor<2x4x1xi32>) -> tensor<2x4x1xi1>
    %27 = "stablehlo.and"(%24, %26) : (tensor<2x4x1xi1>, tensor<2x4x1xi1>) -> tensor<2x4x1xi1>
    %28 = "stablehlo.constant"() {value = dense<0> : tensor<2x4x1xi32>} : () -> tensor<2x4x1xi32>
    %29 = "stablehlo.select"(%27, %22, %28) : (tensor<2x4x1xi1>, tensor<2x4x1xi32>, tensor<2x4x1xi32>) -> tensor<2x4x1xi32>
    %30 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<2x4x1xi32>
    %31 = "stablehlo.reshape"(%21) : (tensor<2x4x1xi32>) -> tensor<2x4x1x1xi32>
    %32 = "stablehlo.reshape"(%30) : (tensor<2x4x1xi32>) -> tensor<2x4x1x1xi32>
    %33 = "stablehlo.reshape"(%29) : (tensor<2x4x1xi32>) -> tensor<2x4x1x1xi32>
    %34 = "stablehlo.concatenate"(%31, %32, %33) {dimension = 3 : i64} : (tensor<2x4x1x1xi32>, tensor<2x4x1x1xi32>, tensor<2x4x1x1xi32>) -> tensor<2x4x1x3xi32>
    %35 = "stablehlo.gather"(%20, %34) {dimension_numbers = #stablehlo.gather<offset_dims = [3], collapsed_slice_dims = [0, 1, 2], start_index_map = [0, 1, 2], index_vector_dim = 3>, indices_are_sorted = false, slice_sizes = array<i64: 1, 1, 1, 3>} : (tensor<2x2x2x3xf32>, tensor<2x4x1x3xi32>) -> tensor<2x4x1x3xf32>
    %36 = "stablehlo.reshape"(%arg3) : (tensor<2x4xf32>) -> tensor<2x4x1xf32>
    %37 = "stablehlo.constant"() {value = dense<0.000000e+00> : tensor<2x4x1xf32>} : () -> tensor<2x4x1xf32>
    %38 = "stablehlo.select"(%27, %36, %37) : (tensor<2x4x1xi1>, tensor<2x4x1xf32>, tensor<2x4x1xf32>) -> tensor<2x4x1xf32>
    %39 = "stablehlo.broadcast_in_dim"(%38) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<2x4x1xf32>) -> tensor<2x4x1x3xf32>
    %40 = "stablehlo.multiply"(%35, %39) : (tensor<2x4x1x3xf32>, tensor<2x4x1x3xf32>) -> tensor<2x4x1x3xf32>
    %41 = "stablehlo.constant"() {value = dense<0.000000e+00> : tensor<f32>} : () -> tensor<f32>
    %42 = "stablehlo.reduce"(%40, %41) ({
    ^bb0(%arg6: tensor<f32>, %arg7: tensor<f32>):
      %45 = "stablehlo.add"(%arg6, %arg7) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%45) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<2x4x1x3xf32>, tensor<f32>) -> tensor<2x4x3xf32>
    %43 = "sdy.sharding_constraint"(%42) {sharding = #sdy.sharding<@mesh, [{"data"}, {}, {}]>} : (tensor<2x4x3xf32>) -> tensor<2x4x3xf32>
    "func.return"(%20, %43) : (tensor<2x2x2x3xf32>, tensor<2x4x3xf32>) -> ()
  }) {arg_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}]>}], function_type = (tensor<2x4x3xf32>, tensor<2x4xi32>, tensor<2x4xi32>, tensor<2x4xf32>) -> (tensor<2x2x2x3xf32>, tensor<2x4x3xf32>), res_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{"expert"}, {"data"}, {}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}, {}]>}], sym_name = "main"} : () -> ()
}) {mhlo.num_partitions = 4 : i32, mhlo.num_replicas = 1 : i32, sym_name = "moe"} : () -> ()
