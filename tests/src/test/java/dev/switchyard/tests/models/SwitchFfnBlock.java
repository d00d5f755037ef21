package dev.switchyard.tests.models;

/**
 * A hand-written StableHLO module of one Switch Transformer sparse FFN sublayer, forward only:
 * {@code y = x + SwitchFFN(rms_norm(x))} with a top-1 router in f32, capacity-limited dispatch in
 * position order, ReLU experts, and the gate multiplied into the expert output
 * (see {@code shared/docs/switch-transformer.md}). One group of {@code tokens} tokens.
 *
 * <p>Arguments: {@code x[T, d_model]}, {@code norm_scale[d_model]}, {@code router[d_model, E]},
 * {@code wi[E, d_model, d_ff]}, {@code wo[E, d_ff, d_model]}. Result: {@code y[T, d_model]}.
 * Dispatch and combine are one-hot einsums (dot_general), the formulation the compiler emits
 * first; the token cumsum is a reduce_window over the token axis.
 */
public record SwitchFfnBlock(int tokens, int dModel, int dFf, int experts, int capacity) {

    /** Switch-Base-8, batch 1, sequence 128, capacity factor 1.25: C = round(128 / 8 * 1.25) = 20. */
    public static SwitchFfnBlock switchBase8() { return new SwitchFfnBlock(128, 768, 3072, 8, 20); }

    /** Multiply-adds per forward times two: router, dispatch, both expert matmuls, combine. */
    public long flops() {
        long t = tokens, d = dModel, f = dFf, e = experts, c = capacity;
        return 2 * (t * d * e + t * e * c * d + e * c * d * f * 2 + t * e * c * d);
    }

    /**
     * The same block with every float in bf16 (router and softmax included): the f32 module's
     * structure and FLOPs, for comparing an executor's bf16 path with its f32 path.
     */
    public String mlirBf16() {
        return mlir().replace("xf32>", "xbf16>").replace("tensor<f32>", "tensor<bf16>").replace("0xFF800000", "0xFF80");
    }

