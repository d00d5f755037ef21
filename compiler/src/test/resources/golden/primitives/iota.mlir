"builtin.module"() ({
  "sdy.mesh"() {sym_name = "mesh", mesh = #sdy.mesh<["data"=1]>} : () -> ()
  "func.func"() ({
    %0 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x3xi32>
    "func.return"(%0) : (tensor<2x3xi32>) -> ()
  }) {sym_name = "main", function_type = () -> tensor<2x3xi32>, res_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}, {}]>}]} : () -> ()
}) {sym_name = "golden", mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32} : () -> ()
