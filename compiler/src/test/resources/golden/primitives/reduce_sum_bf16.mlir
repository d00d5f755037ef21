"builtin.module"() ({
  "sdy.mesh"() {sym_name = "mesh", mesh = #sdy.mesh<["data"=1]>} : () -> ()
  "func.func"() ({
  ^bb0(%x: tensor<2x3x4xbf16>):
    %0 = "stablehlo.convert"(%x) : (tensor<2x3x4xbf16>) -> tensor<2x3x4xf32>
    %1 = "stablehlo.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
    %2 = "stablehlo.reduce"(%0, %1) ({
    ^bb1(%arg0: tensor<f32>, %arg1: tensor<f32>):
      %3 = "stablehlo.add"(%arg0, %arg1) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%3) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 2>} : (tensor<2x3x4xf32>, tensor<f32>) -> tensor<3xf32>
    %4 = "stablehlo.convert"(%2) : (tensor<3xf32>) -> tensor<3xbf16>
    "func.return"(%4) : (tensor<3xbf16>) -> ()
  }) {sym_name = "main", function_type = (tensor<2x3x4xbf16>) -> tensor<3xbf16>, arg_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}, {}, {}]>}], res_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}]>}]} : () -> ()
}) {sym_name = "golden", mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32} : () -> ()
