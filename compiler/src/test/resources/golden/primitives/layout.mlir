"builtin.module"() ({
  "sdy.mesh"() {sym_name = "mesh", mesh = #sdy.mesh<["data"=2, "expert"=4]>} : () -> ()
  "func.func"() ({
  ^bb0(%x: tensor<2x3xf32>):
    %0 = "sdy.sharding_constraint"(%x) {sharding = #sdy.sharding<@mesh, [{}, {"data"}]>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
    "func.return"(%0) : (tensor<2x3xf32>) -> ()
  }) {sym_name = "main", function_type = (tensor<2x3xf32>) -> tensor<2x3xf32>, arg_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}, {}]>}], res_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}, {"data"}]>}]} : () -> ()
}) {sym_name = "golden", mhlo.num_partitions = 8 : i32, mhlo.num_replicas = 1 : i32} : () -> ()
