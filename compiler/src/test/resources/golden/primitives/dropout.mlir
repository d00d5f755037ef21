"builtin.module"() ({
  "sdy.mesh"() {mesh = #sdy.mesh<["data"=1]>, sym_name = "mesh"} : () -> ()
  "func.func"() ({
  ^bb0(%arg0: tensor<2x3xbf16>, %arg1: tensor<2xui32>, %arg2: tensor<i1>):
    %0 = "stablehlo.if"(%arg2) ({
      %1 = "stablehlo.slice"(%arg1) {limit_indices = array<i64: 1>, start_indices = array<i64: 0>, strides = array<i64: 1>} : (tensor<2xui32>) -> tensor<1xui32>
      %2 = "stablehlo.reshape"(%1) : (tensor<1xui32>) -> tensor<ui32>
      %3 = "stablehlo.broadcast_in_dim"(%2) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<6xui32>
      %4 = "stablehlo.slice"(%arg1) {limit_indices = array<i64: 2>, start_indices = array<i64: 1>, strides = array<i64: 1>} : (tensor<2xui32>) -> tensor<1xui32>
      %5 = "stablehlo.reshape"(%4) : (tensor<1xui32>) -> tensor<ui32>
      %6 = "stablehlo.broadcast_in_dim"(%5) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<6xui32>
      %7 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<6xui32>
      %8 = "stablehlo.constant"() {value = dense<2654435769> : tensor<6xui32>} : () -> tensor<6xui32>
      %9 = "stablehlo.multiply"(%7, %8) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %10 = "stablehlo.xor"(%9, %3) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %11 = "stablehlo.constant"() {value = dense<16> : tensor<6xui32>} : () -> tensor<6xui32>
      %12 = "stablehlo.shift_right_logical"(%10, %11) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %13 = "stablehlo.xor"(%10, %12) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %14 = "stablehlo.constant"() {value = dense<2146121005> : tensor<6xui32>} : () -> tensor<6xui32>
      %15 = "stablehlo.multiply"(%13, %14) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %16 = "stablehlo.constant"() {value = dense<15> : tensor<6xui32>} : () -> tensor<6xui32>
      %17 = "stablehlo.shift_right_logical"(%15, %16) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %18 = "stablehlo.xor"(%15, %17) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %19 = "stablehlo.constant"() {value = dense<2221713035> : tensor<6xui32>} : () -> tensor<6xui32>
      %20 = "stablehlo.multiply"(%18, %19) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %21 = "stablehlo.constant"() {value = dense<16> : tensor<6xui32>} : () -> tensor<6xui32>
      %22 = "stablehlo.shift_right_logical"(%20, %21) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %23 = "stablehlo.xor"(%20, %22) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %24 = "stablehlo.constant"() {value = dense<1467909244> : tensor<6xui32>} : () -> tensor<6xui32>
      %25 = "stablehlo.add"(%6, %24) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %26 = "stablehlo.xor"(%23, %25) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %27 = "stablehlo.constant"() {value = dense<16> : tensor<6xui32>} : () -> tensor<6xui32>
      %28 = "stablehlo.shift_right_logical"(%26, %27) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %29 = "stablehlo.xor"(%26, %28) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %30 = "stablehlo.constant"() {value = dense<2146121005> : tensor<6xui32>} : () -> tensor<6xui32>
      %31 = "stablehlo.multiply"(%29, %30) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %32 = "stablehlo.constant"() {value = dense<15> : tensor<6xui32>} : () -> tensor<6xui32>
      %33 = "stablehlo.shift_right_logical"(%31, %32) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %34 = "stablehlo.xor"(%31, %33) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %35 = "stablehlo.constant"() {value = dense<2221713035> : tensor<6xui32>} : () -> tensor<6xui32>
      %36 = "stablehlo.multiply"(%34, %35) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %37 = "stablehlo.constant"() {value = dense<16> : tensor<6xui32>} : () -> tensor<6xui32>
      %38 = "stablehlo.shift_right_logical"(%36, %37) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %39 = "stablehlo.xor"(%36, %38) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %40 = "stablehlo.constant"() {value = dense<8> : tensor<6xui32>} : () -> tensor<6xui32>
      %41 = "stablehlo.shift_right_logical"(%39, %40) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
      %42 = "stablehlo.convert"(%41) : (tensor<6xui32>) -> tensor<6xf32>
      %43 = "stablehlo.constant"() {value = dense<5.9604645E-8> : tensor<6xf32>} : () -> tensor<6xf32>
      %44 = "stablehlo.multiply"(%42, %43) : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
      %45 = "stablehlo.reshape"(%44) : (tensor<6xf32>) -> tensor<2x3xf32>
      %46 = "stablehlo.constant"() {value = dense<1.000000e-01> : tensor<2x3xf32>} : () -> tensor<2x3xf32>
      %47 = "stablehlo.compare"(%45, %46) {compare_type = #stablehlo<comparison_type FLOAT>, comparison_direction = #stablehlo<comparison_direction GE>} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
      %48 = "stablehlo.constant"() {value = dense<1.109375e+00> : tensor<2x3xbf16>} : () -> tensor<2x3xbf16>
      %49 = "stablehlo.multiply"(%arg0, %48) : (tensor<2x3xbf16>, tensor<2x3xbf16>) -> tensor<2x3xbf16>
      %50 = "stablehlo.constant"() {value = dense<0.000000e+00> : tensor<2x3xbf16>} : () -> tensor<2x3xbf16>
      %51 = "stablehlo.select"(%47, %49, %50) : (tensor<2x3xi1>, tensor<2x3xbf16>, tensor<2x3xbf16>) -> tensor<2x3xbf16>
      "stablehlo.return"(%51) : (tensor<2x3xbf16>) -> ()
    }, {
      "stablehlo.return"(%arg0) : (tensor<2x3xbf16>) -> ()
    }) : (tensor<i1>) -> tensor<2x3xbf16>
    "func.return"(%0) : (tensor<2x3xbf16>) -> ()
  }) {arg_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{}]>}, {sdy.sharding = #sdy.sharding<@mesh, []>}], function_type = (tensor<2x3xbf16>, tensor<2xui32>, tensor<i1>) -> tensor<2x3xbf16>, res_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}, {}]>}], sym_name = "main"} : () -> ()
}) {mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32, sym_name = "golden"} : () -> ()