    public String mlir() {
        String x = "tensor<" + tokens + "x" + dModel + "xf32>";
        String te = "tensor<" + tokens + "x" + experts + "xf32>";
        String tei = "tensor<" + tokens + "x" + experts + "xi32>";
        String teb = "tensor<" + tokens + "x" + experts + "xi1>";
        String tec = "tensor<" + tokens + "x" + experts + "x" + capacity + "xf32>";
        String teci = "tensor<" + tokens + "x" + experts + "x" + capacity + "xi32>";
        String tecb = "tensor<" + tokens + "x" + experts + "x" + capacity + "xi1>";
        String t = "tensor<" + tokens + "xf32>";
        String ti = "tensor<" + tokens + "xi32>";
        String ecd = "tensor<" + experts + "x" + capacity + "x" + dModel + "xf32>";
        String ecf = "tensor<" + experts + "x" + capacity + "x" + dFf + "xf32>";
        String wi = "tensor<" + experts + "x" + dModel + "x" + dFf + "xf32>";
        String wo = "tensor<" + experts + "x" + dFf + "x" + dModel + "xf32>";
        String d = "tensor<" + dModel + "xf32>";
        String dr = "tensor<" + dModel + "x" + experts + "xf32>";
        String template = """
                module @switch_ffn_block {
                  func.func public @main(%x: {X}, %norm_scale: {D}, %router: {DR}, %wi: {WI}, %wo: {WO}) -> {X} {
                    %zero = stablehlo.constant dense<0.0> : tensor<f32>
                    %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
                    // rms_norm: x * rsqrt(mean(x^2) + 1e-6) * scale
                    %sq = stablehlo.multiply %x, %x : {X}
                    %ss = stablehlo.reduce(%sq init: %zero) applies stablehlo.add across dimensions = [1] : ({X}, tensor<f32>) -> {T}
                    %dm = stablehlo.constant dense<{DMODEL}.0> : {T}
                    %ms = stablehlo.divide %ss, %dm : {T}
                    %eps = stablehlo.constant dense<1.0e-06> : {T}
                    %mse = stablehlo.add %ms, %eps : {T}
                    %rs = stablehlo.rsqrt %mse : {T}
                    %rsb = stablehlo.broadcast_in_dim %rs, dims = [0] : ({T}) -> {X}
                    %xr = stablehlo.multiply %x, %rsb : {X}
                    %scb = stablehlo.broadcast_in_dim %norm_scale, dims = [1] : ({D}) -> {X}
                    %xn = stablehlo.multiply %xr, %scb : {X}
                    // router: softmax over experts in f32, top-1
                    %logits = stablehlo.dot_general %xn, %router, contracting_dims = [1] x [0] : ({X}, {DR}) -> {TE}
                    %lmax = stablehlo.reduce(%logits init: %ninf) applies stablehlo.maximum across dimensions = [1] : ({TE}, tensor<f32>) -> {T}
                    %lmaxb = stablehlo.broadcast_in_dim %lmax, dims = [0] : ({T}) -> {TE}
                    %shifted = stablehlo.subtract %logits, %lmaxb : {TE}
                    %ex = stablehlo.exponential %shifted : {TE}
                    %se = stablehlo.reduce(%ex init: %zero) applies stablehlo.add across dimensions = [1] : ({TE}, tensor<f32>) -> {T}
                    %seb = stablehlo.broadcast_in_dim %se, dims = [0] : ({T}) -> {TE}
                    %probs = stablehlo.divide %ex, %seb : {TE}
                    %gate = stablehlo.reduce(%probs init: %ninf) applies stablehlo.maximum across dimensions = [1] : ({TE}, tensor<f32>) -> {T}
                    %gateb = stablehlo.broadcast_in_dim %gate, dims = [0] : ({T}) -> {TE}
                    %ismax = stablehlo.compare EQ, %probs, %gateb, FLOAT : ({TE}, {TE}) -> {TEB}
                    %eiota = stablehlo.iota dim = 1 : {TEI}
                    %none = stablehlo.constant dense<{EXPERTS}> : {TEI}
                    %cand = stablehlo.select %ismax, %eiota, %none : {TEB}, {TEI}
                    %nonei = stablehlo.constant dense<{EXPERTS}> : tensor<i32>
                    %expert = stablehlo.reduce(%cand init: %nonei) applies stablehlo.minimum across dimensions = [1] : ({TEI}, tensor<i32>) -> {TI}
                    %expertb = stablehlo.broadcast_in_dim %expert, dims = [0] : ({TI}) -> {TEI}
                    %chosen = stablehlo.compare EQ, %eiota, %expertb, SIGNED : ({TEI}, {TEI}) -> {TEB}
                    // slots in position order: inclusive cumsum of the one-hot over tokens
                    %onehot = stablehlo.convert %chosen : ({TEB}) -> {TEI}
                    %zeroi = stablehlo.constant dense<0> : tensor<i32>
                    %priority = "stablehlo.reduce_window"(%onehot, %zeroi) ({
                    ^bb0(%a: tensor<i32>, %b: tensor<i32>):
                      %s = stablehlo.add %a, %b : tensor<i32>
                      stablehlo.return %s : tensor<i32>
                    }) {window_dimensions = array<i64: {TOKENS}, 1>, padding = dense<[[{TOKENS_1}, 0], [0, 0]]> : tensor<2x2xi64>} : ({TEI}, tensor<i32>) -> {TEI}
                    %one = stablehlo.constant dense<1> : {TEI}
                    %slot = stablehlo.subtract %priority, %one : {TEI}
                    // dispatch[t, e, c] = token t went to expert e at slot c (c < capacity, else dropped)
                    %ciota = stablehlo.iota dim = 2 : {TECI}
                    %slotb = stablehlo.broadcast_in_dim %slot, dims = [0, 1] : ({TEI}) -> {TECI}
                    %atslot = stablehlo.compare EQ, %ciota, %slotb, SIGNED : ({TECI}, {TECI}) -> {TECB}
                    %chosenb = stablehlo.broadcast_in_dim %chosen, dims = [0, 1] : ({TEB}) -> {TECB}
                    %dispatchb = stablehlo.and %atslot, %chosenb : {TECB}
                    %dispatch = stablehlo.convert %dispatchb : ({TECB}) -> {TEC}
                    // experts: relu(X_e wi_e) wo_e
                    %xe = stablehlo.dot_general %dispatch, %xn, contracting_dims = [0] x [0] : ({TEC}, {X}) -> {ECD}
                    %h = stablehlo.dot_general %xe, %wi, batching_dims = [0] x [0], contracting_dims = [2] x [1] : ({ECD}, {WI}) -> {ECF}
                    %hzero = stablehlo.constant dense<0.0> : {ECF}
                    %hr = stablehlo.maximum %h, %hzero : {ECF}
                    %ye = stablehlo.dot_general %hr, %wo, batching_dims = [0] x [0], contracting_dims = [2] x [1] : ({ECF}, {WO}) -> {ECD}
                    // combine, times the gate; a dropped token gets 0 and keeps its residual
                    %comb = stablehlo.dot_general %dispatch, %ye, contracting_dims = [1, 2] x [0, 1] : ({TEC}, {ECD}) -> {X}
                    %gatex = stablehlo.broadcast_in_dim %gate, dims = [0] : ({T}) -> {X}
                    %y = stablehlo.multiply %comb, %gatex : {X}
                    %out = stablehlo.add %x, %y : {X}
                    return %out : {X}
                  }
                }
                """;
        java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
        names.put("X", x);
        names.put("D", d);
        names.put("DR", dr);
        names.put("WI", wi);
        names.put("WO", wo);
        names.put("T", t);
        names.put("TI", ti);
        names.put("TE", te);
        names.put("TEI", tei);
        names.put("TEB", teb);
        names.put("TEC", tec);
        names.put("TECI", teci);
        names.put("TECB", tecb);
        names.put("ECD", ecd);
        names.put("ECF", ecf);
        names.put("DMODEL", Integer.toString(dModel));
        names.put("EXPERTS", Integer.toString(experts));
        names.put("TOKENS", Integer.toString(tokens));
        names.put("TOKENS_1", Integer.toString(tokens - 1));
        String text = template;
        for (var e : names.entrySet()) text = text.replace("{" + e.getKey() + "}", e.getValue());
        return text;
    }
}
