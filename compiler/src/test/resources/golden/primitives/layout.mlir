"builtin.module"() ({
  "sdy.mesh"() {mesh = #sdy.mesh<["data"=2, "expert"=4]>, sym_name = "mesh"} : () -> ()
  "func.func"() ({
  ^bb0(%arg0: tensor<2x4xf32>):
    %0 = "sdy.sharding_constraint"(%arg0) {sharding = #sdy.sharding<@mesh, [{}, {"data"}]>} : (tensor<2x4xf32>) -> tensor<2x4xf32>
    "func.return"(%0) : (tensor<2x4xf32>) -> ()
  }) {arg_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}, {}]>}], function_type = (tensor<2x4xf32>) -> tensor<2x4xf32>, res_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}, {"data"}]>}], sym_name = "main"} : () -> ()
}) {mhlo.num_partitions = 8 : i32, mhlo.num_replicas = 1 : i32, sym_name = "golden"} : () -> ()
