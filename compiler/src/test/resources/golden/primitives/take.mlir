"builtin.module"() ({
  "sdy.mesh"() {sym_name = "mesh", mesh = #sdy.mesh<["data"=1]>} : () -> ()
  "func.func"() ({
  ^bb0(%embedding: tensor<10x4xbf16>, %ids: tensor<2x3xi32>):
    %0 = "stablehlo.gather"(%embedding, %ids) {dimension_numbers = #stablehlo.gather<offset_dims = [2], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 2>, slice_sizes = array<i64: 1, 4>, indices_are_sorted = false} : (tensor<10x4xbf16>, tensor<2x3xi32>) -> tensor<2x3x4xbf16>
    "func.return"(%0) : (tensor<2x3x4xbf16>) -> ()
  }) {sym_name = "main", function_type = (tensor<10x4xbf16>, tensor<2x3xi32>) -> tensor<2x3x4xbf16>, arg_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}, {}]>}, {sdy.sharding = #sdy.sharding<@mesh, [{}, {}]>}], res_attrs = [{sdy.sharding = #sdy.sharding<@mesh, [{}, {}, {}]>}]} : () -> ()
}) {sym_name = "golden", mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32} : () -> ()
