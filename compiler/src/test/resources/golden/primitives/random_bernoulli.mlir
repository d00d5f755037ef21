"builtin.module"() ({
  "sdy.mesh"() {mesh = #sdy.mesh<["data"=1]>, sym_name = "mesh"} : () -> ()
  "func.func"() ({
  ^bb0(%arg0: tensor<2xui32>):
    %0 = "stablehlo.slice"(%arg0) {limit_indices = array<i64: 1>, start_indices = array<i64: 0>, strides = array<i64: 1>} : (tensor<2xui32>) -> tensor<1xui32>
    %1 = "stablehlo.reshape"(%0) : (tensor<1xui32>) -> tensor<ui32>
    %2 = "stablehlo.broadcast_in_dim"(%1) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<2xui32>
    %3 = "stablehlo.slice"(%arg0) {limit_indices = array<i64: 2>, start_indices = array<i64: 1>, strides = array<i64: 1>} : (tensor<2xui32>) -> tensor<1xui32>
    %4 = "stablehlo.reshape"(%3) : (tensor<1xui32>) -> tensor<ui32>
    %5 = "stablehlo.broadcast_in_dim"(%4) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<2xui32>
    %6 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<2xui32>
    %7 = "stablehlo.constant"() {value = dense<2654435769> : tensor<2xui32>} : () -> tensor<2xui32>
    %8 = "stablehlo.multiply"(%6, %7) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %9 = "stablehlo.xor"(%8, %2) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %10 = "stablehlo.constant"() {value = dense<16> : tensor<2xui32>} : () -> tensor<2xui32>
    %11 = "stablehlo.shift_right_logical"(%9, %10) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %12 = "stablehlo.xor"(%9, %11) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %13 = "stablehlo.constant"() {value = dense<2146121005> : tensor<2xui32>} : () -> tensor<2xui32>
    %14 = "stablehlo.multiply"(%12, %13) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %15 = "stablehlo.constant"() {value = dense<15> : tensor<2xui32>} : () -> tensor<2xui32>
    %16 = "stablehlo.shift_right_logical"(%14, %15) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %17 = "stablehlo.xor"(%14, %16) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %18 = "stablehlo.constant"() {value = dense<2221713035> : tensor<2xui32>} : () -> tensor<2xui32>
    %19 = "stablehlo.multiply"(%17, %18) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %20 = "stablehlo.constant"() {value = dense<16> : tensor<2xui32>} : () -> tensor<2xui32>
    %21 = "stablehlo.shift_right_logical"(%19, %20) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %22 = "stablehlo.xor"(%19, %21) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %23 = "stablehlo.constant"() {value = dense<1590465589> : tensor<2xui32>} : () -> tensor<2xui32>
    %24 = "stablehlo.add"(%5, %23) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %25 = "stablehlo.xor"(%22, %24) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %26 = "stablehlo.constant"() {value = dense<16> : tensor<2xui32>} : () -> tensor<2xui32>
    %27 = "stablehlo.shift_right_logical"(%25, %26) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %28 = "stablehlo.xor"(%25, %27) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %29 = "stablehlo.constant"() {value = dense<2146121005> : tensor<2xui32>} : () -> tensor<2xui32>
    %30 = "stablehlo.multiply"(%28, %29) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %31 = "stablehlo.constant"() {value = dense<15> : tensor<2xui32>} : () -> tensor<2xui32>
    %32 = "stablehlo.shift_right_logical"(%30, %31) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %33 = "stablehlo.xor"(%30, %32) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %34 = "stablehlo.constant"() {value = dense<2221713035> : tensor<2xui32>} : () -> tensor<2xui32>
    %35 = "stablehlo.multiply"(%33, %34) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %36 = "stablehlo.constant"() {value = dense<16> : tensor<2xui32>} : () -> tensor<2xui32>
    %37 = "stablehlo.shift_right_logical"(%35, %36) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %38 = "stablehlo.xor"(%35, %37) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %39 = "stablehlo.constant"() {value = dense<8> : tensor<2xui32>} : () -> tensor<2xui32>
    %40 = "stablehlo.shift_right_logical"(%38, %39) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %41 = "stablehlo.convert"(%40) : (tensor<2xui32>) -> tensor<2xf32>
    %42 = "stablehlo.constant"() {value = dense<5.9604645E-8> : tensor<2xf32>} : () -> tensor<2xf32>
    %43 = "stablehlo.multiply"(%41, %42) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %44 = "stablehlo.constant"() {value = dense<2.500000e-01> : tensor<2xf32>} : () -> tensor<2xf32>
    %45 = "stablehlo.compare"(%43, %44) {compare_type = #stablehlo<comparison_type FLOAT>, comparison_direction = #stablehlo<comparison_direction LT>} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
    "func.return"(%45) : (tensor<2xi1>) -> ()
  }) {arg_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}]>}], function_type = (tensor<2xui32>) -> tensor<2xi1>, res_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}]>}], sym_name = "main"} : () -> ()
}) {mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32, sym_name = "golden"} : () -> ()
