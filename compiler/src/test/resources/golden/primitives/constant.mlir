"builtin.module"() ({
  "sdy.mesh"() {sym_name = "mesh", mesh = #sdy.mesh<["data"=1]>} : () -> ()
  "func.func"() ({
    %0 = "stablehlo.constant"() {value = dense<0.5> : tensor<2x3xbf16>} : () -> tensor<2x3xbf16>
    "func.return"(%0) : (tensor<2x3xbf16>) -> ()
  }) {sym_name = "main", function_type = () -> tensor<2x3xbf16>, res_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}, {}]>}]} : () -> ()
}) {sym_name = "golden", mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32} : () -> ()
