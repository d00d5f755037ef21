// Switch-Base-8 sparse FFN sublayer, batch 1, seq 128, f32 (E=8, C=20, d_model 768, d_ff 3072):
// the text tests/.../SwitchFfnBlock.switchBase8().mlir() produces, kept here for the interpreter's own benchmark.
module @switch_ffn_block {
  func.func public @main(%x: tensor<128x768xf32>, %norm_scale: tensor<768xf32>, %router: tensor<768x8xf32>, %wi: tensor<8x768x3072xf32>, %wo: tensor<8x3072x768xf32>) -> tensor<128x768xf32> {
    %zero = stablehlo.constant dense<0.0> : tensor<f32>
    %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
    // rms_norm: x * rsqrt(mean(x^2) + 1e-6) * scale
    %sq = stablehlo.multiply %x, %x : tensor<128x768xf32>
    %ss = stablehlo.reduce(%sq init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<128x768xf32>, tensor<f32>) -> tensor<128xf32>
    %dm = stablehlo.constant dense<768.0> : tensor<128xf32>
    %ms = stablehlo.divide %ss, %dm : tensor<128xf32>
    %eps = stablehlo.constant dense<1.0e-06> : tensor<128xf32>
    %mse = stablehlo.add %ms, %eps : tensor<128xf32>
    %rs = stablehlo.rsqrt %mse : tensor<128xf32>
    %rsb = stablehlo.broadcast_in_dim %rs, dims = [0] : (tensor<128xf32>) -> tensor<128x768xf32>
    %xr = stablehlo.multiply %x, %rsb : tensor<128x768xf32>
    %scb = stablehlo.broadcast_in_dim %norm_scale, dims = [1] : (tensor<768xf32>) -> tensor<128x768xf32>
    %xn = stablehlo.multiply %xr, %scb : tensor<128x768xf32>
    // router: softmax over experts in f32, top-1
    %logits = stablehlo.dot_general %xn, %router, contracting_dims = [1] x [0] : (tensor<128x768xf32>, tensor<768x8xf32>) -> tensor<128x8xf32>
    %lmax = stablehlo.reduce(%logits init: %ninf) applies stablehlo.maximum across dimensions = [1] : (tensor<128x8xf32>, tensor<f32>) -> tensor<128xf32>
    %lmaxb = stablehlo.broadcast_in_dim %lmax, dims = [0] : (tensor<128xf32>) -> tensor<128x8xf32>
    %shifted = stablehlo.subtract %logits, %lmaxb : tensor<128x8xf32>
    %ex = stablehlo.exponential %shifted : tensor<128x8xf32>
    %se = stablehlo.reduce(%ex init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<128x8xf32>, tensor<f32>) -> tensor<128xf32>
    %seb = stablehlo.broadcast_in_dim %se, dims = [0] : (tensor<128xf32>) -> tensor<128x8xf32>
    %probs = stablehlo.divide %ex, %seb : tensor<128x8xf32>
    %gate = stablehlo.reduce(%probs init: %ninf) applies stablehlo.maximum across dimensions = [1] : (tensor<128x8xf32>, tensor<f32>) -> tensor<128xf32>
    %gateb = stablehlo.broadcast_in_dim %gate, dims = [0] : (tensor<128xf32>) -> tensor<128x8xf32>
    %ismax = stablehlo.compare EQ, %probs, %gateb, FLOAT : (tensor<128x8xf32>, tensor<128x8xf32>) -> tensor<128x8xi1>
    %eiota = stablehlo.iota dim = 1 : tensor<128x8xi32>
    %none = stablehlo.constant dense<8> : tensor<128x8xi32>
    %cand = stablehlo.select %ismax, %eiota, %none : tensor<128x8xi1>, tensor<128x8xi32>
    %nonei = stablehlo.constant dense<8> : tensor<i32>
    %expert = stablehlo.reduce(%cand init: %nonei) applies stablehlo.minimum across dimensions = [1] : (tensor<128x8xi32>, tensor<i32>) -> tensor<128xi32>
    %expertb = stablehlo.broadcast_in_dim %expert, dims = [0] : (tensor<128xi32>) -> tensor<128x8xi32>
    %chosen = stablehlo.compare EQ, %eiota, %expertb, SIGNED : (tensor<128x8xi32>, tensor<128x8xi32>) -> tensor<128x8xi1>
    // slots in position order: inclusive cumsum of the one-hot over tokens
    %onehot = stablehlo.convert %chosen : (tensor<128x8xi1>) -> tensor<128x8xi32>
    %zeroi = stablehlo.constant dense<0> : tensor<i32>
    %priority = "stablehlo.reduce_window"(%onehot, %zeroi) ({
    ^bb0(%a: tensor<i32>, %b: tensor<i32>):
      %s = stablehlo.add %a, %b : tensor<i32>
      stablehlo.return %s : tensor<i32>
    }) {window_dimensions = array<i64: 128, 1>, padding = dense<[[127, 0], [0, 0]]> : tensor<2x2xi64>} : (tensor<128x8xi32>, tensor<i32>) -> tensor<128x8xi32>
    %one = stablehlo.constant dense<1> : tensor<128x8xi32>
    %slot = stablehlo.subtract %priority, %one : tensor<128x8xi32>
    // dispatch[t, e, c] = token t went to expert e at slot c (c < capacity, else dropped)
    %ciota = stablehlo.iota dim = 2 : tensor<128x8x20xi32>
    %slotb = stablehlo.broadcast_in_dim %slot, dims = [0, 1] : (tensor<128x8xi32>) -> tensor<128x8x20xi32>
    %atslot = stablehlo.compare EQ, %ciota, %slotb, SIGNED : (tensor<128x8x20xi32>, tensor<128x8x20xi32>) -> tensor<128x8x20xi1>
    %chosenb = stablehlo.broadcast_in_dim %chosen, dims = [0, 1] : (tensor<128x8xi1>) -> tensor<128x8x20xi1>
    %dispatchb = stablehlo.and %atslot, %chosenb : tensor<128x8x20xi1>
    %dispatch = stablehlo.convert %dispatchb : (tensor<128x8x20xi1>) -> tensor<128x8x20xf32>
    // experts: relu(X_e wi_e) wo_e
    %xe = stablehlo.dot_general %dispatch, %xn, contracting_dims = [0] x [0] : (tensor<128x8x20xf32>, tensor<128x768xf32>) -> tensor<8x20x768xf32>
    %h = stablehlo.dot_general %xe, %wi, batching_dims = [0] x [0], contracting_dims = [2] x [1] : (tensor<8x20x768xf32>, tensor<8x768x3072xf32>) -> tensor<8x20x3072xf32>
    %hzero = stablehlo.constant dense<0.0> : tensor<8x20x3072xf32>
    %hr = stablehlo.maximum %h, %hzero : tensor<8x20x3072xf32>
    %ye = stablehlo.dot_general %hr, %wo, batching_dims = [0] x [0], contracting_dims = [2] x [1] : (tensor<8x20x3072xf32>, tensor<8x3072x768xf32>) -> tensor<8x20x768xf32>
    // combine, times the gate; a dropped token gets 0 and keeps its residual
    %comb = stablehlo.dot_general %dispatch, %ye, contracting_dims = [1, 2] x [0, 1] : (tensor<128x8x20xf32>, tensor<8x20x768xf32>) -> tensor<128x768xf32>
    %gatex = stablehlo.broadcast_in_dim %gate, dims = [0] : (tensor<128xf32>) -> tensor<128x768xf32>
    %y = stablehlo.multiply %comb, %gatex : tensor<128x768xf32>
    %out = stablehlo.add %x, %y : tensor<128x768xf32>
    return %out : tensor<128x768xf32>
  }
}
